#include "auditanchor.h"
#include "auditlog.h"
#include "store.h"

#include <QFile>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

class TestAuditLog : public QObject
{
    Q_OBJECT

private:
    static bool tamper(const QString &path, const QString &sql)
    {
        bool ok = false;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tamper"_s);
            db.setDatabaseName(path);
            if (db.open()) {
                QSqlQuery query(db);
                ok = query.exec(sql) && query.numRowsAffected() > 0;
                db.close();
            }
        }
        QSqlDatabase::removeDatabase(u"tamper"_s);
        return ok;
    }

    static AuditEntry entry(int i)
    {
        AuditEntry e;
        e.sessionId = u"s1"_s;
        e.agent = u"general"_s;
        e.machine = u"This computer"_s;
        e.action = u"tool:bash"_s;
        e.callId = u"toolu_%1"_s.arg(i);
        e.input = { { u"command"_s, u"echo %1"_s.arg(i) } };
        e.outcome = i % 2 ? u"started"_s : u"ok"_s;
        return e;
    }

    static const QByteArray &key()
    {
        static const QByteArray k = QByteArray("0123456789abcdef0123456789abcdef");
        return k;
    }

    // A log of n rows written with the key (a fresh one: no anchor expected before).
    static bool writeLog(const QString &path, int n)
    {
        auto opened = Store::open(path);
        if (!opened.store)
            return false;
        AuditLog audit(opened.store.get());
        audit.setKey(key(), true);
        for (int i = 1; i <= n; ++i)
            audit.record(entry(i));
        return audit.verify() == 0 && opened.store->flush();
    }

    // What a later process with the same key finds.
    static Store::AuditCheck checkWithKey(const QString &path, const QByteArray &withKey = key())
    {
        auto opened = Store::open(path);
        if (!opened.store)
            return {};
        opened.store->setAuditKey(withKey);
        return opened.store->checkAudit();
    }

