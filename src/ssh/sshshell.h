#pragma once

#include "sshtypes.h"

#include <QObject>
#include <QPointer>

namespace Proto {

class SshConnection;

// An interactive shell on an SSH connection: a session channel with a pty (TERM given, e.g.
// xterm-256color) running the login shell. Bytes go both ways by write() and dataReceived();
// resize() sends a window-change. Made by SshMachine::openShell(); the Terminal panel feeds
// QTermWidget's external I/O mode with it. Deleting it closes the channel.
class SshShell final
    : public QObject
    , public SshEventReceiver
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshShell)

public:
    // command: run with the pty instead of the login shell (an exec request), when not empty.
    SshShell(SshConnection *connection, int columns, int rows, const QString &term,
        const QByteArray &command = {}, QObject *parent = nullptr);
    ~SshShell() override;

    bool isOpen() const { return m_open && !m_finished; }
    bool isFinished() const { return m_finished; }
    int exitCode() const { return m_exitCode; }
    int exitSignal() const { return m_exitSignal; }
    QString errorString() const { return m_errorString; }
    MachineJob::Error error() const { return m_error; } // why the channel ended, when not by an exit

    void write(const QByteArray &data);
    void resize(int columns, int rows);
    void close();

    void sshEvent(const SshEvent &event) override;

Q_SIGNALS:
    void opened();
    void dataReceived(const QByteArray &data);
    // The shell exited (exitCode, exitSignal) or the channel failed (errorString() says why).
    void finished();

private:
    QPointer<SshConnection> m_connection;
    quint64 m_id = 0;
    bool m_open = false;
    bool m_finished = false;
    int m_exitCode = -1;
    int m_exitSignal = 0;
    QString m_errorString;
    MachineJob::Error m_error = MachineJob::Error::None;
};

} // namespace Proto
