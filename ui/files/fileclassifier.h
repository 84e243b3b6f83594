#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace Proto {

// Decides whether a file can be opened in the text editor.
class FileClassifier final
{
public:
    enum class Verdict
    {
        Text,
        Binary,
        TooLarge
    };

    static constexpr qint64 kMaxEditableBytes = 10 * 1024 * 1024;

    static Verdict classifySize(qint64 size)
    {
        return size > kMaxEditableBytes ? Verdict::TooLarge : Verdict::Text;
    }
    // Binary: a NUL byte, or bytes that are not valid UTF-8 (a multi-byte sequence cut by
    // the end of the data counts as valid when `truncated` says the data is a prefix).
    static Verdict classifyContent(const QByteArray &data, bool truncated = false);
    static QString refusal(Verdict verdict, qint64 size);
};

} // namespace Proto
