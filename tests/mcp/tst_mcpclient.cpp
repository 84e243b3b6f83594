// McpClient and McpTool against the real MCP fixture server (the official TypeScript SDK), over
// stdio on LocalMachine and over Streamable HTTP on 127.0.0.1: version negotiation, a paginated
// tools/list, list_changed, calls with text, image and resource results, isError, schema checks
// before the call, cancellation reaching the server, the server dying mid-call, and a bearer
// header the HTTP server insists on.

#include "httprpctransport.h"
#include "jsonrpcconnection.h"
#include "localmachine.h"
#include "mcpclient.h"
#include "mcpfixture.h"
#include "mcptool.h"
#include "rpccall.h"
#include "shellquote.h"
#include "stdiorpctransport.h"
#include "toolregistry.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Proto;
using namespace ProtoTest;
using namespace Qt::StringLiterals;

namespace {

bool waitReady(McpClient *client)
{
    if (client->state() == McpClient::State::Connecting) {
        QSignalSpy ready(client, &McpClient::ready);
        QSignalSpy failed(client, &McpClient::failed);
        for (int i = 0; i < 200 && ready.isEmpty() && failed.isEmpty(); ++i)
            ready.wait(100);
    }
    return client->state() == McpClient::State::Ready;
}

ToolResult runTool(
    ToolRegistry &registry, const QString &name, const QJsonObject &input, ToolJob **out = nullptr)
{
    LocalMachine machine;
    ToolContext context;
    context.machine = &machine;
    context.root = QDir::tempPath();
    std::unique_ptr<ToolJob> job(registry.run(name, input, context));
    if (out) {
        *out = job.release();
        return {};
    }
    QSignalSpy spy(job.get(), &ToolJob::finished);
    if (!job->isFinished())
        spy.wait(20000);
    return job->result();
}

} // namespace

class TestMcpClient : public QObject
{
    Q_OBJECT

    LocalMachine m_machine;
    QNetworkAccessManager m_network;

    McpClient *stdioClient(QObject *parent)
    {
        CommandSpec spec;
        spec.command = shellJoin({ u"node"_s, mcpFixtureScript() });
        spec.environment.insert(u"FIXTURE_GREETING"_s, u"hello from env"_s);
        auto *client = new McpClient(u"fx"_s, new StdioRpcTransport(&m_machine, spec), parent);
        client->start();
        return client;
    }

    void exerciseTools(McpClient *client)
    {
        QCOMPARE(client->protocolVersion(), u"2025-11-25"_s);
        QCOMPARE(client->serverTitle(), u"proto-fixture 1.0.0"_s);
        // Ten tools over four pages of three.
        QCOMPARE(client->tools().size(), 10);
        QCOMPARE(client->tools().last().name, u"grow"_s);

        ToolRegistry registry;
        for (const McpToolInfo &info : client->tools())
            registry.add(std::make_unique<McpTool>(client, info));
        QVERIFY(registry.tool(u"mcp__fx__echo"_s));
        QCOMPARE(registry.tool(u"mcp__fx__add"_s)->inputSchema().value(u"required"_s).toArray(),
            (QJsonArray { u"a"_s, u"b"_s }));

        ToolResult echo = runTool(registry, u"mcp__fx__echo"_s, { { u"text"_s, u"hi there"_s } });
        QVERIFY(!echo.isError);
        QCOMPARE(echo.text(), u"echo: hi there"_s);

        ToolResult picture = runTool(registry, u"mcp__fx__picture"_s, {});
        QCOMPARE(picture.content.size(), 2);
        QCOMPARE(picture.content.at(0).text, u"a red dot"_s);
        QCOMPARE(picture.content.at(1).kind, ToolContent::Kind::Image);
        QCOMPARE(picture.content.at(1).mediaType, u"image/png"_s);
        QVERIFY(picture.content.at(1).imageData.startsWith("\x89PNG"));

        ToolResult document = runTool(registry, u"mcp__fx__document"_s, {});
        QCOMPARE(document.text(), u"Resource file:///notes/todo.txt (text/plain):\nbuy milk"_s);

        ToolResult broken = runTool(registry, u"mcp__fx__broken"_s, {});
        QVERIFY(broken.isError);
        QCOMPARE(broken.text(), u"the tool failed on purpose"_s);

        // The schema's basics are checked before the server hears of the call.
        ToolResult missing = runTool(registry, u"mcp__fx__add"_s, { { u"a"_s, 1 } });
        QVERIFY(missing.isError);
        QVERIFY2(missing.text().contains(u"b"_s), qPrintable(missing.text()));
        ToolResult wrongType = runTool(registry, u"mcp__fx__add"_s, { { u"a"_s, 1 }, { u"b"_s, u"two"_s } });
        QVERIFY(wrongType.isError);
        QVERIFY2(wrongType.text().contains(u"number"_s), qPrintable(wrongType.text()));
        QCOMPARE(runTool(registry, u"mcp__fx__add"_s, { { u"a"_s, 2 }, { u"b"_s, 40 } }).text(), u"42"_s);

        // Stop: the call ends at once and the server hears notifications/cancelled.
        ToolJob *slowJob = nullptr;
        runTool(registry, u"mcp__fx__slow"_s, { { u"ms"_s, 60000 } }, &slowJob);
        std::unique_ptr<ToolJob> slow(slowJob);
        QTest::qWait(200); // let the request reach the server before it is cancelled
        QSignalSpy slowDone(slow.get(), &ToolJob::finished);
        slow->cancel();
        QVERIFY(slowDone.wait(5000) || slow->isFinished());
        QVERIFY(slow->result().isError);
        QVERIFY(slow->result().text().contains(u"cancelled"_s));
        QString cancelled;
        for (int i = 0; i < 50 && (cancelled.isEmpty() || cancelled == u"[]"_s); ++i) {
            cancelled = runTool(registry, u"mcp__fx__cancellations"_s, {}).text();
            if (cancelled == u"[]"_s)
                QTest::qWait(100);
        }
        QVERIFY2(cancelled != u"[]"_s, qPrintable(cancelled));

        // list_changed: the client lists again and sees the new tool.
        QSignalSpy changed(client, &McpClient::toolsChanged);
        QCOMPARE(runTool(registry, u"mcp__fx__grow"_s, {}).text(), u"grown"_s);
        QVERIFY(changed.wait(10000) || !changed.isEmpty());
        QCOMPARE(client->tools().size(), 11);
        QCOMPARE(client->tools().last().name, u"extra"_s);
    }

private Q_SLOTS:
    void stdioServer()
    {
        QObject owner;
        McpClient *client = stdioClient(&owner);
        QVERIFY2(waitReady(client), qPrintable(client->failureReason()));
        exerciseTools(client);

        ToolRegistry registry;
        for (const McpToolInfo &info : client->tools())
            registry.add(std::make_unique<McpTool>(client, info));
        QCOMPARE(runTool(registry, u"mcp__fx__env"_s, { { u"name"_s, u"FIXTURE_GREETING"_s } }).text(),
            u"hello from env"_s);

        // The server dies in the middle of a call: the call fails saying so, with its stderr.
        ToolResult crash = runTool(registry, u"mcp__fx__crash"_s, {});
        QVERIFY(crash.isError);
        QVERIFY2(crash.text().contains(u"exited with code 5"_s), qPrintable(crash.text()));
        QVERIFY(crash.text().contains(u"crashing on purpose"_s));
        QCOMPARE(client->state(), McpClient::State::Failed);
        ToolResult after = runTool(registry, u"mcp__fx__echo"_s, { { u"text"_s, u"x"_s } });
        QVERIFY(after.isError);
        QVERIFY2(after.text().contains(u"not connected"_s), qPrintable(after.text()));
    }

