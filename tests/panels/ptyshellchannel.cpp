#include "ptyshellchannel.h"

#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ProtoTest {

PtyShellChannel::PtyShellChannel(
    int columns, int rows, const QString &term, const QString &workingDirectory, QObject *parent)
    : Proto::ShellChannel(parent)
    , m_columns(columns)
    , m_rows(rows)
    , m_term(term)
{
    winsize size {};
    size.ws_col = static_cast<unsigned short>(columns > 0 ? columns : 80);
    size.ws_row = static_cast<unsigned short>(rows > 0 ? rows : 24);
    const QByteArray dir = workingDirectory.toLocal8Bit();
    const QByteArray termEnv = term.toLatin1();
    m_pid = ::forkpty(&m_master, nullptr, nullptr, &size);
    if (m_pid == 0) {
        if (!dir.isEmpty() && ::chdir(dir.constData()) != 0)
            ::_exit(126);
        ::setenv("TERM", termEnv.constData(), 1);
        ::setenv("PS1", "$ ", 1);
        ::execl("/bin/sh", "sh", static_cast<char *>(nullptr));
        ::_exit(127);
    }
    if (m_pid < 0) {
        QTimer::singleShot(0, this, [this] { Q_EMIT finished(-1, QStringLiteral("forkpty failed")); });
        return;
    }
    ::fcntl(m_master, F_SETFL, ::fcntl(m_master, F_GETFL) | O_NONBLOCK);
    m_notifier = new QSocketNotifier(qintptr(m_master), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &PtyShellChannel::readAvailable);
    QTimer::singleShot(0, this, [this] { Q_EMIT started(); });
}

PtyShellChannel::~PtyShellChannel()
{
    if (m_pid > 0 && !m_finished) {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
    }
    if (m_master >= 0)
        ::close(m_master);
}

void PtyShellChannel::sendInput(const QByteArray &data)
{
    if (m_master >= 0 && !m_finished) {
        qsizetype done = 0;
        while (done < data.size()) {
            const ssize_t n = ::write(m_master, data.constData() + done, size_t(data.size() - done));
            if (n <= 0)
                break;
            done += n;
        }
    }
}

void PtyShellChannel::resize(int columns, int rows)
{
    if (m_master < 0 || m_finished)
        return;
    winsize size {};
    size.ws_col = static_cast<unsigned short>(columns);
    size.ws_row = static_cast<unsigned short>(rows);
    ::ioctl(m_master, TIOCSWINSZ, &size);
    ++m_resizes;
    m_columns = columns;
    m_rows = rows;
}

void PtyShellChannel::close()
{
    if (m_pid > 0 && !m_finished)
        ::kill(m_pid, SIGHUP);
}

void PtyShellChannel::readAvailable()
{
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(m_master, buffer, sizeof buffer);
        if (n > 0) {
            Q_EMIT output(QByteArray(buffer, n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        reap(); // EOF or EIO: the shell has gone
        return;
    }
}

void PtyShellChannel::reap()
{
    if (m_finished)
        return;
    m_finished = true;
    m_notifier->setEnabled(false);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    Q_EMIT finished(WIFEXITED(status) ? WEXITSTATUS(status) : -1,
        WIFSIGNALED(status) ? QStringLiteral("killed by signal %1").arg(WTERMSIG(status)) : QString());
}

} // namespace ProtoTest
