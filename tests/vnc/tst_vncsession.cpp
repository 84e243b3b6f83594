// Session life: the server vanishes and comes back on the same port (reconnect with backoff),
// the desktop changes size, the clipboard travels both ways, the cursor shape arrives.
#include "fixtureutil.h"
#include "vncclient.h"
#include "x11vncfixture.h"
#include "xdisplayprobe.h"
#include "xvfbfixture.h"
#include "xvncfixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace Proto;

class TstVncSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reconnectsWhenX11VncComesBack();
    void reconnectsWhenXvncComesBack();
    void givesUpAfterAttempts();
    void survivesServerDyingMidWrite();
    void desktopResize();
    void clipboardToServer();
    void clipboardFromServer();
    void cursorShape();
};

void TstVncSession::reconnectsWhenX11VncComesBack()
{
    PROTO_REQUIRE_PEER(ProtoTest::XvfbFixture::available(), QStringLiteral("Xvfb"));
    PROTO_REQUIRE_PEER(ProtoTest::X11VncFixture::available(), QStringLiteral("x11vnc"));
    ProtoTest::XvfbFixture xvfb;
    QString error;
    QVERIFY2(xvfb.start(QSize(320, 240), 24, &error), qPrintable(error));
    ProtoTest::X11VncFixture vnc;
    QVERIFY2(vnc.start(xvfb.display(), QStringLiteral("pw"), &error), qPrintable(error));

    VncClient client;
    client.setPassword(QStringLiteral("pw"));
    QSignalSpy states(&client, &VncClient::stateChanged);
    client.connectToHost(QStringLiteral("127.0.0.1"), vnc.port());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected() && !client.screenshot().isNull(), 15000);

    vnc.kill();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Vnc::State::Reconnecting, 10000);
    QCOMPARE(client.error(), Vnc::Error::ServerClosed);
    QTest::qWait(700); // a few refused attempts while it is away
    QCOMPARE(client.state(), Vnc::State::Reconnecting);
    QVERIFY2(vnc.restart(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Vnc::State::Connected, 20000);
    QCOMPARE(client.error(), Vnc::Error::None);

    // The session works after reconnecting (the password was reused from memory).
    ProtoTest::XDisplayProbe probe;
    QVERIFY(probe.open(xvfb.display()));
    client.movePointer(QPoint(77, 66));
    QTRY_COMPARE_WITH_TIMEOUT(probe.pointerPosition(), QPoint(77, 66), 5000);
    QList<Vnc::State> seen;
    for (const auto &args : std::as_const(states))
        seen << args.first().value<Vnc::State>();
    QVERIFY(seen.contains(Vnc::State::Reconnecting));
    QCOMPARE(seen.last(), Vnc::State::Connected);
}

void TstVncSession::reconnectsWhenXvncComesBack()
{
    PROTO_REQUIRE_PEER(ProtoTest::XvncFixture::available(), QStringLiteral("Xvnc"));
    ProtoTest::XvncFixture xvnc;
    QString error;
    ProtoTest::XvncFixture::Options options;
    options.size = QSize(320, 240);
    QVERIFY2(xvnc.start(options, &error), qPrintable(error));
    VncClient client;
    client.connectToHost(QStringLiteral("127.0.0.1"), xvnc.port());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected() && !client.screenshot().isNull(), 15000);
    xvnc.stop(); // a clean shutdown this time
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Vnc::State::Reconnecting, 10000);
    QVERIFY2(xvnc.restart(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Vnc::State::Connected, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!client.screenshot().isNull(), 10000);
}

void TstVncSession::givesUpAfterAttempts()
{
    PROTO_REQUIRE_PEER(ProtoTest::XvncFixture::available(), QStringLiteral("Xvnc"));
    ProtoTest::XvncFixture xvnc;
    QString error;
    QVERIFY2(xvnc.start({}, &error), qPrintable(error));
    Vnc::Settings settings;
    settings.reconnectAttempts = 3;
    settings.reconnectInitialDelayMs = 50;
    settings.reconnectMaxDelayMs = 100;
    VncClient client;
    client.setSettings(settings);
    client.connectToHost(QStringLiteral("127.0.0.1"), xvnc.port());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), 15000);
    xvnc.kill();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Vnc::State::Failed, 10000);
    QCOMPARE(client.error(), Vnc::Error::ConnectionRefused);
    // The person presses Reconnect once the server is back.
    QVERIFY2(xvnc.restart(&error), qPrintable(error));
    client.reconnect();
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), 15000);
}

void TstVncSession::survivesServerDyingMidWrite()
{
    // Writing to a socket the server has closed must fail the write (EPIPE), not kill us with
    // SIGPIPE: keep typing while the server is killed.
    PROTO_REQUIRE_PEER(ProtoTest::XvncFixture::available(), QStringLiteral("Xvnc"));
    ProtoTest::XvncFixture xvnc;
    QString error;
    QVERIFY2(xvnc.start({}, &error), qPrintable(error));
    Vnc::Settings settings;
    settings.reconnectAttempts = 0;
    VncClient client;
    client.setSettings(settings);
    client.connectToHost(QStringLiteral("127.0.0.1"), xvnc.port());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), 15000);
    client.typeText(QString(3000000, u'x')); // 48 MB of key events: still being typed when the server dies
    QTest::qWait(30);
    xvnc.kill();
    for (int i = 0; i < 50; ++i) {
        client.movePointer(QPoint(i, i));
        QTest::qWait(5);
    }
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Vnc::State::Failed, 10000);
    QCOMPARE(client.error(), Vnc::Error::ServerClosed);
}

