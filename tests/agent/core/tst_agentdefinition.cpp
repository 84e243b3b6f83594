#include "agentdefinition.h"
#include "policy.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

namespace {
QJsonObject valid()
{
    return QJsonObject { { u"name"_s, u"tester"_s }, { u"description"_s, u"Tests things"_s },
        { u"system_prompt"_s, u"You test."_s }, { u"tools"_s, QJsonArray { u"read"_s, u"bash"_s } } };
}
} // namespace

class TestAgentDefinition : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtInAgents()
    {
        const AgentCatalog catalog = AgentCatalog::builtIn();
        for (const char *name : { "general", "coder", "reviewer", "planner" })
            QVERIFY2(catalog.find(QLatin1String(name)).has_value(), name);
        QCOMPARE(catalog.defaultAgent().name, u"general"_s);
        const AgentDefinition reviewer = *catalog.find(u"reviewer"_s);
        QVERIFY(!reviewer.allowsTool(u"write"_s));
        QVERIFY(!reviewer.allowsTool(u"bash"_s));
        QVERIFY(reviewer.allowsTool(u"read"_s));
        const AgentDefinition planner = *catalog.find(u"planner"_s);
        QVERIFY(planner.allowsTool(u"planning"_s));
        QVERIFY(!planner.allowsTool(u"edit"_s));
        const AgentDefinition general = *catalog.find(u"general"_s);
        QVERIFY(general.mayDelegateTo(u"reviewer"_s));
        QVERIFY(!general.mayDelegateTo(u"general"_s));
        QVERIFY(!reviewer.mayDelegateTo(u"coder"_s));
        for (const AgentDefinition &agent : catalog.agents()) {
            QStringList errors;
            Policy::fromJson(agent.policy, &errors);
            QVERIFY2(errors.isEmpty(), qPrintable(agent.name + u": "_s + errors.join(u", "_s)));
            QCOMPARE(agent.source, u"built-in"_s);
            // Round trip.
            const auto again = AgentDefinition::fromJson(agent.toJson());
            QVERIFY(again.has_value());
            QCOMPARE(again->tools, agent.tools);
            QCOMPARE(again->systemPrompt, agent.systemPrompt);
        }
        // The general agent's own rules refuse force pushes even in auto mode.
        Policy policy = Policy::fromJson(general.policy);
        policy.setMode(ApprovalMode::Auto);
        const PolicySubject push { u"bash"_s, PolicySubject::Kind::Command,
            u"git push --force origin main"_s };
        QCOMPARE(policy.decide(push).action, PolicyRule::Action::Deny);
        // Every built-in agent asks before reading keys and credentials, though reading is allowed.
        for (const AgentDefinition &agent : catalog.agents()) {
            const Policy p = Policy::fromJson(agent.policy);
            for (const char *path :
                { "~/.ssh/id_ed25519", "/home/u/proj/.env", "/srv/tls/server.key", "~/.aws/credentials" }) {
                const PolicySubject read = PolicySubject::fromToolInput(u"read"_s,
                    QJsonObject { { u"path"_s, QLatin1String(path) } }, u"/home/u/proj"_s, u"/home/u"_s);
                QCOMPARE(p.decide(read, u"/home/u/proj"_s, u"/home/u"_s).action, PolicyRule::Action::Ask);
            }
            const PolicySubject source = PolicySubject::fromToolInput(
                u"read"_s, QJsonObject { { u"path"_s, u"src/main.cpp"_s } }, u"/home/u/proj"_s, u"/home/u"_s);
            QCOMPARE(p.decide(source, u"/home/u/proj"_s, u"/home/u"_s).action, PolicyRule::Action::Allow);
        }
    }

    void parse_data()
    {
        QTest::addColumn<QJsonObject>("json");
        QTest::addColumn<QString>("error"); // empty: valid

        QTest::newRow("valid") << valid() << QString();
        auto with = [](const QString &key, const QJsonValue &value) {
            QJsonObject o = valid();
            if (value.isUndefined())
                o.remove(key);
            else
                o.insert(key, value);
            return o;
        };
        QTest::newRow("no name") << with(u"name"_s, QJsonValue::Undefined) << u"name"_s;
        QTest::newRow("upper name") << with(u"name"_s, u"Tester"_s) << u"name"_s;
        QTest::newRow("path name") << with(u"name"_s, u"../etc"_s) << u"name"_s;
        QTest::newRow("long name") << with(u"name"_s, QString(65, u'a')) << u"name"_s;
        QTest::newRow("number name") << with(u"name"_s, 5) << u"name"_s;
        QTest::newRow("no prompt") << with(u"system_prompt"_s, QJsonValue::Undefined) << u"system_prompt"_s;
        QTest::newRow("blank prompt") << with(u"system_prompt"_s, u"  \n "_s) << u"system_prompt"_s;
        QTest::newRow("prompt object") << with(u"system_prompt"_s, QJsonObject {}) << u"system_prompt"_s;
        QJsonObject lines = with(u"system_prompt"_s, QJsonValue::Undefined);
        lines.insert(u"system_prompt_lines"_s, QJsonArray { u"a"_s, u""_s, u"b"_s });
        QTest::newRow("prompt lines") << lines << QString();
        lines.insert(u"system_prompt_lines"_s, QJsonArray { u"a"_s, 1 });
        QTest::newRow("prompt lines number") << lines << u"system_prompt_lines"_s;
        QTest::newRow("no tools") << with(u"tools"_s, QJsonValue::Undefined) << u"tools"_s;
        QTest::newRow("tools string") << with(u"tools"_s, u"read"_s) << u"tools"_s;
        QTest::newRow("tools number") << with(u"tools"_s, QJsonArray { 1 }) << u"tools"_s;
        QTest::newRow("tools empty name") << with(u"tools"_s, QJsonArray { u" "_s }) << u"tools"_s;
        QTest::newRow("model number") << with(u"model"_s, 3) << u"model"_s;
        QTest::newRow("max tokens zero") << with(u"max_tokens"_s, 0) << u"max_tokens"_s;
        QTest::newRow("max tokens fraction") << with(u"max_tokens"_s, 10.5) << u"max_tokens"_s;
        QTest::newRow("max tokens huge") << with(u"max_tokens"_s, 1e12) << u"max_tokens"_s;
        QTest::newRow("max tokens string") << with(u"max_tokens"_s, u"100"_s) << u"max_tokens"_s;
        QTest::newRow("policy list") << with(u"policy"_s, QJsonArray {}) << u"policy"_s;
        QTest::newRow("policy bad rule")
            << with(u"policy"_s, QJsonObject { { u"deny"_s, QJsonArray { u"bash("_s } } }) << u"policy"_s;
        QTest::newRow("delegates number") << with(u"delegates"_s, QJsonArray { 2 }) << u"delegates"_s;
    }

    void parse()
    {
        QFETCH(QJsonObject, json);
        QFETCH(QString, error);
        QString problem;
        const auto agent = AgentDefinition::fromJson(json, &problem);
        if (error.isEmpty()) {
            QVERIFY2(agent.has_value(), qPrintable(problem));
        } else {
            QVERIFY(!agent.has_value());
            QVERIFY2(problem.contains(error), qPrintable(problem));
        }
    }

    void userFolderOverridesAndReportsBadFiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto write = [&](const QString &name, const QByteArray &data) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(data);
        };
        QJsonObject reviewer = valid();
        reviewer.insert(u"name"_s, u"reviewer"_s);
        reviewer.insert(u"system_prompt"_s, u"My own reviewer."_s);
        write(u"reviewer.json"_s, QJsonDocument(reviewer).toJson());
        write(u"tester.json"_s, QJsonDocument(valid()).toJson());
        write(u"broken.json"_s, "{ not json");
        write(u"array.json"_s, "[1,2]");
        write(u"invalid.json"_s, "{\"name\":\"x\"}");
        write(u"ignored.txt"_s, "whatever");
        QStringList errors;
        const AgentCatalog catalog = AgentCatalog::load(dir.path(), &errors);
        QCOMPARE(errors.size(), 3);
        QVERIFY(errors.join(u'\n').contains(u"broken.json"_s));
        QCOMPARE(catalog.find(u"reviewer"_s)->systemPrompt, u"My own reviewer."_s);
        QCOMPARE(catalog.find(u"reviewer"_s)->source, dir.filePath(u"reviewer.json"_s));
        QVERIFY(catalog.find(u"tester"_s).has_value());
        QVERIFY(catalog.find(u"general"_s).has_value());
        // A missing folder is just the built-ins.
        QCOMPARE(AgentCatalog::load(dir.filePath(u"nope"_s)).names().size(),
            AgentCatalog::builtIn().names().size());
    }
};

QTEST_GUILESS_MAIN(TestAgentDefinition)
#include "tst_agentdefinition.moc"
