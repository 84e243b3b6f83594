#pragma once

#include "sshhandles.h"
#include "sshoperation.h"

#include <QByteArray>

#include <list>

namespace Proto {

// The connection-thread side of an SshTunnel: a non-blocking listening socket and, for every
// accepted socket, a direct-tcpip channel with the bytes pumped both ways.
class SshTunnelOperation final : public SshOperation
{
public:
    SshTunnelOperation(const QByteArray &remoteHost, quint16 remotePort);
    ~SshTunnelOperation() override;

    bool step(SshContext &ctx) override;
    void cancel(SshContext &ctx) override;
    void abort(SshContext &ctx, MachineJob::Error error, const QString &message) override;
    void collectPollFds(std::vector<pollfd> &fds) override;

private:
    struct Forward
    {
        int fd = -1;
        SshHandles::Channel channel;
        QByteArray toSocket;
        bool socketEof = false; // the local side sent FIN; EOF passed to the channel
        bool channelEof = false; // the remote side is done; passed on with shutdown(SHUT_WR)
        bool finished = false;
    };

    bool listen(SshContext &ctx);
    bool accept(SshContext &ctx);
    bool pump(Forward &forward);
    void closeAll();
    void reportCounts(SshContext &ctx);

    QByteArray m_remoteHost;
    quint16 m_remotePort;
    int m_listener = -1;
    quint16 m_localPort = 0;
    std::list<Forward> m_forwards;
    int m_accepted = 0;
    QByteArray m_buffer;
};

} // namespace Proto
