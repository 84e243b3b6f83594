// The audit log's hash chain: the store numbers and chains rows in its own thread; any edit,
// deletion or reordering made behind its back is found by verifyAudit().

#include "store.h"
#include "storetestutil.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimeZone>

using namespace Proto;
using StoreTest::RawDb;

namespace {

AuditRecord makeAudit(int i)
{
    AuditRecord a;
    a.at = QDateTime::fromMSecsSinceEpoch(1700000000000 + i * 1000, QTimeZone::UTC);
    a.sessionId = QStringLiteral("session-%1").arg(i % 3);
    a.agent = QStringLiteral("coder");
    a.machine = i % 2 ? QStringLiteral("This computer") : QString::fromUtf16(u"vm ✓");
    a.action = QStringLiteral("tool:bash");
    a.input = QJsonObject { { QStringLiteral("command"), QStringLiteral("echo %1 'quoted' $(x)").arg(i) },
        { QStringLiteral("z"), i }, { QStringLiteral("a"), QJsonArray { 1.5, QJsonValue(), true } } };
    a.outcome = i % 4 ? QStringLiteral("ok") : QStringLiteral("error: exit 1");
    a.diff = i % 5 ? QString() : QStringLiteral("--- a\n+++ b\n");
    return a;
}

// The canonical form as documented in auditchain.h, written out independently here.
QByteArray documentedHash(const AuditRecord &a)
{
    QByteArray out("proto-audit-v1\n");
    const auto field
        = [&out](const QByteArray &bytes) { out += QByteArray::number(bytes.size()) + ':' + bytes + '\n'; };
    field(QByteArray::number(a.seq));
    field(QByteArray::number(a.at.toMSecsSinceEpoch()));
    field(a.sessionId.toUtf8());
    field(a.agent.toUtf8());
    field(a.machine.toUtf8());
    field(a.action.toUtf8());
    field(QJsonDocument(a.input).toJson(QJsonDocument::Compact));
    field(a.outcome.toUtf8());
    field(a.diff.toUtf8());
    field(a.prevHash);
    return QCryptographicHash::hash(out, QCryptographicHash::Sha256).toHex();
}

} // namespace

class TestStoreAudit : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    QString freshPath() { return m_dir.filePath(QStringLiteral("%1/proto.sqlite").arg(++m_counter)); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void chainIsNumberedAndLinked()
    {
        auto opened = Store::open(freshPath());
        QVERIFY(opened.store);
        Store &store = *opened.store;
        QCOMPARE(store.verifyAudit(), 0); // empty is intact
        for (int i = 1; i <= 20; ++i) {
            AuditRecord a = makeAudit(i);
            a.seq = 999; // ignored: the store numbers rows
            a.hash = "forged";
            store.appendAudit(a);
        }
        QVERIFY(store.flush());
        const QList<AuditRecord> rows = store.audit();
        QCOMPARE(rows.size(), 20);
        QByteArray previous(64, '0');
        for (int i = 0; i < rows.size(); ++i) {
            const AuditRecord &a = rows.at(i);
            const AuditRecord expected = makeAudit(i + 1);
            QCOMPARE(a.seq, i + 1);
            QCOMPARE(a.at, expected.at);
            QCOMPARE(a.sessionId, expected.sessionId);
            QCOMPARE(a.machine, expected.machine);
            QCOMPARE(a.input, expected.input);
            QCOMPARE(a.outcome, expected.outcome);
            QCOMPARE(a.diff, expected.diff);
            QCOMPARE(a.prevHash, previous);
            QCOMPARE(a.hash.size(), 64);
            QCOMPARE(a.hash, documentedHash(a));
            previous = a.hash;
        }
        QCOMPARE(store.audit(5, 3).size(), 3);
        QCOMPARE(store.audit(5, 3).first().seq, 5);
        QCOMPARE(store.audit(19).size(), 2);
        QCOMPARE(store.audit(1, 0).size(), 0);
        QString problem;
        QCOMPARE(store.verifyAudit(&problem), 0);
        QVERIFY(problem.isEmpty());
    }

