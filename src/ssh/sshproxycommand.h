#pragma once

#include <QByteArray>
#include <QString>

#include <sys/types.h>

namespace Proto {

// OpenSSH's ProxyCommand: a command whose stdin and stdout carry the SSH connection (nc, a
// cloud provider's tunnel, `ssh -W`). Runs `/bin/sh -c COMMAND` in a process group of its own
// on one end of a socket pair; the login takes the other end as its socket. The process is
// the user's own program (from their ssh config), so it gets the app's environment without the
// app's own variables, as the Terminal panel's shell does. Ended (SIGTERM, then SIGKILL) with
// the object.
class SshProxyCommand final
{
public:
    SshProxyCommand() = default;
    ~SshProxyCommand();
    SshProxyCommand(const SshProxyCommand &) = delete;
    SshProxyCommand &operator=(const SshProxyCommand &) = delete;

    // OpenSSH's tokens: %h host, %p port, %r remote user, %n the name as given, %% a percent.
    // Values are inserted single-quoted for /bin/sh, so a host name cannot add shell syntax.
    // Unknown tokens leave the command unchanged there and set *unknown.
    static QString expand(const QString &command, const QString &host, quint16 port, const QString &user,
        const QString &name, QString *unknown = nullptr);

    // Starts the command; returns the socket for the SSH session (the caller owns it), or -1
    // with *error set.
    int start(const QString &expandedCommand, QString *error);
    // What the command printed on stderr so far (capped), for error messages.
    QString stderrTail();
    // Whether the command is still running; else *status holds how it ended.
    bool isRunning(QString *status = nullptr);
    pid_t pid() const { return m_pid; }

private:
    pid_t m_pid = -1;
    int m_stderr = -1;
    QByteArray m_stderrText;
    bool m_reaped = false;
    int m_waitStatus = 0;
};

} // namespace Proto
