#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Proto {

// Text handling shared by read, write, edit and the text editor tool.
class TextFiles final
{
public:
    // True for content a text tool must not show or edit: a NUL byte, or bytes that are not
    // UTF-8 (an incomplete sequence at the very end, cut by a size cap, is fine).
    static bool isBinary(const QByteArray &data);
    static QString decode(const QByteArray &data);
    // Lines without their terminators; "a\n" is one line, "" is none.
    static QStringList lines(const QString &text);
    // `cat -n` style: the number right-aligned in 6 columns, a tab, the line (cut past
    // maxLineChars with a note). Stops before the line that would take the text past maxChars
    // (at least one line is shown); *shown tells how many lines were.
    static QString numbered(const QStringList &lines, qsizetype firstIndex, qsizetype count, int maxLineChars,
        qsizetype maxChars = -1, qsizetype *shown = nullptr);
    static int countOccurrences(const QString &haystack, const QString &needle);
    static int lineOfOffset(const QString &text, qsizetype offset); // 1-based
    static QString describeSize(qint64 bytes);
};

} // namespace Proto
