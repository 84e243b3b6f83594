#include "delayproxy.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QPointer>
#include <QSemaphore>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <deque>

namespace {

// One direction of one connection: bytes read from `from` are written to `to` oneWayMs later,
// in order.
class DelayedPipe final : public QObject
{
public:
    DelayedPipe(QTcpSocket *from, QTcpSocket *to, int oneWayMs, QObject *parent)
        : QObject(parent)
        , m_from(from)
        , m_to(to)
        , m_delayMs(oneWayMs)
    {
        m_clock.start();
        m_timer.setSingleShot(true);
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, &DelayedPipe::flush);
        connect(from, &QTcpSocket::readyRead, this, [this] {
            m_queue.push_back({ m_clock.elapsed() + m_delayMs, m_from->readAll() });
            if (!m_timer.isActive())
                schedule();
        });
    }

private:
    void schedule()
    {
        if (m_queue.empty())
            return;
        m_timer.start(int(std::max<qint64>(0, m_queue.front().due - m_clock.elapsed())));
    }

    void flush()
    {
        const qint64 now = m_clock.elapsed();
        while (!m_queue.empty() && m_queue.front().due <= now) {
            if (m_to)
                m_to->write(m_queue.front().data);
            m_queue.pop_front();
        }
        schedule();
    }

    struct Chunk
    {
        qint64 due;
        QByteArray data;
    };
    QPointer<QTcpSocket> m_from;
    QPointer<QTcpSocket> m_to;
    int m_delayMs;
    QElapsedTimer m_clock;
    QTimer m_timer;
    std::deque<Chunk> m_queue;
};

class ProxyWorker final : public QObject
{
public:
    ProxyWorker(quint16 target, int oneWayMs)
        : m_target(target)
        , m_delayMs(oneWayMs)
    { }

    quint16 listen()
    {
        m_server = new QTcpServer(this);
        if (!m_server->listen(QHostAddress::LocalHost, 0))
            return 0;
        connect(m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server->nextPendingConnection()) {
                auto *upstream = new QTcpSocket(client);
                client->setSocketOption(QAbstractSocket::LowDelayOption, 1);
                upstream->setSocketOption(QAbstractSocket::LowDelayOption, 1);
                new DelayedPipe(client, upstream, m_delayMs, client);
                new DelayedPipe(upstream, client, m_delayMs, client);
                connect(client, &QTcpSocket::disconnected, upstream, &QTcpSocket::disconnectFromHost);
                connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
                connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
                upstream->connectToHost(QHostAddress::LocalHost, m_target);
            }
        });
        return m_server->serverPort();
    }

private:
    QTcpServer *m_server = nullptr;
    quint16 m_target;
    int m_delayMs;
};

} // namespace

DelayProxy::DelayProxy(quint16 targetPort, int oneWayMs)
    : m_targetPort(targetPort)
    , m_oneWayMs(oneWayMs)
{ }

DelayProxy::~DelayProxy()
{
    if (QObject *worker = m_worker)
        QMetaObject::invokeMethod(worker, [worker] { delete worker; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool DelayProxy::start()
{
    auto *worker = new ProxyWorker(m_targetPort, m_oneWayMs);
    m_worker = worker;
    worker->moveToThread(&m_thread);
    m_thread.start();
    quint16 port = 0;
    QMetaObject::invokeMethod(
        worker, [worker, &port] { port = worker->listen(); }, Qt::BlockingQueuedConnection);
    m_port = port;
    return m_port != 0;
}