private Q_SLOTS:
    void recordsRedactedEntriesAndDetectsEdits()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"proto.sqlite"_s);
        {
            auto opened = Store::open(path);
            QVERIFY2(opened.store, qPrintable(opened.message));
            Store &store = *opened.store;
            AuditLog audit(&store);
            AuditEntry entry;
            entry.sessionId = u"s1"_s;
            entry.agent = u"general"_s;
            entry.machine = u"This computer"_s;
            entry.action = u"tool:bash"_s;
            entry.input = { { u"command"_s, u"curl -H 'x-api-key: sk-ant-api03-SECRETSECRET' https://api"_s },
                { u"api_key"_s, u"plain-secret-value"_s } };
            entry.outcome = u"ok"_s;
            audit.record(entry);
            entry.action = u"tool:edit"_s;
            entry.input = { { u"path"_s, u".env"_s } };
            entry.diff = u"-PASSWORD=old-pass\n+PASSWORD=new-pass\n"_s;
            audit.record(entry);
            entry.action = u"approval"_s;
            entry.outcome = u"denied: not now"_s;
            entry.diff.clear();
            audit.record(entry);
            QCOMPARE(audit.verify(), 0);

            const QList<AuditRecord> rows = store.audit();
            QCOMPARE(rows.size(), 3);
            const QString all = QString::fromUtf8(QJsonDocument(rows.at(0).input).toJson()) + rows.at(1).diff;
            QVERIFY2(!all.contains(u"SECRETSECRET"_s), qPrintable(all));
            QVERIFY(!all.contains(u"plain-secret-value"_s));
            QVERIFY(!all.contains(u"old-pass"_s));
            QVERIFY(!all.contains(u"new-pass"_s));
            QCOMPARE(rows.at(0).agent, u"general"_s);
            QCOMPARE(rows.at(0).machine, u"This computer"_s);
            QCOMPARE(rows.at(2).outcome, u"denied: not now"_s);
            QVERIFY(rows.at(0).at.isValid());
        }
        // Someone rewrites history: the outcome of the denied approval.
        QVERIFY(tamper(path, u"UPDATE audit SET outcome = 'allowed' WHERE seq = 3"_s));
        {
            auto opened = Store::open(path);
            QVERIFY(opened.store);
            AuditLog audit(opened.store.get());
            QString problem;
            QCOMPARE(audit.verify(&problem), 3);
            QVERIFY(!problem.isEmpty());
        }
        // Deleting a row in the middle breaks the chain too.
        QVERIFY(tamper(path, u"DELETE FROM audit WHERE seq = 2"_s));
        {
            auto opened = Store::open(path);
            QVERIFY(opened.store);
            AuditLog audit(opened.store.get());
            QVERIFY(audit.verify() != 0);
        }
    }

    void startedRowIsDurableBeforeTheCallReturns()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"proto.sqlite"_s);
        auto opened = Store::open(path);
        QVERIFY(opened.store);
        AuditLog audit(opened.store.get());
        audit.setKey(key(), true);
        QString error;
        QVERIFY(audit.recordDurably(entry(1), &error));
        // Visible to another connection (another process) right away, and anchored.
        QCOMPARE(opened.store->committedSeq() > 0, true);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"other"_s);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(u"SELECT outcome, call_id FROM audit"_s));
            QVERIFY(query.next());
            QCOMPARE(query.value(0).toString(), u"started"_s);
            QCOMPARE(query.value(1).toString(), u"toolu_1"_s);
            db.close();
        }
        QSqlDatabase::removeDatabase(u"other"_s);
        QString anchorError;
        const auto anchor = AuditAnchor::read(opened.store->auditAnchorPath(), &anchorError);
        QVERIFY2(anchor, qPrintable(anchorError));
        QCOMPARE(anchor->seq, 1);
        QVERIFY(AuditAnchor::authentic(*anchor, key()));
        QCOMPARE(QFile::permissions(opened.store->auditAnchorPath()),
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser
                | QFileDevice::WriteUser);
        const Store::AuditCheck check = audit.check();
        QVERIFY2(check.ok(), qPrintable(check.problem));
        QVERIFY(check.anchorAuthenticated);
        QCOMPARE(audit.startedCalls(u"s1"_s, u"general"_s, u"bash"_s), 1);
        QCOMPARE(audit.startedCalls(u"s1"_s, u"general"_s, u"*"_s), 1);
        QCOMPARE(audit.startedCalls(u"s1"_s, u"other"_s, u"bash"_s), 0);
    }

    void editedRow()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"proto.sqlite"_s);
        QVERIFY(writeLog(path, 6));
        QVERIFY(checkWithKey(path).ok());
        QVERIFY(tamper(path, u"UPDATE audit SET outcome = 'ok' WHERE seq = 3"_s));
        const Store::AuditCheck check = checkWithKey(path);
        QCOMPARE(check.badSeq, 3);
        QVERIFY2(check.problem.contains(u"changed"_s), qPrintable(check.problem));
        // The call id is part of the hash too.
        QVERIFY(writeLog(dir.filePath(u"b.sqlite"_s), 6));
        QVERIFY(tamper(dir.filePath(u"b.sqlite"_s), u"UPDATE audit SET call_id = 'toolu_x' WHERE seq = 5"_s));
        QCOMPARE(checkWithKey(dir.filePath(u"b.sqlite"_s)).badSeq, 5);
    }

    void deletedTail_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<qint64>("firstBad");
        QTest::newRow("last row") << u"DELETE FROM audit WHERE seq = 6"_s << qint64(6);
        QTest::newRow("last three") << u"DELETE FROM audit WHERE seq >= 4"_s << qint64(4);
        QTest::newRow("everything") << u"DELETE FROM audit"_s << qint64(1);
    }

    void deletedTail()
    {
        QFETCH(QString, sql);
        QFETCH(qint64, firstBad);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"proto.sqlite"_s);
        QVERIFY(writeLog(path, 6));
        QVERIFY(tamper(path, sql));
        const Store::AuditCheck check = checkWithKey(path);
        QCOMPARE(check.badSeq, firstBad);
        QVERIFY2(check.problem.contains(u"missing"_s), qPrintable(check.problem));
        QCOMPARE(check.anchoredSeq, 6);

        // The next process to write finds it too, and records it in the chain before
        // re-anchoring: the evidence survives the anchor being rewritten.
        {
            auto opened = Store::open(path);
            QVERIFY(opened.store);
            AuditLog audit(opened.store.get());
            audit.setKey(key(), false);
            audit.record(entry(7));
            QVERIFY(opened.store->flush());
            const QList<AuditRecord> rows = opened.store->audit();
            QVERIFY(rows.size() >= 2);
            QCOMPARE(rows.at(rows.size() - 2).action, u"audit:tamper"_s);
            QVERIFY(rows.at(rows.size() - 2).outcome.contains(u"deleted"_s));
        }
        const Store::AuditCheck after = checkWithKey(path);
        QCOMPARE(after.badSeq, firstBad);
        QVERIFY2(after.problem.contains(u"tampered"_s), qPrintable(after.problem));
    }

    void rolledBackCopy()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"proto.sqlite"_s);
        QVERIFY(writeLog(path, 3));
        const QString copy = dir.filePath(u"copy.sqlite"_s);
        QVERIFY(QFile::copy(path, copy)); // closed: the log was checkpointed into the file
        {
            auto opened = Store::open(path);
            QVERIFY(opened.store);
            AuditLog audit(opened.store.get());
            audit.setKey(key(), false);
            for (int i = 4; i <= 8; ++i)
                audit.record(entry(i));
            QVERIFY(opened.store->flush());
        }
        QVERIFY(checkWithKey(path).ok());
        // The older copy comes back: rows 4-8 are gone.
        QVERIFY(QFile::remove(path));
        QVERIFY(QFile::copy(copy, path));
        Store::AuditCheck check = checkWithKey(path);
        QCOMPARE(check.badSeq, 4);
        // The older copy with other rows added since: row 8 is not the anchored one.
        {
            auto opened = Store::open(path);
            QVERIFY(opened.store);
            for (int i = 4; i <= 9; ++i) {
                AuditRecord forged;
                forged.action = u"tool:read"_s;
                forged.outcome = u"ok"_s;
                opened.store->appendAudit(forged); // no key here: the anchor is left alone
            }
            QVERIFY(opened.store->flush());
        }
        check = checkWithKey(path);
        QCOMPARE(check.badSeq, 8);
        QVERIFY2(check.problem.contains(u"anchored"_s), qPrintable(check.problem));
    }

    void deletedAnchor()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"proto.sqlite"_s);
        QVERIFY(writeLog(path, 4));
        QVERIFY(QFile::remove(AuditAnchor::pathFor(path)));
        Store::AuditCheck check = checkWithKey(path);
        QCOMPARE(check.badSeq, 4);
        QVERIFY2(check.problem.contains(u"missing"_s), qPrintable(check.problem));
        // A process with the key (not a new one) records the missing anchor in the chain.
        {
            auto opened = Store::open(path);
            QVERIFY(opened.store);
            AuditLog audit(opened.store.get());
            audit.setKey(key(), false);
            QVERIFY(opened.store->flush());
            QCOMPARE(opened.store->audit().last().action, u"audit:tamper"_s);
        }
        check = checkWithKey(path);
        QCOMPARE(check.badSeq, 5);
        QVERIFY2(check.problem.contains(u"anchor file was missing"_s), qPrintable(check.problem));
    }

    void hmacMismatch_data()
    {
        QTest::addColumn<QByteArray>("forgeKey");
        QTest::addColumn<qint64>("seq");
        QTest::addColumn<QString>("expected");
        // Rows 5 and 6 deleted, the anchor rewritten to the new end with a guessed key / none.
        QTest::newRow("other key") << QByteArray("not-the-key") << qint64(4) << u"forged"_s;
        QTest::newRow("no hmac") << QByteArray() << qint64(4) << u"not authenticated"_s;
        // Same head, only the HMAC differs (the key in use changed, or a forger).
        QTest::newRow("other key, same head") << QByteArray("not-the-key") << qint64(6) << u"forged"_s;
    }

    void hmacMismatch()
    {
        QFETCH(QByteArray, forgeKey);
        QFETCH(qint64, seq);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"proto.sqlite"_s);
        QVERIFY(writeLog(path, 6));
        QByteArray hash;
        {
            auto opened = Store::open(path);
            QVERIFY(opened.store);
            const QList<AuditRecord> rows = opened.store->audit(seq, 1);
            QCOMPARE(rows.size(), 1);
            hash = rows.first().hash;
        }
        if (seq < 6)
            QVERIFY(tamper(path, u"DELETE FROM audit WHERE seq > %1"_s.arg(seq)));
        QString error;
        QVERIFY2(AuditAnchor::write(AuditAnchor::pathFor(path), seq, hash, forgeKey, true, &error),
            qPrintable(error));
        const Store::AuditCheck check = checkWithKey(path);
        QCOMPARE(check.badSeq, seq);
        QVERIFY2(check.problem.contains(expected), qPrintable(check.problem));
        QVERIFY(!check.anchorAuthenticated);
        // With the key that wrote it, the chain and the (forged) head agree: only the key tells.
        if (!forgeKey.isEmpty())
            QVERIFY(checkWithKey(path, forgeKey).ok());
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
