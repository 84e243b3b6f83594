// The computer-use tool against real VNC servers (Xvnc, and Xvfb + x11vnc) on 127.0.0.1:
// scaled screenshots that match the display, clicks, typing, key combinations, scrolls and
// drags that arrive in an X window of our own at exactly mapped coordinates, hostile input and
// the missing-connection error.
#include "computertool.h"
#include "fixtureutil.h"
#include "toolregistry.h"
#include "vncclient.h"
#include "x11vncfixture.h"
#include "xdisplayprobe.h"
#include "xvfbfixture.h"
#include "xvncfixture.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPainter>
#include <QTest>
#include <QTimer>

using namespace Proto;
using Probe = ProtoTest::XDisplayProbe;

class TstComputerTool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void definitions();
    void versionForModel();
    void noConnection();
    void screenshotIsScaledAndMatches_data();
    void screenshotIsScaledAndMatches();
    void clickArrivesAtMappedPoint_data();
    void clickArrivesAtMappedPoint();
    void typedTextArrives_data();
    void typedTextArrives();
    void keyCombinations();
    void scrollArrives();
    void dragArrives();
    void modifierClickAndCursorPosition();
    void zoomShowsRegion();
    void hostileInput_data();
    void hostileInput();
    void runsThroughRegistry();
    void takeOverPausesTheAgent();
    void waitEndsWhenControlReturns();

private:
    bool setUp(const QString &server, QSize size);
    ToolResult call(const QJsonObject &input, int timeoutMs = 15000);
    QImage image(const ToolResult &result) const;

    std::unique_ptr<ProtoTest::XvfbFixture> m_xvfb;
    std::unique_ptr<ProtoTest::X11VncFixture> m_x11vnc;
    std::unique_ptr<ProtoTest::XvncFixture> m_xvnc;
    std::unique_ptr<Probe> m_probe;
    std::unique_ptr<VncClient> m_client;
    std::unique_ptr<ComputerTool> m_tool;
    QSize m_size;
};

namespace {

QList<Probe::Event> ofType(const QList<Probe::Event> &events, Probe::Event::Type type)
{
    QList<Probe::Event> out;
    for (const Probe::Event &e : events) {
        if (e.type == type)
            out.append(e);
    }
    return out;
}

QJsonArray point(int x, int y)
{
    return QJsonArray { x, y };
}

QJsonObject act(const QString &action, const QJsonObject &more = {})
{
    QJsonObject input = more;
    input.insert(QStringLiteral("action"), action);
    return input;
}

// A test card: four coloured quadrants and a white cross, big features so scaling keeps them.
QImage testCard(QSize size)
{
    QImage img(size, QImage::Format_RGB32);
    QPainter p(&img);
    const int w = size.width() / 2, h = size.height() / 2;
    p.fillRect(0, 0, w, h, QColor(200, 30, 30));
    p.fillRect(w, 0, size.width() - w, h, QColor(30, 180, 40));
    p.fillRect(0, h, w, size.height() - h, QColor(30, 60, 210));
    p.fillRect(w, h, size.width() - w, size.height() - h, QColor(230, 200, 20));
    p.fillRect(w - 20, 0, 40, size.height(), Qt::white);
    return img;
}

} // namespace

void TstComputerTool::cleanup()
{
    m_tool.reset();
    m_client.reset();
    m_probe.reset();
    m_x11vnc.reset();
    m_xvfb.reset();
    m_xvnc.reset();
}

bool TstComputerTool::setUp(const QString &server, QSize size)
{
    QString error;
    QString display;
    quint16 port = 0;
    m_size = size;
    if (server == QLatin1String("xvnc")) {
        if (!ProtoTest::XvncFixture::available())
            return false;
        m_xvnc = std::make_unique<ProtoTest::XvncFixture>();
        ProtoTest::XvncFixture::Options options;
        options.size = size;
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
        if (!m_xvfb->start(size, 24, &error) || !m_x11vnc->start(m_xvfb->display(), {}, &error)) {
            qWarning() << error;
            return false;
        }
        display = m_xvfb->display();
        port = m_x11vnc->port();
    }
    m_probe = std::make_unique<Probe>();
    if (!m_probe->open(display))
        return false;
    m_probe->fillRoot(0x202020);
    // Our event window covers the whole screen, so every click lands in it.
    m_probe->showImage(QRect(QPoint(0, 0), size), testCard(size));
    m_client = std::make_unique<VncClient>();
    m_client->connectToHost(QStringLiteral("127.0.0.1"), port);
    ComputerTool::Options options;
    options.version = ComputerTool::Version::Computer20251124;
    m_tool = std::make_unique<ComputerTool>(m_client.get(), options);
    return QTest::qWaitFor(
        [this] {
            return m_client->isConnected() && m_client->framebufferSize() == m_size
                && !m_client->screenshot().isNull();
        },
        15000);
}

