// Connecting to real VNC servers (x11vnc on Xvfb, TigerVNC Xvnc): no password, VNC password,
// a wrong password, nothing listening, a server offering only security types we do not speak.
#include "fixtureutil.h"
#include "vncclient.h"
#include "x11vncfixture.h"
#include "xvfbfixture.h"
#include "xvncfixture.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace Proto;

class TstVncConnect : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void x11vncWithoutPassword();
    void x11vncWithPassword();
    void x11vncWrongPassword();
    void xvncWithoutPassword();
    void xvncPasswordAskedAsynchronously();
    void xvncWrongPassword();
    void xvncPasswordCancelled();
    void connectionRefused();
    void badTargets_data();
    void badTargets();
    void unsupportedSecurityType();
    void serverClosesDuringHandshake();
    void disconnectIsPromptAndClean();
};

namespace {

bool waitForState(VncClient &client, Vnc::State state, int timeoutMs = 15000)
{
    return QTest::qWaitFor([&] { return client.state() == state; }, timeoutMs);
}

} // namespace

void TstVncConnect::x11vncWithoutPassword()
{
    PROTO_REQUIRE_PEER(ProtoTest::XvfbFixture::available(), QStringLiteral("Xvfb"));
    PROTO_REQUIRE_PEER(ProtoTest::X11VncFixture::available(), QStringLiteral("x11vnc"));
    ProtoTest::XvfbFixture xvfb;
    QString error;
    QVERIFY2(xvfb.start(QSize(640, 480), 24, &error), qPrintable(error));
    ProtoTest::X11VncFixture vnc;
    QVERIFY2(vnc.start(xvfb.display(), {}, &error), qPrintable(error));

    VncClient client;
    QSignalSpy states(&client, &VncClient::stateChanged);
    QSignalSpy frames(&client, &VncClient::frameUpdated);
    client.connectToHost(QStringLiteral("127.0.0.1"), vnc.port());
    QVERIFY2(waitForState(client, Vnc::State::Connected), qPrintable(client.errorString()));
    QCOMPARE(states.first().first().value<Vnc::State>(), Vnc::State::Connecting);
    QTRY_VERIFY_WITH_TIMEOUT(!frames.isEmpty(), 10000);
    QCOMPARE(client.framebufferSize(), QSize(640, 480));
    QCOMPARE(client.screenshot().size(), QSize(640, 480));
    QCOMPARE(client.error(), Vnc::Error::None);
    client.disconnectFromHost();
    QCOMPARE(client.state(), Vnc::State::Disconnected);
    QCOMPARE(client.error(), Vnc::Error::None);
    QVERIFY(!client.screenshot().isNull()); // the last picture stays for the panel
}

