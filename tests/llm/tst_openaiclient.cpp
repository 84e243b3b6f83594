#include "fakellmserver.h"
#include "llmtestutil.h"
#include "openaiclient.h"
#include "streamrecorder.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;
using ProtoTest::FakeLlmServer;

namespace {
QJsonArray parse(const char *json)
{
    return QJsonDocument::fromJson(json).array();
}

LlmRequest toolRequest()
{
    LlmRequest request;
    request.model = u"qwen2.5-coder"_s;
    request.system = u"You are a coding agent."_s;
    request.tools = parse(LlmTest::kOpenAi0);
    request.messages = parse(LlmTest::kOpenAi1);
    return request;
}
} // namespace

class TestOpenAiClient : public QObject
{
    Q_OBJECT

    FakeLlmServer *m_server = nullptr;

    std::unique_ptr<OpenAiClient> client(const QString &key = {})
    {
        auto c = std::make_unique<OpenAiClient>();
        c->setBaseUrl(QUrl(m_server->baseUrl().toString() + u"/v1"_s));
        c->setApiKey(key);
        LlmRetryPolicy fast;
        fast.initialDelayMs = 5;
        fast.maxDelayMs = 10;
        c->setRetryPolicy(fast);
        return c;
    }

private Q_SLOTS:
    void init()
    {
        m_server = new FakeLlmServer(this);
        QVERIFY(m_server->listen());
    }
    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void convertsAnthropicShapedRequests()
    {
        QStringList dropped;
        const QJsonObject body = OpenAiClient::requestBody(toolRequest(), &dropped);
        QCOMPARE(body.value(u"stream"_s).toBool(), true);
        QCOMPARE(body.value(u"stream_options"_s).toObject().value(u"include_usage"_s).toBool(), true);
        const QJsonArray messages = body.value(u"messages"_s).toArray();
        QCOMPARE(messages.size(), 5);
        QCOMPARE(messages.at(0).toObject(),
            (QJsonObject { { u"role"_s, u"system"_s }, { u"content"_s, u"You are a coding agent."_s } }));
        QCOMPARE(messages.at(1).toObject().value(u"content"_s).toString(), u"list files"_s);
        const QJsonObject assistant = messages.at(2).toObject();
        QCOMPARE(assistant.value(u"content"_s).toString(), u"Sure."_s);
        const QJsonObject call = assistant.value(u"tool_calls"_s).toArray().at(0).toObject();
        QCOMPARE(call.value(u"id"_s).toString(), u"call_1"_s);
        QCOMPARE(call.value(u"function"_s).toObject().value(u"name"_s).toString(), u"bash"_s);
        QCOMPARE(QJsonDocument::fromJson(
                     call.value(u"function"_s).toObject().value(u"arguments"_s).toString().toUtf8())
                     .object(),
            (QJsonObject { { u"command"_s, u"ls -la"_s } }));
        QCOMPARE(messages.at(3).toObject(),
            (QJsonObject { { u"role"_s, u"tool"_s }, { u"tool_call_id"_s, u"call_1"_s },
                { u"content"_s, u"a.txt\nb.txt"_s } }));
        const QJsonArray parts = messages.at(4).toObject().value(u"content"_s).toArray();
        QCOMPARE(parts.at(0).toObject().value(u"text"_s).toString(), u"now count them"_s);
        QCOMPARE(parts.at(1).toObject().value(u"image_url"_s).toObject().value(u"url"_s).toString(),
            u"data:image/png;base64,iVBORw0KGgo="_s);
        const QJsonArray tools = body.value(u"tools"_s).toArray();
        QCOMPARE(tools.size(), 1);
        QCOMPARE(tools.at(0)
                     .toObject()
                     .value(u"function"_s)
                     .toObject()
                     .value(u"parameters"_s)
                     .toObject()
                     .value(u"required"_s)
                     .toArray()
                     .at(0)
                     .toString(),
            u"command"_s);
        QCOMPARE(dropped.size(), 1);
        QVERIFY(dropped.first().contains(u"computer"_s));
        QVERIFY(!body.contains(u"reasoning_effort"_s));
        QVERIFY(!body.contains(u"thinking"_s));
    }

