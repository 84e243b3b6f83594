#include "textfiles.h"

#include <QCoreApplication>
#include <QStringDecoder>

namespace Proto {

bool TextFiles::isBinary(const QByteArray &data)
{
    if (data.contains('\0'))
        return true;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    // Drop a trailing partial sequence (up to 3 bytes) that a size cap may have cut.
    qsizetype end = data.size();
    for (qsizetype back = 1; back <= 3 && back <= data.size(); ++back) {
        const uchar c = uchar(data.at(data.size() - back));
        if ((c & 0xC0) == 0xC0) { // a lead byte: is its sequence complete?
            const int needed = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
            if (back < needed)
                end = data.size() - back;
            break;
        }
        if ((c & 0x80) == 0)
            break;
    }
    const QString decoded = decoder.decode(QByteArrayView(data.constData(), end));
    Q_UNUSED(decoded);
    return decoder.hasError();
}

QString TextFiles::decode(const QByteArray &data)
{
    return QString::fromUtf8(data);
}

QStringList TextFiles::lines(const QString &text)
{
    if (text.isEmpty())
        return {};
    QStringList result = text.split(u'\n');
    if (text.endsWith(u'\n'))
        result.removeLast();
    for (QString &line : result) {
        if (line.endsWith(u'\r'))
            line.chop(1);
    }
    return result;
}

QString TextFiles::numbered(const QStringList &lines, qsizetype firstIndex, qsizetype count, int maxLineChars,
    qsizetype maxChars, qsizetype *shown)
{
    QString out;
    const qsizetype end = std::min(lines.size(), firstIndex + count);
    qsizetype i = firstIndex;
    for (; i < end; ++i) {
        const QString &line = lines.at(i);
        QString entry = QString::number(i + 1).rightJustified(6) + u'\t';
        if (line.size() > maxLineChars)
            entry += line.left(maxLineChars)
                + QCoreApplication::translate("TextFiles", " [... line cut, %1 characters in all]")
                      .arg(line.size());
        else
            entry += line;
        entry += u'\n';
        if (maxChars >= 0 && i > firstIndex && out.size() + entry.size() > maxChars)
            break;
        out += entry;
    }
    if (shown)
        *shown = std::max<qsizetype>(0, i - firstIndex);
    return out;
}

int TextFiles::countOccurrences(const QString &haystack, const QString &needle)
{
    if (needle.isEmpty())
        return 0;
    int count = 0;
    qsizetype from = 0;
    while ((from = haystack.indexOf(needle, from)) >= 0) {
        ++count;
        from += needle.size();
    }
    return count;
}

int TextFiles::lineOfOffset(const QString &text, qsizetype offset)
{
    return int(QStringView(text).left(offset).count(u'\n')) + 1;
}

QString TextFiles::describeSize(qint64 bytes)
{
    if (bytes < 1024)
        return QCoreApplication::translate("TextFiles", "%n byte(s)", nullptr, int(bytes));
    if (bytes < 1024 * 1024)
        return QCoreApplication::translate("TextFiles", "%1 KiB").arg(double(bytes) / 1024.0, 0, 'f', 1);
    return QCoreApplication::translate("TextFiles", "%1 MiB")
        .arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

} // namespace Proto
