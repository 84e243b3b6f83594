// Key names (xdotool spelling and friendly aliases), combinations, Unicode text and Qt keys to
// X keysyms, with hostile input.
#include "vnckeysyms.h"

#include <QTest>

using namespace Proto;

class TstVncKeysyms : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void names_data();
    void names();
    void combinations_data();
    void combinations();
    void codePoints_data();
    void codePoints();
    void qtKeys_data();
    void qtKeys();
};

void TstVncKeysyms::names_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<quint32>("keysym");
    QTest::newRow("Return") << QStringLiteral("Return") << 0xff0du;
    QTest::newRow("enter alias") << QStringLiteral("Enter") << 0xff0du;
    QTest::newRow("BackSpace") << QStringLiteral("BackSpace") << 0xff08u;
    QTest::newRow("F5") << QStringLiteral("F5") << 0xffc2u;
    QTest::newRow("F12") << QStringLiteral("F12") << 0xffc9u;
    QTest::newRow("f1 lower") << QStringLiteral("f1") << 0xffbeu;
    QTest::newRow("Page_Down") << QStringLiteral("Page_Down") << 0xff56u;
    QTest::newRow("Next") << QStringLiteral("Next") << 0xff56u;
    QTest::newRow("pgup") << QStringLiteral("pgup") << 0xff55u;
    QTest::newRow("ctrl") << QStringLiteral("ctrl") << 0xffe3u;
    QTest::newRow("CTRL") << QStringLiteral("CTRL") << 0xffe3u;
    QTest::newRow("super") << QStringLiteral("super") << 0xffebu;
    QTest::newRow("a") << QStringLiteral("a") << quint32('a');
    QTest::newRow("T") << QStringLiteral("T") << quint32('T');
    QTest::newRow("plus") << QStringLiteral("plus") << quint32('+');
    QTest::newRow("e-acute") << QStringLiteral("\u00e9") << 0xe9u;
    QTest::newRow("euro") << QStringLiteral("\u20ac") << 0x010020acu;
    QTest::newRow("emoji") << QStringLiteral("\U0001F600") << 0x0101f600u;
    QTest::newRow("KP_5") << QStringLiteral("KP_5") << 0xffb5u;
    QTest::newRow("hex") << QStringLiteral("0xff0d") << 0xff0du;
    QTest::newRow("empty") << QString() << 0u;
    QTest::newRow("unknown") << QStringLiteral("NoSuchKey") << 0u;
    QTest::newRow("shell") << QStringLiteral("$(rm -rf /)") << 0u;
    QTest::newRow("bad hex") << QStringLiteral("0xzz") << 0u;
    QTest::newRow("huge hex") << QStringLiteral("0xffffffffff") << 0u;
    QTest::newRow("F36") << QStringLiteral("F36") << 0u;
    QTest::newRow("control char") << QStringLiteral("\x01") << 0u;
}

void TstVncKeysyms::names()
{
    QFETCH(QString, name);
    QFETCH(quint32, keysym);
    QCOMPARE(VncKeys::keysymForName(name), keysym);
}

void TstVncKeysyms::combinations_data()
{
    QTest::addColumn<QString>("combination");
    QTest::addColumn<QList<quint32>>("keysyms");
    QTest::newRow("ctrl+shift+t") << QStringLiteral("ctrl+shift+t") << QList<quint32> { 0xffe3, 0xffe1, 'T' };
    QTest::newRow("shift+e-acute") << QStringLiteral("shift+\u00e9") << QList<quint32> { 0xffe1, 0xc9 };
    QTest::newRow("ctrl+t stays lower") << QStringLiteral("ctrl+t") << QList<quint32> { 0xffe3, 't' };
    QTest::newRow("alt+F4") << QStringLiteral("alt+F4") << QList<quint32> { 0xffe9, 0xffc1 };
    QTest::newRow("spaces") << QStringLiteral(" ctrl + c ") << QList<quint32> { 0xffe3, 'c' };
    QTest::newRow("plus key") << QStringLiteral("ctrl++") << QList<quint32> { 0xffe3, '+' };
    QTest::newRow("lone plus") << QStringLiteral("+") << QList<quint32> { '+' };
    QTest::newRow("Return") << QStringLiteral("Return") << QList<quint32> { 0xff0d };
    QTest::newRow("empty") << QString() << QList<quint32> {};
    QTest::newRow("only spaces") << QStringLiteral("   ") << QList<quint32> {};
    QTest::newRow("trailing empty") << QStringLiteral("ctrl+ +x") << QList<quint32> {};
    QTest::newRow("unknown") << QStringLiteral("ctrl+bogus") << QList<quint32> {};
    QTest::newRow("too many") << QStringLiteral("a+b+c+d+e+f+g+h+i") << QList<quint32> {};
    QTest::newRow("injection") << QStringLiteral("ctrl+$(reboot)") << QList<quint32> {};
}

