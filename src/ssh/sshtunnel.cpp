#include "sshtunnel.h"

#include "sshconnection.h"
#include "sshposix.h"
#include "sshtunneloperation.h"

#include <QCoreApplication>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Proto {

namespace {

constexpr qsizetype kMaxBuffered = 1024 * 1024;

QString tr(const char *text)
{
    return QCoreApplication::translate("SshTunnel", text);
}

} // namespace

SshTunnel::SshTunnel(
    SshConnection *connection, const QString &remoteHost, quint16 remotePort, QObject *parent)
    : MachineTunnel(parent)
    , m_connection(connection)
    , m_remoteHost(remoteHost)
    , m_remotePort(remotePort)
{
    m_id = connection->start(std::make_unique<SshTunnelOperation>(remoteHost.toUtf8(), remotePort), this);
}

SshTunnel::~SshTunnel()
{
    close();
}

void SshTunnel::close()
{
    if (m_closed)
        return;
    m_closed = true;
    if (m_connection)
        m_connection->cancel(m_id);
}

void SshTunnel::sshEvent(const SshEvent &event)
{
    if (m_closed)
        return; // closed by us: nothing more to say
    switch (event.type) {
    case SshEvent::Type::Listening:
        m_localPort = quint16(event.a);
        Q_EMIT listening(m_localPort);
        break;
    case SshEvent::Type::TunnelConnections:
        m_open = int(event.a);
        m_accepted = int(event.b);
        if (!event.message.isEmpty())
            Q_EMIT connectionFailed(event.message);
        Q_EMIT connectionsChanged(m_open, m_accepted);
        break;
    case SshEvent::Type::Finished:
        m_closed = true;
        m_errorString = event.message;
        m_open = 0;
        Q_EMIT closed();
        break;
    default:
        break;
    }
}

SshTunnelOperation::SshTunnelOperation(const QByteArray &remoteHost, quint16 remotePort)
    : m_remoteHost(remoteHost)
    , m_remotePort(remotePort)
{ }

SshTunnelOperation::~SshTunnelOperation()
{
    closeAll();
}

void SshTunnelOperation::closeAll()
{
    for (Forward &f : m_forwards) {
        f.channel.reset();
        if (f.fd >= 0)
            ::close(f.fd);
        f.fd = -1;
    }
    m_forwards.clear();
    if (m_listener >= 0)
        ::close(m_listener);
    m_listener = -1;
}

