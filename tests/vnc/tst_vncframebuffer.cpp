// The framebuffer we decode equals the X server's own screen, pixel for pixel: known pixels are
// painted on the display with Xlib, read back with XGetImage, and compared with our QImage, for
// x11vnc and Xvnc and for every lossless encoding we may pick.
#include "fixtureutil.h"
#include "vncclient.h"
#include "x11vncfixture.h"
#include "xdisplayprobe.h"
#include "xvfbfixture.h"
#include "xvncfixture.h"

#include <QPainter>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace Proto;

class TstVncFramebuffer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesXServer_data();
    void matchesXServer();
    void framesAreNeverHalfWritten();
    void lossyProfileIsCloseThenExactAfterSwitch();
};

namespace {

QImage pattern(QSize size, quint32 seed)
{
    QImage image(size, QImage::Format_RGB32);
    QRandomGenerator rng(seed);
    for (int y = 0; y < size.height(); ++y) {
        auto *line = reinterpret_cast<quint32 *>(image.scanLine(y));
        for (int x = 0; x < size.width(); ++x) {
            if (y < size.height() / 3) // noise: nothing compresses it
                line[x] = 0xff000000u | (rng.generate() & 0xffffff);
            else if (y < 2 * size.height() / 3) // gradients
                line[x] = qRgb((x * 255) / qMax(1, size.width() - 1), (y * 7) & 0xff, (x ^ y) & 0xff);
            else // flat blocks of few colours (palette / RRE paths)
                line[x]
                    = ((x / 16 + y / 16) % 3 == 0) ? 0xff123456u : ((x / 16) % 2 ? 0xffffffffu : 0xff000000u);
        }
    }
    return image;
}

// First difference, for a readable failure.
QString describeDifference(const QImage &ours, const QImage &theirs)
{
    if (ours.size() != theirs.size())
        return QStringLiteral("size %1x%2 vs %3x%4")
            .arg(ours.width())
            .arg(ours.height())
            .arg(theirs.width())
            .arg(theirs.height());
    qint64 differing = 0;
    QPoint first(-1, -1);
    for (int y = 0; y < ours.height(); ++y) {
        const auto *a = reinterpret_cast<const quint32 *>(ours.constScanLine(y));
        const auto *b = reinterpret_cast<const quint32 *>(theirs.constScanLine(y));
        for (int x = 0; x < ours.width(); ++x) {
            if ((a[x] & 0xffffff) != (b[x] & 0xffffff)) {
                if (differing++ == 0)
                    first = QPoint(x, y);
            }
        }
    }
    if (differing == 0)
        return {};
    return QStringLiteral("%1 pixels differ, first at (%2,%3): ours %4, X server %5")
        .arg(differing)
        .arg(first.x())
        .arg(first.y())
        .arg(ours.pixel(first) & 0xffffff, 6, 16, QLatin1Char('0'))
        .arg(theirs.pixel(first) & 0xffffff, 6, 16, QLatin1Char('0'));
}

bool sameScreen(const VncClient &client, ProtoTest::XDisplayProbe &probe, QString *why, int timeoutMs = 15000)
{
    QString last;
    const bool ok = QTest::qWaitFor(
        [&] {
            const QImage ours = client.screenshot();
            if (ours.isNull()) {
                last = QStringLiteral("no frame yet");
                return false;
            }
            last = describeDifference(ours, probe.grabRoot());
            return last.isEmpty();
        },
        timeoutMs);
    *why = last;
    return ok;
}

} // namespace

void TstVncFramebuffer::matchesXServer_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("encodings");
    for (const char *server : { "xvnc", "x11vnc" }) {
        for (const char *encodings : { "raw", "copyrect raw", "zrle", "tight", "hextile", "zlib" }) {
            QTest::addRow("%s %s", server, encodings)
                << QString::fromLatin1(server) << QString::fromLatin1(encodings);
        }
    }
}

