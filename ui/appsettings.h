#pragma once

#include "limitsettings.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>
#include <QVariant>

namespace Proto {

class Store;

// The user's settings, kept in the store's settings table. Keys (the limits' keys, defaults and
// bounds are the core's LimitSettings, which the app and proto-cli enforce):
//   ui/theme                 "system" | "light" | "dark"
//   ui/chatFontSize          point size of the chat text
//   ui/terminalFontSize      point size of the terminal
//   model/provider, model/default, providers/custom: the core's AgentSettings (the default
//                            provider and model for new sessions, the user's providers)
//   limits/sessionUsd        spend limit per session in USD (0 = no limit, unset = 5)
//   limits/dailyUsd          spend limit per day in USD, all sessions (0 = no limit, unset = 25)
//   limits/actionsPerMinute  agent actions per minute (0 = no limit, unset = 30)
// Window state (ui/windowGeometry, ui/windowState, ui/mainSplitter, ui/sessionSplitter,
// ui/sidebarVisible, ui/showArchived, ui/lastSession) is kept by MainWindow under the same table.
class AppSettings final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppSettings)

public:
    enum class ThemeMode
    {
        System,
        Light,
        Dark
    };
    Q_ENUM(ThemeMode)

    static constexpr int DefaultChatFontSize = 11;
    static constexpr int DefaultTerminalFontSize = 11;
    static constexpr int MinFontSize = 6;
    static constexpr int MaxFontSize = 48;
    static constexpr double DefaultSessionUsd = LimitSettings::DefaultSessionUsd;
    static constexpr double DefaultDailyUsd = LimitSettings::DefaultDailyUsd;
    static constexpr int DefaultActionsPerMinute = LimitSettings::DefaultActionsPerMinute;
    static constexpr double MaxUsd = LimitSettings::MaxUsd;
    static constexpr int MaxActionsPerMinute = LimitSettings::MaxActionsPerMinute;

    static QString themeKey();
    static QString chatFontSizeKey();
    static QString terminalFontSizeKey();
    static QString defaultModelKey();
    static QString sessionUsdKey();
    static QString dailyUsdKey();
    static QString actionsPerMinuteKey();

    explicit AppSettings(Store *store, QObject *parent = nullptr);
    ~AppSettings() override;

    Store *store() const { return m_store; }

    ThemeMode theme() const;
    void setTheme(ThemeMode mode);
    static QString themeName(ThemeMode mode);
    static ThemeMode themeFromName(const QString &name); // unknown names: System

    int chatFontSize() const;
    void setChatFontSize(int points);
    int terminalFontSize() const;
    void setTerminalFontSize(int points);

    QString defaultModel() const;
    void setDefaultModel(const QString &model);

    double sessionSpendLimitUsd() const;
    void setSessionSpendLimitUsd(double usd);
    double dailySpendLimitUsd() const;
    void setDailySpendLimitUsd(double usd);
    int actionsPerMinute() const;
    void setActionsPerMinute(int actions);

    // Raw access for window state and other UI keys (bytes are kept as base64 text).
    QVariant value(const QString &key, const QVariant &defaultValue = {}) const;
    void setValue(const QString &key, const QVariant &value);
    QByteArray bytes(const QString &key) const;
    void setBytes(const QString &key, const QByteArray &bytes);

Q_SIGNALS:
    void changed(const QString &key);

private:
    int boundedInt(const QString &key, int defaultValue, int min, int max) const;

    Store *m_store;
    QHash<QString, QVariant> m_written;
};

} // namespace Proto
