#include "limitsettings.h"

#include "store.h"

#include <algorithm>
#include <cmath>

namespace Proto {

QString LimitSettings::sessionUsdKey()
{
    return QStringLiteral("limits/sessionUsd");
}

QString LimitSettings::dailyUsdKey()
{
    return QStringLiteral("limits/dailyUsd");
}

QString LimitSettings::actionsPerMinuteKey()
{
    return QStringLiteral("limits/actionsPerMinute");
}

double LimitSettings::usdFrom(const QVariant &value, double defaultValue)
{
    if (!value.isValid() || value.isNull())
        return defaultValue;
    bool ok = false;
    const double v = value.toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return defaultValue;
    return std::clamp(v, 0.0, MaxUsd);
}

int LimitSettings::actionsFrom(const QVariant &value, int defaultValue)
{
    if (!value.isValid() || value.isNull())
        return defaultValue;
    bool ok = false;
    const double v = value.toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return defaultValue;
    return int(std::clamp(v, 0.0, double(MaxActionsPerMinute)));
}

LimitSettings LimitSettings::read(const Lookup &lookup)
{
    LimitSettings settings;
    settings.sessionUsd = usdFrom(lookup(sessionUsdKey()), DefaultSessionUsd);
    settings.dailyUsd = usdFrom(lookup(dailyUsdKey()), DefaultDailyUsd);
    settings.actionsPerMinute = actionsFrom(lookup(actionsPerMinuteKey()), DefaultActionsPerMinute);
    return settings;
}

LimitSettings LimitSettings::read(const Store &store)
{
    return read([&store](const QString &key) { return store.setting(key); });
}

} // namespace Proto
