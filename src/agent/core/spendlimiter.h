#pragma once

#include <QDateTime>
#include <QHash>
#include <QString>

#include <functional>

namespace Proto {

class Store;

// Spend limits in US dollars; 0 means no limit.
struct SpendLimits
{
    double perSessionUsd = 0; // everything a session ever spent
    double perDayUsd = 0; // all sessions since local midnight
    double perRunUsd = 0; // since SpendLimiter::startRun() (proto-cli --max-cost)

    // The stored settings (LimitSettings: defaults when unset; the run limit is per invocation).
    static SpendLimits fromStore(const Store &store, double perRunUsd = 0);
};

// Refuses the next LLM request or tool call once a limit is reached, with the reason. Costs
// come from the store's usage table (Store::totalCost / Store::costSince); the store's writes
// are asynchronous, so after noteSpent() the next check waits for them (Store::flush) before
// reading. A request in flight can overshoot a limit by its own cost; the next one is refused.
class SpendLimiter final
{
public:
    struct Source
    {
        std::function<double(const QString &sessionId)> sessionCost;
        std::function<double(const QDateTime &since)> costSince;
        std::function<void()> sync; // make recent writes visible (may be empty)
        std::function<QDateTime()> now; // empty: the current time
    };
    static Source storeSource(Store *store);

    explicit SpendLimiter(Source source, SpendLimits limits = {});

    SpendLimits limits() const { return m_limits; }
    void setLimits(const SpendLimits &limits) { m_limits = limits; }
    // Where the session and daily limits come from, asked again at every check() (after our
    // own writes are synced), so a change in the settings applies to the next request. The run
    // limit stays the one set with setLimits().
    void setSettingsSource(std::function<SpendLimits()> source) { m_settings = std::move(source); }
    static std::function<SpendLimits()> settingsSource(Store *store); // LimitSettings::read

    // Remembers what the session had spent when this run started (for perRunUsd).
    void startRun(const QString &sessionId);
    // Tells the limiter that usage was just written for the session.
    void noteSpent(const QString &sessionId);

    bool check(const QString &sessionId, QString *reason = nullptr);

    double sessionCost(const QString &sessionId);
    double todayCost();
    double runCost(const QString &sessionId);

private:
    void syncIfDirty();
    QDateTime startOfToday() const;

    Source m_source;
    std::function<SpendLimits()> m_settings;
    SpendLimits m_limits;
    QHash<QString, double> m_runBaseline;
    bool m_dirty = true;
};

} // namespace Proto
