// Input sent through VncClient arrives on the X display: pointer position, clicks, wheel, key
// combinations and typed text, seen by an X window of our own (Xlib, no xdotool needed).
#include "fixtureutil.h"
#include "vncclient.h"
#include "x11vncfixture.h"
#include "xdisplayprobe.h"
#include "xvfbfixture.h"
#include "xvncfixture.h"

#include <QTest>
#include <QTimer>

#include <climits>

using namespace Proto;
using Probe = ProtoTest::XDisplayProbe;

class TstVncInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void clicksArrive_data();
    void clicksArrive();
    void wheelArrives_data();
    void wheelArrives();
    void typedTextArrives_data();
    void typedTextArrives();
    void keyCombinationArrives_data();
    void keyCombinationArrives();
    void ticketsAndStillness();
    void inputWithoutConnectionIsDropped();
    void hostileInput();

private:
    bool setUp(const QString &server);

    std::unique_ptr<ProtoTest::XvfbFixture> m_xvfb;
    std::unique_ptr<ProtoTest::X11VncFixture> m_x11vnc;
    std::unique_ptr<ProtoTest::XvncFixture> m_xvnc;
    std::unique_ptr<Probe> m_probe;
    std::unique_ptr<VncClient> m_client;
    const QRect m_window { 50, 40, 400, 300 };
};

namespace {

void addServers()
{
    QTest::addColumn<QString>("server");
    QTest::newRow("xvnc") << QStringLiteral("xvnc");
    QTest::newRow("x11vnc") << QStringLiteral("x11vnc");
}

QList<Probe::Event> ofType(const QList<Probe::Event> &events, Probe::Event::Type type)
{
    QList<Probe::Event> out;
    for (const Probe::Event &e : events) {
        if (e.type == type)
            out.append(e);
    }
    return out;
}

} // namespace

void TstVncInput::init()
{
    m_probe = std::make_unique<Probe>();
}

void TstVncInput::cleanup()
{
    m_client.reset();
    m_probe.reset();
    m_x11vnc.reset();
    m_xvfb.reset();
    m_xvnc.reset();
}

bool TstVncInput::setUp(const QString &server)
{
    QString error;
    QString display;
    quint16 port = 0;
    if (server == QLatin1String("xvnc")) {
        if (!ProtoTest::XvncFixture::available())
            return false;
        m_xvnc = std::make_unique<ProtoTest::XvncFixture>();
        ProtoTest::XvncFixture::Options options;
        options.size = QSize(640, 480);
        if (!m_xvnc->start(options, &error)) {
            qWarning() << error;
            return false;
        }
        display = m_xvnc->display();
        port = m_xvnc->port();
    } else {
        if (!ProtoTest::XvfbFixture::available() || !ProtoTest::X11VncFixture::available())
            return false;
        m_xvfb = std::make_unique<ProtoTest::XvfbFixture>();
        m_x11vnc = std::make_unique<ProtoTest::X11VncFixture>();
        if (!m_xvfb->start(QSize(640, 480), 24, &error) || !m_x11vnc->start(m_xvfb->display(), {}, &error)) {
            qWarning() << error;
            return false;
        }
        display = m_xvfb->display();
        port = m_x11vnc->port();
    }
    if (!m_probe->open(display))
        return false;
    QImage white(m_window.size(), QImage::Format_RGB32);
    white.fill(Qt::white);
    m_probe->showImage(m_window, white);
    m_client = std::make_unique<VncClient>();
    m_client->connectToHost(QStringLiteral("127.0.0.1"), port);
    return QTest::qWaitFor(
        [this] { return m_client->isConnected() && !m_client->screenshot().isNull(); }, 15000);
}

void TstVncInput::clicksArrive_data()
{
    addServers();
}

