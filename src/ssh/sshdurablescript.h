#pragma once

#include "commandjob.h"

#include <QByteArray>
#include <QString>

namespace Proto {

// The scripts behind a command that outlives its connection (CommandSpec::survivesDisconnect).
//
// On the server, a supervisor started with setsid, outside the SSH session, runs the command
// in a session of its own with its output appended to files under
// ${XDG_CACHE_HOME:-~/.cache}/proto-desktop/jobs/ID/ (out, err; stdin appended to a log, "in",
// that a tail -f feeds to the command) and writes its exit status there when it ends. The exec channel only
// follows those files (GNU tail --pid), so a dropped link, a sleeping laptop or a crashed app
// ends the follower, never the command. After reconnecting, the client sends attach() with the
// byte counts it already has and the output goes on where it stopped; the follower's exit
// status (or signal) is the command's. A supervisor nobody has attached to for 15 minutes ends
// its command (its lease). Without setsid or GNU tail the command runs as a plain one, and the
// PID mark says so.
//
// The marks are those of SshExecOperation: "\x1eproto-pid=PID\x1e\n" on stdout ("PID/d" when
// durable, "PID/d/N" where N is how many stdin bytes the server has; PID is the command's
// session and process group) and "\x1eproto-err\x1e\n" on stderr.
class SshDurableScript final
{
public:
    // The job folder as the remote /bin/sh spells it.
    static QByteArray folder(const QByteArray &jobId);
    // A fresh job id (hex, unguessable).
    static QByteArray newJobId();
    // Starts the command under its supervisor and follows it; plainScript is what runs instead
    // when the machine cannot supervise (SshExecOperation::remoteScript). Empty on error.
    static QByteArray start(
        const CommandSpec &spec, const QByteArray &jobId, const QByteArray &plainScript, QString *error);
    // Follows a job started earlier, from the given byte offsets of its stdout and stderr;
    // feedStdin: what the channel receives goes on into the command's stdin.
    static QByteArray attach(
        const QByteArray &jobId, qint64 stdoutOffset, qint64 stderrOffset, bool feedStdin);
    // Ends the command's stdin once `total` bytes of it are on the server.
    static QByteArray closeStdin(const QByteArray &jobId, qint64 total);
    // Removes the job folder (after its exit status arrived).
    static QByteArray forget(const QByteArray &jobId);

    static bool wantsStdin(const CommandSpec &spec)
    {
        return spec.keepStdinOpen || !spec.stdinData.isEmpty();
    }
};

} // namespace Proto