    // An effort becomes reasoning_effort; thinking has no equivalent and is not sent.
    void effortBecomesReasoningEffort()
    {
        LlmRequest request = toolRequest();
        request.thinking = LlmThinking::adaptive();
        QJsonObject body = OpenAiClient::requestBody(request);
        QVERIFY(!body.contains(u"reasoning_effort"_s));
        QVERIFY(!body.contains(u"thinking"_s));
        QVERIFY(!body.contains(u"output_config"_s));
        const QList<std::pair<LlmEffort, QString>> cases { { LlmEffort::Low, u"low"_s },
            { LlmEffort::Medium, u"medium"_s }, { LlmEffort::High, u"high"_s },
            { LlmEffort::XHigh, u"xhigh"_s }, { LlmEffort::Max, u"xhigh"_s } };
        for (const auto &[effort, name] : cases) {
            request.effort = effort;
            body = OpenAiClient::requestBody(request);
            QCOMPARE(body.value(u"reasoning_effort"_s).toString(), name);
        }
    }

    void streamsTextAndAssemblesToolCalls()
    {
        QVERIFY(m_server->enqueueJson(QJsonObject { { u"openai"_s, parse(LlmTest::kOpenAi2) } }));
        auto c = client(u"sk-local"_s);
        std::unique_ptr<LlmStream> stream(c->stream(toolRequest()));
        StreamRecorder rec(stream.get());
        QVERIFY(rec.waitForEnd());
        QCOMPARE(rec.log.last(), u"finished tool_use"_s);
        QCOMPARE(rec.compactLog().mid(0, 4),
            QStringList({ u"started chatcmpl-fake qwen2.5-coder-7b"_s, u"blockStarted 0 thinking"_s,
                u"thinking 0"_s, u"blockFinished 0"_s }));
        const QJsonArray content = rec.finalMessage.value(u"content"_s).toArray();
        QCOMPARE(content.size(), 4);
        QCOMPARE(content.at(1).toObject().value(u"text"_s).toString(), u"I'll run two commands."_s);
        QCOMPARE(content.at(2).toObject(),
            (QJsonObject { { u"type"_s, u"tool_use"_s }, { u"id"_s, u"call_a"_s }, { u"name"_s, u"bash"_s },
                { u"input"_s, QJsonObject { { u"command"_s, u"echo \"x\\ty\""_s } } } }));
        QCOMPARE(
            content.at(3).toObject().value(u"input"_s).toObject().value(u"command"_s).toString(), u"pwd"_s);
        QCOMPARE(rec.log.count(u"toolInput 2"_s), 6);
        QCOMPARE(stream->stopReason(), u"tool_use"_s);
        QCOMPARE(rec.finalUsage, (LlmUsage { 20, 33, 0, 100 }));
        QVERIFY(!stream->cost().known); // a local model has no price
        const auto sent = m_server->requests().first();
        QCOMPARE(sent.path, "/v1/chat/completions");
        QCOMPARE(sent.header("authorization"), "Bearer sk-local");
        QVERIFY(sent.header("x-api-key").isEmpty());
        QVERIFY(!sent.body.contains("sk-local"));
    }

    void keyIsOptional()
    {
        QVERIFY(m_server->enqueueJson(QJsonObject { { u"openai"_s, parse(LlmTest::kOpenAi3) } }));
        auto c = client();
        LlmRequest request;
        request.model = u"local"_s;
        request.messages = parse(LlmTest::kOpenAi4);
        std::unique_ptr<LlmStream> stream(c->stream(request));
        StreamRecorder rec(stream.get());
        QVERIFY(rec.waitForEnd());
        QCOMPARE(rec.log.last(), u"finished end_turn"_s);
        QVERIFY(m_server->requests().first().header("authorization").isEmpty());
    }