ToolResult TstComputerTool::call(const QJsonObject &input, int timeoutMs)
{
    std::unique_ptr<ToolJob> job(m_tool->run(input, ToolContext {}));
    if (!QTest::qWaitFor([&job] { return job->isFinished(); }, timeoutMs))
        return ToolResult::error(QStringLiteral("test: the tool call did not finish"));
    return job->result();
}

QImage TstComputerTool::image(const ToolResult &result) const
{
    for (const ToolContent &c : result.content) {
        if (c.kind == ToolContent::Kind::Image)
            return QImage::fromData(c.imageData);
    }
    return {};
}

void TstComputerTool::definitions()
{
    VncClient idle;
    ComputerTool tool(&idle);
    QCOMPARE(tool.name(), QStringLiteral("computer"));
    QJsonObject def = tool.anthropicDefinition();
    QCOMPARE(def.value(u"type").toString(), QStringLiteral("computer_20250124"));
    QCOMPARE(def.value(u"name").toString(), QStringLiteral("computer"));
    QCOMPARE(def.value(u"display_width_px").toInt(), 1024); // assumed before the first frame
    QCOMPARE(def.value(u"display_height_px").toInt(), 768);
    QVERIFY(!def.contains(u"display_number"));
    QVERIFY(!def.contains(u"enable_zoom"));
    QCOMPARE(ComputerTool::betaHeader(ComputerTool::Version::Computer20250124),
        QStringLiteral("computer-use-2025-01-24"));
    QVERIFY(!tool.inputSchema().value(u"properties").toObject().contains(u"region"));

    ComputerTool::Options options;
    options.version = ComputerTool::Version::Computer20251124;
    options.displayNumber = 1;
    ComputerTool zoom(&idle, options);
    def = zoom.anthropicDefinition();
    QCOMPARE(def.value(u"type").toString(), QStringLiteral("computer_20251124"));
    QCOMPARE(def.value(u"display_number").toInt(), 1);
    QCOMPARE(def.value(u"enable_zoom").toBool(), true);
    QCOMPARE(ComputerTool::betaHeader(options.version), QStringLiteral("computer-use-2025-11-24"));
    QVERIFY(ComputerTool::actions(options.version).contains(QStringLiteral("zoom")));

    // OpenAI flavour: a JSON-schema function with every action.
    const QJsonObject fn = zoom.openAiDefinition().value(u"function").toObject();
    QCOMPARE(fn.value(u"name").toString(), QStringLiteral("computer"));
    QVERIFY(fn.value(u"description").toString().contains(QStringLiteral("1024x768")));
    const QJsonArray actions = fn.value(u"parameters")
                                   .toObject()
                                   .value(u"properties")
                                   .toObject()
                                   .value(u"action")
                                   .toObject()
                                   .value(u"enum")
                                   .toArray();
    QCOMPARE(actions.size(), 17);

    // Through the registry, the Anthropic flavour carries the typed definition.
    ToolRegistry registry;
    registry.add(std::make_unique<ComputerTool>(&idle, options));
    const QJsonArray defs = registry.definitions(ToolRegistry::Flavor::Anthropic);
    QCOMPARE(defs.size(), 1);
    QCOMPARE(defs.at(0).toObject().value(u"display_width_px").toInt(), 1024);

    // The audit/approval line.
    QCOMPARE(tool.describeCall(
                 act(QStringLiteral("left_click"), { { QStringLiteral("coordinate"), point(10, 20) } })),
        QStringLiteral("Left click at (10, 20)"));
    QCOMPARE(tool.describeCall(
                 act(QStringLiteral("key"), { { QStringLiteral("text"), QStringLiteral("ctrl+s") } })),
        QStringLiteral("Press ctrl+s"));
    QVERIFY(
        tool.describeCall(
                act(QStringLiteral("type"), { { QStringLiteral("text"), QStringLiteral("hi\nthere") } }))
            .startsWith(QStringLiteral("Type \"hi⏎there\"")));
}

