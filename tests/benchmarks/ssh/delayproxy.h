#pragma once

#include <QObject>
#include <QThread>

#include <memory>

class QTcpServer;

// A TCP forwarder on 127.0.0.1 that holds every chunk for oneWayMs in each direction before
// passing it on, so a loopback connection through it has a round-trip time of 2 * oneWayMs
// (this kernel has no netem). It runs on a thread of its own, so a caller that blocks (waiting
// for a QProcess) does not stall it.
class DelayProxy final : public QObject
{
    Q_OBJECT

public:
    DelayProxy(quint16 targetPort, int oneWayMs);
    ~DelayProxy() override;

    bool start(); // false when it cannot listen
    quint16 port() const { return m_port; }

private:
    QThread m_thread;
    QObject *m_worker = nullptr; // lives on m_thread
    quint16 m_targetPort;
    int m_oneWayMs;
    quint16 m_port = 0;
};
