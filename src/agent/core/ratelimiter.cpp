#include "ratelimiter.h"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace Proto {

namespace {
qint64 monotonicMs()
{
    static QElapsedTimer timer = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return timer.elapsed();
}
} // namespace

RateLimiter::RateLimiter(int actionsPerMinute, Clock clock)
    : m_limit(std::max(0, actionsPerMinute))
    , m_clock(clock ? std::move(clock) : Clock(monotonicMs))
{ }

void RateLimiter::setLimit(int actionsPerMinute)
{
    m_limit = std::max(0, actionsPerMinute);
}

void RateLimiter::expire(qint64 now)
{
    while (!m_times.empty() && now - m_times.front() >= WindowMs)
        m_times.pop_front();
}

bool RateLimiter::tryAcquire(QString *reason)
{
    if (m_source)
        setLimit(m_source());
    const qint64 now = m_clock();
    expire(now);
    if (m_limit > 0 && qsizetype(m_times.size()) >= m_limit) {
        if (reason) {
            const qint64 wait = WindowMs - (now - m_times.front());
            *reason = QCoreApplication::translate("RateLimiter",
                "Rate limit reached: at most %1 actions per minute; the next one may run in %2 s")
                          .arg(m_limit)
                          .arg((wait + 999) / 1000);
        }
        return false;
    }
    m_times.push_back(now);
    // Keep memory bounded when there is no limit.
    if (m_limit == 0 && m_times.size() > 100000)
        m_times.pop_front();
    return true;
}

int RateLimiter::usedInWindow()
{
    expire(m_clock());
    return int(m_times.size());
}

qint64 RateLimiter::msUntilNextSlot()
{
    const qint64 now = m_clock();
    expire(now);
    if (m_limit == 0 || qsizetype(m_times.size()) < m_limit)
        return 0;
    return WindowMs - (now - m_times.front());
}

} // namespace Proto
