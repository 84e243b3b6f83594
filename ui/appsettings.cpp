#include "appsettings.h"

#include "agentsettings.h"
#include "store.h"

#include <algorithm>
#include <cmath>

namespace Proto {

QString AppSettings::themeKey()
{
    return QStringLiteral("ui/theme");
}
QString AppSettings::chatFontSizeKey()
{
    return QStringLiteral("ui/chatFontSize");
}
QString AppSettings::terminalFontSizeKey()
{
    return QStringLiteral("ui/terminalFontSize");
}
QString AppSettings::defaultModelKey()
{
    return AgentSettings::defaultModelKey(); // the core's key, which proto-cli reads too
}
QString AppSettings::sessionUsdKey()
{
    return LimitSettings::sessionUsdKey();
}
QString AppSettings::dailyUsdKey()
{
    return LimitSettings::dailyUsdKey();
}
QString AppSettings::actionsPerMinuteKey()
{
    return LimitSettings::actionsPerMinuteKey();
}

AppSettings::AppSettings(Store *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{ }

AppSettings::~AppSettings() = default;

AppSettings::ThemeMode AppSettings::theme() const
{
    return themeFromName(value(themeKey()).toString());
}

void AppSettings::setTheme(ThemeMode mode)
{
    setValue(themeKey(), themeName(mode));
}

QString AppSettings::themeName(ThemeMode mode)
{
    switch (mode) {
    case ThemeMode::Light:
        return QStringLiteral("light");
    case ThemeMode::Dark:
        return QStringLiteral("dark");
    case ThemeMode::System:
        break;
    }
    return QStringLiteral("system");
}

AppSettings::ThemeMode AppSettings::themeFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == u"light")
        return ThemeMode::Light;
    if (n == u"dark")
        return ThemeMode::Dark;
    return ThemeMode::System;
}

int AppSettings::chatFontSize() const
{
    return boundedInt(chatFontSizeKey(), DefaultChatFontSize, MinFontSize, MaxFontSize);
}

void AppSettings::setChatFontSize(int points)
{
    setValue(chatFontSizeKey(), std::clamp(points, MinFontSize, MaxFontSize));
}

int AppSettings::terminalFontSize() const
{
    return boundedInt(terminalFontSizeKey(), DefaultTerminalFontSize, MinFontSize, MaxFontSize);
}

void AppSettings::setTerminalFontSize(int points)
{
    setValue(terminalFontSizeKey(), std::clamp(points, MinFontSize, MaxFontSize));
}

QString AppSettings::defaultModel() const
{
    return value(defaultModelKey()).toString().trimmed();
}

void AppSettings::setDefaultModel(const QString &model)
{
    setValue(defaultModelKey(), model.trimmed());
}

double AppSettings::sessionSpendLimitUsd() const
{
    return LimitSettings::usdFrom(value(sessionUsdKey()), DefaultSessionUsd);
}

void AppSettings::setSessionSpendLimitUsd(double usd)
{
    setValue(sessionUsdKey(), std::isfinite(usd) ? std::clamp(usd, 0.0, MaxUsd) : DefaultSessionUsd);
}

double AppSettings::dailySpendLimitUsd() const
{
    return LimitSettings::usdFrom(value(dailyUsdKey()), DefaultDailyUsd);
}

void AppSettings::setDailySpendLimitUsd(double usd)
{
    setValue(dailyUsdKey(), std::isfinite(usd) ? std::clamp(usd, 0.0, MaxUsd) : DefaultDailyUsd);
}

int AppSettings::actionsPerMinute() const
{
    return LimitSettings::actionsFrom(value(actionsPerMinuteKey()), DefaultActionsPerMinute);
}

void AppSettings::setActionsPerMinute(int actions)
{
    setValue(actionsPerMinuteKey(), std::clamp(actions, 0, MaxActionsPerMinute));
}

QVariant AppSettings::value(const QString &key, const QVariant &defaultValue) const
{
    // Writes are queued to the store thread: what this object wrote last is the truth even before
    // the store has committed it.
    const auto it = m_written.constFind(key);
    if (it != m_written.cend())
        return it->isValid() ? *it : defaultValue;
    return m_store->setting(key, defaultValue);
}

void AppSettings::setValue(const QString &key, const QVariant &value)
{
    if (AppSettings::value(key) == value)
        return;
    m_written.insert(key, value);
    m_store->setSetting(key, value);
    Q_EMIT changed(key);
}

QByteArray AppSettings::bytes(const QString &key) const
{
    return QByteArray::fromBase64(value(key).toString().toLatin1());
}

void AppSettings::setBytes(const QString &key, const QByteArray &bytes)
{
    setValue(key, QString::fromLatin1(bytes.toBase64()));
}

int AppSettings::boundedInt(const QString &key, int defaultValue, int min, int max) const
{
    bool ok = false;
    const int v = value(key).toInt(&ok);
    if (!ok)
        return defaultValue;
    return std::clamp(v, min, max);
}

} // namespace Proto
