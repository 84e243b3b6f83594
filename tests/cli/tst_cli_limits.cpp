// Limits through the real proto-cli on a fresh data folder: the defaults the Settings dialog
// shows are enforced, a model without a price counts at the highest known price (said once on
// stderr), a setting changed during a run applies to the next request, and an agent
// definition's own limits hold.
#include "clitestutil.h"
#include "fixtureutil.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace ProtoTest;
using namespace Qt::StringLiterals;

class TestCliLimits : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcess m_server;
    quint16 m_port = 0;
    int m_count = 0;
    QString m_home;
    QString m_project;

    bool startServer(const QJsonArray &responses)
    {
        stopProcess(m_server);
        m_port = startFakeLlmServer(m_server, m_dir.filePath(u"script-%1.json"_s.arg(++m_count)), responses);
        return m_port != 0;
    }

    CliResult cli(const QStringList &args) { return runCli(args, m_home, m_project, m_port); }

    double sessionCost()
    {
        const CliResult sessions = cli({ u"sessions"_s, u"--json"_s });
        return QJsonDocument::fromJson(sessions.out.section(u'\n', 0, 0).toUtf8())
            .object()
            .value(u"cost_usd"_s)
            .toDouble();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        PROTO_REQUIRE_PEER(QFile::exists(qEnvironmentVariable("PROTO_TEST_BIN_DIR") + u"/fake-llm-server"_s),
            u"fake-llm-server not built"_s);
    }

    // Every test starts from a fresh data folder: nothing was ever set.
    void init()
    {
        m_home = m_dir.filePath(u"home-%1"_s.arg(++m_count));
        m_project = m_dir.filePath(u"project-%1"_s.arg(m_count));
        QVERIFY(QDir().mkpath(m_home));
        QVERIFY(QDir().mkpath(m_project));
    }

    void cleanupTestCase() { stopProcess(m_server); }

    void defaultSessionLimitOnAFreshInstall()
    {
        // 2 million input tokens of claude-sonnet-4-5, over 200k so at the long-context $6/M: $12,
        // over the default $5.
        QVERIFY(startServer(
            { cliTool(u"toolu_1"_s, u"bash"_s, QJsonObject { { u"command"_s, u"touch should-not-exist"_s } },
                  cliUsage(2000000)),
                cliText(u"never"_s) }));
        const CliResult r = cli({ u"run"_s, u"--approve"_s, u"auto"_s, u"spend"_s });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"Spend limit reached: this session spent $12.00 of its $5.00 limit"_s),
            qPrintable(r.err));
        QVERIFY(!QFile::exists(m_project + u"/should-not-exist"_s));
    }

    void unknownModelAtTheHighestPrice()
    {
        // 300k input tokens of a model with no price: $4.50 at the highest known input price
        // ($15/M), so the next request is still allowed; a second one reaches $9: refused.
        const QJsonObject usage = cliUsage(300000, u"mystery-model-1"_s);
        QVERIFY(startServer(
            { cliTool(u"toolu_1"_s, u"bash"_s, QJsonObject { { u"command"_s, u"echo one"_s } }, usage),
                cliTool(u"toolu_2"_s, u"bash"_s, QJsonObject { { u"command"_s, u"touch not-run"_s } }, usage),
                cliText(u"never"_s) }));
        const CliResult r
            = cli({ u"run"_s, u"--model"_s, u"mystery-model-1"_s, u"--approve"_s, u"auto"_s, u"go"_s });
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err.count(u"No price is known for the model \"mystery-model-1\""_s), 1);
        QVERIFY2(r.err.contains(u"highest known price"_s), qPrintable(r.err));
        QVERIFY2(r.err.contains(u"Spend limit reached"_s), qPrintable(r.err));
        QVERIFY(!QFile::exists(m_project + u"/not-run"_s));
        // 2 x (0.3 M x $15 + 20 output tokens x $75/M)
        QVERIFY2(qAbs(sessionCost() - 2 * (4.5 + 0.0015)) < 1e-6, qPrintable(QString::number(sessionCost())));
    }

    // The setting is changed in the database while proto-cli runs (as the app's Settings dialog
    // does): the request after it obeys the new limit, no restart.
    void settingChangedDuringARun()
    {
        const QString sqlite = findProgram(u"sqlite3"_s);
        PROTO_REQUIRE_PEER(!sqlite.isEmpty(), u"sqlite3 changes the setting from outside"_s);
        const QString change = u"'%1' '%2/proto.sqlite' \"INSERT INTO settings (key, type, value) VALUES "
                               u"('limits/sessionUsd', 'double', 0.0001) ON CONFLICT(key) DO UPDATE SET "
                               u"value = excluded.value\""_s.arg(sqlite, m_home);
        // The data folder is protected from the agent's commands (a named path is asked, and
        // refused in auto mode): the change comes from a script the command line does not name.
        QFile script(m_project + u"/change.sh"_s);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(change.toUtf8() + '\n');
        script.close();
        QVERIFY(startServer(
            { cliTool(u"toolu_1"_s, u"bash"_s, QJsonObject { { u"command"_s, u"sh change.sh"_s } }),
                cliTool(u"toolu_2"_s, u"bash"_s, QJsonObject { { u"command"_s, u"touch not-run"_s } }),
                cliText(u"never"_s) }));
        const CliResult r = cli({ u"run"_s, u"--approve"_s, u"auto"_s, u"go"_s });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"of its $0.0001 limit"_s), qPrintable(r.err + r.out));
        QVERIFY(!QFile::exists(m_project + u"/not-run"_s));
    }

    void perAgentLimits()
    {
        QVERIFY(QDir().mkpath(m_home + u"/agents"_s));
        QFile agent(m_home + u"/agents/careful.json"_s);
        QVERIFY(agent.open(QIODevice::WriteOnly));
        agent.write(R"({"name": "careful", "description": "bash once", "system_prompt": "Be careful.",
            "tools": ["bash"], "limits": {"tools": {"bash": {"per_session": 1}}}})");
        agent.close();
        QVERIFY(
            startServer({ cliTool(u"toolu_1"_s, u"bash"_s, QJsonObject { { u"command"_s, u"touch one"_s } }),
                cliTool(u"toolu_2"_s, u"bash"_s, QJsonObject { { u"command"_s, u"touch two"_s } }),
                cliText(u"Only one."_s) }));
        const CliResult r = cli({ u"run"_s, u"--agent"_s, u"careful"_s, u"--approve"_s, u"auto"_s, u"go"_s });
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY(QFile::exists(m_project + u"/one"_s));
        QVERIFY(!QFile::exists(m_project + u"/two"_s));
        QVERIFY2(
            r.out.contains(u"-> denied: Limit reached: the agent careful may make at most 1 bash calls per "
                           u"session"_s),
            qPrintable(r.out));
        QVERIFY(r.out.contains(u"Only one."_s));
    }
};

QTEST_GUILESS_MAIN(TestCliLimits)
#include "tst_cli_limits.moc"