void TstComputerTool::versionForModel()
{
    QCOMPARE(ComputerTool::versionForModel(QStringLiteral("claude-opus-4-5-20251101")),
        ComputerTool::Version::Computer20251124);
    QCOMPARE(ComputerTool::versionForModel(QStringLiteral("claude-opus-4-8")),
        ComputerTool::Version::Computer20251124);
    QCOMPARE(ComputerTool::versionForModel(QStringLiteral("claude-sonnet-4-6")),
        ComputerTool::Version::Computer20251124);
    QCOMPARE(ComputerTool::versionForModel(QStringLiteral("claude-sonnet-4-5")),
        ComputerTool::Version::Computer20250124);
    QCOMPARE(ComputerTool::versionForModel(QString()), ComputerTool::Version::Computer20250124);
    // A model that takes only the toolset form is not offered a tool the API would refuse.
    QVERIFY(ComputerTool::unavailableReason(QStringLiteral("claude-opus-4-8")).isEmpty());
    QVERIFY(ComputerTool::unavailableReason(QString()).isEmpty());
    const QString reason = ComputerTool::unavailableReason(QStringLiteral("claude-opus-5-5"));
    QVERIFY2(reason.contains(QStringLiteral("computer_toolset_20260801")), qPrintable(reason));
}

void TstComputerTool::noConnection()
{
    m_tool = std::make_unique<ComputerTool>(nullptr);
    ToolResult r = call(act(QStringLiteral("screenshot")));
    QVERIFY(r.isError);
    QVERIFY2(r.text().contains(QStringLiteral("no VNC connection")), qPrintable(r.text()));

    // A client that failed to connect says why.
    m_client = std::make_unique<VncClient>();
    Vnc::Settings settings;
    settings.reconnectAttempts = 0;
    settings.connectTimeoutMs = 2000;
    m_client->setSettings(settings);
    m_client->connectToHost(QStringLiteral("127.0.0.1"), quint16(ProtoTest::freeTcpPort()));
    m_tool->setClient(m_client.get());
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), Vnc::State::Failed, 10000);
    r = call(act(QStringLiteral("left_click"), { { QStringLiteral("coordinate"), point(1, 1) } }));
    QVERIFY(r.isError);
    QVERIFY2(
        r.text().startsWith(QStringLiteral("The computer's screen is not available")), qPrintable(r.text()));
}

void TstComputerTool::screenshotIsScaledAndMatches_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QSize>("scaled");
    QTest::newRow("xvnc 1920x1080") << QStringLiteral("xvnc") << QSize(1920, 1080) << QSize(1280, 720);
    QTest::newRow("x11vnc 1024x768") << QStringLiteral("x11vnc") << QSize(1024, 768) << QSize(1024, 768);
    QTest::newRow("xvnc 1280x1024") << QStringLiteral("xvnc") << QSize(1280, 1024) << QSize(960, 768);
}

void TstComputerTool::screenshotIsScaledAndMatches()
{
    QFETCH(QString, server);
    QFETCH(QSize, size);
    QFETCH(QSize, scaled);
    PROTO_REQUIRE_PEER(setUp(server, size), server);
    QCOMPARE(m_tool->anthropicDefinition().value(u"display_width_px").toInt(), scaled.width());
    QCOMPARE(m_tool->anthropicDefinition().value(u"display_height_px").toInt(), scaled.height());

    const ToolResult r = call(act(QStringLiteral("screenshot")));
    QVERIFY2(!r.isError, qPrintable(r.text()));
    QCOMPARE(r.content.last().mediaType, QStringLiteral("image/png"));
    const QImage shot = image(r);
    QCOMPARE(shot.size(), scaled);
    // The Anthropic block carries it base64-encoded.
    const QJsonObject block = r.toAnthropicBlock(QStringLiteral("toolu_1"));
    const QJsonObject source
        = block.value(u"content").toArray().last().toObject().value(u"source").toObject();
    QCOMPARE(QByteArray::fromBase64(source.value(u"data").toString().toLatin1()), r.content.last().imageData);

    // Pixels: the X server's own screen, scaled the same way, agrees (away from edges).
    const QImage expected
        = m_probe->grabRoot().scaled(scaled, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    const QList<QPointF> samples { { 0.25, 0.25 }, { 0.75, 0.25 }, { 0.25, 0.75 }, { 0.75, 0.75 },
        { 0.5, 0.5 }, { 0.1, 0.9 }, { 0.9, 0.1 } };
    for (const QPointF &f : samples) {
        const QPoint p(int(f.x() * scaled.width()), int(f.y() * scaled.height()));
        const QColor a = shot.pixelColor(p), b = expected.pixelColor(p);
        QVERIFY2(qAbs(a.red() - b.red()) <= 8 && qAbs(a.green() - b.green()) <= 8
                && qAbs(a.blue() - b.blue()) <= 8,
            qPrintable(QStringLiteral("at %1,%2: %3 vs %4").arg(p.x()).arg(p.y()).arg(a.name(), b.name())));
    }
}

void TstComputerTool::clickArrivesAtMappedPoint_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QPoint>("model");
    QTest::addColumn<QPoint>("expected");
    QTest::newRow("xvnc scaled centre")
        << QStringLiteral("xvnc") << QSize(1920, 1080) << QPoint(640, 360) << QPoint(960, 540);
    QTest::newRow("xvnc scaled odd") << QStringLiteral("xvnc") << QSize(1920, 1080) << QPoint(333, 177)
                                     << QPoint(500, 266);
    QTest::newRow("xvnc scaled corner")
        << QStringLiteral("xvnc") << QSize(1920, 1080) << QPoint(1279, 719) << QPoint(1919, 1079);
    QTest::newRow("x11vnc 1:1") << QStringLiteral("x11vnc") << QSize(1024, 768) << QPoint(517, 301)
                                << QPoint(517, 301);
}