void TstVncInput::clicksArrive()
{
    QFETCH(QString, server);
    PROTO_REQUIRE_PEER(setUp(server), server);
    const QPoint at(123, 187);
    m_client->movePointer(at);
    QTRY_COMPARE_WITH_TIMEOUT(m_probe->pointerPosition(), at, 5000);

    m_client->click(QPoint(200, 150));
    auto events = m_probe->takeEvents(5000);
    auto presses = ofType(events, Probe::Event::Type::ButtonDown);
    QCOMPARE(presses.size(), 1);
    QCOMPARE(presses.first().button, 1);
    QCOMPARE(presses.first().position, QPoint(200, 150));
    QCOMPARE(ofType(events, Probe::Event::Type::ButtonUp).size(), 1);

    m_client->click(QPoint(300, 250), Vnc::RightButton);
    presses = ofType(m_probe->takeEvents(5000), Probe::Event::Type::ButtonDown);
    QCOMPARE(presses.size(), 1);
    QCOMPARE(presses.first().button, 3);

    m_client->click(QPoint(210, 160), Vnc::LeftButton, 3);
    QTest::qWait(300);
    presses = ofType(m_probe->takeEvents(5000), Probe::Event::Type::ButtonDown);
    QCOMPARE(presses.size(), 3);
    for (const auto &p : presses)
        QCOMPARE(p.position, QPoint(210, 160));

    // A drag: press at one point, release at another.
    m_client->drag(QPoint(100, 100), QPoint(350, 300));
    events = m_probe->takeEvents(5000);
    const auto down = ofType(events, Probe::Event::Type::ButtonDown);
    const auto up = ofType(events, Probe::Event::Type::ButtonUp);
    QCOMPARE(down.size(), 1);
    QCOMPARE(up.size(), 1);
    QCOMPARE(down.first().position, QPoint(100, 100));
    QCOMPARE(up.first().position, QPoint(350, 300));
}

void TstVncInput::wheelArrives_data()
{
    addServers();
}

void TstVncInput::wheelArrives()
{
    QFETCH(QString, server);
    PROTO_REQUIRE_PEER(setUp(server), server);
    m_client->scroll(QPoint(200, 200), 0, 3);
    QTest::qWait(200);
    auto presses = ofType(m_probe->takeEvents(5000), Probe::Event::Type::ButtonDown);
    QCOMPARE(presses.size(), 3);
    for (const auto &p : presses)
        QCOMPARE(p.button, 5);
    m_client->scroll(QPoint(200, 200), -2, -1);
    QTest::qWait(200);
    presses = ofType(m_probe->takeEvents(5000), Probe::Event::Type::ButtonDown);
    QCOMPARE(presses.size(), 3);
    QCOMPARE(presses.at(0).button, 4); // up
    QCOMPARE(presses.at(1).button, 6); // left
    QCOMPARE(presses.at(2).button, 6);
}

void TstVncInput::typedTextArrives_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("text");
    const QString plain = QStringLiteral("Hello, World! 123 $(echo hi) `id` ~/a_b-c=d+e;'\"<>?");
    const QString longText
        = QString(QStringLiteral("the quick brown fox jumps over the lazy dog. ")).repeated(6);
    QTest::newRow("xvnc plain") << QStringLiteral("xvnc") << plain;
    QTest::newRow("xvnc long (chunked)") << QStringLiteral("xvnc") << longText;
    QTest::newRow("xvnc latin1") << QStringLiteral("xvnc") << QStringLiteral("caf\u00e9 na\u00efve \u00bd");
    QTest::newRow("x11vnc plain") << QStringLiteral("x11vnc") << plain;
}

void TstVncInput::typedTextArrives()
{
    QFETCH(QString, server);
    QFETCH(QString, text);
    PROTO_REQUIRE_PEER(setUp(server), server);
    m_client->movePointer(QPoint(200, 200));
    m_client->typeText(text);
    QString typed;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const auto &e : ofType(m_probe->takeEvents(200), Probe::Event::Type::KeyDown))
                typed += e.text;
            return typed.size() >= text.size();
        }(),
        20000);
    QCOMPARE(typed, text);
}

void TstVncInput::keyCombinationArrives_data()
{
    addServers();
}

void TstVncInput::keyCombinationArrives()
{
    QFETCH(QString, server);
    PROTO_REQUIRE_PEER(setUp(server), server);
    m_client->movePointer(QPoint(200, 200));
    QString error;
    QVERIFY(m_client->pressKeys(QStringLiteral("ctrl+shift+t"), &error));
    QList<Probe::Event> downs;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            downs += ofType(m_probe->takeEvents(200), Probe::Event::Type::KeyDown);
            return downs.size() >= 3;
        }(),
        10000);
    QStringList names;
    for (const auto &e : std::as_const(downs))
        names << e.keysymName;
    QCOMPARE(
        names, (QStringList { QStringLiteral("Control_L"), QStringLiteral("Shift_L"), QStringLiteral("T") }));
    QVERIFY(downs.at(2).control && downs.at(2).shift); // the application sees Ctrl+Shift+T

    QVERIFY(m_client->pressKeys(QStringLiteral("F5")));
    QVERIFY(m_client->pressKeys(QStringLiteral("Page_Down")));
    QVERIFY(m_client->pressKeys(QStringLiteral("BackSpace")));
    QStringList more;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const auto &e : ofType(m_probe->takeEvents(200), Probe::Event::Type::KeyDown))
                more << e.keysymName;
            return more.size() >= 3;
        }(),
        10000);
    QCOMPARE(
        more, (QStringList { QStringLiteral("F5"), QStringLiteral("Next"), QStringLiteral("BackSpace") }));

    QVERIFY(!m_client->pressKeys(QStringLiteral("ctrl+nonsense"), &error));
    QVERIFY(error.contains(QLatin1String("nonsense")));
}