void TstVncConnect::x11vncWithPassword()
{
    PROTO_REQUIRE_PEER(ProtoTest::XvfbFixture::available(), QStringLiteral("Xvfb"));
    PROTO_REQUIRE_PEER(ProtoTest::X11VncFixture::available(), QStringLiteral("x11vnc"));
    ProtoTest::XvfbFixture xvfb;
    QString error;
    QVERIFY2(xvfb.start(QSize(320, 200), 24, &error), qPrintable(error));
    ProtoTest::X11VncFixture vnc;
    QVERIFY2(vnc.start(xvfb.display(), QStringLiteral("s3cr3t!"), &error), qPrintable(error));

    VncClient client;
    QSignalSpy asked(&client, &VncClient::passwordRequested);
    client.setPassword(QStringLiteral("s3cr3t!"));
    client.connectToHost(QStringLiteral("127.0.0.1"), vnc.port());
    QVERIFY2(waitForState(client, Vnc::State::Connected), qPrintable(client.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(!client.screenshot().isNull(), 10000);
    QCOMPARE(asked.size(), 0); // the password given up front was used
}

void TstVncConnect::x11vncWrongPassword()
{
    PROTO_REQUIRE_PEER(ProtoTest::XvfbFixture::available(), QStringLiteral("Xvfb"));
    PROTO_REQUIRE_PEER(ProtoTest::X11VncFixture::available(), QStringLiteral("x11vnc"));
    ProtoTest::XvfbFixture xvfb;
    QString error;
    QVERIFY2(xvfb.start(QSize(320, 200), 24, &error), qPrintable(error));
    ProtoTest::X11VncFixture vnc;
    QVERIFY2(vnc.start(xvfb.display(), QStringLiteral("right"), &error), qPrintable(error));

    VncClient client;
    QSignalSpy errors(&client, &VncClient::errorOccurred);
    client.setPassword(QStringLiteral("wrong"));
    client.connectToHost(QStringLiteral("127.0.0.1"), vnc.port());
    QVERIFY(waitForState(client, Vnc::State::Failed));
    QCOMPARE(client.error(), Vnc::Error::AuthenticationFailed);
    QVERIFY2(client.errorString().contains(QLatin1String("refused the password")),
        qPrintable(client.errorString()));
    QCOMPARE(errors.size(), 1);
    QVERIFY(client.screenshot().isNull());
}

void TstVncConnect::xvncWithoutPassword()
{
    PROTO_REQUIRE_PEER(ProtoTest::XvncFixture::available(), QStringLiteral("Xvnc"));
    ProtoTest::XvncFixture xvnc;
    QString error;
    ProtoTest::XvncFixture::Options options;
    options.size = QSize(800, 600);
    QVERIFY2(xvnc.start(options, &error), qPrintable(error));

    VncClient client;
    client.connectToHost(QStringLiteral("127.0.0.1"), xvnc.port());
    QVERIFY2(waitForState(client, Vnc::State::Connected), qPrintable(client.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(client.screenshot().size(), QSize(800, 600), 10000);
    QCOMPARE(client.desktopName(), QStringLiteral("proto-test"));
}

void TstVncConnect::xvncPasswordAskedAsynchronously()
{
    PROTO_REQUIRE_PEER(ProtoTest::XvncFixture::available(), QStringLiteral("Xvnc"));
    ProtoTest::XvncFixture xvnc;
    QString error;
    ProtoTest::XvncFixture::Options options;
    options.size = QSize(400, 300);
    options.password = QStringLiteral("pa$$w0rd");
    QVERIFY2(xvnc.start(options, &error), qPrintable(error));

    VncClient client;
    QObject context;
    connect(&client, &VncClient::passwordRequested, &context, [&client] {
        // As the keychain would: answer a little later, from the event loop.
        QTimer::singleShot(50, &client, [&client] { client.providePassword(QStringLiteral("pa$$w0rd")); });
    });
    QSignalSpy asked(&client, &VncClient::passwordRequested);
    client.connectToHost(QStringLiteral("127.0.0.1"), xvnc.port());
    QVERIFY2(waitForState(client, Vnc::State::Connected), qPrintable(client.errorString()));
    QCOMPARE(asked.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(client.screenshot().size(), QSize(400, 300), 10000);
}

void TstVncConnect::xvncWrongPassword()
{
    PROTO_REQUIRE_PEER(ProtoTest::XvncFixture::available(), QStringLiteral("Xvnc"));
    ProtoTest::XvncFixture xvnc;
    QString error;
    ProtoTest::XvncFixture::Options options;
    options.size = QSize(400, 300);
    options.password = QStringLiteral("right-one");
    QVERIFY2(xvnc.start(options, &error), qPrintable(error));

    VncClient client;
    client.setPassword(QStringLiteral("wrong-one"));
    client.connectToHost(QStringLiteral("127.0.0.1"), xvnc.port());
    QVERIFY(waitForState(client, Vnc::State::Failed));
    QCOMPARE(client.error(), Vnc::Error::AuthenticationFailed);
}

void TstVncConnect::xvncPasswordCancelled()
{
    PROTO_REQUIRE_PEER(ProtoTest::XvncFixture::available(), QStringLiteral("Xvnc"));
    ProtoTest::XvncFixture xvnc;
    QString error;
    ProtoTest::XvncFixture::Options options;
    options.size = QSize(400, 300);
    options.password = QStringLiteral("whatever");
    QVERIFY2(xvnc.start(options, &error), qPrintable(error));

    VncClient client;
    QObject context;
    connect(&client, &VncClient::passwordRequested, &context, [&client] { client.cancelPasswordRequest(); });
    client.connectToHost(QStringLiteral("127.0.0.1"), xvnc.port());
    QVERIFY(waitForState(client, Vnc::State::Failed));
    QCOMPARE(client.error(), Vnc::Error::PasswordRequired);
}

void TstVncConnect::connectionRefused()
{
    const quint16 port = ProtoTest::freeTcpPort();
    VncClient client;
    client.connectToHost(QStringLiteral("127.0.0.1"), port);
    QVERIFY(waitForState(client, Vnc::State::Failed));
    QCOMPARE(client.error(), Vnc::Error::ConnectionRefused);
    QVERIFY(client.errorString().contains(QString::number(port)));
}

void TstVncConnect::badTargets_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<Vnc::Error>("expected");
    QTest::newRow("empty host") << QString() << 5900 << Vnc::Error::HostNotFound;
    QTest::newRow("port 0") << QStringLiteral("127.0.0.1") << 0 << Vnc::Error::ConnectionRefused;
    QTest::newRow("shell in host") << QStringLiteral("$(reboot)") << 5900 << Vnc::Error::HostNotFound;
    QTest::newRow("newline in host") << QStringLiteral("127.0.0.1\nx") << 5900 << Vnc::Error::HostNotFound;
}

void TstVncConnect::badTargets()
{
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(Vnc::Error, expected);
    // None of these may reach a resolver: hosts with spaces, '$' or newlines are not names.
    VncClient client;
    client.connectToHost(host, quint16(port));
    QVERIFY(waitForState(client, Vnc::State::Failed));
    QCOMPARE(client.error(), expected);
    QVERIFY(!client.errorString().isEmpty());
}

namespace {

// A server that speaks just enough RFB to offer the given security types (or hang up).
class FakeRfbServer : public QObject
{
public:
    explicit FakeRfbServer(QByteArray securityTypes, bool hangUp = false)
        : m_types(std::move(securityTypes))
        , m_hangUp(hangUp)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            socket->setParent(this);
            if (m_hangUp) {
                socket->write("RFB 003.008\n");
                socket->flush();
                socket->disconnectFromHost();
                return;
            }
            socket->write("RFB 003.008\n");
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                m_received += socket->readAll();
                if (m_received.size() >= 12 && !m_sentTypes) {
                    m_sentTypes = true;
                    QByteArray msg;
                    msg.append(char(m_types.size()));
                    msg.append(m_types);
                    socket->write(msg);
                }
            });
        });
    }
    quint16 port() const { return m_server.serverPort(); }

private:
    QTcpServer m_server;
    QByteArray m_types;
    QByteArray m_received;
    bool m_sentTypes = false;
    bool m_hangUp = false;
};

} // namespace

