#include "sshconnection.h"
#include "sshmachine.h"
#include "sshshell.h"
#include "sshtestsupport.h"
#include "sshtunnel.h"

#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Proto;
using namespace ProtoTest;

namespace {

// Echoes every byte back; closes a connection that sends "bye".
class EchoServer : public QTcpServer
{
public:
    EchoServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                ++accepted;
                connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    const QByteArray data = socket->readAll();
                    if (data == "bye") {
                        socket->disconnectFromHost();
                        return;
                    }
                    socket->write(data);
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    int accepted = 0;
};

} // namespace

class TestSshChannels : public QObject
{
    Q_OBJECT

    std::unique_ptr<SshTestEnvironment> m_env;
    std::unique_ptr<SshMachine> m_machine;

private Q_SLOTS:
    void initTestCase()
    {
        m_env = std::make_unique<SshTestEnvironment>();
        PROTO_REQUIRE_PEER(m_env->start(), m_env->sshd.errorString());
        m_machine = std::make_unique<SshMachine>(m_env->config());
    }

    void cleanupTestCase()
    {
        m_machine.reset();
        m_env.reset();
    }

    void tunnelCarriesDataBothWays()
    {
        EchoServer echo;
        QVERIFY(echo.listen(QHostAddress::LocalHost, 0));
        std::unique_ptr<SshTunnel> tunnel(
            m_machine->openTunnel(QStringLiteral("127.0.0.1"), echo.serverPort()));
        QVERIFY(waitUntil([&] { return tunnel->isListening(); }));
        QVERIFY(tunnel->localPort() != 0);
        QVERIFY(tunnel->localPort() != echo.serverPort());

        constexpr int kClients = 6;
        constexpr qsizetype kBytes = 3 * 1024 * 1024;
        std::vector<std::unique_ptr<QTcpSocket>> clients;
        std::vector<QByteArray> sent(kClients), received(kClients);
        for (int i = 0; i < kClients; ++i) {
            sent[size_t(i)].resize(kBytes);
            QRandomGenerator generator(quint32(i + 1));
            generator.fillRange(reinterpret_cast<quint32 *>(sent[size_t(i)].data()), kBytes / 4);
            auto socket = std::make_unique<QTcpSocket>();
            QTcpSocket *raw = socket.get();
            connect(raw, &QTcpSocket::readyRead, this,
                [raw, &received, i] { received[size_t(i)] += raw->readAll(); });
            socket->connectToHost(QHostAddress::LocalHost, tunnel->localPort());
            clients.push_back(std::move(socket));
        }
        for (int i = 0; i < kClients; ++i) {
            QVERIFY(clients[size_t(i)]->waitForConnected(5000));
            clients[size_t(i)]->write(sent[size_t(i)]);
        }
        QVERIFY(waitUntil(
            [&] {
                for (int i = 0; i < kClients; ++i)
                    if (received[size_t(i)].size() < kBytes)
                        return false;
                return true;
            },
            60000));
        for (int i = 0; i < kClients; ++i)
            QVERIFY(received[size_t(i)] == sent[size_t(i)]);
        QCOMPARE(echo.accepted, kClients);
        QVERIFY(waitUntil([&] { return tunnel->openConnections() == kClients; }));

        // The far side closes: the local client sees it.
        QTcpSocket *first = clients.front().get();
        first->write("bye");
        QVERIFY(waitUntil([&] { return first->state() == QAbstractSocket::UnconnectedState; }, 10000));
        // The near side closes: the tunnel forgets the connection.
        for (auto &client : clients)
            client->disconnectFromHost();
        QVERIFY(waitUntil([&] { return tunnel->openConnections() == 0; }, 10000));
        QCOMPARE(tunnel->acceptedConnections(), kClients);

        tunnel->close();
        QTcpSocket late;
        late.connectToHost(QHostAddress::LocalHost, tunnel->localPort());
        QVERIFY(waitUntil([&] { return late.state() == QAbstractSocket::UnconnectedState; }, 5000));
    }

    void tunnelToNothingReportsIt()
    {
        std::unique_ptr<SshTunnel> tunnel(m_machine->openTunnel(QStringLiteral("127.0.0.1"), freeTcpPort()));
        QVERIFY(waitUntil([&] { return tunnel->isListening(); }));
        QStringList failures;
        connect(tunnel.get(), &SshTunnel::connectionFailed, this,
            [&failures](const QString &m) { failures << m; });
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, tunnel->localPort());
        QVERIFY(waitUntil([&] { return !failures.isEmpty(); }));
        QVERIFY(waitUntil([&] { return client.state() == QAbstractSocket::UnconnectedState; }, 5000));
        QVERIFY(tunnel->isListening()); // one failed connection does not end the tunnel
    }

    void shellWithPty()
    {
        std::unique_ptr<SshShell> shell(m_machine->openSshShell(80, 24));
        QByteArray output;
        connect(shell.get(), &SshShell::dataReceived, this, [&output](const QByteArray &d) { output += d; });
        QVERIFY(waitUntil([&] { return shell->isOpen(); }));
        shell->write("stty size; echo \"term=$TERM\"\n");
        QVERIFY2(
            waitUntil([&] { return output.contains("24 80") && output.contains("term=xterm-256color"); }),
            output.constData());
        shell->resize(132, 43);
        output.clear();
        shell->write("stty size\n");
        QVERIFY2(waitUntil([&] { return output.contains("43 132"); }), output.constData());
        shell->write("exit 3\n");
        QVERIFY(waitUntil([&] { return shell->isFinished(); }));
        QCOMPARE(shell->exitCode(), 3);
        QVERIFY(shell->errorString().isEmpty());
    }

    void shellsAndCommandsAtOnce()
    {
        std::unique_ptr<SshShell> a(m_machine->openSshShell(80, 24));
        std::unique_ptr<SshShell> b(m_machine->openSshShell(100, 30));
        QByteArray outA, outB;
        connect(a.get(), &SshShell::dataReceived, this, [&outA](const QByteArray &d) { outA += d; });
        connect(b.get(), &SshShell::dataReceived, this, [&outB](const QByteArray &d) { outB += d; });
        std::unique_ptr<CommandJob> job(
            m_machine->run(CommandSpec { QStringLiteral("echo side"), {}, {}, 0, {}, false }));
        QByteArray jobOut;
        connect(job.get(), &CommandJob::stdoutData, this, [&jobOut](const QByteArray &d) { jobOut += d; });
        a->write("echo A$((40+2))\n");
        b->write("echo B$((50+5))\n");
        QVERIFY(waitUntil([&] { return outA.contains("A42") && outB.contains("B55"); }));
        QVERIFY(waitForJob(job.get()));
        QCOMPARE(jobOut, QByteArray("side\n"));
        a.reset(); // closes the channel
        b->write("exit\n");
        QVERIFY(waitUntil([&] { return b->isFinished(); }));
        QCOMPARE(b->exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSshChannels)
#include "tst_sshchannels.moc"
