#include "cappedtext.h"

#include <QCoreApplication>

namespace Proto {

CappedText::CappedText(qsizetype cap)
    : m_headCap(std::max<qsizetype>(1, cap / 2))
    , m_tailCap(std::max<qsizetype>(1, cap - cap / 2))
{ }

void CappedText::append(const QString &text)
{
    m_total += text.size();
    qsizetype used = 0;
    if (m_head.size() < m_headCap) {
        used = std::min(text.size(), m_headCap - m_head.size());
        m_head += QStringView(text).left(used);
    }
    if (used == text.size())
        return;
    m_tail += QStringView(text).mid(used);
    // Trim lazily so appending stays amortised O(1).
    if (m_tail.size() > 2 * m_tailCap)
        m_tail.remove(0, m_tail.size() - m_tailCap);
}

qint64 CappedText::cutChars() const
{
    return std::max<qint64>(0, m_total - m_head.size() - std::min(m_tail.size(), m_tailCap));
}

QString CappedText::text() const
{
    const qint64 cut = cutChars();
    if (cut == 0)
        return m_head + m_tail;
    const QString tail = m_tail.right(m_tailCap);
    return m_head
        + QCoreApplication::translate(
            "CappedText", "\n\n[... %1 of %2 characters cut from the middle of the output ...]\n\n")
              .arg(cut)
              .arg(m_total)
        + tail;
}

} // namespace Proto