    void endWithoutDoneAfterFinishIsAccepted()
    {
        QVERIFY(m_server->enqueueJson(
            QJsonObject { { u"transfer"_s, u"close"_s }, { u"openai"_s, parse(LlmTest::kOpenAi5) } }));
        auto c = client();
        std::unique_ptr<LlmStream> stream(c->stream(toolRequest()));
        StreamRecorder rec(stream.get());
        QVERIFY(rec.waitForEnd());
        QCOMPARE(rec.log.last(), u"finished max_tokens"_s);
    }

    void cutWithoutFinishIsConnectionLost()
    {
        QVERIFY(m_server->enqueueJson(
            QJsonObject { { u"transfer"_s, u"close"_s }, { u"openai"_s, parse(LlmTest::kOpenAi6) } }));
        auto c = client();
        std::unique_ptr<LlmStream> stream(c->stream(toolRequest()));
        StreamRecorder rec(stream.get());
        QVERIFY(rec.waitForEnd());
        QCOMPARE(rec.log.last(), u"failed connection_lost"_s);
        QCOMPARE(stream->message().value(u"content"_s).toArray().at(0).toObject().value(u"text"_s).toString(),
            u"partial text here"_s);
    }

    void errorsAreTyped()
    {
        QVERIFY(m_server->enqueueJson(QJsonObject { { u"status"_s, 401 },
            { u"openai_error"_s,
                QJsonObject { { u"message"_s, u"Incorrect API key provided"_s },
                    { u"type"_s, u"invalid_request_error"_s }, { u"code"_s, u"invalid_api_key"_s } } } }));
        QVERIFY(m_server->enqueueJson(QJsonObject { { u"openai"_s, parse(LlmTest::kOpenAi7) } }));
        auto c = client(u"bad"_s);
        std::unique_ptr<LlmStream> stream(c->stream(toolRequest()));
        StreamRecorder rec(stream.get());
        QVERIFY(rec.waitForEnd());
        QCOMPARE(rec.log, QStringList { u"failed invalid_api_key"_s });
        QCOMPARE(rec.error.message, u"Incorrect API key provided"_s);
        std::unique_ptr<LlmStream> second(c->stream(toolRequest()));
        StreamRecorder rec2(second.get());
        QVERIFY(rec2.waitForEnd());
        QCOMPARE(rec2.log.last(), u"failed server_error"_s);
        QCOMPARE(rec2.error.message, u"model crashed"_s);
    }

    void listsModels()
    {
        QVERIFY(m_server->enqueueJson(QJsonObject { { u"path"_s, u"/v1/models"_s },
            { u"json"_s,
                QJsonObject { { u"object"_s, u"list"_s }, { u"data"_s, parse(LlmTest::kOpenAi8) } } } }));
        auto c = client();
        LlmModelListJob *job = c->listModels(this);
        QSignalSpy finished(job, &LlmModelListJob::finished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(job->models().size(), 1);
        QCOMPARE(job->models().first().displayName, u"qwen2.5-coder-7b"_s);
        QCOMPARE(job->models().first().createdAt, u"2023-11-14T22:13:20Z"_s);
        QCOMPARE(m_server->requests().first().path, "/v1/models");
    }

    void stopReasons()
    {
        QCOMPARE(OpenAiClient::stopReasonFor(u"stop"_s), u"end_turn"_s);
        QCOMPARE(OpenAiClient::stopReasonFor(u"tool_calls"_s), u"tool_use"_s);
        QCOMPARE(OpenAiClient::stopReasonFor(u"length"_s), u"max_tokens"_s);
        QCOMPARE(OpenAiClient::stopReasonFor(u"content_filter"_s), u"refusal"_s);
    }
};

QTEST_GUILESS_MAIN(TestOpenAiClient)
#include "tst_openaiclient.moc"