bool SshTunnelOperation::listen(SshContext &ctx)
{
    m_listener = SshPosix::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (m_listener < 0 || ::bind(m_listener, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || ::listen(m_listener, 64) != 0
        || ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        closeAll();
        finish(ctx, MachineJob::Error::Failed, tr("Cannot listen on 127.0.0.1: %1").arg(why));
        return true;
    }
    m_localPort = ntohs(address.sin_port);
    m_buffer.resize(64 * 1024);
    SshEvent event;
    event.type = SshEvent::Type::Listening;
    event.a = m_localPort;
    post(ctx, std::move(event));
    return true;
}

void SshTunnelOperation::reportCounts(SshContext &ctx)
{
    SshEvent event;
    event.type = SshEvent::Type::TunnelConnections;
    event.a = qint64(m_forwards.size());
    event.b = m_accepted;
    post(ctx, std::move(event));
}

bool SshTunnelOperation::accept(SshContext &ctx)
{
    bool progress = false;
    while (true) {
        const int fd = SshPosix::accept(m_listener);
        if (fd < 0)
            break;
        progress = true;
        ++m_accepted;
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        SshHandles::Channel channel(ssh_channel_new(ctx.session()));
        if (!channel
            || ssh_channel_open_forward(
                   channel.get(), m_remoteHost.constData(), m_remotePort, "127.0.0.1", m_localPort)
                != SSH_OK) {
            ::close(fd);
            if (!ctx.sessionAlive())
                return false;
            SshEvent event;
            event.type = SshEvent::Type::TunnelConnections;
            event.a = qint64(m_forwards.size());
            event.b = m_accepted;
            event.message = tr("The server could not open a connection to %1:%2: %3")
                                .arg(QString::fromUtf8(m_remoteHost))
                                .arg(m_remotePort)
                                .arg(ctx.lastError());
            post(ctx, std::move(event));
            continue;
        }
        Forward forward;
        forward.fd = fd;
        forward.channel = std::move(channel);
        m_forwards.push_back(std::move(forward));
        reportCounts(ctx);
    }
    return progress;
}

bool SshTunnelOperation::pump(Forward &f)
{
    ssh_channel ch = f.channel.get();
    bool progress = false;
    // Local socket to channel, never more than the channel's window.
    while (!f.socketEof) {
        const uint32_t window = ssh_channel_window_size(ch);
        if (window == 0)
            break;
        const ssize_t n = ::recv(f.fd, m_buffer.data(), std::min<size_t>(window, size_t(m_buffer.size())), 0);
        if (n > 0) {
            if (ssh_channel_write(ch, m_buffer.constData(), uint32_t(n)) != int(n)) {
                f.finished = true;
                return true;
            }
            progress = true;
            continue;
        }
        if (n == 0) {
            f.socketEof = true;
            ssh_channel_send_eof(ch);
            progress = true;
        } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            f.finished = true;
            return true;
        }
        break;
    }
    // Channel to local socket, buffering at most kMaxBuffered.
    while (f.toSocket.size() < kMaxBuffered) {
        const int n = ssh_channel_read_nonblocking(ch, m_buffer.data(), uint32_t(m_buffer.size()), 0);
        if (n <= 0)
            break;
        f.toSocket.append(m_buffer.constData(), n);
        progress = true;
    }
    while (!f.toSocket.isEmpty()) {
        const ssize_t n = SshPosix::send(f.fd, f.toSocket.constData(), size_t(f.toSocket.size()));
        if (n > 0) {
            f.toSocket.remove(0, n);
            progress = true;
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            f.finished = true;
            return true;
        }
        break;
    }
    if (!f.channelEof && f.toSocket.isEmpty() && (ssh_channel_is_eof(ch) || ssh_channel_is_closed(ch))
        && ssh_channel_poll(ch, 0) <= 0) {
        f.channelEof = true;
        ::shutdown(f.fd, SHUT_WR);
        progress = true;
    }
    if ((f.channelEof && f.socketEof) || ssh_channel_is_closed(ch)) {
        if (f.toSocket.isEmpty())
            f.finished = true;
    }
    return progress;
}

bool SshTunnelOperation::step(SshContext &ctx)
{
    if (m_listener < 0)
        return listen(ctx);
    bool progress = accept(ctx);
    bool changed = false;
    for (auto it = m_forwards.begin(); it != m_forwards.end();) {
        if (pump(*it))
            progress = true;
        if (it->finished) {
            it->channel.reset();
            ::close(it->fd);
            it = m_forwards.erase(it);
            changed = true;
        } else {
            ++it;
        }
    }
    if (changed)
        reportCounts(ctx);
    return progress;
}

void SshTunnelOperation::collectPollFds(std::vector<pollfd> &fds)
{
    if (m_listener >= 0)
        fds.push_back({ m_listener, POLLIN, 0 });
    for (const Forward &f : m_forwards) {
        short events = 0;
        if (!f.socketEof && ssh_channel_window_size(f.channel.get()) > 0)
            events |= POLLIN;
        if (!f.toSocket.isEmpty())
            events |= POLLOUT;
        if (events)
            fds.push_back({ f.fd, events, 0 });
    }
}

void SshTunnelOperation::cancel(SshContext &ctx)
{
    closeAll();
    finish(ctx, MachineJob::Error::Cancelled);
}

void SshTunnelOperation::abort(SshContext &ctx, MachineJob::Error error, const QString &message)
{
    closeAll();
    finish(ctx, error, message);
}

} // namespace Proto
