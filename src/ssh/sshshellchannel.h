#pragma once

#include "shellchannel.h"

#include <QPointer>

namespace Proto {

class SshMachine;
class SshShell;

// A remote terminal's shell over the SSH machine's existing connection: SshMachine::openSshShell
// (pty-req with TERM and the widget's size, then "shell"), data both ways, window-change on
// resize, and the exit status when the shell ends. Once the channel is open the shell is
// taken to the working folder.
class SshShellChannel final : public ShellChannel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshShellChannel)

public:
    SshShellChannel(SshMachine *machine, int columns, int rows, const QString &term,
        const QString &workingDirectory, QObject *parent = nullptr);
    ~SshShellChannel() override;

    void sendInput(const QByteArray &data) override;
    void resize(int columns, int rows) override;
    void close() override;

    // A ShellOpener for the terminal panel.
    static ShellOpener opener(SshMachine *machine);

private:
    SshShell *m_shell = nullptr;
    QString m_workingDirectory;
};

} // namespace Proto