void TstVncKeysyms::combinations()
{
    QFETCH(QString, combination);
    QFETCH(QList<quint32>, keysyms);
    QString error;
    const auto parsed = VncKeys::parseCombination(combination, &error);
    if (keysyms.isEmpty()) {
        QVERIFY(!parsed);
        QVERIFY(!error.isEmpty());
    } else {
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(*parsed, keysyms);
    }
}

void TstVncKeysyms::codePoints_data()
{
    QTest::addColumn<uint>("codePoint");
    QTest::addColumn<quint32>("keysym");
    QTest::newRow("a") << uint('a') << quint32('a');
    QTest::newRow("newline") << uint('\n') << 0xff0du;
    QTest::newRow("tab") << uint('\t') << 0xff09u;
    QTest::newRow("nul") << 0u << 0u;
    QTest::newRow("escape char") << 0x1bu << 0u;
    QTest::newRow("del") << 0x7fu << 0u;
    QTest::newRow("c1") << 0x85u << 0u;
    QTest::newRow("nbsp") << 0xa0u << 0xa0u;
    QTest::newRow("cyrillic") << 0x0416u << 0x01000416u;
    QTest::newRow("surrogate") << 0xd800u << 0u;
    QTest::newRow("beyond unicode") << 0x110000u << 0u;
}

void TstVncKeysyms::codePoints()
{
    QFETCH(uint, codePoint);
    QFETCH(quint32, keysym);
    QCOMPARE(VncKeys::keysymForCodePoint(char32_t(codePoint)), keysym);
}

void TstVncKeysyms::qtKeys_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<int>("modifiers");
    QTest::addColumn<QString>("text");
    QTest::addColumn<quint32>("keysym");
    QTest::newRow("Return") << int(Qt::Key_Return) << 0 << QStringLiteral("\r") << 0xff0du;
    QTest::newRow("ctrl+t letter") << int(Qt::Key_T) << int(Qt::ControlModifier) << QStringLiteral("\x14")
                                   << quint32('t');
    QTest::newRow("shift+t") << int(Qt::Key_T) << int(Qt::ShiftModifier) << QStringLiteral("T")
                             << quint32('T');
    QTest::newRow("F5") << int(Qt::Key_F5) << 0 << QString() << 0xffc2u;
    QTest::newRow("shift") << int(Qt::Key_Shift) << 0 << QString() << 0xffe1u;
    QTest::newRow("digit") << int(Qt::Key_1) << 0 << QStringLiteral("1") << quint32('1');
    QTest::newRow("exclam") << int(Qt::Key_Exclam) << int(Qt::ShiftModifier) << QStringLiteral("!")
                            << quint32('!');
    QTest::newRow("umlaut") << int(Qt::Key_Adiaeresis) << 0 << QStringLiteral("\u00e4") << 0xe4u;
    QTest::newRow("unknown") << int(Qt::Key_LaunchMail) << 0 << QString() << 0u;
}

void TstVncKeysyms::qtKeys()
{
    QFETCH(int, key);
    QFETCH(int, modifiers);
    QFETCH(QString, text);
    QFETCH(quint32, keysym);
    QCOMPARE(VncKeys::keysymForQtKey(key, Qt::KeyboardModifiers(modifiers), text), keysym);
}

QTEST_GUILESS_MAIN(TstVncKeysyms)
#include "tst_vnckeysyms.moc"
