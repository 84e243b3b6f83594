// The audit log through the real proto-cli: a scripted conversation with several tools, then
// audit list / export / verify, and verify after the database was tampered with by sqlite3.
#include "clitestutil.h"
#include "fixtureutil.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace ProtoTest;
using namespace Qt::StringLiterals;

class TestCliAudit : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcess m_server;
    quint16 m_port = 0;
    QString m_sqlite;
    int m_homes = 0;

    bool startServer(const QJsonArray &responses)
    {
        stopProcess(m_server);
        m_port = startFakeLlmServer(m_server, m_dir.filePath(u"script-%1.json"_s.arg(++m_homes)), responses);
        return m_port != 0;
    }

    // A fresh data folder and project folder.
    QString freshHome(QString *project)
    {
        const QString home = m_dir.filePath(u"home-%1"_s.arg(++m_homes));
        *project = m_dir.filePath(u"project-%1"_s.arg(m_homes));
        QDir().mkpath(home);
        QDir().mkpath(*project);
        return home;
    }

    CliResult cli(const QStringList &args, const QString &home, const QString &project)
    {
        return runCli(args, home, project, m_port);
    }

    // write, bash, edit, then an answer: three tool calls.
    bool conversation(const QString &home, const QString &project)
    {
        if (!startServer(
                { cliTool(u"toolu_w"_s, u"write"_s,
                      QJsonObject { { u"path"_s, u"app.conf"_s }, { u"content"_s, u"version=1\n"_s } }),
                    cliTool(u"toolu_b"_s, u"bash"_s, QJsonObject { { u"command"_s, u"cat app.conf"_s } }),
                    cliTool(u"toolu_e"_s, u"edit"_s,
                        QJsonObject { { u"path"_s, u"app.conf"_s }, { u"old_str"_s, u"version=1"_s },
                            { u"new_str"_s, u"version=2"_s } }),
                    cliText(u"Done."_s) }))
            return false;
        const CliResult r = cli({ u"run"_s, u"--approve"_s, u"auto"_s, u"Set up app.conf"_s }, home, project);
        if (r.code != 0)
            qWarning("run failed: %s %s", qPrintable(r.err), qPrintable(r.out));
        return r.code == 0;
    }

    static QList<QJsonObject> jsonLines(const QString &text)
    {
        QList<QJsonObject> rows;
        const QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
        for (const QString &line : lines)
            rows.append(QJsonDocument::fromJson(line.toUtf8()).object());
        return rows;
    }

    bool sqlite(const QString &home, const QString &sql)
    {
        QProcess process;
        process.start(m_sqlite, { home + u"/proto.sqlite"_s, sql });
        return process.waitForFinished(10000) && process.exitStatus() == QProcess::NormalExit
            && process.exitCode() == 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        PROTO_REQUIRE_PEER(QFile::exists(qEnvironmentVariable("PROTO_TEST_BIN_DIR") + u"/fake-llm-server"_s),
            u"fake-llm-server not built"_s);
        m_sqlite = findProgram(u"sqlite3"_s);
        PROTO_REQUIRE_PEER(!m_sqlite.isEmpty(), u"sqlite3 tampers with the database"_s);
    }

    void cleanupTestCase() { stopProcess(m_server); }

    void listExportVerify()
    {
        QString project;
        const QString home = freshHome(&project);
        QVERIFY(conversation(home, project));

        // Every tool call: a "started" row, then its outcome, paired by the call's id.
        const CliResult listed = cli({ u"audit"_s, u"list"_s, u"--json"_s }, home, project);
        QVERIFY2(listed.code == 0, qPrintable(listed.err));
        const QList<QJsonObject> rows = jsonLines(listed.out);
        QString session;
        for (const QString &id : { u"toolu_w"_s, u"toolu_b"_s, u"toolu_e"_s }) {
            qint64 started = 0;
            qint64 outcome = 0;
            for (const QJsonObject &row : rows) {
                if (row.value(u"call_id"_s).toString() != id)
                    continue;
                session = row.value(u"session"_s).toString();
                QCOMPARE(row.value(u"agent"_s).toString(), u"general"_s);
                if (row.value(u"outcome"_s).toString() == u"started"_s)
                    started = qint64(row.value(u"seq"_s).toDouble());
                else if (row.value(u"outcome"_s).toString() == u"ok"_s)
                    outcome = qint64(row.value(u"seq"_s).toDouble());
            }
            QVERIFY2(started > 0 && outcome > started, qPrintable(listed.out));
        }
        QCOMPARE(rows.size(), 6);
        QCOMPARE(rows.at(2).value(u"action"_s).toString(), u"tool:bash"_s);
        QCOMPARE(rows.at(2).value(u"input"_s).toObject().value(u"command"_s).toString(), u"cat app.conf"_s);

        // Filters: by session (a prefix, as elsewhere), by time.
        QCOMPARE(jsonLines(cli({ u"audit"_s, u"list"_s, u"--json"_s, u"--session"_s, session.left(8) }, home,
                               project)
                               .out)
                     .size(),
            6);
        QCOMPARE(
            jsonLines(cli({ u"audit"_s, u"list"_s, u"--json"_s, u"--session=nosuch"_s }, home, project).out)
                .size(),
            0);
        QCOMPARE(
            jsonLines(cli({ u"audit"_s, u"list"_s, u"--json"_s, u"--since"_s, u"1h"_s }, home, project).out)
                .size(),
            6);
        const QString tomorrow = QDate::currentDate().addDays(2).toString(Qt::ISODate);
        QCOMPARE(
            jsonLines(cli({ u"audit"_s, u"list"_s, u"--json"_s, u"--since"_s, tomorrow }, home, project).out)
                .size(),
            0);
        const CliResult text = cli({ u"audit"_s, u"list"_s }, home, project);
        QVERIFY2(text.code == 0 && text.out.contains(u"tool:bash"_s) && text.out.contains(u"cat app.conf"_s),
            qPrintable(text.out));
        QCOMPARE(cli({ u"audit"_s, u"list"_s, u"--since"_s, u"yesterday-ish"_s }, home, project).code, 2);

        // Export: the same rows as JSON lines, with their hashes, in a 0600 file.
        const QString file = m_dir.filePath(u"audit-export.jsonl"_s);
        const CliResult exported = cli({ u"audit"_s, u"export"_s, file }, home, project);
        QVERIFY2(exported.code == 0, qPrintable(exported.err));
        QFile in(file);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QList<QJsonObject> lines = jsonLines(QString::fromUtf8(in.readAll()));
        QCOMPARE(lines.size(), 6);
        QCOMPARE(lines.last().value(u"seq"_s).toInt(), 6);
        QCOMPARE(lines.last().value(u"hash"_s).toString().size(), 64);
        QCOMPARE(lines.at(1).value(u"prev_hash"_s).toString(), lines.at(0).value(u"hash"_s).toString());
        QVERIFY(!(QFile::permissions(file) & (QFileDevice::ReadOther | QFileDevice::ReadGroup)));

        const CliResult verified = cli({ u"audit"_s, u"verify"_s }, home, project);
        QVERIFY2(verified.code == 0, qPrintable(verified.err));
        QVERIFY2(verified.out.contains(u"6 entries"_s) && verified.out.contains(u"HMAC checked"_s),
            qPrintable(verified.out));
        // No keychain here: the key is a 0600 file next to the database, the anchor beside it.
        const QString keyFile = home + u"/audit-hmac.key"_s;
        QVERIFY(QFile::exists(keyFile));
        QCOMPARE(QFile::permissions(keyFile) & 0x0077, QFileDevice::Permissions());
        QCOMPARE(QFile::permissions(home + u"/proto.sqlite.anchor"_s) & 0x0077, QFileDevice::Permissions());
    }

    void tamperingIsNamed_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("entry");
        QTest::addColumn<QString>("what");
        QTest::newRow("outcome edited")
            << u"sql"_s << u"UPDATE audit SET outcome = 'ok' WHERE seq = 3"_s << u"entry 3"_s << u"changed"_s;
        QTest::newRow("command edited")
            << u"sql"_s << u"UPDATE audit SET input = '{\"command\":\"true\"}' WHERE seq = 4"_s
            << u"entry 4"_s << u"changed"_s;
        QTest::newRow("middle row deleted")
            << u"sql"_s << u"DELETE FROM audit WHERE seq = 2"_s << u"entry 2"_s << u"missing"_s;
        QTest::newRow("tail deleted")
            << u"sql"_s << u"DELETE FROM audit WHERE seq >= 5"_s << u"entry 5"_s << u"missing"_s;
        QTest::newRow("anchor deleted") << u"anchor"_s << QString() << u"entry 6"_s << u"anchor"_s;
        QTest::newRow("anchor forged")
            << u"forge"_s << u"DELETE FROM audit WHERE seq = 6"_s << u"entry 5"_s << u"HMAC"_s;
    }

    void tamperingIsNamed()
    {
        QFETCH(QString, how);
        QFETCH(QString, sql);
        QFETCH(QString, entry);
        QFETCH(QString, what);
        QString project;
        const QString home = freshHome(&project);
        QVERIFY(conversation(home, project));
        QCOMPARE(cli({ u"audit"_s, u"verify"_s }, home, project).code, 0);
        const QString anchor = home + u"/proto.sqlite.anchor"_s;
        if (how == u"anchor"_s) {
            QVERIFY(QFile::remove(anchor));
        } else if (how == u"forge"_s) {
            // Delete the last row and write an anchor for the new end, guessing at the key.
            QVERIFY(sqlite(home, sql));
            QProcess query;
            query.start(m_sqlite, { home + u"/proto.sqlite"_s, u"SELECT hash FROM audit WHERE seq = 5"_s });
            QVERIFY(query.waitForFinished(10000));
            const QByteArray hash = query.readAllStandardOutput().trimmed();
            QCOMPARE(hash.size(), 64);
            QFile file(anchor);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            const QJsonObject forged { { u"version"_s, 1 }, { u"seq"_s, 5 },
                { u"hash"_s, QString::fromLatin1(hash) }, { u"hmac"_s, QString(64, u'a') } };
            file.write(QJsonDocument(forged).toJson(QJsonDocument::Compact));
        } else {
            QVERIFY(sqlite(home, sql));
        }
        const CliResult verified = cli({ u"audit"_s, u"verify"_s }, home, project);
        QCOMPARE(verified.code, 1);
        QVERIFY2(verified.err.contains(u"altered at "_s + entry), qPrintable(verified.err));
        QVERIFY2(verified.err.contains(what), qPrintable(verified.err));
    }

    // The tool kills proto-cli: its "started" row is on disk, with no outcome after it.
    void killedByItsTool()
    {
        QString project;
        const QString home = freshHome(&project);
        QVERIFY(startServer({ cliTool(u"toolu_k"_s, u"bash"_s,
                                  QJsonObject { { u"command"_s, u"touch payload-ran; kill -9 $PPID"_s } }),
            cliText(u"never"_s) }));
        const CliResult r = cli({ u"run"_s, u"--approve"_s, u"auto"_s, u"go"_s }, home, project);
        QVERIFY2(r.code != 0, qPrintable(r.out));
        QVERIFY(QFile::exists(project + u"/payload-ran"_s));
        const QList<QJsonObject> rows
            = jsonLines(cli({ u"audit"_s, u"list"_s, u"--json"_s }, home, project).out);
        QList<QJsonObject> call;
        for (const QJsonObject &row : rows) {
            if (row.value(u"call_id"_s).toString() == u"toolu_k"_s)
                call.append(row);
        }
        QVERIFY2(!call.isEmpty(), qPrintable(QString::number(rows.size())));
        QCOMPARE(call.first().value(u"outcome"_s).toString(), u"started"_s);
        QCOMPARE(call.first().value(u"input"_s).toObject().value(u"command"_s).toString(),
            u"touch payload-ran; kill -9 $PPID"_s);
        // The log is intact: the anchor followed the started row.
        const CliResult verified = cli({ u"audit"_s, u"verify"_s }, home, project);
        QVERIFY2(verified.code == 0, qPrintable(verified.err));
    }
};

QTEST_GUILESS_MAIN(TestCliAudit)
#include "tst_cli_audit.moc"
