#pragma once

#include "machine.h"
#include "shellchannel.h"
#include "terminalsettings.h"

#include <QPointer>
#include <QString>
#include <QWidget>

class QTabWidget;

namespace Proto {

class AgentActivityView;
class TerminalView;

// The Terminal panel of a session: the agent's activity tab first (read-only, always
// there), then shell tabs on the session's machine started in its working folder. A local
// machine gets shells on a local pty; a remote one gets shells over the ShellOpener (an SSH
// shell channel on the machine's existing connection).
class TerminalPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalPanel)

public:
    TerminalPanel(Machine *machine, const QString &workingFolder, const TerminalSettings &settings,
        QWidget *parent = nullptr);
    ~TerminalPanel() override;

    Machine *machine() const { return m_machine; }
    QString workingFolder() const { return m_workingFolder; }
    // How remote shells are opened; required before opening a shell on a remote machine.
    void setShellOpener(ShellOpener opener) { m_opener = std::move(opener); }
    bool canOpenShells() const;

    void setSettings(const TerminalSettings &settings);
    const TerminalSettings &settings() const { return m_settings; }

    // The agent's commands: connect the runner's toolCallStarted/Output/Finished here.
    AgentActivityView *agentActivity() const { return m_activity; }

    int shellCount() const;
    TerminalView *shell(int index) const;
    TerminalView *currentShell() const;
    QTabWidget *tabs() const { return m_tabs; }

public Q_SLOTS:
    TerminalView *newShell();
    void closeShell(TerminalView *view);
    void showAgentActivity();

private:
    void closeTab(int index);
    void updateTitle(TerminalView *view);
    void applyAppearance();

    QPointer<Machine> m_machine;
    QString m_workingFolder;
    TerminalSettings m_settings;
    ShellOpener m_opener;
    QTabWidget *m_tabs = nullptr;
    AgentActivityView *m_activity = nullptr;
};

} // namespace Proto