void TstComputerTool::clickArrivesAtMappedPoint()
{
    QFETCH(QString, server);
    QFETCH(QSize, size);
    QFETCH(QPoint, model);
    QFETCH(QPoint, expected);
    PROTO_REQUIRE_PEER(setUp(server, size), server);
    const ToolResult r = call(
        act(QStringLiteral("left_click"), { { QStringLiteral("coordinate"), point(model.x(), model.y()) } }));
    QVERIFY2(!r.isError, qPrintable(r.text()));
    QVERIFY(!image(r).isNull()); // a screenshot follows every action
    const auto presses = ofType(m_probe->takeEvents(5000), Probe::Event::Type::ButtonDown);
    QCOMPARE(presses.size(), 1);
    QCOMPARE(presses.first().button, 1);
    QCOMPARE(presses.first().position, expected);
    QCOMPARE(m_probe->pointerPosition(), expected);

    const ToolResult pos = call(act(QStringLiteral("cursor_position")));
    QCOMPARE(pos.text(), QStringLiteral("X=%1,Y=%2").arg(model.x()).arg(model.y()));

    const ToolResult right
        = call(act(QStringLiteral("right_click"), { { QStringLiteral("coordinate"), point(5, 6) } }));
    QVERIFY(!right.isError);
    const auto rights = ofType(m_probe->takeEvents(5000), Probe::Event::Type::ButtonDown);
    QCOMPARE(rights.size(), 1);
    QCOMPARE(rights.first().button, 3);
    QCOMPARE(rights.first().position, m_tool->mapping().toFramebuffer(QPoint(5, 6)));

    QVERIFY(!call(act(QStringLiteral("triple_click"))).isError); // at the pointer
    QCOMPARE(ofType(m_probe->takeEvents(5000), Probe::Event::Type::ButtonDown).size(), 3);
}

void TstComputerTool::typedTextArrives_data()
{
    QTest::addColumn<QString>("server");
    QTest::newRow("xvnc") << QStringLiteral("xvnc");
    QTest::newRow("x11vnc") << QStringLiteral("x11vnc");
}

void TstComputerTool::typedTextArrives()
{
    QFETCH(QString, server);
    PROTO_REQUIRE_PEER(setUp(server, QSize(1024, 768)), server);
    // Longer than one chunk, with shifted characters and punctuation.
    const QString text = QStringLiteral("Hello, World! typed by the agent: 0123456789 ABC xyz (a+b)=c; ok?");
    const ToolResult r = call(act(QStringLiteral("type"), { { QStringLiteral("text"), text } }), 30000);
    QVERIFY2(!r.isError, qPrintable(r.text()));
    QString typed;
    for (const Probe::Event &e : ofType(m_probe->takeEvents(5000), Probe::Event::Type::KeyDown))
        typed += e.text;
    QCOMPARE(typed, text);
}

