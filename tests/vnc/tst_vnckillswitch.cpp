// The kill switch on a screen: engaging it (KillSwitch::engaged wired to VncClient::dropInput, as
// the app and proto-cli wire it) releases the mouse buttons and keys held down on the real Xvnc
// server, drops input still queued, and input sent afterwards arrives as usual. Taking over the
// screen drops the agent's queued input the same way. An X window of our own watches.
#include "fixtureutil.h"
#include "killswitch.h"
#include "vncclient.h"
#include "xdisplayprobe.h"
#include "xvncfixture.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <functional>
#include <optional>

using namespace Proto;
using namespace Qt::StringLiterals;
using Probe = ProtoTest::XDisplayProbe;

namespace {

QList<Probe::Event> ofType(const QList<Probe::Event> &events, Probe::Event::Type type)
{
    QList<Probe::Event> out;
    for (const Probe::Event &e : events)
        if (e.type == type)
            out.append(e);
    return out;
}

constexpr quint32 kKeyA = 0x61; // XK_a

} // namespace

class TstVncKillSwitch : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ProtoTest::XvncFixture> m_xvnc;
    std::unique_ptr<Probe> m_probe;
    std::unique_ptr<VncClient> m_client;
    const QRect m_window { 0, 0, 640, 480 };

    bool setUp()
    {
        if (!ProtoTest::XvncFixture::available())
            return false;
        m_xvnc = std::make_unique<ProtoTest::XvncFixture>();
        ProtoTest::XvncFixture::Options options;
        options.size = QSize(640, 480);
        QString error;
        if (!m_xvnc->start(options, &error)) {
            qWarning() << error;
            return false;
        }
        m_probe = std::make_unique<Probe>();
        if (!m_probe->open(m_xvnc->display()))
            return false;
        QImage white(m_window.size(), QImage::Format_RGB32);
        white.fill(Qt::white);
        m_probe->showImage(m_window, white);
        m_client = std::make_unique<VncClient>();
        m_client->connectToHost(u"127.0.0.1"_s, m_xvnc->port());
        return QTest::qWaitFor(
            [this] { return m_client->isConnected() && !m_client->screenshot().isNull(); }, 15000);
    }

    // Events until `done` says enough, or 5 s.
    QList<Probe::Event> collect(const std::function<bool(const QList<Probe::Event> &)> &done)
    {
        QList<Probe::Event> all;
        QElapsedTimer clock;
        clock.start();
        while (!done(all) && clock.elapsed() < 5000)
            all += m_probe->takeEvents(300);
        return all;
    }

