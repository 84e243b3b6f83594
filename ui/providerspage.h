#pragma once

#include "providerconfig.h"

#include <QList>
#include <QWidget>

#include <functional>
#include <memory>

namespace Proto {

namespace Ui {
class ProvidersPage;
}

class ApiKeyProvider;
class AppSettings;

// The Settings dialog's Providers page (.ui form): the default provider and model (the keys
// proto-cli reads too, AgentSettings), the providers (built-ins read-only, the user's added,
// changed or removed) and a key for a provider's keychain entry. Written on apply(); a key goes
// to the keychain only, never to the settings.
class ProvidersPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProvidersPage)

public:
    explicit ProvidersPage(AppSettings *settings, QWidget *parent = nullptr);
    ~ProvidersPage() override;

    // Enables the key field (keys go to the keychain through it); changed() after a key was stored.
    void setApiKeyProvider(ApiKeyProvider *keys, std::function<void()> changed);

    void load();
    void apply();
    QList<ProviderConfig> providers() const { return m_providers; }

private:
    void fillTable();
    void fillDefaults(const QString &current);
    void showSelected();
    void saveEdited();
    void removeSelected();
    ProviderConfig edited() const;

    std::unique_ptr<Ui::ProvidersPage> m_ui;
    AppSettings *m_settings;
    ApiKeyProvider *m_keys = nullptr;
    std::function<void()> m_keysChanged;
    QList<ProviderConfig> m_providers; // built-ins first, then the user's
    QList<std::pair<QString, QString>> m_pendingKeys; // keychain entry -> key, written on apply()
};

} // namespace Proto
