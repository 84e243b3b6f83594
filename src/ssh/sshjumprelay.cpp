#include "sshjumprelay.h"

#include <QLoggingCategory>

#include <cerrno>
#include <chrono>
#include <libssh/server.h> // ssh_send_keepalive
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcSsh)

namespace Proto {

namespace {

constexpr int kBufferSize = 64 * 1024;
constexpr int kPollMs = 100;

// fd is our end of a socket pair: send() with MSG_NOSIGNAL, so a closed far end is an error here,
// not a SIGPIPE that ends the whole process (seen when a jump relay outlived its session).
bool writeAll(int fd, const char *data, qsizetype size)
{
    while (size > 0) {
        const ssize_t n = ::send(fd, data, size_t(size), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= n;
    }
    return true;
}

} // namespace

SshJumpRelay::SshJumpRelay(SshHandles::Session session, SshHandles::Channel channel, int localFd,
    QString label, int keepaliveIntervalMs)
    : m_session(std::move(session))
    , m_channel(std::move(channel))
    , m_fd(localFd)
    , m_label(std::move(label))
    , m_keepaliveIntervalMs(keepaliveIntervalMs)
{ }

SshJumpRelay::~SshJumpRelay()
{
    m_stop = true;
    if (m_fd >= 0)
        ::shutdown(m_fd, SHUT_RDWR); // ends a blocking write to a next session that went away
    if (m_thread.joinable())
        m_thread.join();
    if (m_fd >= 0)
        ::close(m_fd);
    if (m_channel && ssh_channel_is_open(m_channel.get()))
        ssh_channel_close(m_channel.get());
    m_channel.reset();
    m_session.reset();
}

void SshJumpRelay::start()
{
    m_thread = std::thread([this] { run(); });
}

void SshJumpRelay::run()
{
    ssh_session session = m_session.get();
    ssh_channel channel = m_channel.get();
    std::vector<char> buffer(kBufferSize);
    using Clock = std::chrono::steady_clock;
    auto nextKeepalive = Clock::now() + std::chrono::milliseconds(m_keepaliveIntervalMs);
    bool localOpen = true;
    QString why;
    while (!m_stop) {
        pollfd fds[2] = { { m_fd, short(localOpen ? POLLIN : 0), 0 }, { ssh_get_fd(session), POLLIN, 0 } };
        const int rc = ::poll(fds, 2, kPollMs);
        if (rc < 0 && errno != EINTR) {
            why = QStringLiteral("poll failed");
            break;
        }
        if (localOpen && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
            const ssize_t n = ::read(m_fd, buffer.data(), buffer.size());
            if (n > 0) {
                if (ssh_channel_write(channel, buffer.data(), uint32_t(n)) == SSH_ERROR) {
                    why = QString::fromUtf8(ssh_get_error(session));
                    break;
                }
            } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
                localOpen = false; // the next session closed its socket
                ssh_channel_send_eof(channel);
                break;
            }
        }
        for (;;) {
            const int n = ssh_channel_read_nonblocking(channel, buffer.data(), uint32_t(buffer.size()), 0);
            if (n == SSH_ERROR) {
                why = QString::fromUtf8(ssh_get_error(session));
                break;
            }
            if (n <= 0)
                break;
            if (!writeAll(m_fd, buffer.data(), n)) {
                why = QStringLiteral("the next session is gone");
                break;
            }
        }
        if (!why.isEmpty())
            break;
        if (ssh_channel_is_eof(channel) || !ssh_channel_is_open(channel) || !ssh_is_connected(session)) {
            why = QStringLiteral("the jump host closed the forwarded connection");
            break;
        }
        if (m_keepaliveIntervalMs > 0 && Clock::now() >= nextKeepalive) {
            nextKeepalive = Clock::now() + std::chrono::milliseconds(m_keepaliveIntervalMs);
            ssh_send_keepalive(session);
        }
    }
    if (!why.isEmpty())
        qCInfo(lcSsh) << "jump" << m_label << "ended:" << why;
    // The next session reads end-of-file and reports its connection lost.
    ::shutdown(m_fd, SHUT_RDWR);
}

} // namespace Proto
