#pragma once

#include "commandjob.h"
#include "machine.h"
#include "sshhandles.h"
#include "sshoperation.h"

#include <QByteArray>

namespace Proto {

// Runs one command in an exec channel, independent of the user's login shell: the exec request
// is only `exec /bin/sh -s` (which fish, csh, zsh and bash all run alike), and the script
// follows on stdin as one brace group, so /bin/sh has read all of it before it runs any of it.
// The script makes sure the process leads its own session (sshd does this already; setsid(1)
// otherwise), prints its PID (the session and process-group leader) on stdout and a start mark
// on stderr, exports the environment, changes directory and execs /bin/sh -c COMMAND. The
// command's own stdin (CommandSpec::stdinData, writeStdin) is sent only once the PID line has
// arrived, so it can only reach the command, never the shell reading the script. What a login
// shell's startup files print before the marks (banners) is dropped; the marks are taken off.
// A timeout, cancel, the kill switch or the connection object going away kills the whole
// process group and session through a second exec on the connection (the same way in).
class SshExecOperation final : public SshOperation
{
public:
    explicit SshExecOperation(const CommandSpec &spec);

    // The exec request of every command: the login shell runs only this.
    static QByteArray shellRequest() { return QByteArrayLiteral("exec /bin/sh -s"); }
    // The script /bin/sh -s reads on stdin for a spec, or empty with *error set (bad variable
    // name, NUL byte). It ends with a newline; the command's stdin may follow it.
    static QByteArray remoteScript(const CommandSpec &spec, QString *error);
    static QByteArray shellQuote(const QByteArray &text);
    static int signalNumber(const QByteArray &name); // "TERM" -> 15; 0 when unknown
    static QByteArray killCommand(qint64 pid);

    void writeStdin(const QByteArray &data) { m_stdin += data; }
    void closeStdin() { m_closeStdin = true; }

    bool step(SshContext &ctx) override;
    void cancel(SshContext &ctx) override;
    void abort(SshContext &ctx, MachineJob::Error error, const QString &message) override;
    Clock::time_point deadline() const override;
    bool needsSessionSlot() const override { return true; }
    bool killOnShutdown(SshContext &ctx) override;
    bool delaysShutdown() const override;
    // A command under a remote supervisor (CommandSpec::survivesDisconnect, and the server
    // could supervise it) lets go of its channel and follows again after the reconnect.
    bool suspend(SshContext &ctx) override;

private:
    enum class Stage
    {
        Open,
        Running,
        CancelWaitingForPid
    };

    bool open(SshContext &ctx);
    bool pump(SshContext &ctx);
    void handleStdout(SshContext &ctx, const char *data, int size);
    void handleStderr(SshContext &ctx, const char *data, int size);
    void kill(SshContext &ctx);
    void complete(SshContext &ctx, int code, int signal);

    void postOutput(SshContext &ctx, SshEvent::Type type, const QByteArray &data);
    void pidKnown(SshContext &ctx);
    void confirmStdin(qint64 onServer);

    CommandSpec m_spec;
    QByteArray m_jobId; // durable commands: the job folder's name on the server
    bool m_remoteDurable = false; // the server runs it under a supervisor (the PID mark said so)
    bool m_attach = false; // the next open() follows the job again instead of starting it
    bool m_killAfterAttach = false; // cancelled or timed out while the link was down
    qint64 m_outBytes = 0; // command output delivered so far (the offsets to follow from)
    qint64 m_errBytes = 0;
    // Durable stdin: bytes sent so far, and those sent on the current channel that the server
    // has not confirmed yet (sent again after a reconnect from where its log ends).
    qint64 m_stdinSent = 0;
    QByteArray m_unconfirmed;
    bool m_unconfirmedOverflow = false;
    Stage m_stage = Stage::Open;
    SshHandles::Channel m_channel;
    QByteArray m_script; // written first; the command's stdin only once the PID line is in
    QByteArray m_stdin;
    QByteArray m_head; // stdout until the PID line is complete
    QByteArray m_errHead; // stderr until the start mark is complete
    bool m_errStarted = false;
    QByteArray m_buffer;
    qint64 m_pid = 0;
    bool m_pidKnown = false;
    bool m_closeStdin = false;
    bool m_eofSent = false;
    bool m_killSent = false;
    bool m_timedOut = false;
    bool m_cancelled = false;
    bool m_exitKnown = false;
    int m_exitCode = -1;
    int m_exitSignal = 0;
    Clock::time_point m_exitGraceUntil = Clock::time_point::max();
    QString m_startError;
    Clock::time_point m_timeoutAt = Clock::time_point::max();
    Clock::time_point m_giveUpAt = Clock::time_point::max();
};

// A command whose output nobody wants (killing a process group): runs, then goes away.
class SshDetachedExec final : public SshOperation
{
public:
    explicit SshDetachedExec(const QByteArray &command);
    bool step(SshContext &ctx) override;
    void cancel(SshContext &ctx) override;
    void abort(SshContext &ctx, MachineJob::Error error, const QString &message) override;
    Clock::time_point deadline() const override { return m_giveUpAt; }
    bool delaysShutdown() const override { return !isDone(); }

private:
    QByteArray m_command;
    SshHandles::Channel m_channel;
    Clock::time_point m_giveUpAt;
};

} // namespace Proto
