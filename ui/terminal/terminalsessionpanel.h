#pragma once

#include "sessionpanel.h"
#include "terminalsettings.h"

#include <QPointer>

class QFrame;
class QLabel;
class QStackedWidget;
class QVBoxLayout;

namespace Proto {

class LocalMachine;
class Machine;
class PanelRegistry;
class TerminalPanel;

// The Terminal panel as the session area shows it: a TerminalPanel bound to the session's
// machine and working folder, with the font size and light/dark theme from the app settings.
class TerminalSessionPanel final : public SessionPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalSessionPanel)

public:
    TerminalSessionPanel(const PanelContext &context, QWidget *parent = nullptr);
    ~TerminalSessionPanel() override;

    QString title() const override;
    QIcon icon() const override;
    void setSession(const SessionRecord &session) override;

    // Null until a session with an available machine is set. The lead connects the agent
    // runner's tool-call signals to terminalPanel()->agentActivity().
    TerminalPanel *terminalPanel() const { return m_panel; }
    static TerminalSettings settingsFrom(const AppSettings *settings);
    // The red "Kill switch engaged" banner above the shells (with a Release button), shown
    // while the process-wide kill switch is engaged.
    bool killSwitchBannerVisible() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void applySettings();
    void startFirstShell();
    void createKillSwitchBanner(QVBoxLayout *layout);
    void updateKillSwitchBanner();

    PanelContext m_context;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_message = nullptr;
    QFrame *m_killBanner = nullptr;
    QLabel *m_killText = nullptr;
    TerminalPanel *m_panel = nullptr;
    LocalMachine *m_local = nullptr;
    QString m_machineId;
    QString m_folder;
};

void registerTerminalPanel(PanelRegistry &registry);

} // namespace Proto
