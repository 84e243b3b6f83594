#pragma once

#include <QString>

#include <deque>
#include <functional>

namespace Proto {

// At most N actions (LLM requests and tool calls) in any 60-second window: a sliding window of
// timestamps, not fixed minutes, so a burst at a minute's edge cannot double the rate. 0 means
// no limit. One limiter may be shared by several runners (process-wide limit).
class RateLimiter final
{
public:
    using Clock = std::function<qint64()>; // milliseconds, monotonic

    explicit RateLimiter(int actionsPerMinute = 0, Clock clock = {});

    int limit() const { return m_limit; }
    void setLimit(int actionsPerMinute);
    // Asked for the limit again at every tryAcquire() (the stored setting), so a change applies
    // to the next action.
    void setLimitSource(std::function<int()> source) { m_source = std::move(source); }

    // Counts the action and returns true, or returns false with *reason set (counts nothing).
    bool tryAcquire(QString *reason = nullptr);
    int usedInWindow();
    qint64 msUntilNextSlot(); // 0 when an action may run now

    static constexpr qint64 WindowMs = 60000;

private:
    void expire(qint64 now);

    int m_limit = 0;
    Clock m_clock;
    std::function<int()> m_source;
    std::deque<qint64> m_times;
};

} // namespace Proto