    void httpServer()
    {
        McpHttpFixture server;
        QVERIFY(server.url().isValid());
        QObject owner;
        auto *transport = new HttpRpcTransport(&m_network, server.url(), {});
        auto *client = new McpClient(u"fx"_s, transport, &owner);
        client->start();
        QVERIFY2(waitReady(client), qPrintable(client->failureReason()));
        QVERIFY(!transport->sessionId().isEmpty());
        exerciseTools(client);
    }

    void httpServerWantsItsToken()
    {
        QProcessEnvironment environment;
        environment.insert(u"MCP_FIXTURE_TOKEN"_s, u"s3cret"_s);
        McpHttpFixture server(environment);
        QVERIFY(server.url().isValid());
        QObject owner;
        auto *refused = new McpClient(u"fx"_s, new HttpRpcTransport(&m_network, server.url(), {}), &owner);
        refused->start();
        QVERIFY(!waitReady(refused));
        QVERIFY2(refused->failureReason().contains(u"HTTP 401"_s), qPrintable(refused->failureReason()));

        auto *allowed = new McpClient(u"fx"_s,
            new HttpRpcTransport(&m_network, server.url(), { { "Authorization", "Bearer s3cret" } }), &owner);
        allowed->start();
        QVERIFY2(waitReady(allowed), qPrintable(allowed->failureReason()));
        QCOMPARE(allowed->tools().size(), 10);
    }

    void unreachableHttpServer()
    {
        QObject owner;
        auto *client = new McpClient(
            u"fx"_s, new HttpRpcTransport(&m_network, QUrl(u"http://127.0.0.1:1/mcp"_s), {}), &owner);
        client->start();
        QVERIFY(!waitReady(client));
        QVERIFY2(client->failureReason().contains(u"could not reach"_s), qPrintable(client->failureReason()));
    }

    void serverWithAnotherVersion()
    {
        // A peer that answers initialize with a version we do not speak.
        CommandSpec spec;
        spec.command
            = u"read line; printf '%s\\n' "
              "'{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"1999-01-01\","
              "\"capabilities\":{},\"serverInfo\":{\"name\":\"old\",\"version\":\"0\"}}}'; sleep 30"_s;
        QObject owner;
        auto *client = new McpClient(u"old"_s, new StdioRpcTransport(&m_machine, spec), &owner);
        client->start();
        QVERIFY(!waitReady(client));
        QVERIFY2(client->failureReason().contains(u"\"1999-01-01\""_s), qPrintable(client->failureReason()));
        QVERIFY(client->failureReason().contains(u"2025-06-18"_s));
    }
};

QTEST_GUILESS_MAIN(TestMcpClient)
#include "tst_mcpclient.moc"
