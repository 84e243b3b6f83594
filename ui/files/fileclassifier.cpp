#include "fileclassifier.h"

#include <QCoreApplication>
#include <QLocale>

namespace Proto {

FileClassifier::Verdict FileClassifier::classifyContent(const QByteArray &data, bool truncated)
{
    if (data.size() > kMaxEditableBytes)
        return Verdict::TooLarge;
    const auto *bytes = reinterpret_cast<const unsigned char *>(data.constData());
    const qsizetype n = data.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = bytes[i];
        if (c == 0)
            return Verdict::Binary;
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        unsigned int codePoint = 0;
        if (c >= 0xc2 && c <= 0xdf) {
            extra = 1;
            codePoint = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            extra = 2;
            codePoint = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            extra = 3;
            codePoint = c & 0x07;
        } else {
            return Verdict::Binary; // continuation byte first, overlong lead (c0, c1), or > f4
        }
        if (i + extra >= n) {
            // A sequence cut by the end: fine in a prefix if what is there continues it.
            if (!truncated)
                return Verdict::Binary;
            for (qsizetype k = i + 1; k < n; ++k) {
                if ((bytes[k] & 0xc0) != 0x80)
                    return Verdict::Binary;
            }
            return Verdict::Text;
        }
        for (int k = 1; k <= extra; ++k) {
            const unsigned char next = bytes[i + k];
            if ((next & 0xc0) != 0x80)
                return Verdict::Binary;
            codePoint = (codePoint << 6) | (next & 0x3f);
        }
        // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are invalid.
        if ((extra == 2 && codePoint < 0x800) || (extra == 3 && (codePoint < 0x10000 || codePoint > 0x10ffff))
            || (codePoint >= 0xd800 && codePoint <= 0xdfff))
            return Verdict::Binary;
        i += extra + 1;
    }
    return Verdict::Text;
}

QString FileClassifier::refusal(Verdict verdict, qint64 size)
{
    switch (verdict) {
    case Verdict::Text:
        return {};
    case Verdict::Binary:
        return QCoreApplication::translate("Proto::FileClassifier",
            "This file is not text (it holds NUL bytes or is not valid UTF-8), so it is not opened in the "
            "editor.");
    case Verdict::TooLarge:
        return QCoreApplication::translate(
            "Proto::FileClassifier", "This file is %1, more than the editor opens (%2).")
            .arg(QLocale().formattedDataSize(size), QLocale().formattedDataSize(kMaxEditableBytes));
    }
    return {};
}

} // namespace Proto