void TstComputerTool::keyCombinations()
{
    PROTO_REQUIRE_PEER(setUp(QStringLiteral("xvnc"), QSize(1024, 768)), QStringLiteral("xvnc"));
    ToolResult r
        = call(act(QStringLiteral("key"), { { QStringLiteral("text"), QStringLiteral("ctrl+shift+t") } }));
    QVERIFY2(!r.isError, qPrintable(r.text()));
    auto downs = ofType(m_probe->takeEvents(5000), Probe::Event::Type::KeyDown);
    QCOMPARE(downs.size(), 3);
    QVERIFY(downs.last().control);
    QVERIFY(downs.last().shift);
    QCOMPARE(downs.last().keysymName.toLower(), QStringLiteral("t"));

    // A sequence: "ctrl+a Delete" presses ctrl+a, then Delete alone.
    r = call(act(QStringLiteral("key"), { { QStringLiteral("text"), QStringLiteral("ctrl+a Delete") } }));
    QVERIFY(!r.isError);
    downs = ofType(m_probe->takeEvents(5000), Probe::Event::Type::KeyDown);
    QCOMPARE(downs.size(), 3);
    QCOMPARE(downs.at(1).keysymName, QStringLiteral("a"));
    QVERIFY(downs.at(1).control);
    QCOMPARE(downs.at(2).keysymName, QStringLiteral("Delete"));
    QVERIFY(!downs.at(2).control);

    // hold_key keeps the key down for the duration.
    QElapsedTimer timer;
    timer.start();
    r = call(act(QStringLiteral("hold_key"),
        { { QStringLiteral("text"), QStringLiteral("shift") }, { QStringLiteral("duration"), 0.5 } }));
    QVERIFY(!r.isError);
    QVERIFY(timer.elapsed() >= 500);
    const auto events = m_probe->takeEvents(3000);
    QCOMPARE(ofType(events, Probe::Event::Type::KeyDown).size(), 1);
    QCOMPARE(ofType(events, Probe::Event::Type::KeyUp).size(), 1);
}

void TstComputerTool::scrollArrives()
{
    PROTO_REQUIRE_PEER(setUp(QStringLiteral("xvnc"), QSize(1920, 1080)), QStringLiteral("xvnc"));
    ToolResult r = call(act(QStringLiteral("scroll"),
        { { QStringLiteral("coordinate"), point(100, 100) },
            { QStringLiteral("scroll_direction"), QStringLiteral("down") },
            { QStringLiteral("scroll_amount"), 3 } }));
    QVERIFY2(!r.isError, qPrintable(r.text()));
    auto presses = ofType(m_probe->takeEvents(5000), Probe::Event::Type::ButtonDown);
    QCOMPARE(presses.size(), 3);
    for (const auto &e : presses) {
        QCOMPARE(e.button, 5);
        QCOMPARE(e.position, QPoint(150, 150));
    }
    r = call(act(QStringLiteral("scroll"),
        { { QStringLiteral("scroll_direction"), QStringLiteral("left") },
            { QStringLiteral("scroll_amount"), 2 } }));
    QVERIFY(!r.isError);
    presses = ofType(m_probe->takeEvents(5000), Probe::Event::Type::ButtonDown);
    QCOMPARE(presses.size(), 2);
    QCOMPARE(presses.first().button, 6);
    r = call(act(QStringLiteral("scroll"),
        { { QStringLiteral("scroll_direction"), QStringLiteral("up") },
            { QStringLiteral("scroll_amount"), 1 } }));
    QCOMPARE(ofType(m_probe->takeEvents(5000), Probe::Event::Type::ButtonDown).first().button, 4);
}

void TstComputerTool::dragArrives()
{
    PROTO_REQUIRE_PEER(setUp(QStringLiteral("xvnc"), QSize(1920, 1080)), QStringLiteral("xvnc"));
    const ToolResult r = call(act(QStringLiteral("left_click_drag"),
        { { QStringLiteral("start_coordinate"), point(10, 20) },
            { QStringLiteral("coordinate"), point(400, 300) } }));
    QVERIFY2(!r.isError, qPrintable(r.text()));
    const auto events = m_probe->takeEvents(5000);
    const auto downs = ofType(events, Probe::Event::Type::ButtonDown);
    const auto ups = ofType(events, Probe::Event::Type::ButtonUp);
    QCOMPARE(downs.size(), 1);
    QCOMPARE(ups.size(), 1);
    QCOMPARE(downs.first().position, QPoint(15, 30));
    QCOMPARE(ups.first().position, QPoint(600, 450));

    // The same by hand: down, move, up.
    QVERIFY(!call(act(QStringLiteral("mouse_move"), { { QStringLiteral("coordinate"), point(20, 20) } }))
            .isError);
    QVERIFY(!call(act(QStringLiteral("left_mouse_down"))).isError);
    QVERIFY(!call(act(QStringLiteral("mouse_move"), { { QStringLiteral("coordinate"), point(60, 80) } }))
            .isError);
    QVERIFY(!call(act(QStringLiteral("left_mouse_up"))).isError);
    const auto manual = m_probe->takeEvents(5000);
    QCOMPARE(ofType(manual, Probe::Event::Type::ButtonDown).first().position, QPoint(30, 30));
    QCOMPARE(ofType(manual, Probe::Event::Type::ButtonUp).first().position, QPoint(90, 120));
}

