#pragma once

#include <QString>
#include <QVariant>

#include <functional>

namespace Proto {

class Store;

// The user's global limits (the agent core enforces them: SpendLimiter, RateLimiter), one typed place for
// their settings keys, defaults and bounds: the Settings dialog shows these defaults, and the app and
// proto-cli enforce them, also when nothing was ever stored (a fresh install). Read again before every check
// (see SpendLimiter::setSettingsSource, RateLimiter::setLimitSource), so a change applies to the next request
// without a restart. 0 means no limit.
struct LimitSettings
{
    static constexpr double DefaultSessionUsd = 5.0;
    static constexpr double DefaultDailyUsd = 25.0;
    static constexpr int DefaultActionsPerMinute = 30;
    static constexpr double MaxUsd = 100000.0;
    static constexpr int MaxActionsPerMinute = 10000;

    static QString sessionUsdKey(); // "limits/sessionUsd"
    static QString dailyUsdKey(); // "limits/dailyUsd"
    static QString actionsPerMinuteKey(); // "limits/actionsPerMinute"

    double sessionUsd = DefaultSessionUsd;
    double dailyUsd = DefaultDailyUsd;
    int actionsPerMinute = DefaultActionsPerMinute;

    using Lookup = std::function<QVariant(const QString &key)>;
    // Unset or unreadable values give the default; others are clamped to 0..Max.
    static LimitSettings read(const Lookup &lookup);
    static LimitSettings read(const Store &store);
    static double usdFrom(const QVariant &value, double defaultValue);
    static int actionsFrom(const QVariant &value, int defaultValue);
};

} // namespace Proto
