#pragma once

#include <QString>

namespace Proto {

// Collects streamed output but keeps at most `cap` characters: the first half and the
// latest half, with a note saying how much was cut from the middle. Memory stays bounded
// whatever the command prints.
class CappedText final
{
public:
    explicit CappedText(qsizetype cap);

    void append(const QString &text);
    qint64 totalChars() const { return m_total; }
    qint64 cutChars() const;
    QString text() const;

private:
    qsizetype m_headCap;
    qsizetype m_tailCap;
    QString m_head;
    QString m_tail;
    qint64 m_total = 0;
};

} // namespace Proto