void TstComputerTool::modifierClickAndCursorPosition()
{
    PROTO_REQUIRE_PEER(setUp(QStringLiteral("xvnc"), QSize(1024, 768)), QStringLiteral("xvnc"));
    QCOMPARE(call(act(QStringLiteral("cursor_position"))).isError, false); // unknown yet, said in text
    const ToolResult r = call(act(QStringLiteral("left_click"),
        { { QStringLiteral("coordinate"), point(300, 200) },
            { QStringLiteral("text"), QStringLiteral("ctrl") } }));
    QVERIFY2(!r.isError, qPrintable(r.text()));
    const auto events = m_probe->takeEvents(5000);
    QCOMPARE(ofType(events, Probe::Event::Type::KeyDown).size(), 1);
    QCOMPARE(ofType(events, Probe::Event::Type::KeyUp).size(), 1);
    QCOMPARE(ofType(events, Probe::Event::Type::ButtonDown).size(), 1);
    // Key down comes before the button, key up after.
    QCOMPARE(events.first().type, Probe::Event::Type::KeyDown);
    QCOMPARE(events.last().type, Probe::Event::Type::KeyUp);
    QCOMPARE(call(act(QStringLiteral("cursor_position"))).text(), QStringLiteral("X=300,Y=200"));
}

void TstComputerTool::zoomShowsRegion()
{
    PROTO_REQUIRE_PEER(setUp(QStringLiteral("xvnc"), QSize(1920, 1080)), QStringLiteral("xvnc"));
    // The top-left quadrant (red) only.
    const ToolResult r
        = call(act(QStringLiteral("zoom"), { { QStringLiteral("region"), QJsonArray { 0, 0, 319, 179 } } }));
    QVERIFY2(!r.isError, qPrintable(r.text()));
    const QImage zoomed = image(r);
    QCOMPARE(zoomed.size(), QSize(1280, 720));
    const QColor c = zoomed.pixelColor(640, 360);
    QVERIFY2(c.red() > 150 && c.green() < 80 && c.blue() < 80, qPrintable(c.name()));

    m_tool->setVersion(ComputerTool::Version::Computer20250124);
    QVERIFY(call(act(QStringLiteral("zoom"), { { QStringLiteral("region"), QJsonArray { 0, 0, 10, 10 } } }))
            .isError);
}

