#pragma once

#include "machinejob.h"

#include <QByteArray>
#include <QMap>
#include <QString>

namespace Proto {

// A command to run on a machine: a shell command line run by /bin/sh -c (over SSH too,
// whatever the user's login shell), in its own process group so that it can be killed whole.
struct CommandSpec
{
    QString command;
    QString workingDirectory; // empty: the machine's default (home)
    QMap<QString, QString> environment; // added to the machine's environment
    int timeoutMs = 0; // 0: none; on expiry the process group is killed, timedOut() is true
    QByteArray stdinData; // written, then stdin is closed (unless keepStdinOpen)
    bool keepStdinOpen = false;
    // Over SSH: run under a supervisor on the server (setsid, output in files there) so the
    // command outlives a dropped connection and its output goes on after the reconnect
    // (SshDurableScript). A machine that cannot supervise runs it the plain way.
    bool survivesDisconnect = false;
};

// A running command. Output arrives in chunks as it is produced; finished() follows the
// process's exit. error() is None when the command ran (whatever its exit code) and
// Timeout / Cancelled / ConnectionLost / Failed (could not start) otherwise.
class CommandJob : public MachineJob
{
    Q_OBJECT

public:
    using MachineJob::MachineJob;

    int exitCode() const { return m_exitCode; }
    int exitSignal() const { return m_exitSignal; } // 0 when it exited normally
    bool timedOut() const { return m_timedOut; }

    virtual void writeStdin(const QByteArray &data) = 0;
    virtual void closeStdin() = 0;

Q_SIGNALS:
    void stdoutData(const QByteArray &data);
    void stderrData(const QByteArray &data);

protected:
    void setExit(int code, int signal)
    {
        m_exitCode = code;
        m_exitSignal = signal;
    }
    void setTimedOut(bool timedOut) { m_timedOut = timedOut; }

private:
    int m_exitCode = -1;
    int m_exitSignal = 0;
    bool m_timedOut = false;
};

} // namespace Proto
