#include "sshproxycommand.h"

#include "childenvironment.h"
#include "sshposix.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <vector>

namespace Proto {

namespace {

constexpr qsizetype kMaxStderr = 8 * 1024;

QString tr(const char *text)
{
    return QCoreApplication::translate("SshProxyCommand", text);
}

QString shellQuoted(const QString &value)
{
    QString quoted = value;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace

SshProxyCommand::~SshProxyCommand()
{
    if (m_pid > 0 && !m_reaped) {
        ::kill(-m_pid, SIGTERM);
        QElapsedTimer timer;
        timer.start();
        while (::waitpid(m_pid, &m_waitStatus, WNOHANG) == 0) {
            if (timer.elapsed() > 1000) {
                ::kill(-m_pid, SIGKILL);
                ::waitpid(m_pid, &m_waitStatus, 0);
                break;
            }
            QThread::msleep(5);
        }
    }
    if (m_stderr >= 0)
        ::close(m_stderr);
}

QString SshProxyCommand::expand(const QString &command, const QString &host, quint16 port,
    const QString &user, const QString &name, QString *unknown)
{
    QString out;
    out.reserve(command.size() + 32);
    for (qsizetype i = 0; i < command.size(); ++i) {
        const QChar c = command.at(i);
        if (c != QLatin1Char('%') || i + 1 >= command.size()) {
            out += c;
            continue;
        }
        const QChar t = command.at(++i);
        if (t == QLatin1Char('%'))
            out += QLatin1Char('%');
        else if (t == QLatin1Char('h'))
            out += shellQuoted(host);
        else if (t == QLatin1Char('p'))
            out += QString::number(port);
        else if (t == QLatin1Char('r'))
            out += shellQuoted(user);
        else if (t == QLatin1Char('n'))
            out += shellQuoted(name);
        else {
            if (unknown)
                *unknown = QLatin1Char('%') + t;
            out += QLatin1Char('%') + t;
        }
    }
    return out;
}

int SshProxyCommand::start(const QString &expandedCommand, QString *error)
{
    int pair[2] = { -1, -1 };
    int err[2] = { -1, -1 };
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0 || ::pipe(err) != 0) {
        *error = tr("Cannot start the ProxyCommand: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        for (int fd : { pair[0], pair[1], err[0], err[1] })
            if (fd >= 0)
                ::close(fd);
        return -1;
    }
    // Our ends must not leak into the child (or into any other process spawned meanwhile).
    SshPosix::setFlags(pair[0], false);
    SshPosix::setFlags(err[0], true);

    const QProcessEnvironment env
        = ChildEnvironment::clean(QProcessEnvironment::systemEnvironment(), ChildEnvironment::For::Person);
    const QStringList keys = env.keys();
    std::vector<QByteArray> envStrings;
    envStrings.reserve(size_t(keys.size()));
    for (const QString &key : keys)
        envStrings.push_back((key + QLatin1Char('=') + env.value(key)).toLocal8Bit());
    std::vector<char *> envp;
    envp.reserve(envStrings.size() + 1);
    for (QByteArray &s : envStrings)
        envp.push_back(s.data());
    envp.push_back(nullptr);
    QByteArray program = QByteArrayLiteral("/bin/sh");
    QByteArray dashC = QByteArrayLiteral("-c");
    QByteArray command = expandedCommand.toLocal8Bit();
    char *argv[] = { program.data(), dashC.data(), command.data(), nullptr };

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
    posix_spawn_file_actions_adddup2(&actions, pair[1], 0);
    posix_spawn_file_actions_adddup2(&actions, pair[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    posix_spawnattr_setpgroup(&attributes, 0);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(pair[1]);
    ::close(err[1]);
    if (rc != 0) {
        ::close(pair[0]);
        ::close(err[0]);
        *error = tr("Cannot start the ProxyCommand: %1").arg(QString::fromLocal8Bit(std::strerror(rc)));
        return -1;
    }
    m_pid = pid;
    m_stderr = err[0];
    return pair[0];
}

QString SshProxyCommand::stderrTail()
{
    if (m_stderr >= 0) {
        char buffer[4096];
        ssize_t n = 0;
        while ((n = ::read(m_stderr, buffer, sizeof buffer)) > 0) {
            m_stderrText.append(buffer, n);
            if (m_stderrText.size() > kMaxStderr)
                m_stderrText.remove(0, m_stderrText.size() - kMaxStderr);
        }
    }
    return QString::fromLocal8Bit(m_stderrText).trimmed();
}

bool SshProxyCommand::isRunning(QString *status)
{
    if (m_pid <= 0)
        return false;
    if (!m_reaped && ::waitpid(m_pid, &m_waitStatus, WNOHANG) == m_pid)
        m_reaped = true;
    if (!m_reaped)
        return true;
    if (status) {
        if (WIFEXITED(m_waitStatus))
            *status = tr("it exited with status %1").arg(WEXITSTATUS(m_waitStatus));
        else if (WIFSIGNALED(m_waitStatus))
            *status = tr("it was ended by signal %1").arg(WTERMSIG(m_waitStatus));
    }
    return false;
}

} // namespace Proto