void TstVncConnect::unsupportedSecurityType()
{
    FakeRfbServer server(QByteArray("\x63\x64", 2)); // types 99 and 100: nobody's
    VncClient client;
    client.connectToHost(QStringLiteral("127.0.0.1"), server.port());
    QVERIFY(waitForState(client, Vnc::State::Failed));
    QCOMPARE(client.error(), Vnc::Error::UnsupportedSecurity);
}

void TstVncConnect::serverClosesDuringHandshake()
{
    FakeRfbServer server({}, true);
    VncClient client;
    client.connectToHost(QStringLiteral("127.0.0.1"), server.port());
    QVERIFY(waitForState(client, Vnc::State::Failed));
    QCOMPARE(client.error(), Vnc::Error::ServerClosed);
}

void TstVncConnect::disconnectIsPromptAndClean()
{
    PROTO_REQUIRE_PEER(ProtoTest::XvncFixture::available(), QStringLiteral("Xvnc"));
    ProtoTest::XvncFixture xvnc;
    QString error;
    QVERIFY2(xvnc.start({}, &error), qPrintable(error));
    for (int i = 0; i < 3; ++i) {
        VncClient client;
        client.connectToHost(QStringLiteral("127.0.0.1"), xvnc.port());
        QVERIFY2(waitForState(client, Vnc::State::Connected), qPrintable(client.errorString()));
        QElapsedTimer timer;
        timer.start();
        client.disconnectFromHost();
        QVERIFY2(timer.elapsed() < 500, qPrintable(QString::number(timer.elapsed())));
        // And a client destroyed while connecting ends just as cleanly (destructor at scope end).
        VncClient other;
        other.connectToHost(QStringLiteral("127.0.0.1"), xvnc.port());
    }
}

QTEST_GUILESS_MAIN(TstVncConnect)
#include "tst_vncconnect.moc"
