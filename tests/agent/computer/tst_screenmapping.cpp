// ScreenMapping: the recommended scaled sizes and exact coordinate mapping both ways.
#include "screenmapping.h"

#include <QTest>

using namespace Proto;

class TstScreenMapping : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scaledSize_data();
    void scaledSize();
    void cornersAndOddPoints_data();
    void cornersAndOddPoints();
    void roundTripEveryPixel_data();
    void roundTripEveryPixel();
    void regions();
};

void TstScreenMapping::scaledSize_data()
{
    QTest::addColumn<QSize>("framebuffer");
    QTest::addColumn<QSize>("scaled");
    QTest::newRow("1920x1080 -> 1280x720") << QSize(1920, 1080) << QSize(1280, 720);
    QTest::newRow("2560x1600 -> 1280x800") << QSize(2560, 1600) << QSize(1280, 800);
    QTest::newRow("1024x768 stays") << QSize(1024, 768) << QSize(1024, 768);
    QTest::newRow("2048x1536 -> 1024x768") << QSize(2048, 1536) << QSize(1024, 768);
    QTest::newRow("1280x1024 -> 960x768") << QSize(1280, 1024) << QSize(960, 768);
    QTest::newRow("640x480 never upscaled") << QSize(640, 480) << QSize(640, 480);
    QTest::newRow("3840x2160 -> 1280x720") << QSize(3840, 2160) << QSize(1280, 720);
    QTest::newRow("portrait 1080x1920 -> 432x768") << QSize(1080, 1920) << QSize(432, 768);
    QTest::newRow("ultrawide 5120x1440 -> 1280x360") << QSize(5120, 1440) << QSize(1280, 360);
    QTest::newRow("1366x768 -> 1280x720") << QSize(1366, 768) << QSize(1280, 720);
    QTest::newRow("sliver 20000x1") << QSize(20000, 1) << QSize(1280, 1);
    QTest::newRow("empty") << QSize(0, 0) << QSize();
}

void TstScreenMapping::scaledSize()
{
    QFETCH(QSize, framebuffer);
    QFETCH(QSize, scaled);
    QCOMPARE(ScreenMapping::scaledSizeFor(framebuffer), scaled);
    QCOMPARE(ScreenMapping(framebuffer).isValid(), !scaled.isEmpty());
}

void TstScreenMapping::cornersAndOddPoints_data()
{
    QTest::addColumn<QSize>("framebuffer");
    QTest::addColumn<QPoint>("model");
    QTest::addColumn<QPoint>("expected");
    const QSize hd(1920, 1080);
    QTest::newRow("top-left") << hd << QPoint(0, 0) << QPoint(0, 0);
    QTest::newRow("bottom-right") << hd << QPoint(1279, 719) << QPoint(1919, 1079);
    QTest::newRow("top-right") << hd << QPoint(1279, 0) << QPoint(1919, 0);
    QTest::newRow("bottom-left") << hd << QPoint(0, 719) << QPoint(0, 1079);
    QTest::newRow("centre") << hd << QPoint(640, 360) << QPoint(960, 540);
    QTest::newRow("odd 1,1") << hd << QPoint(1, 1) << QPoint(2, 2);
    QTest::newRow("odd 333,177") << hd << QPoint(333, 177) << QPoint(500, 266);
    QTest::newRow("identity 1024") << QSize(1024, 768) << QPoint(1023, 767) << QPoint(1023, 767);
    QTest::newRow("identity 517") << QSize(1024, 768) << QPoint(517, 3) << QPoint(517, 3);
    QTest::newRow("5:4 corner") << QSize(1280, 1024) << QPoint(959, 767) << QPoint(1279, 1023);
}

void TstScreenMapping::cornersAndOddPoints()
{
    QFETCH(QSize, framebuffer);
    QFETCH(QPoint, model);
    QFETCH(QPoint, expected);
    const ScreenMapping map(framebuffer);
    QVERIFY(map.containsScaled(model));
    QCOMPARE(map.toFramebuffer(model), expected);
    QCOMPARE(map.toScaled(expected), model);
}

void TstScreenMapping::roundTripEveryPixel_data()
{
    QTest::addColumn<QSize>("framebuffer");
    QTest::newRow("1920x1080") << QSize(1920, 1080);
    QTest::newRow("1366x768") << QSize(1366, 768);
    QTest::newRow("1280x1024") << QSize(1280, 1024);
    QTest::newRow("3001x1999") << QSize(3001, 1999);
}

void TstScreenMapping::roundTripEveryPixel()
{
    QFETCH(QSize, framebuffer);
    const ScreenMapping map(framebuffer);
    const QSize s = map.scaledSize();
    for (int x = 0; x < s.width(); ++x) {
        const QPoint fb = map.toFramebuffer(QPoint(x, 0));
        QVERIFY(fb.x() >= 0 && fb.x() < framebuffer.width());
        QCOMPARE(map.toScaled(fb).x(), x);
    }
    for (int y = 0; y < s.height(); ++y)
        QCOMPARE(map.toScaled(map.toFramebuffer(QPoint(0, y))).y(), y);
    QVERIFY(!map.containsScaled(QPoint(s.width(), 0)));
    QVERIFY(!map.containsScaled(QPoint(0, s.height())));
    QVERIFY(!map.containsScaled(QPoint(-1, 0)));
}

void TstScreenMapping::regions()
{
    const ScreenMapping map(QSize(1920, 1080));
    QCOMPARE(map.toFramebuffer(QPoint(0, 0), QPoint(1279, 719)), QRect(0, 0, 1920, 1080));
    QCOMPARE(map.toFramebuffer(QPoint(100, 100), QPoint(199, 149)), QRect(150, 150, 150, 75));
    // Corners given the wrong way round still give the same rectangle.
    QCOMPARE(map.toFramebuffer(QPoint(199, 149), QPoint(100, 100)), QRect(150, 150, 150, 75));
    const ScreenMapping same(QSize(800, 600));
    QCOMPARE(same.toFramebuffer(QPoint(10, 20), QPoint(10, 20)), QRect(10, 20, 1, 1));
}

QTEST_GUILESS_MAIN(TstScreenMapping)
#include "tst_screenmapping.moc"