void TstComputerTool::hostileInput_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("no action") << QByteArray(R"({})") << QStringLiteral("action");
    QTest::newRow("unknown action") << QByteArray(R"({"action":"format_disk"})") << QStringLiteral("action");
    QTest::newRow("x out of range") << QByteArray(R"({"action":"left_click","coordinate":[1280,5]})")
                                    << QStringLiteral("outside the screen");
    QTest::newRow("y out of range") << QByteArray(R"({"action":"mouse_move","coordinate":[5,720]})")
                                    << QStringLiteral("outside the screen");
    QTest::newRow("negative") << QByteArray(R"({"action":"left_click","coordinate":[-1,5]})")
                              << QStringLiteral("outside the screen");
    QTest::newRow("huge") << QByteArray(R"({"action":"left_click","coordinate":[1e300,5]})") << QString();
    QTest::newRow("fraction") << QByteArray(R"({"action":"left_click","coordinate":[1.5,5]})") << QString();
    QTest::newRow("three numbers") << QByteArray(R"({"action":"left_click","coordinate":[1,2,3]})")
                                   << QString();
    QTest::newRow("strings") << QByteArray(R"({"action":"left_click","coordinate":["1","2"]})") << QString();
    QTest::newRow("move without coordinate")
        << QByteArray(R"({"action":"mouse_move"})") << QStringLiteral("coordinate");
    QTest::newRow("drag without start") << QByteArray(R"({"action":"left_click_drag","coordinate":[1,1]})")
                                        << QStringLiteral("start_coordinate");
    QTest::newRow("unknown key") << QByteArray(R"({"action":"key","text":"ctrl+frobnicate"})")
                                 << QStringLiteral("Unknown key");
    QTest::newRow("empty key") << QByteArray(R"({"action":"key","text":"  "})") << QStringLiteral("No key");
    QTest::newRow("type nothing") << QByteArray(R"({"action":"type","text":""})") << QStringLiteral("text");
    QTest::newRow("type control char")
        << QByteArray("{\"action\":\"type\",\"text\":\"a\\u0001b\"}") << QStringLiteral("U+0001");
    QTest::newRow("type too long") << QByteArray(
        QByteArray(R"({"action":"type","text":")") + QByteArray(20001, 'x') + QByteArray("\"}"))
                                   << QStringLiteral("too long");
    QTest::newRow("scroll without direction")
        << QByteArray(R"({"action":"scroll","coordinate":[1,1],"scroll_amount":2})")
        << QStringLiteral("scroll_direction");
    QTest::newRow("scroll sideways") << QByteArray(
        R"({"action":"scroll","scroll_direction":"diagonal","scroll_amount":2})")
                                     << QString();
    QTest::newRow("scroll too much") << QByteArray(
        R"({"action":"scroll","scroll_direction":"up","scroll_amount":100000})")
                                     << QString();
    QTest::newRow("wait forever") << QByteArray(R"({"action":"wait","duration":1e9})") << QString();
    QTest::newRow("wait negative") << QByteArray(R"({"action":"wait","duration":-1})") << QString();
    QTest::newRow("wait without duration")
        << QByteArray(R"({"action":"wait"})") << QStringLiteral("duration");
    QTest::newRow("bad modifier") << QByteArray(R"({"action":"left_click","coordinate":[1,1],"text":"nope"})")
                                  << QStringLiteral("modifier");
    QTest::newRow("text on move") << QByteArray(R"({"action":"mouse_move","coordinate":[1,1],"text":"x"})")
                                  << QStringLiteral("no \"text\"");
    QTest::newRow("extra field") << QByteArray(R"({"action":"screenshot","rm":"-rf"})") << QString();
    QTest::newRow("zoom inverted") << QByteArray(R"({"action":"zoom","region":[100,100,10,10]})")
                                   << QStringLiteral("not a rectangle");
    QTest::newRow("zoom off screen") << QByteArray(R"({"action":"zoom","region":[0,0,5000,10]})")
                                     << QStringLiteral("not a rectangle");
}

void TstComputerTool::hostileInput()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    // One server for the whole table.
    if (!m_client) {
        PROTO_REQUIRE_PEER(setUp(QStringLiteral("xvnc"), QSize(1920, 1080)), QStringLiteral("xvnc"));
    }
    m_probe->takeEvents(200);
    const QJsonObject input = QJsonDocument::fromJson(json).object();
    const ToolResult r = call(input);
    QVERIFY2(r.isError, qPrintable(r.text()));
    QVERIFY(!r.text().isEmpty());
    if (!message.isEmpty())
        QVERIFY2(r.text().contains(message), qPrintable(r.text()));
    // Nothing reached the screen and the connection is fine.
    QVERIFY(m_probe->takeEvents(300).isEmpty());
    QVERIFY(m_client->isConnected());
}

void TstComputerTool::runsThroughRegistry()
{
    PROTO_REQUIRE_PEER(setUp(QStringLiteral("x11vnc"), QSize(1024, 768)), QStringLiteral("x11vnc"));
    // The registry validates with the same schema: an invalid call never reaches the tool.
    ToolRegistry registry;
    registry.add(std::make_unique<ComputerTool>(m_client.get()));
    QVERIFY(registry.validate(QStringLiteral("computer"), act(QStringLiteral("screenshot"))).isEmpty());
    QVERIFY(!registry.validate(QStringLiteral("computer"), act(QStringLiteral("zoom"))).isEmpty());
    QVERIFY(!registry
            .validate(QStringLiteral("computer"),
                act(QStringLiteral("left_click"),
                    { { QStringLiteral("coordinate"), QStringLiteral("1,2") } }))
            .isEmpty());
}

