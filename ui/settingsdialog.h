#pragma once

#include <QDialog>

#include <memory>

namespace Proto {

class AppSettings;

namespace Ui {
class SettingsDialog;
}

// General (appearance, text sizes), Models (default model id) and Limits (spend per session and
// per day, agent actions per minute), stored through AppSettings on OK or Apply.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    explicit SettingsDialog(AppSettings *settings, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    void load(); // the stored values into the form
    void apply(); // the form into the store

    void accept() override;

Q_SIGNALS:
    void applied();

private:
    std::unique_ptr<Ui::SettingsDialog> m_ui;
    AppSettings *m_settings;
};

} // namespace Proto
