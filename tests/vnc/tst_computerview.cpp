// The Computer panel under the offscreen platform (and again with QT_SCALE_FACTOR=2): the frame
// is shown, widget coordinates map to framebuffer pixels exactly under scaling, only changed
// areas are repainted, input reaches the X display only after "Take over", and connection
// problems are shown with a Reconnect button.
#include "computercanvas.h"
#include "computerview.h"
#include "fixtureutil.h"
#include "vncclient.h"
#include "xdisplayprobe.h"
#include "xvncfixture.h"

#include <QApplication>
#include <QPaintEvent>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace Proto;
using Probe = ProtoTest::XDisplayProbe;

class TstComputerView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void showsFrameAndMapsExactly();
    void actualSizeIsDevicePixels();
    void repaintsOnlyWhatChanged();
    void inputOnlyAfterTakeOver();
    void takeOverButtonSetsClientState();
    void agentActionOverlayFades();
    void showsConnectionProblems();

private:
    bool startServer();

    std::unique_ptr<ProtoTest::XvncFixture> m_xvnc;
    std::unique_ptr<Probe> m_probe;
    std::unique_ptr<VncClient> m_client;
};

namespace {

constexpr QRgb kRed = 0xffdd1122;
constexpr QRgb kGreen = 0xff11cc33;
constexpr QRgb kBlue = 0xff2233ee;
constexpr QRgb kWhite = 0xffffffff;

QImage quadrants(QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    for (int y = 0; y < size.height(); ++y) {
        for (int x = 0; x < size.width(); ++x) {
            const bool right = x >= size.width() / 2;
            const bool bottom = y >= size.height() / 2;
            image.setPixel(x, y, bottom ? (right ? kWhite : kBlue) : (right ? kGreen : kRed));
        }
    }
    return image;
}

QRgb pixelAt(const QImage &grab, const QPointF &logical)
{
    const qreal dpr = grab.devicePixelRatio();
    return grab.pixel(QPoint(int(logical.x() * dpr), int(logical.y() * dpr))) | 0xff000000;
}

class PaintRecorder : public QObject
{
public:
    QRegion painted;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            painted |= static_cast<QPaintEvent *>(event)->region();
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

void TstComputerView::init()
{
    m_probe = std::make_unique<Probe>();
}

void TstComputerView::cleanup()
{
    m_client.reset();
    m_probe.reset();
    m_xvnc.reset();
}

bool TstComputerView::startServer()
{
    if (!ProtoTest::XvncFixture::available())
        return false;
    m_xvnc = std::make_unique<ProtoTest::XvncFixture>();
    ProtoTest::XvncFixture::Options options;
    options.size = QSize(640, 400);
    QString error;
    if (!m_xvnc->start(options, &error) || !m_probe->open(m_xvnc->display())) {
        qWarning() << error;
        return false;
    }
    m_probe->showImage(QRect(0, 0, 640, 400), quadrants(QSize(640, 400)));
    m_client = std::make_unique<VncClient>();
    m_client->connectToHost(QStringLiteral("127.0.0.1"), m_xvnc->port());
    // Wait until the whole picture is in.
    return QTest::qWaitFor(
        [this] {
            const QImage f = m_client->screenshot();
            return !f.isNull() && f.pixel(639, 399) == kWhite && f.pixel(0, 0) == kRed;
        },
        15000);
}

void TstComputerView::showsFrameAndMapsExactly()
{
    PROTO_REQUIRE_PEER(startServer(), QStringLiteral("Xvnc"));
    ComputerCanvas canvas;
    canvas.setClient(m_client.get());
    canvas.resize(420, 200); // 640x400 fits at exactly 0.5, centred: x offset 50
    canvas.show();
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));

    QCOMPARE(canvas.scale(), 0.5);
    QCOMPARE(canvas.frameRect(), QRectF(50, 0, 320, 200));
    QCOMPARE(canvas.mapToFramebuffer(QPointF(50, 0)), std::optional<QPoint>(QPoint(0, 0)));
    QCOMPARE(canvas.mapToFramebuffer(QPointF(50.49, 0.49)), std::optional<QPoint>(QPoint(0, 0)));
    QCOMPARE(canvas.mapToFramebuffer(QPointF(50.5, 0.5)), std::optional<QPoint>(QPoint(1, 1)));
    QCOMPARE(canvas.mapToFramebuffer(QPointF(369.99, 199.99)), std::optional<QPoint>(QPoint(639, 399)));
    QCOMPARE(canvas.mapToFramebuffer(QPointF(210, 100)), std::optional<QPoint>(QPoint(320, 200)));
    QCOMPARE(canvas.mapToFramebuffer(QPointF(49.9, 10)), std::nullopt);
    QCOMPARE(canvas.mapToFramebuffer(QPointF(370, 10)), std::nullopt);
    QCOMPARE(canvas.mapToFramebuffer(QPointF(100, 200)), std::nullopt);
    QCOMPARE(canvas.mapFromFramebuffer(QPoint(10, 20)), QPointF(55.25, 10.25));
    // Every pixel centre maps back to its own pixel, at an awkward scale too.
    canvas.resize(517, 333);
    const qreal s = canvas.scale();
    QVERIFY(qAbs(s - qMin(517.0 / 640, 333.0 / 400)) < 1e-12);
    for (int y = 0; y < 400; y += 7) {
        for (int x = 0; x < 640; x += 5)
            QCOMPARE(canvas.mapToFramebuffer(canvas.mapFromFramebuffer(QPoint(x, y))),
                std::optional<QPoint>(QPoint(x, y)));
    }

