// JsonLineDecoder: lines come out whole however the stream is cut, both line endings work,
// blank lines are skipped, and a line over the cap stops the decoder without keeping its bytes.

#include "jsonlinedecoder.h"

#include <QTest>

using namespace Proto;

class TestJsonLineDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void splitsAnyChunking()
    {
        const QByteArray stream = "{\"a\":1}\n{\"b\":2}\r\n\n  \n{\"c\":3}\n";
        for (int cut = 0; cut <= stream.size(); ++cut) {
            JsonLineDecoder decoder;
            QList<QByteArray> lines;
            QVERIFY(decoder.feed(QByteArrayView(stream).first(cut), lines));
            QVERIFY(decoder.feed(QByteArrayView(stream).sliced(cut), lines));
            QCOMPARE(lines, (QList<QByteArray> { "{\"a\":1}", "{\"b\":2}", "{\"c\":3}" }));
            QVERIFY(decoder.finish());
        }
    }

    void byteByByte()
    {
        const QByteArray stream = "{\"x\":\"\\u00e9\"}\r\n{}\n";
        JsonLineDecoder decoder;
        QList<QByteArray> lines;
        for (char c : stream)
            QVERIFY(decoder.feed(QByteArrayView(&c, 1), lines));
        QCOMPARE(lines, (QList<QByteArray> { "{\"x\":\"\\u00e9\"}", "{}" }));
    }

    void partialLineIsPendingAtEnd()
    {
        JsonLineDecoder decoder;
        QList<QByteArray> lines;
        QVERIFY(decoder.feed("{\"a\":", lines));
        QVERIFY(lines.isEmpty());
        QVERIFY(!decoder.finish());
        QCOMPARE(decoder.bufferedBytes(), 5);
    }

    void lineAtTheCapPasses()
    {
        JsonLineDecoder decoder(8);
        QList<QByteArray> lines;
        QVERIFY(decoder.feed("12345678\r\n", lines));
        QVERIFY(decoder.feed("1234", lines));
        QVERIFY(decoder.feed("5678\n", lines));
        QCOMPARE(lines, (QList<QByteArray> { "12345678", "12345678" }));
    }

    void overlongLineStopsWithoutBuffering()
    {
        JsonLineDecoder decoder(8);
        QList<QByteArray> lines;
        QVERIFY(decoder.feed("ok\n1234", lines));
        QVERIFY(!decoder.feed("56789", lines));
        QCOMPARE(decoder.error(), JsonLineDecoder::Error::LineTooLong);
        QVERIFY(decoder.errorString().contains(QLatin1String("8 bytes")));
        QCOMPARE(decoder.bufferedBytes(), 0);
        QCOMPARE(lines, (QList<QByteArray> { "ok" }));
        // Sticky: nothing more comes out until reset.
        QVERIFY(!decoder.feed("\n{}\n", lines));
        QCOMPARE(lines.size(), 1);
        decoder.reset();
        QVERIFY(decoder.feed("{}\n", lines));
        QCOMPARE(lines.size(), 2);
    }

    void linesBeforeAnOverlongOneInTheSameFeedComeOut()
    {
        JsonLineDecoder decoder(4);
        QList<QByteArray> lines;
        QVERIFY(!decoder.feed("ab\ncd\nefghij\nkl\n", lines));
        QCOMPARE(lines, (QList<QByteArray> { "ab", "cd" }));
    }
};

QTEST_GUILESS_MAIN(TestJsonLineDecoder)
#include "tst_jsonlinedecoder.moc"
