// ScreenEndpoint: a machine record's VNC settings to a host:port here, directly, on this
// computer's "tunnel" (the target itself), and through a real SSH forward of the sshd fixture
// whose far side is a real TCP server: bytes written to the endpoint reach it and come back.
#include "localmachine.h"
#include "screenendpoint.h"
#include "sshmachine.h"
#include "sshtestsupport.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Proto;
using namespace ProtoTest;
using namespace Qt::StringLiterals;

class TstScreenEndpoint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void problems()
    {
        MachineRecord record;
        record.name = u"vm"_s;
        QVERIFY(ScreenEndpoint::problem(record).contains(u"no VNC endpoint"_s));
        record.vncHost = u"10.0.0.5"_s;
        record.vncPort = 70000;
        QVERIFY(ScreenEndpoint::problem(record).contains(u"not a valid port"_s));
        record.vncPort = 5901;
        QVERIFY(ScreenEndpoint::problem(record).isEmpty());

        ScreenEndpoint endpoint;
        QSignalSpy failed(&endpoint, &ScreenEndpoint::failed);
        record.vncPort = 0;
        endpoint.open(record, nullptr);
        QVERIFY(failed.wait(2000));
        QVERIFY(failed.at(0).at(0).toString().contains(u"not a valid port"_s));
        QVERIFY(!endpoint.isReady());
    }

    void directAndLocal()
    {
        MachineRecord record;
        record.name = u"here"_s;
        record.vncHost = u" 127.0.0.1 "_s;
        record.vncPort = 5917;
        ScreenEndpoint endpoint;
        QSignalSpy ready(&endpoint, &ScreenEndpoint::ready);
        endpoint.open(record, nullptr);
        QVERIFY(ready.wait(2000));
        QCOMPARE(endpoint.host(), u"127.0.0.1"_s);
        QCOMPARE(endpoint.port(), quint16(5917));
        QVERIFY(!endpoint.crossesNetwork());
        QVERIFY(!endpoint.tunnel());

        // "Through the machine" on this computer: the target itself, no forward.
        LocalMachine local;
        record.vncViaSsh = true;
        endpoint.open(record, &local);
        QVERIFY(ready.wait(2000));
        QVERIFY(endpoint.tunnel());
        QCOMPARE(endpoint.port(), quint16(5917));
        QVERIFY(!endpoint.crossesNetwork());

        // Without the machine: refused, with a reason naming SSH.
        QSignalSpy failed(&endpoint, &ScreenEndpoint::failed);
        endpoint.open(record, nullptr);
        QVERIFY(failed.wait(2000));
        QVERIFY(failed.at(0).at(0).toString().contains(u"SSH"_s));
    }

    void throughSsh()
    {
        SshTestEnvironment env;
        PROTO_REQUIRE_PEER(env.start(), env.sshd.errorString());
        QTcpServer echo;
        QVERIFY(echo.listen(QHostAddress::LocalHost));
        connect(&echo, &QTcpServer::newConnection, this, [&echo] {
            QTcpSocket *peer = echo.nextPendingConnection();
            connect(peer, &QTcpSocket::readyRead, peer, [peer] { peer->write(peer->readAll().toUpper()); });
        });
        SshMachine ssh(env.config());
        MachineRecord record;
        record.name = u"fixture"_s;
        record.vncHost = u"127.0.0.1"_s;
        record.vncPort = echo.serverPort();
        record.vncViaSsh = true;
        ScreenEndpoint endpoint;
        QSignalSpy ready(&endpoint, &ScreenEndpoint::ready);
        endpoint.open(record, &ssh); // connects the machine on its own
        QVERIFY(ready.wait(20000));
        QCOMPARE(endpoint.host(), u"127.0.0.1"_s);
        QVERIFY(endpoint.port() != 0 && endpoint.port() != echo.serverPort());
        QVERIFY(endpoint.crossesNetwork());

        QTcpSocket client;
        client.connectToHost(endpoint.host(), endpoint.port());
        QVERIFY(client.waitForConnected(5000));
        client.write("rfb hello");
        QByteArray back;
        QVERIFY(waitUntil([&] {
            back += client.readAll();
            return back == "RFB HELLO";
        }));
        QVERIFY(endpoint.tunnel()->acceptedConnections() >= 1);

        // The tunnel closing (the machine's connection gone) is reported.
        QSignalSpy failed(&endpoint, &ScreenEndpoint::failed);
        ssh.disconnectFromHost();
        QVERIFY(failed.wait(10000));
        QVERIFY(failed.at(0).at(0).toString().contains(u"fixture"_s));
    }
};

QTEST_GUILESS_MAIN(TstScreenEndpoint)
#include "tst_screenendpoint.moc"
