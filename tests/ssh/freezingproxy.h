#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QTcpSocket>

namespace ProtoTest {

// A TCP forwarder whose existing connections can be frozen: bytes stop flowing but nothing is
// closed, like a cable pulled out or a VM suspended.
class FreezingProxy : public QObject
{
public:
    explicit FreezingProxy(quint16 target)
        : m_target(target)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server.nextPendingConnection()) {
                auto *upstream = new QTcpSocket(client);
                auto *frozen = new bool(false);
                m_frozenFlags.append(frozen);
                auto forward = [frozen](QTcpSocket *from, QTcpSocket *to) {
                    if (!*frozen)
                        to->write(from->readAll());
                };
                connect(client, &QTcpSocket::readyRead, this, [=] { forward(client, upstream); });
                connect(upstream, &QTcpSocket::readyRead, this, [=] { forward(upstream, client); });
                connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
                connect(client, &QTcpSocket::disconnected, upstream, &QTcpSocket::disconnectFromHost);
                upstream->connectToHost(QHostAddress::LocalHost, m_target);
            }
        });
    }
    ~FreezingProxy() override { qDeleteAll(m_frozenFlags); }
    quint16 port() const { return m_server.serverPort(); }
    void freezeExisting()
    {
        for (bool *flag : std::as_const(m_frozenFlags))
            *flag = true;
    }

private:
    QTcpServer m_server;
    quint16 m_target;
    QList<bool *> m_frozenFlags;
};

} // namespace ProtoTest
