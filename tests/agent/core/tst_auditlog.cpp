#include "auditlog.h"
#include "store.h"

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
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
