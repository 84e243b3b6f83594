// McpServerConfig and McpConfigFile: Claude Code's .mcp.json format read and written (other keys
// kept), unusable entries reported instead of guessed, and ${VAR}, ${VAR:-default} and
// ${keychain:NAME} expanded with unresolved references named.

#include "mcpserverconfig.h"

#include <QJsonDocument>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

class TestMcpServerConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesClaudeCodeFormat()
    {
        const QByteArray data = R"({"mcpServers": {
            "files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "."],
                      "env": {"TOKEN": "${GH_TOKEN}"}},
            "remote": {"type": "http", "url": "https://mcp.example.com/mcp", "headers": {"Authorization": "Bearer ${keychain:remote}"}},
            "plain": {"command": "server"}
        }})";
        const McpConfigFile file = McpConfigFile::parse(data, McpServerConfig::Scope::Project);
        QVERIFY2(file.errors.isEmpty(), qPrintable(file.errors.join(u"; "_s)));
        QCOMPARE(file.servers.size(), 3);
        const McpServerConfig &files = file.servers.at(0);
        QCOMPARE(files.name, u"files"_s);
        QCOMPARE(files.transport, McpServerConfig::Transport::Stdio);
        QCOMPARE(files.scope, McpServerConfig::Scope::Project);
        QCOMPARE(files.args, (QStringList { u"-y"_s, u"@modelcontextprotocol/server-filesystem"_s, u"."_s }));
        QCOMPARE(files.env.value(u"TOKEN"_s), u"${GH_TOKEN}"_s);
        const McpServerConfig &remote = file.servers.at(2);
        QCOMPARE(remote.name, u"remote"_s);
        QCOMPARE(remote.transport, McpServerConfig::Transport::Http);
        QCOMPARE(remote.headers.value(u"Authorization"_s), u"Bearer ${keychain:remote}"_s);
        QCOMPARE(mcpKeychainReferences(remote), QStringList { u"remote"_s });
    }

    void reportsUnusableEntries()
    {
        const QByteArray data = R"({"mcpServers": {
            "nocmd": {"args": ["x"]},
            "badargs": {"command": "x", "args": "not a list"},
            "badenv": {"command": "x", "env": {"A": 1}},
            "sse": {"type": "sse", "url": "http://x"},
            "bad name!": {"command": "x"},
            "nourl": {"type": "http"},
            "ok": {"command": "x"}
        }})";
        const McpConfigFile file = McpConfigFile::parse(data, McpServerConfig::Scope::User);
        QCOMPARE(file.servers.size(), 1);
        QCOMPARE(file.servers.at(0).name, u"ok"_s);
        QCOMPARE(file.errors.size(), 6);
        QVERIFY(McpConfigFile::parse("[1,2]", McpServerConfig::Scope::User).errors.size() == 1);
        QVERIFY(McpConfigFile::parse("{not json", McpServerConfig::Scope::User).errors.size() == 1);
        QVERIFY(McpConfigFile::parse("", McpServerConfig::Scope::User).errors.isEmpty());
    }

    void addsAndRemovesKeepingOtherKeys()
    {
        const QByteArray data = R"({"other": 1, "mcpServers": {"a": {"command": "x"}}})";
        McpServerConfig server;
        server.name = u"web"_s;
        server.transport = McpServerConfig::Transport::Http;
        server.url = u"http://127.0.0.1:9/mcp"_s;
        server.headers.insert(u"X-Key"_s, u"${KEY}"_s);
        QString error;
        const QByteArray added = McpConfigFile::withServer(data, server, &error);
        QVERIFY(error.isEmpty());
        const McpConfigFile file = McpConfigFile::parse(added, McpServerConfig::Scope::User);
        QCOMPARE(file.servers.size(), 2);
        QCOMPARE(file.servers.at(1).url, server.url);
        QCOMPARE(file.servers.at(1).headers, server.headers);
        QCOMPARE(QJsonDocument::fromJson(added).object().value(u"other"_s).toInt(), 1);
        bool removed = false;
        const QByteArray without = McpConfigFile::withoutServer(added, u"a"_s, &removed, &error);
        QVERIFY(removed);
        QCOMPARE(McpConfigFile::parse(without, McpServerConfig::Scope::User).servers.size(), 1);
        McpConfigFile::withoutServer(without, u"nothere"_s, &removed, &error);
        QVERIFY(!removed);
        McpConfigFile::withServer("[]", server, &error);
        QVERIFY(!error.isEmpty());
    }

    void expandsReferences()
    {
        const QMap<QString, QString> env { { u"HOME"_s, u"/home/me"_s }, { u"EMPTY"_s, QString() } };
        const QMap<QString, QString> secrets { { u"gh"_s, u"tok123"_s } };
        QStringList missing;
        QCOMPARE(expandMcpValue(u"${HOME}/x and ${keychain:gh}"_s, env, secrets, &missing),
            u"/home/me/x and tok123"_s);
        QCOMPARE(expandMcpValue(u"${NOPE:-fallback}"_s, env, secrets, &missing), u"fallback"_s);
        QCOMPARE(expandMcpValue(u"${EMPTY}|"_s, env, secrets, &missing), u"|"_s);
        QVERIFY(missing.isEmpty());
        QCOMPARE(expandMcpValue(u"a${NOPE}b${keychain:none}c"_s, env, secrets, &missing), u"abc"_s);
        QCOMPARE(missing, (QStringList { u"the environment variable NOPE"_s, u"the keychain entry none"_s }));
        // Not references: left alone.
        missing.clear();
        QCOMPARE(expandMcpValue(u"$HOME ${1X} $"_s, env, secrets, &missing), u"$HOME ${1X} $"_s);
        QVERIFY(missing.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMcpServerConfig)
#include "tst_mcpserverconfig.moc"
