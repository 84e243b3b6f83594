// ShellFraming: the end-of-command record is found wherever the stream is cut, output that only
// looks like a record (another nonce, a prefix) passes through untouched, and a damaged record
// is reported, never trusted.

#include "shellframing.h"

#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

namespace {
QByteArray record(
    const QByteArray &nonce, int status, const QByteArray &dir, const QByteArray &path = "/usr/bin:/bin")
{
    return "\x1fPROTO_" + nonce + "\x1f" + QByteArray::number(status) + "\x1f" + "4242\x1f" + dir + "\x1f"
        + path + "\x1e";
}
} // namespace

class TestShellFraming : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nonceIsFreshHex()
    {
        const QByteArray a = ShellFraming::newNonce();
        const QByteArray b = ShellFraming::newNonce();
        QCOMPARE(a.size(), 32);
        QVERIFY(a != b);
        QVERIFY(QByteArray::fromHex(a).toHex() == a);
    }

    void everySplitPoint()
    {
        const QByteArray nonce = ShellFraming::newNonce();
        const QByteArray output
            = "hello\x1fPROTO_not-ours\x1f and \x1fPROTO_" + nonce.left(10) + " partial\nend";
        const QByteArray stream = output + record(nonce, 3, "/home/u/my dir") + "after";
        for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
            for (qsizetype cut2 = cut; cut2 <= stream.size(); cut2 += 7) {
                ShellFraming framing(nonce);
                QByteArray got = framing.feed(stream.left(cut));
                got += framing.feed(stream.mid(cut, cut2 - cut));
                got += framing.feed(stream.mid(cut2));
                QVERIFY2(framing.isDone(), qPrintable(QStringLiteral("cut %1/%2").arg(cut).arg(cut2)));
                QCOMPARE(got, output);
                QVERIFY(!framing.isMalformed());
                QCOMPARE(framing.record().status, 3);
                QCOMPARE(framing.record().pid, 4242);
                QCOMPARE(framing.record().directory, u"/home/u/my dir"_s);
                QCOMPARE(framing.record().path, u"/usr/bin:/bin"_s);
                QCOMPARE(framing.rest(), QByteArray("after"));
            }
        }
    }

    void byteByByte()
    {
        const QByteArray nonce = ShellFraming::newNonce();
        const QByteArray stream = QByteArray("\x1f\x1f\x1fPROTO") + record(nonce, 0, "/");
        ShellFraming framing(nonce);
        QByteArray got;
        for (char c : stream)
            got += framing.feed(QByteArray(1, c));
        QVERIFY(framing.isDone());
        QCOMPARE(got, QByteArray("\x1f\x1f\x1fPROTO"));
        QCOMPARE(framing.record().directory, u"/"_s);
    }

    void malformedRecords_data()
    {
        QTest::addColumn<QByteArray>("fields");
        const auto fields = [](std::initializer_list<const char *> parts) {
            QByteArrayList list;
            for (const char *p : parts)
                list.append(p);
            return list.join('\x1f');
        };
        QTest::newRow("too few") << fields({ "0", "/tmp" });
        QTest::newRow("status not a number") << fields({ "x", "1", "/tmp", "/bin" });
        QTest::newRow("relative folder") << fields({ "0", "1", "tmp", "/bin" });
        QTest::newRow("separator in folder") << fields({ "0", "1", "/a", " b", "/bin" });
    }

    void malformedRecords()
    {
        QFETCH(QByteArray, fields);
        const QByteArray nonce = ShellFraming::newNonce();
        ShellFraming framing(nonce);
        const QByteArray out = framing.feed("out" + ("\x1fPROTO_" + nonce + "\x1f") + fields + "\x1e");
        QCOMPARE(out, QByteArray("out"));
        QVERIFY(framing.isDone());
        QVERIFY(framing.isMalformed());
    }

    void endlessRecordIsCut()
    {
        const QByteArray nonce = ShellFraming::newNonce();
        ShellFraming framing(nonce);
        framing.feed("\x1fPROTO_" + nonce + "\x1f");
        for (int i = 0; i < 100 && !framing.isDone(); ++i)
            framing.feed(QByteArray(8192, 'a'));
        QVERIFY(framing.isDone());
        QVERIFY(framing.isMalformed());
    }

    void wrapKeepsTheCommandLiteral()
    {
        const QByteArray nonce = ShellFraming::newNonce();
        const QString command = u"echo 'unterminated\nEOF\nPROTO_EOF_\n$(id) `x` \\"_s;
        const QByteArray wrapped = ShellFraming::wrap(command, nonce, u"/tmp/it's here"_s);
        QVERIFY(wrapped.contains(command.toUtf8()));
        QVERIFY(wrapped.contains(QByteArray("<<'PROTO_EOF_" + nonce + "'\n")));
        QVERIFY(wrapped.contains(QByteArray("\nPROTO_EOF_" + nonce + "\n")));
        QVERIFY(wrapped.contains("cd -- '/tmp/it'\\''s here' && eval"));
        QVERIFY(wrapped.contains("</dev/null"));
    }
};

QTEST_GUILESS_MAIN(TestShellFraming)
#include "tst_shellframing.moc"