    // What is on screen is the frame: each quadrant's colour where the mapping says.
    canvas.resize(420, 200);
    QTest::qWait(50);
    const QImage grab = canvas.grab().toImage();
    QCOMPARE(pixelAt(grab, canvas.mapFromFramebuffer(QPoint(160, 100))), kRed);
    QCOMPARE(pixelAt(grab, canvas.mapFromFramebuffer(QPoint(480, 100))), kGreen);
    QCOMPARE(pixelAt(grab, canvas.mapFromFramebuffer(QPoint(160, 300))), kBlue);
    QCOMPARE(pixelAt(grab, canvas.mapFromFramebuffer(QPoint(480, 300))), kWhite);
    QVERIFY(pixelAt(grab, QPointF(10, 100)) != kRed); // left margin: background, not picture
}

void TstComputerView::actualSizeIsDevicePixels()
{
    PROTO_REQUIRE_PEER(startServer(), QStringLiteral("Xvnc"));
    ComputerView view;
    view.setClient(m_client.get());
    view.resize(300, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setFitToWindow(false);
    ComputerCanvas *canvas = view.canvas();
    const qreal dpr = canvas->devicePixelRatioF();
    if (qEnvironmentVariableIntValue("QT_SCALE_FACTOR") == 2)
        QCOMPARE(dpr, 2.0); // the HiDPI run really is HiDPI
    QCOMPARE(canvas->scale(), 1.0 / dpr);
    QCOMPARE(canvas->size(), QSize(qCeil(640 / dpr), qCeil(400 / dpr)));
    QCOMPARE(canvas->mapToFramebuffer(QPointF(10, 10)),
        std::optional<QPoint>(QPoint(int(10 * dpr), int(10 * dpr))));
    const QImage grab = canvas->grab().toImage();
    // 1:1: device pixel (x, y) of the grab is framebuffer pixel (x, y).
    QCOMPARE(grab.pixel(100, 100) | 0xff000000, kRed);
    QCOMPARE(grab.pixel(400, 100) | 0xff000000, kGreen);
    QCOMPARE(grab.pixel(319, 199) | 0xff000000, kRed);
    QCOMPARE(grab.pixel(320, 200) | 0xff000000, kWhite);
    view.setFitToWindow(true);
    QVERIFY(canvas->scale() < 1.0 / dpr);
}

void TstComputerView::repaintsOnlyWhatChanged()
{
    PROTO_REQUIRE_PEER(startServer(), QStringLiteral("Xvnc"));
    ComputerCanvas canvas;
    canvas.setClient(m_client.get());
    canvas.resize(640, 400);
    canvas.show();
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));
    QTest::qWait(100);
    PaintRecorder recorder;
    canvas.installEventFilter(&recorder);
    QImage black(20, 20, QImage::Format_RGB32);
    black.fill(Qt::black);
    m_probe->showImage(QRect(600, 10, 20, 20), black);
    QTRY_COMPARE_WITH_TIMEOUT(m_client->screenshot().pixel(610, 20), 0xff000000u, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.painted.isEmpty(), 5000);
    QTest::qWait(100);
    const QRect bounds = recorder.painted.boundingRect();
    QVERIFY2(bounds.width() * bounds.height() < 640 * 400 / 20,
        qPrintable(QStringLiteral("repainted %1x%2").arg(bounds.width()).arg(bounds.height())));
    QVERIFY(bounds.intersects(canvas.frameRect().toAlignedRect()));
    const QImage grab = canvas.grab().toImage();
    QCOMPARE(pixelAt(grab, canvas.mapFromFramebuffer(QPoint(610, 20))), 0xff000000u);
}

