// VisibleText: what would act, reorder or hide in model text is shown as an escape instead.
#include "visibletext.h"

#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

class TestVisibleText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void strict_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("shown");
        QTest::newRow("plain") << u"ls -la ~/proj"_s << u"ls -la ~/proj"_s;
        QTest::newRow("html stays literal")
            << u"<b>Listing files</b><!-- rm -rf ~ -->"_s << u"<b>Listing files</b><!-- rm -rf ~ -->"_s;
        QTest::newRow("newline kept") << u"ls\nrm -rf ~"_s << u"ls\nrm -rf ~"_s;
        QTest::newRow("carriage return") << u"ls\r; rm -rf ~"_s << u"ls\\r; rm -rf ~"_s;
        QTest::newRow("tab") << u"a\tb"_s << u"a\\tb"_s;
        QTest::newRow("escape sequence") << u"echo \x1b[2K\x1b[1Agone"_s << u"echo \\x1b[2K\\x1b[1Agone"_s;
        QTest::newRow("osc title") << u"\x1b]0;owned\x07"_s << u"\\x1b]0;owned\\x07"_s;
        QTest::newRow("backspace") << u"rm -rf ~\b\b\b\b\b\b\b\bls"_s
                                   << u"rm -rf ~\\x08\\x08\\x08\\x08\\x08\\x08\\x08\\x08ls"_s;
        QTest::newRow("nul") << QString(QChar(0)) << u"\\x00"_s;
        QTest::newRow("del") << u"\x7f"_s << u"\\x7f"_s;
        QTest::newRow("c1 csi") << QString(QChar(0x9b)) + u"31m"_s << u"\\u009b31m"_s;
        QTest::newRow("bidi override") << u"ls \u202egnp.exe"_s << u"ls \\u202egnp.exe"_s;
        QTest::newRow("bidi isolates")
            << u"\u2066a\u2067b\u2068c\u2069"_s << u"\\u2066a\\u2067b\\u2068c\\u2069"_s;
        QTest::newRow("lrm rlm alm") << u"\u200e\u200f\u061c"_s << u"\\u200e\\u200f\\u061c"_s;
        QTest::newRow("zero width") << u"r\u200bm \u200c\u200d\u2060\ufeff"_s
                                    << u"r\\u200bm \\u200c\\u200d\\u2060\\ufeff"_s;
        QTest::newRow("soft hyphen") << u"c\u00adurl"_s << u"c\\u00adurl"_s;
        QTest::newRow("nbsp and em space") << u"rm\u00a0-rf\u2003~"_s << u"rm\\u00a0-rf\\u2003~"_s;
        QTest::newRow("line separator") << u"a\u2028b\u2029c"_s << u"a\\u2028b\\u2029c"_s;
        QTest::newRow("hangul filler") << u"\u3164\u115f"_s << u"\\u3164\\u115f"_s;
        QTest::newRow("variation selector") << u"x\ufe0f"_s << u"x\\ufe0f"_s;
        QTest::newRow("tag characters") << u"ok\U000E0072\U000E006D"_s << u"ok\\U000e0072\\U000e006d"_s;
        QTest::newRow("lone surrogate") << QString(QChar(0xd800)) + u"x"_s << u"\\ud800x"_s;
        QTest::newRow("emoji kept") << u"done \U0001F600"_s << u"done \U0001F600"_s;
        QTest::newRow("accents kept") << u"café ñ 日本"_s << u"café ñ 日本"_s;
    }

    void strict()
    {
        QFETCH(QString, text);
        QFETCH(QString, shown);
        QCOMPARE(VisibleText::escaped(text), shown);
    }

    void terminal_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("shown");
        QTest::newRow("newline and tab kept") << u"a\tb\nc"_s << u"a\tb\nc"_s;
        QTest::newRow("csi") << u"\x1b[31mred"_s << u"\\x1b[31mred"_s;
        QTest::newRow("cr") << u"safe\rrm"_s << u"safe\\rrm"_s;
        QTest::newRow("c1") << QString(QChar(0x9d)) << u"\\u009d"_s;
        QTest::newRow("bidi") << u"\u202e"_s << u"\\u202e"_s;
        QTest::newRow("zero width kept") << u"a\u200bb"_s << u"a\u200bb"_s;
        QTest::newRow("nbsp kept") << u"a\u00a0b"_s << u"a\u00a0b"_s;
    }

    void terminal()
    {
        QFETCH(QString, text);
        QFETCH(QString, shown);
        VisibleText::Options options;
        options.mode = VisibleText::Mode::Terminal;
        options.keepTabs = true;
        QCOMPARE(VisibleText::escaped(text, options), shown);
    }

    void everyControlEscaped()
    {
        for (char32_t c = 0; c < 0xA0; ++c) {
            if (c >= 0x20 && c < 0x7F)
                continue;
            const QString one = QString::fromUcs4(&c, 1);
            const QString line = VisibleText::line(one, VisibleText::Mode::Terminal);
            QVERIFY2(line.startsWith(u'\\'), qPrintable(QString::number(uint(c), 16)));
            for (const QChar ch : line)
                QVERIFY(ch.unicode() >= 0x20 && ch.unicode() < 0x7F);
        }
    }

    void markersApart()
    {
        const QList<VisibleText::Piece> pieces = VisibleText::pieces(u"a\x1b"
                                                                     u"b"_s,
            {});
        QCOMPARE(pieces.size(), 3);
        QCOMPARE(pieces.at(0).text, u"a"_s);
        QVERIFY(!pieces.at(0).marker);
        QCOMPARE(pieces.at(1).text, u"\\x1b"_s);
        QVERIFY(pieces.at(1).marker);
        QCOMPARE(pieces.at(2).text, u"b"_s);
    }

    void runsCollapsed()
    {
        VisibleText::Options options;
        options.collapseRuns = true;
        const QString padded = u"ls"_s + QString(400, u' ') + u"; rm -rf ~"_s;
        QCOMPARE(VisibleText::escaped(padded, options), u"ls[400 spaces]; rm -rf ~"_s);
        const QString shortRun = u"a"_s + QString(15, u' ') + u"b"_s;
        QCOMPARE(VisibleText::escaped(shortRun, options), shortRun);
        const QString lines = u"ls"_s + QString(50, u'\n') + u"rm -rf ~"_s;
        QCOMPARE(VisibleText::escaped(lines, options), u"ls\n[49 empty lines]\nrm -rf ~"_s);
        QCOMPARE(VisibleText::escaped(u"a\n\n\nb"_s, options), u"a\n\n\nb"_s);
        // Without the option the text stays as it is.
        QCOMPARE(VisibleText::escaped(padded), padded);
    }

    void headKeepsPairs()
    {
        qsizetype cut = -1;
        QCOMPARE(VisibleText::head(u"abc"_s, 10, &cut), u"abc"_s);
        QCOMPARE(cut, 0);
        const QString emoji = u"a\U0001F600b"_s; // a, surrogate pair, b
        QCOMPARE(VisibleText::head(emoji, 2, &cut), u"a"_s);
        QCOMPARE(cut, 3);
        QCOMPARE(VisibleText::head(emoji, 3, &cut), u"a\U0001F600"_s);
        QCOMPARE(cut, 1);
    }

    void richTextLiteral()
    {
        const QString rich = VisibleText::asRichText(u"<b>x</b> & y"_s);
        QVERIFY(rich.contains(u"&lt;b&gt;x&lt;/b&gt; &amp; y"_s));
        QVERIFY(!rich.contains(u"<b>"_s));
    }
};

QTEST_GUILESS_MAIN(TestVisibleText)
#include "tst_visibletext.moc"
