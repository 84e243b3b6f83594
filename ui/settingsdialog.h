#pragma once

#include <QDialog>

#include <functional>
#include <memory>

namespace Proto {

class ApiKeyProvider;
class AppSettings;
class ProvidersPage;

namespace Ui {
class SettingsDialog;
}

// General (appearance, text sizes), Providers (ProvidersPage: default provider and model, the
// providers), Limits (spend per session and
// per day, agent actions per minute), stored through AppSettings on OK or Apply, and API Keys
// (stored in the keychain through ApiKeyProvider).
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    explicit SettingsDialog(AppSettings *settings, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    // Enables the API Keys page (keys go to the keychain through the provider, which must
    // outlive the dialog's writes); changed() runs after a key was stored, even when the dialog
    // has closed by then.
    void setApiKeyProvider(ApiKeyProvider *keys, std::function<void()> changed = {});

    void load(); // the stored values into the form
    void apply(); // the form into the store

    void accept() override;

Q_SIGNALS:
    void applied();

private:
    std::unique_ptr<Ui::SettingsDialog> m_ui;
    void showKeyStatus();

    AppSettings *m_settings;
    ProvidersPage *m_providers = nullptr;
    ApiKeyProvider *m_keys = nullptr;
    std::function<void()> m_keysChanged;
};

} // namespace Proto