void TstComputerView::inputOnlyAfterTakeOver()
{
    PROTO_REQUIRE_PEER(startServer(), QStringLiteral("Xvnc"));
    ComputerView view;
    view.setClient(m_client.get());
    view.resize(560, 420);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY(!view.statusVisible());
    ComputerCanvas *canvas = view.canvas();
    QVERIFY(!view.controlTaken()); // view-only by default
    const QPoint target(200, 100);
    const QPoint at = canvas->mapFromFramebuffer(target).toPoint();
    QCOMPARE(canvas->mapToFramebuffer(at), std::optional<QPoint>(target));

    QTest::mouseClick(canvas, Qt::LeftButton, {}, at);
    QTest::keyClick(canvas, Qt::Key_A);
    QTest::qWait(300);
    QVERIFY(m_probe->takeEvents(300).isEmpty());

    view.setControlTaken(true);
    QVERIFY(view.controlTaken());
    QTest::mouseClick(canvas, Qt::LeftButton, {}, at);
    auto events = m_probe->takeEvents(5000);
    QVERIFY(!events.isEmpty());
    QCOMPARE(events.first().type, Probe::Event::Type::ButtonDown);
    QCOMPARE(events.first().position, target);
    QTest::keyClick(canvas, Qt::Key_A);
    QTest::keyClick(canvas, Qt::Key_Return);
    QStringList keys;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const auto &e : m_probe->takeEvents(200)) {
                if (e.type == Probe::Event::Type::KeyDown)
                    keys << e.keysymName;
            }
            return keys.size() >= 2;
        }(),
        5000);
    QCOMPARE(keys, (QStringList { QStringLiteral("a"), QStringLiteral("Return") }));

    view.setControlTaken(false);
    QTest::mouseClick(canvas, Qt::LeftButton, {}, at);
    QTest::qWait(300);
    QVERIFY(m_probe->takeEvents(300).isEmpty());
}

void TstComputerView::takeOverButtonSetsClientState()
{
    PROTO_REQUIRE_PEER(startServer(), QStringLiteral("Xvnc"));
    ComputerView view;
    view.setClient(m_client.get());
    view.resize(560, 420);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY(!view.statusVisible());
    QToolButton *takeOver = nullptr;
    for (QToolButton *b : view.findChildren<QToolButton *>()) {
        if (b->text() == QLatin1String("Take over"))
            takeOver = b;
    }
    QVERIFY(takeOver);
    QVERIFY(!m_client->personInControl());

    // The button sets the state on the shared client, where the agent's computer tool sees it.
    takeOver->click();
    QVERIFY(view.controlTaken());
    QVERIFY(m_client->personInControl());
    QCOMPARE(takeOver->text(), QStringLiteral("Give back"));
    // Another view of the same connection shows the same state.
    auto other = std::make_unique<ComputerView>();
    other->setClient(m_client.get());
    QVERIFY(other->controlTaken());
    takeOver->click();
    QVERIFY(!view.controlTaken());
    QVERIFY(!m_client->personInControl());
    QVERIFY(!other->controlTaken());
    QCOMPARE(takeOver->text(), QStringLiteral("Take over"));

    // A view that goes away while the person has control gives it back.
    other->setControlTaken(true);
    QVERIFY(m_client->personInControl());
    QVERIFY(view.controlTaken());
    other.reset();
    QVERIFY(!m_client->personInControl());
    QVERIFY(!view.controlTaken());
}

void TstComputerView::agentActionOverlayFades()
{
    PROTO_REQUIRE_PEER(startServer(), QStringLiteral("Xvnc"));
    ComputerCanvas canvas;
    canvas.setClient(m_client.get());
    canvas.resize(640, 400);
    canvas.show();
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));
    QVERIFY(!canvas.actionOverlayVisible());
    m_client->click(QPoint(320, 200));
    QVERIFY(canvas.actionOverlayVisible());
    QCOMPARE(canvas.remotePointer(), std::optional<QPoint>(QPoint(320, 200)));
    QTRY_VERIFY_WITH_TIMEOUT(!canvas.actionOverlayVisible(), 4000);
    m_client->typeText(QStringLiteral("hello"));
    QVERIFY(canvas.actionOverlayVisible());
}

void TstComputerView::showsConnectionProblems()
{
    VncClient client;
    ComputerView view;
    view.setClient(&client);
    view.resize(400, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const quint16 port = ProtoTest::freeTcpPort();
    client.connectToHost(QStringLiteral("127.0.0.1"), port);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Vnc::State::Failed, 10000);
    QVERIFY(view.statusVisible());
    QVERIFY2(view.statusText().contains(QLatin1String("refused")), qPrintable(view.statusText()));
    view.setControlTaken(true);
    QVERIFY(!view.controlTaken()); // nothing to take over
    QPushButton *reconnect = nullptr;
    for (QPushButton *b : view.findChildren<QPushButton *>()) {
        if (b->isVisible())
            reconnect = b;
    }
    QVERIFY(reconnect);
    QSignalSpy states(&client, &VncClient::stateChanged);
    reconnect->click();
    QTRY_VERIFY_WITH_TIMEOUT(!states.isEmpty(), 5000);
    QCOMPARE(states.first().first().value<Vnc::State>(), Vnc::State::Connecting);
}

QTEST_MAIN(TstComputerView)
#include "tst_computerview.moc"
