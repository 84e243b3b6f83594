#pragma once

#include "machinetunnel.h"
#include "sshtypes.h"

#include <QObject>
#include <QPointer>

namespace Proto {

class SshConnection;

// A local port forward: a listener on 127.0.0.1 on a free port; every connection accepted there
// is carried over the SSH connection (direct-tcpip) to remoteHost:remotePort as the server sees
// it. Several connections at once, data both ways, half-closes passed on. Made by
// SshMachine::openTunnel(); the screen endpoint connects VNC clients to 127.0.0.1:localPort().
// Deleting it (or close()) stops listening and closes every forwarded connection.
class SshTunnel final
    : public MachineTunnel
    , public SshEventReceiver
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshTunnel)

public:
    SshTunnel(
        SshConnection *connection, const QString &remoteHost, quint16 remotePort, QObject *parent = nullptr);
    ~SshTunnel() override;

    QString remoteHost() const { return m_remoteHost; }
    quint16 remotePort() const { return m_remotePort; }
    quint16 localPort() const { return m_localPort; }
    int openConnections() const { return m_open; }

    QString targetHost() const override { return m_remoteHost; }
    quint16 targetPort() const override { return m_remotePort; }
    QString host() const override { return QStringLiteral("127.0.0.1"); }
    quint16 port() const override { return m_localPort; }
    bool isListening() const override { return m_localPort != 0 && !m_closed; }
    bool crossesNetwork() const override { return true; }
    int acceptedConnections() const override { return m_accepted; }
    QString errorString() const override { return m_errorString; }

    void close() override;
    void sshEvent(const SshEvent &event) override;

Q_SIGNALS:
    // listening, connectionFailed and closed are MachineTunnel's.
    void connectionsChanged(int open, int accepted);

private:
    QPointer<SshConnection> m_connection;
    quint64 m_id = 0;
    QString m_remoteHost;
    quint16 m_remotePort;
    quint16 m_localPort = 0;
    int m_open = 0;
    int m_accepted = 0;
    bool m_closed = false;
    QString m_errorString;
};

} // namespace Proto