void TstComputerTool::takeOverPausesTheAgent()
{
    PROTO_REQUIRE_PEER(setUp(QStringLiteral("xvnc"), QSize(1024, 768)), QStringLiteral("xvnc"));
    QVERIFY(!call(act(QStringLiteral("mouse_move"), { { QStringLiteral("coordinate"), point(100, 100) } }))
            .isError);
    const QPoint before = m_tool->mapping().toFramebuffer(QPoint(100, 100));
    QTRY_COMPARE_WITH_TIMEOUT(m_probe->pointerPosition(), before, 5000);
    m_probe->takeEvents(300);

    // The person presses "Take over": every action is refused, nothing reaches the screen.
    m_client->setPersonInControl(true);
    const QList<QJsonObject> refused {
        act(QStringLiteral("left_click"), { { QStringLiteral("coordinate"), point(500, 400) } }),
        act(QStringLiteral("mouse_move"), { { QStringLiteral("coordinate"), point(600, 500) } }),
        act(QStringLiteral("type"), { { QStringLiteral("text"), QStringLiteral("rm -rf ~\n") } }),
        act(QStringLiteral("key"), { { QStringLiteral("text"), QStringLiteral("ctrl+alt+Delete") } }),
        act(QStringLiteral("screenshot")),
        act(QStringLiteral("zoom"), { { QStringLiteral("region"), QJsonArray { 0, 0, 100, 100 } } }),
    };
    for (const QJsonObject &input : refused) {
        const ToolResult r = call(input);
        QVERIFY2(r.isError, qPrintable(input.value(u"action").toString()));
        QVERIFY2(r.text().contains(QStringLiteral("The person has control of the screen; wait or ask them")),
            qPrintable(r.text()));
        QVERIFY(image(r).isNull());
    }
    QCOMPARE(m_probe->takeEvents(500).size(), 0);
    QCOMPARE(m_probe->pointerPosition(), before); // the pointer did not move

    // Control comes back: the next action runs and says so, once.
    m_client->setPersonInControl(false);
    const ToolResult back
        = call(act(QStringLiteral("left_click"), { { QStringLiteral("coordinate"), point(500, 400) } }));
    QVERIFY2(!back.isError, qPrintable(back.text()));
    QVERIFY2(back.text().contains(QStringLiteral("given control of the screen back to you")),
        qPrintable(back.text()));
    QVERIFY(!image(back).isNull());
    const auto presses = ofType(m_probe->takeEvents(5000), Probe::Event::Type::ButtonDown);
    QCOMPARE(presses.size(), 1);
    QCOMPARE(presses.first().position, m_tool->mapping().toFramebuffer(QPoint(500, 400)));
    const ToolResult next = call(act(QStringLiteral("screenshot")));
    QVERIFY(!next.isError);
    QVERIFY(!next.text().contains(QStringLiteral("given control")));

    // Taken and given back between two actions, without a refusal: still told.
    m_client->setPersonInControl(true);
    m_client->setPersonInControl(false);
    const ToolResult again = call(act(QStringLiteral("screenshot")));
    QVERIFY(!again.isError);
    QVERIFY(again.text().contains(QStringLiteral("given control of the screen back to you")));
}

void TstComputerTool::waitEndsWhenControlReturns()
{
    PROTO_REQUIRE_PEER(setUp(QStringLiteral("xvnc"), QSize(1024, 768)), QStringLiteral("xvnc"));
    m_client->setPersonInControl(true);
    // A short wait while the person keeps the screen: told so, no screenshot.
    ToolResult r = call(act(QStringLiteral("wait"), { { QStringLiteral("duration"), 0.2 } }));
    QVERIFY2(!r.isError, qPrintable(r.text()));
    QVERIFY2(r.text().contains(QStringLiteral("still has control")), qPrintable(r.text()));
    QVERIFY(image(r).isNull());
    // A long wait ends when control returns (the call would time out otherwise), with a
    // screenshot and the note.
    QTimer::singleShot(300, m_client.get(), [this] { m_client->setPersonInControl(false); });
    r = call(act(QStringLiteral("wait"), { { QStringLiteral("duration"), 60 } }), 10000);
    QVERIFY2(!r.isError, qPrintable(r.text()));
    QVERIFY2(
        r.text().contains(QStringLiteral("given control of the screen back to you")), qPrintable(r.text()));
    QVERIFY(!image(r).isNull());
}

QTEST_MAIN(TstComputerTool)
#include "tst_computertool.moc"
