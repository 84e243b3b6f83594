#pragma once

#include "shellchannel.h"

#include <QPointer>

namespace Proto {

class CommandJob;
class SshMachine;
class SshShell;

// A remote terminal's shell over the SSH machine's existing connection: SshMachine::openSshShell
// (pty-req with TERM and the widget's size, then "shell"), data both ways, window-change on
// resize, and the exit status when the shell ends. Once the channel is open the shell is
// taken to the working folder.
//
// With a resume name, and tmux on the server, the pty runs `tmux new-session -A` under that name
// instead (status line off, the mouse wheel scrolling tmux's history): a dropped link only
// detaches it, and opening again with the name attaches to the same shell, screen and all.
class SshShellChannel final : public ShellChannel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshShellChannel)

public:
    SshShellChannel(SshMachine *machine, int columns, int rows, const QString &term,
        const QString &workingDirectory, const QString &resumeName = {}, QObject *parent = nullptr);
    ~SshShellChannel() override;

    void sendInput(const QByteArray &data) override;
    void resize(int columns, int rows) override;
    void close() override;
    bool connectionLost() const override;
    bool keepsRunning() const override { return m_tmux; }

    // The exec request that starts or attaches the tmux session; empty when the name or the
    // folder cannot be written safely for every login shell.
    static QByteArray tmuxCommand(const QString &resumeName, const QString &workingDirectory);
    static bool validResumeName(const QString &name);
    // What SshMachine::forgetShell runs.
    static QString tmuxKillCommand(const QString &resumeName);

    // A ShellOpener for the terminal panel.
    static ShellOpener opener(SshMachine *machine);

private:
    void open(bool tmux);

    QPointer<SshMachine> m_machine;
    SshShell *m_shell = nullptr;
    CommandJob *m_probe = nullptr;
    QString m_term;
    QString m_workingDirectory;
    QString m_resumeName;
    int m_columns;
    int m_rows;
    bool m_tmux = false;
    bool m_closed = false;
    QByteArray m_pendingInput; // typed while tmux was being looked for
};

} // namespace Proto