void TstVncFramebuffer::matchesXServer()
{
    QFETCH(QString, server);
    QFETCH(QString, encodings);
    const QSize screen(640, 400);
    ProtoTest::XvfbFixture xvfb;
    ProtoTest::X11VncFixture x11vnc;
    ProtoTest::XvncFixture xvnc;
    QString display;
    quint16 port = 0;
    QString error;
    if (server == QLatin1String("xvnc")) {
        PROTO_REQUIRE_PEER(ProtoTest::XvncFixture::available(), QStringLiteral("Xvnc"));
        ProtoTest::XvncFixture::Options options;
        options.size = screen;
        QVERIFY2(xvnc.start(options, &error), qPrintable(error));
        display = xvnc.display();
        port = xvnc.port();
    } else {
        PROTO_REQUIRE_PEER(ProtoTest::XvfbFixture::available(), QStringLiteral("Xvfb"));
        PROTO_REQUIRE_PEER(ProtoTest::X11VncFixture::available(), QStringLiteral("x11vnc"));
        QVERIFY2(xvfb.start(screen, 24, &error), qPrintable(error));
        QVERIFY2(x11vnc.start(xvfb.display(), {}, &error), qPrintable(error));
        display = xvfb.display();
        port = x11vnc.port();
    }
    ProtoTest::XDisplayProbe probe;
    QVERIFY(probe.open(display));
    probe.fillRoot(0x2a6fb4);
    probe.showImage(QRect(40, 30, 300, 240), pattern(QSize(300, 240), 7));

    Vnc::Settings settings;
    settings.encodings = encodings;
    settings.jpegQuality = -1; // lossless: equality must be exact
    VncClient client;
    client.setSettings(settings);
    QSignalSpy frames(&client, &VncClient::frameUpdated);
    client.connectToHost(QStringLiteral("127.0.0.1"), port);
    QVERIFY(sameScreen(client, probe, &error));

    // An incremental change arrives too, and its dirty region covers it.
    frames.clear();
    const QRect changed(400, 100, 200, 160);
    probe.showImage(changed, pattern(changed.size(), 99));
    QVERIFY2(sameScreen(client, probe, &error), qPrintable(error));
    QRegion dirty;
    for (const QList<QVariant> &args : std::as_const(frames))
        dirty |= args.first().value<QRegion>();
    QVERIFY2(
        (QRegion(changed) - dirty).isEmpty(), qPrintable(QStringLiteral("dirty region misses the change")));
    QVERIFY(client.updateCount() >= 2);
}

void TstVncFramebuffer::framesAreNeverHalfWritten()
{
    // A frame handed out stays as it was while newer updates keep arriving.
    PROTO_REQUIRE_PEER(ProtoTest::XvncFixture::available(), QStringLiteral("Xvnc"));
    ProtoTest::XvncFixture xvnc;
    QString error;
    ProtoTest::XvncFixture::Options options;
    options.size = QSize(320, 240);
    QVERIFY2(xvnc.start(options, &error), qPrintable(error));
    ProtoTest::XDisplayProbe probe;
    QVERIFY(probe.open(xvnc.display()));
    probe.fillRoot(0x000000);
    VncClient client;
    client.connectToHost(QStringLiteral("127.0.0.1"), xvnc.port());
    QVERIFY(sameScreen(client, probe, &error));
    const QImage held = client.screenshot();
    const QImage copy = held.copy();
    for (quint32 i = 0; i < 20; ++i) {
        probe.fillRoot(0x010101u * (i * 12));
        QTest::qWait(20);
    }
    QVERIFY(sameScreen(client, probe, &error));
    QCOMPARE(held, copy);
    QVERIFY(client.screenshot() != copy);
}

void TstVncFramebuffer::lossyProfileIsCloseThenExactAfterSwitch()
{
    PROTO_REQUIRE_PEER(ProtoTest::XvncFixture::available(), QStringLiteral("Xvnc"));
    ProtoTest::XvncFixture xvnc;
    QString error;
    ProtoTest::XvncFixture::Options options;
    options.size = QSize(640, 400);
    QVERIFY2(xvnc.start(options, &error), qPrintable(error));
    ProtoTest::XDisplayProbe probe;
    QVERIFY(probe.open(xvnc.display()));
    probe.fillRoot(0x808080);
    // Smooth content, where JPEG is close but not exact.
    QImage photo(QSize(400, 300), QImage::Format_RGB32);
    for (int y = 0; y < photo.height(); ++y) {
        for (int x = 0; x < photo.width(); ++x)
            photo.setPixel(x, y, qRgb((x * 255) / 399, (y * 255) / 299, ((x + y) * 255) / 698));
    }
    probe.showImage(QRect(100, 50, 400, 300), photo);

    Vnc::Settings settings;
    settings.link = Vnc::Link::Slow;
    settings.jpegQuality = 5;
    VncClient client;
    client.setSettings(settings);
    client.connectToHost(QStringLiteral("127.0.0.1"), xvnc.port());
    const QImage truth = probe.grabRoot();
    double meanError = 1e9;
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QImage ours = client.screenshot();
            if (ours.size() != truth.size())
                return false;
            qint64 sum = 0;
            for (int y = 0; y < truth.height(); ++y) {
                for (int x = 0; x < truth.width(); ++x) {
                    const QRgb a = ours.pixel(x, y);
                    const QRgb b = truth.pixel(x, y);
                    sum += qAbs(qRed(a) - qRed(b)) + qAbs(qGreen(a) - qGreen(b)) + qAbs(qBlue(a) - qBlue(b));
                }
            }
            meanError = double(sum) / (3.0 * truth.width() * truth.height());
            return meanError < 4.0;
        },
        15000));

    // Switched to the loopback profile on the live connection, a full refresh is exact.
    settings.link = Vnc::Link::Loopback;
    client.setSettings(settings);
    client.requestFullUpdate();
    QVERIFY2(sameScreen(client, probe, &error), qPrintable(error));
    QVERIFY(client.isConnected());
}

QTEST_GUILESS_MAIN(TstVncFramebuffer)
#include "tst_vncframebuffer.moc"