void TstVncInput::ticketsAndStillness()
{
    PROTO_REQUIRE_PEER(setUp(QStringLiteral("xvnc")), QStringLiteral("xvnc"));
    QObject context;
    bool written = false;
    bool settled = false;
    const quint64 ticket = m_client->click(QPoint(100, 100));
    m_client->whenWritten(ticket, &context, [&](bool ok) {
        written = ok;
        settled = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(settled, 5000);
    QVERIFY(written);

    // Keep the screen busy for a while: whenStill must wait for the end, then hand the frame.
    QTimer busy;
    int repaints = 0;
    connect(&busy, &QTimer::timeout, &context, [&] {
        m_probe->fillRoot(repaints % 2 ? 0xff0000 : 0x00ff00);
        if (++repaints == 12)
            busy.stop();
    });
    busy.start(40);
    bool still = false;
    bool done = false;
    QImage frame;
    QElapsedTimer timer;
    timer.start();
    QTest::qWait(100);
    m_client->whenStill(250, 5000, &context, [&](bool s, const QImage &f) {
        still = s;
        frame = f;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 8000);
    QVERIFY(still);
    QVERIFY(!busy.isActive());
    QVERIFY(!frame.isNull());
    QVERIFY2(timer.elapsed() >= 12 * 40, qPrintable(QString::number(timer.elapsed())));

    // Bounded: a screen that never settles gives up at the timeout.
    repaints = -1000;
    busy.start(20);
    done = false;
    timer.restart();
    m_client->whenStill(300, 600, &context, [&](bool s, const QImage &) {
        still = s;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 3000);
    QVERIFY(!still);
    QVERIFY(timer.elapsed() >= 550);
    busy.stop();
}

void TstVncInput::inputWithoutConnectionIsDropped()
{
    VncClient client;
    QObject context;
    bool settled = false;
    bool written = true;
    client.whenWritten(client.click(QPoint(1, 1)), &context, [&](bool ok) {
        written = ok;
        settled = true;
    });
    QTRY_VERIFY(settled);
    QVERIFY(!written);
}

void TstVncInput::hostileInput()
{
    PROTO_REQUIRE_PEER(setUp(QStringLiteral("xvnc")), QStringLiteral("xvnc"));
    // Coordinates far outside the screen are clamped to its edge.
    m_client->movePointer(QPoint(-50, 99999));
    QTRY_COMPARE_WITH_TIMEOUT(m_probe->pointerPosition(), QPoint(0, 479), 5000);
    m_client->movePointer(QPoint(INT_MAX, INT_MIN));
    QTRY_COMPARE_WITH_TIMEOUT(m_probe->pointerPosition(), QPoint(639, 0), 5000);

    // Text full of control characters, lone surrogates and astral characters: the printable ones
    // are typed, the rest dropped, nothing wedges the connection.
    QString nasty;
    for (char16_t c = 0; c < 0x20; ++c)
        nasty += QChar(c);
    nasty += QChar(0xd800) + QStringLiteral("ok") + QChar(0xdc00) + QStringLiteral("\U0001F600\u200b");
    QObject context;
    bool written = false;
    m_client->whenWritten(m_client->typeText(nasty), &context, [&](bool ok) { written = ok; });
    QTRY_VERIFY_WITH_TIMEOUT(written, 10000);
    m_probe->takeEvents(500);

    // Absurd desktop sizes are refused without a word to the server.
    const QSize before = m_client->framebufferSize();
    m_client->requestDesktopSize(QSize(0, 0));
    m_client->requestDesktopSize(QSize(-5, 100));
    m_client->requestDesktopSize(QSize(100000, 100000));
    QTest::qWait(300);
    QCOMPARE(m_client->framebufferSize(), before);
    QVERIFY(m_client->isConnected());

    // Bad key names are refused before anything is sent.
    QString error;
    QVERIFY(!m_client->pressKeys(QStringLiteral("ctrl+"), &error));
    QVERIFY(!m_client->pressKeys(QString(5000, u'a'), &error));
    m_client->click(QPoint(100, 100));
    const auto events = m_probe->takeEvents(3000);
    QVERIFY(!events.isEmpty()); // still alive
}

QTEST_GUILESS_MAIN(TstVncInput)
#include "tst_vncinput.moc"