    void chainContinuesAcrossReopenAndThreads()
    {
        const QString path = freshPath();
        {
            auto opened = Store::open(path);
            QVERIFY(opened.store);
            AuditRecord odd = makeAudit(1);
            odd.outcome = QString::fromUtf16(u"lone surrogate \xd800 and emoji 🚀 and nul ") + QChar(0);
            odd.input = QJsonObject { { QStringLiteral("big"), qint64(9007199254740993) },
                { QString::fromUtf16(u"ключ"), 1e300 }, { QStringLiteral("neg"), -0.0 } };
            odd.at = QDateTime(); // stamped by the store
            opened.store->appendAudit(odd);
            QVERIFY(opened.store->flush());
            QVERIFY(opened.store->audit().first().at.isValid());
        }
        auto opened = Store::open(path);
        QVERIFY(opened.store);
        Store &store = *opened.store;
        QList<QThread *> threads;
        for (int t = 0; t < 4; ++t) {
            threads.append(QThread::create([&store, t] {
                for (int i = 0; i < 50; ++i)
                    store.appendAudit(makeAudit(t * 100 + i));
            }));
            threads.last()->start();
        }
        for (QThread *thread : std::as_const(threads)) {
            QVERIFY(thread->wait(20000));
            delete thread;
        }
        QVERIFY(store.flush());
        const QList<AuditRecord> rows = store.audit();
        QCOMPARE(rows.size(), 201);
        for (int i = 0; i < rows.size(); ++i)
            QCOMPARE(rows.at(i).seq, i + 1);
        QString problem;
        QCOMPARE(store.verifyAudit(&problem), 0);
    }

    void tamperingIsFound_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<qint64>("firstBad");
        QTest::newRow("outcome edited") << "UPDATE audit SET outcome = 'allowed' WHERE seq = 7" << qint64(7);
        QTest::newRow("input edited")
            << "UPDATE audit SET input = '{\"command\":\"true\"}' WHERE seq = 4" << qint64(4);
        QTest::newRow("input reformatted")
            << "UPDATE audit SET input = input || ' ' WHERE seq = 9" << qint64(9);
        QTest::newRow("time edited") << "UPDATE audit SET at = at + 1 WHERE seq = 3" << qint64(3);
        QTest::newRow("session edited") << "UPDATE audit SET session_id = 'x' WHERE seq = 10" << qint64(10);
        QTest::newRow("agent edited") << "UPDATE audit SET agent = 'other' WHERE seq = 1" << qint64(1);
        QTest::newRow("machine edited") << "UPDATE audit SET machine = 'm' WHERE seq = 2" << qint64(2);
        QTest::newRow("action edited") << "UPDATE audit SET action = 'approval' WHERE seq = 5" << qint64(5);
        QTest::newRow("diff edited") << "UPDATE audit SET diff = 'x' WHERE seq = 6" << qint64(6);
        QTest::newRow("hash edited") << "UPDATE audit SET hash = lower(hex(randomblob(32))) WHERE seq = 8"
                                     << qint64(8);
        QTest::newRow("row rehashed alone")
            << "UPDATE audit SET prev_hash = lower(hex(zeroblob(32))) WHERE seq = 5" << qint64(5);
        QTest::newRow("middle row deleted") << "DELETE FROM audit WHERE seq = 6" << qint64(6);
        QTest::newRow("first row deleted") << "DELETE FROM audit WHERE seq = 1" << qint64(1);
        QTest::newRow("rows renumbered") << "UPDATE audit SET seq = seq + 100 WHERE seq >= 9" << qint64(9);
        QTest::newRow("rows swapped")
            << "UPDATE audit SET seq = CASE seq WHEN 3 THEN 4 ELSE 3 END WHERE seq IN (3, 4)" << qint64(3);
    }
    void tamperingIsFound()
    {
        QFETCH(QString, sql);
        QFETCH(qint64, firstBad);
        const QString path = freshPath();
        {
            auto opened = Store::open(path);
            QVERIFY(opened.store);
            for (int i = 1; i <= 10; ++i)
                opened.store->appendAudit(makeAudit(i));
            QVERIFY(opened.store->flush());
            QCOMPARE(opened.store->verifyAudit(), 0);
        }
        {
            RawDb raw(path);
            // Swapping primary keys needs a detour through free numbers.
            if (sql.contains(QLatin1String("CASE seq"))) {
                QVERIFY(raw.exec(QStringLiteral("UPDATE audit SET seq = seq + 1000 WHERE seq IN (3, 4)")));
                QVERIFY(raw.exec(QStringLiteral("UPDATE audit SET seq = CASE seq WHEN 1003 THEN 4 ELSE 3 END "
                                                "WHERE seq IN (1003, 1004)")));
            } else {
                QVERIFY(raw.exec(sql));
            }
        }
        auto opened = Store::open(path);
        QVERIFY(opened.store);
        QString problem;
        QCOMPARE(opened.store->verifyAudit(&problem), firstBad);
        QVERIFY(problem.contains(QString::number(firstBad)));
        // A new row after the damage still chains to the last row as stored; the damage stays
        // reported where it is.
        opened.store->appendAudit(makeAudit(11));
        QVERIFY(opened.store->flush());
        QCOMPARE(opened.store->verifyAudit(), firstBad);
    }
};

QTEST_GUILESS_MAIN(TestStoreAudit)
#include "tst_storeaudit.moc"