void TstVncSession::desktopResize()
{
    PROTO_REQUIRE_PEER(ProtoTest::XvncFixture::available(), QStringLiteral("Xvnc"));
    ProtoTest::XvncFixture xvnc;
    QString error;
    ProtoTest::XvncFixture::Options options;
    options.size = QSize(640, 480);
    QVERIFY2(xvnc.start(options, &error), qPrintable(error));
    ProtoTest::XDisplayProbe probe;
    QVERIFY(probe.open(xvnc.display()));
    VncClient client;
    QSignalSpy resized(&client, &VncClient::framebufferResized);
    client.connectToHost(QStringLiteral("127.0.0.1"), xvnc.port());
    QTRY_COMPARE_WITH_TIMEOUT(client.screenshot().size(), QSize(640, 480), 15000);
    resized.clear();

    client.requestDesktopSize(QSize(800, 600));
    const bool resizedInTime
        = QTest::qWaitFor([&] { return client.framebufferSize() == QSize(800, 600); }, 10000);
    QVERIFY2(resizedInTime, qPrintable(xvnc.log()));
    QTRY_COMPARE_WITH_TIMEOUT(client.screenshot().size(), QSize(800, 600), 10000);
    QVERIFY(!resized.isEmpty());
    QCOMPARE(resized.last().first().toSize(), QSize(800, 600));
    QTRY_COMPARE_WITH_TIMEOUT(probe.screenSize(), QSize(800, 600), 5000);

    // Input lands in the new area, and frames keep flowing.
    client.movePointer(QPoint(790, 590));
    QTRY_COMPARE_WITH_TIMEOUT(probe.pointerPosition(), QPoint(790, 590), 5000);
    probe.fillRoot(0xabcdef);
    QTRY_COMPARE_WITH_TIMEOUT(client.screenshot().pixel(700, 500) & 0xffffff, 0xabcdefu, 10000);
}

void TstVncSession::clipboardToServer()
{
    PROTO_REQUIRE_PEER(ProtoTest::XvncFixture::available(), QStringLiteral("Xvnc"));
    ProtoTest::XvncFixture xvnc;
    QString error;
    QVERIFY2(xvnc.start({}, &error), qPrintable(error));
    ProtoTest::XDisplayProbe probe;
    QVERIFY(probe.open(xvnc.display()));
    VncClient client;
    client.connectToHost(QStringLiteral("127.0.0.1"), xvnc.port());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected() && !client.screenshot().isNull(), 15000);

    const QString text = QStringLiteral("clipboard \u2713 caf\u00e9 $(id)\nline two");
    client.setRemoteClipboard(text);
    QString seen;
    QTRY_VERIFY_WITH_TIMEOUT((seen = probe.readSelection(QStringLiteral("CLIPBOARD"), 500)) == text, 10000);
}

void TstVncSession::clipboardFromServer()
{
    PROTO_REQUIRE_PEER(ProtoTest::XvncFixture::available(), QStringLiteral("Xvnc"));
    ProtoTest::XvncFixture xvnc;
    QString error;
    QVERIFY2(xvnc.start({}, &error), qPrintable(error));
    ProtoTest::XDisplayProbe probe;
    QVERIFY(probe.open(xvnc.display()));
    VncClient client;
    QSignalSpy received(&client, &VncClient::clipboardReceived);
    client.connectToHost(QStringLiteral("127.0.0.1"), xvnc.port());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected() && !client.screenshot().isNull(), 15000);

    const QString text = QStringLiteral("from the server: na\u00efve \u2713");
    probe.ownSelection(QStringLiteral("CLIPBOARD"), text);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            probe.serveSelections(50);
            return !received.isEmpty() && received.last().first().toString() == text;
        }(),
        10000);
}

void TstVncSession::cursorShape()
{
    PROTO_REQUIRE_PEER(ProtoTest::XvncFixture::available(), QStringLiteral("Xvnc"));
    ProtoTest::XvncFixture xvnc;
    QString error;
    QVERIFY2(xvnc.start({}, &error), qPrintable(error));
    VncClient client;
    QSignalSpy cursors(&client, &VncClient::cursorShapeChanged);
    client.connectToHost(QStringLiteral("127.0.0.1"), xvnc.port());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), 15000);
    // A window with a hand cursor; the pointer goes over it.
    ProtoTest::XDisplayProbe probe;
    QVERIFY(probe.open(xvnc.display()));
    QImage white(100, 100, QImage::Format_RGB32);
    white.fill(Qt::white);
    probe.setWindowCursor(probe.showImage(QRect(100, 100, 100, 100), white), 60 /* XC_hand2 */);
    client.movePointer(QPoint(150, 150));
    QTRY_VERIFY_WITH_TIMEOUT(!cursors.isEmpty(), 15000);
    const QImage shape = cursors.last().first().value<QImage>();
    QVERIFY(!shape.isNull());
    QVERIFY(shape.width() <= 1024 && shape.height() <= 1024);
    const QPoint hotspot = cursors.last().at(1).toPoint();
    QVERIFY(QRect(QPoint(0, 0), shape.size()).contains(hotspot));
    QCOMPARE(client.cursorShape(), shape);
    int opaque = 0;
    for (int y = 0; y < shape.height(); ++y) {
        for (int x = 0; x < shape.width(); ++x)
            opaque += qAlpha(shape.pixel(x, y)) == 255 ? 1 : 0;
    }
    QVERIFY(opaque > 0); // the hand is drawn...
    QVERIFY(opaque < shape.width() * shape.height()); // ...with a transparent surround
}

QTEST_GUILESS_MAIN(TstVncSession)
#include "tst_vncsession.moc"