private Q_SLOTS:
    void cleanup()
    {
        m_client.reset();
        m_probe.reset();
        m_xvnc.reset();
    }

    void engageReleasesHeldButtonAndKey()
    {
        PROTO_REQUIRE_PEER(setUp(), u"Xvnc"_s);
        KillSwitch kill;
        connect(&kill, &KillSwitch::engaged, m_client.get(), &VncClient::dropInput);

        // The agent holds the left button (a drag in progress) and a key.
        m_client->pressButton(QPoint(200, 150), Vnc::LeftButton);
        m_client->sendKey(kKeyA, true);
        auto events = collect([](const QList<Probe::Event> &e) {
            return ofType(e, Probe::Event::Type::ButtonDown).size() == 1
                && ofType(e, Probe::Event::Type::KeyDown).size() == 1;
        });
        QCOMPARE(ofType(events, Probe::Event::Type::ButtonDown).size(), 1);
        QCOMPARE(ofType(events, Probe::Event::Type::KeyDown).size(), 1);
        QCOMPARE(ofType(events, Probe::Event::Type::ButtonUp).size(), 0);
        QCOMPARE(ofType(events, Probe::Event::Type::KeyUp).size(), 0);

        kill.engage(u"test"_s);
        events = collect([](const QList<Probe::Event> &e) {
            return ofType(e, Probe::Event::Type::ButtonUp).size() == 1
                && ofType(e, Probe::Event::Type::KeyUp).size() == 1;
        });
        QCOMPARE(ofType(events, Probe::Event::Type::ButtonUp).size(), 1);
        QCOMPARE(ofType(events, Probe::Event::Type::KeyUp).size(), 1);
        const auto up = ofType(events, Probe::Event::Type::ButtonUp);
        QCOMPARE(up.first().button, 1);
        QCOMPARE(up.first().position, QPoint(200, 150)); // released where it was held
        QCOMPARE(ofType(events, Probe::Event::Type::KeyUp).first().keysymName, u"a"_s);
        QCOMPARE(ofType(events, Probe::Event::Type::ButtonDown).size(), 0);

        // Nothing is held any more; a second drop sends nothing.
        m_client->dropInput();
        QCOMPARE(m_probe->takeEvents(500).size(), 0);
        // Input sent afterwards works as before.
        m_client->click(QPoint(300, 200));
        events = m_probe->takeEvents(5000);
        QCOMPARE(ofType(events, Probe::Event::Type::ButtonDown).size(), 1);
        QCOMPARE(ofType(events, Probe::Event::Type::ButtonDown).first().position, QPoint(300, 200));
    }

    void engageDropsQueuedInput()
    {
        PROTO_REQUIRE_PEER(setUp(), u"Xvnc"_s);
        KillSwitch kill;
        connect(&kill, &KillSwitch::engaged, m_client.get(), &VncClient::dropInput);
        // Far more text than goes out before the next poll (it is typed in small chunks).
        const QString text = QString(u'x').repeated(20000);
        const quint64 typed = m_client->typeText(text);
        const quint64 clicked = m_client->click(QPoint(100, 100));
        std::optional<bool> typedWritten;
        std::optional<bool> clickWritten;
        m_client->whenWritten(typed, this, [&](bool written) { typedWritten = written; });
        m_client->whenWritten(clicked, this, [&](bool written) { clickWritten = written; });
        kill.engage(u"test"_s);
        QTRY_VERIFY_WITH_TIMEOUT(typedWritten.has_value() && clickWritten.has_value(), 5000);
        QCOMPARE(*typedWritten, false);
        QCOMPARE(*clickWritten, false);
        const auto events = m_probe->takeEvents(2000);
        QVERIFY2(ofType(events, Probe::Event::Type::KeyDown).size() < text.size(),
            qPrintable(QString::number(ofType(events, Probe::Event::Type::KeyDown).size())));
        QCOMPARE(ofType(events, Probe::Event::Type::ButtonDown).size(), 0); // the click never went
        // Every key that went down came up again.
        QCOMPARE(ofType(events, Probe::Event::Type::KeyUp).size(),
            ofType(events, Probe::Event::Type::KeyDown).size());
    }

    void takingOverDropsTheAgentsInput()
    {
        PROTO_REQUIRE_PEER(setUp(), u"Xvnc"_s);
        QSignalSpy changed(m_client.get(), &VncClient::personControlChanged);
        m_client->pressButton(QPoint(50, 60), Vnc::LeftButton);
        QCOMPARE(ofType(m_probe->takeEvents(5000), Probe::Event::Type::ButtonDown).size(), 1);
        const quint64 typed = m_client->typeText(QString(u'y').repeated(20000));
        std::optional<bool> written;
        m_client->whenWritten(typed, this, [&](bool w) { written = w; });
        m_client->setPersonInControl(true);
        QVERIFY(m_client->personInControl());
        QCOMPARE(m_client->personControlCount(), 1u);
        QCOMPARE(changed.count(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 5000);
        QCOMPARE(*written, false);
        const auto events = m_probe->takeEvents(2000);
        QCOMPARE(ofType(events, Probe::Event::Type::ButtonUp).size(), 1);
        // The person's own input goes through.
        m_client->sendPointer(QPoint(400, 300), Vnc::LeftButton);
        m_client->sendPointer(QPoint(400, 300), 0);
        QCOMPARE(ofType(m_probe->takeEvents(5000), Probe::Event::Type::ButtonDown).size(), 1);
        m_client->setPersonInControl(false);
        QVERIFY(!m_client->personInControl());
        QCOMPARE(changed.count(), 2);
        QCOMPARE(m_client->personControlCount(), 1u);
    }
};

QTEST_MAIN(TstVncKillSwitch)
#include "tst_vnckillswitch.moc"
