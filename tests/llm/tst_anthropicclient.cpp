#include "fixtureutil.h"
#include "llmtestutil.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Proto;
using namespace LlmTest;
using namespace Qt::StringLiterals;
using ProtoTest::FakeLlmServer;

namespace {
QStringList g_logLines;
QtMessageHandler g_previousHandler = nullptr;
QLoggingCategory::CategoryFilter g_previousFilter = nullptr;
void enableEverything(QLoggingCategory *category)
{
    if (g_previousFilter)
        g_previousFilter(category);
    const QByteArray name = category->categoryName();
    if (name.startsWith("proto.") || name.startsWith("qt.network")) {
        category->setEnabled(QtDebugMsg, true);
        category->setEnabled(QtInfoMsg, true);
    }
}
void captureMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_logLines << QString::fromLatin1(context.category ? context.category : "") + u": "_s + message;
    Q_UNUSED(type);
}

QJsonObject thinkingBlock()
{
    return QJsonObject { { u"type"_s, u"thinking"_s },
        { u"thinking"_s, u"Weighing ünïcode \"quotes\" and \\n"_s },
        { u"signature"_s, u"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds+/=="_s } };
}
} // namespace

class TestAnthropicClient : public QObject
{
    Q_OBJECT

    FakeLlmServer *m_server = nullptr;

    LlmStream *run(AnthropicClient &client, const LlmRequest &request, StreamRecorder **recorder)
    {
        LlmStream *stream = client.stream(request, this);
        *recorder = new StreamRecorder(stream);
        (*recorder)->setParent(stream);
        (*recorder)->waitForEnd(20000);
        return stream;
    }

private Q_SLOTS:
    void init()
    {
        m_server = new FakeLlmServer(this);
        QString error;
        QVERIFY2(m_server->listen(&error), qPrintable(error));
    }
    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void defaultBaseUrlFromEnvironment()
    {
        qunsetenv("ANTHROPIC_BASE_URL");
        QCOMPARE(AnthropicClient::defaultBaseUrl(), QUrl(u"https://api.anthropic.com"_s));
        qputenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:9/proxy");
        AnthropicClient client;
        QCOMPARE(client.baseUrl(), QUrl(u"http://127.0.0.1:9/proxy"_s));
        qunsetenv("ANTHROPIC_BASE_URL");
    }

    void headersAndKeyOnlyInXApiKey()
    {
        enqueueStream(*m_server, kTextStream);
        auto client = anthropicClient(*m_server);
        LlmRequest request = simpleRequest();
        request.tools
            = QJsonArray { QJsonObject { { u"type"_s, u"computer_20250124"_s }, { u"name"_s, u"computer"_s },
                { u"display_width_px"_s, 1280 }, { u"display_height_px"_s, 800 } } };
        request.betas = { u"interleaved-thinking-2025-05-14"_s };
        StreamRecorder *rec = nullptr;
        run(*client, request, &rec);
        QCOMPARE(rec->log.last(), u"finished end_turn"_s);
        QCOMPARE(m_server->requests().size(), 1);
        const FakeLlmServer::Request sent = m_server->requests().first();
        QCOMPARE(sent.method, "POST");
        QCOMPARE(sent.path, "/v1/messages");
        QCOMPARE(sent.header("x-api-key"), kApiKey.toUtf8());
        QCOMPARE(sent.header("anthropic-version"), "2023-06-01");
        QCOMPARE(sent.header("anthropic-beta"), "interleaved-thinking-2025-05-14,computer-use-2025-01-24");
        QCOMPARE(sent.header("content-type"), "application/json");
        int keyHits = 0;
        for (const auto &[name, value] : sent.headers)
            keyHits += value.contains(kApiKey.toUtf8()) ? 1 : 0;
        QCOMPARE(keyHits, 1);
        QVERIFY(!sent.body.contains(kApiKey.toUtf8()));
        QVERIFY(!sent.target.contains(kApiKey.toUtf8()));
        QVERIFY(sent.header("authorization").isEmpty());
        const QJsonObject body = sent.json.toObject();
        QCOMPARE(body.value(u"stream"_s).toBool(), true);
        QCOMPARE(body.value(u"model"_s).toString(), u"claude-sonnet-4-5"_s);
        QCOMPARE(body.value(u"max_tokens"_s).toInt(), 4096);
    }

    void cacheControlBreakpoints()
    {
        enqueueStream(*m_server, kTextStream);
        auto client = anthropicClient(*m_server);
        LlmRequest request = simpleRequest();
        const QJsonObject schema { { u"type"_s, u"object"_s } };
        request.tools = QJsonArray { QJsonObject { { u"name"_s, u"a"_s }, { u"input_schema"_s, schema } },
            QJsonObject { { u"name"_s, u"b"_s }, { u"input_schema"_s, schema } } };
        const QJsonObject ephemeral { { u"type"_s, u"ephemeral"_s } };
        request.messages = QJsonArray {
            QJsonObject { { u"role"_s, u"user"_s },
                { u"content"_s,
                    QJsonArray { QJsonObject { { u"type"_s, u"text"_s }, { u"text"_s, u"old"_s },
                        { u"cache_control"_s, ephemeral } } } } },
            QJsonObject { { u"role"_s, u"assistant"_s }, { u"content"_s, u"ok"_s } },
            QJsonObject { { u"role"_s, u"user"_s },
                { u"content"_s,
                    QJsonArray { QJsonObject { { u"type"_s, u"tool_result"_s }, { u"tool_use_id"_s, u"t1"_s },
                                     { u"content"_s, u"42"_s } },
                        QJsonObject { { u"type"_s, u"text"_s }, { u"text"_s, u"and now?"_s } } } } },
        };
        request.thinkingBudget = 2048;
        request.temperature = 1.0;
        StreamRecorder *rec = nullptr;
        run(*client, request, &rec);
        const QJsonObject body = m_server->requests().first().json.toObject();
        const QJsonArray system = body.value(u"system"_s).toArray();
        QCOMPARE(system.size(), 1);
        QCOMPARE(system.at(0).toObject().value(u"text"_s).toString(), u"You are terse."_s);
        QCOMPARE(system.at(0).toObject().value(u"cache_control"_s).toObject(), ephemeral);
        const QJsonArray tools = body.value(u"tools"_s).toArray();
        QVERIFY(!tools.at(0).toObject().contains(u"cache_control"_s));
        QCOMPARE(tools.at(1).toObject().value(u"cache_control"_s).toObject(), ephemeral);
        const QJsonArray messages = body.value(u"messages"_s).toArray();
        QVERIFY(!messages.at(0)
                .toObject()
                .value(u"content"_s)
                .toArray()
                .at(0)
                .toObject()
                .contains(u"cache_control"_s));
        const QJsonArray last = messages.at(2).toObject().value(u"content"_s).toArray();
        QVERIFY(!last.at(0).toObject().contains(u"cache_control"_s));
        QCOMPARE(last.at(1).toObject().value(u"cache_control"_s).toObject(), ephemeral);
        QCOMPARE(body.value(u"thinking"_s).toObject(),
            (QJsonObject { { u"type"_s, u"enabled"_s }, { u"budget_tokens"_s, 2048 } }));
        QCOMPARE(body.value(u"temperature"_s).toDouble(), 1.0);

        // A plain string user turn becomes a text block carrying the breakpoint; caching off
        // leaves everything as given.
        LlmRequest plain = simpleRequest(u"hello"_s);
        QJsonObject built = AnthropicClient::requestBody(plain);
        QCOMPARE(built.value(u"messages"_s)
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(u"content"_s)
                     .toArray()
                     .at(0)
                     .toObject(),
            (QJsonObject {
                { u"type"_s, u"text"_s }, { u"text"_s, u"hello"_s }, { u"cache_control"_s, ephemeral } }));
        plain.promptCaching = false;
        built = AnthropicClient::requestBody(plain);
        QCOMPARE(built.value(u"system"_s).toString(), u"You are terse."_s);
        QCOMPARE(
            built.value(u"messages"_s).toArray().at(0).toObject().value(u"content"_s).toString(), u"hello"_s);
    }

    void thinkingBlocksRoundTripUnchanged()
    {
        // Turn 1: thinking + tool_use. Turn 2 sends the assistant message back with a tool result.
        QJsonObject turn1 { { u"anthropic"_s,
            QJsonArray { QJsonObject { { u"message_start"_s, QJsonObject() } },
                QJsonObject { { u"thinking"_s, thinkingBlock().value(u"thinking"_s) },
                    { u"signature"_s, thinkingBlock().value(u"signature"_s) }, { u"deltas"_s, 5 } },
                QJsonObject { { u"redacted_thinking"_s,
                    u"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qp"_s } },
                QJsonObject { { u"tool_use"_s,
                    QJsonObject { { u"id"_s, u"toolu_1"_s }, { u"name"_s, u"bash"_s },
                        { u"input"_s, QJsonObject { { u"command"_s, u"ls"_s } } } } } },
                QJsonObject { { u"message_delta"_s, QJsonObject { { u"stop_reason"_s, u"tool_use"_s } } } },
                QJsonObject { { u"message_stop"_s, true } } } } };
        QVERIFY(m_server->enqueueJson(turn1));
        enqueueStream(*m_server, kTextStream);
        auto client = anthropicClient(*m_server);
        LlmRequest request = simpleRequest();
        request.thinkingBudget = 1024;
        StreamRecorder *rec = nullptr;
        run(*client, request, &rec);
        QCOMPARE(rec->log.last(), u"finished tool_use"_s);
        const QJsonObject assistant = rec->finalMessage;
        const QJsonArray content = assistant.value(u"content"_s).toArray();
        QCOMPARE(content.at(0).toObject(), thinkingBlock());

        request.messages.append(assistant);
        request.messages.append(QJsonObject { { u"role"_s, u"user"_s },
            { u"content"_s,
                QJsonArray { QJsonObject { { u"type"_s, u"tool_result"_s },
                    { u"tool_use_id"_s, u"toolu_1"_s }, { u"content"_s, u"file.txt"_s } } } } });
        run(*client, request, &rec);
        QCOMPARE(rec->log.last(), u"finished end_turn"_s);
        const QJsonArray echoed = m_server->requests()
                                      .at(1)
                                      .json.toObject()
                                      .value(u"messages"_s)
                                      .toArray()
                                      .at(1)
                                      .toObject()
                                      .value(u"content"_s)
                                      .toArray();
        QCOMPARE(echoed, content); // thinking, redacted_thinking and tool_use exactly as received
        QVERIFY(m_server->requests().at(1).body.contains(
            QJsonDocument(thinkingBlock()).toJson(QJsonDocument::Compact).mid(1).chopped(1)));
    }

    void retriesPerTheRules_data()
    {
        QTest::addColumn<QByteArray>("firstResponse");
        QTest::addColumn<bool>("retried");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("minDelayMs");
        QTest::newRow("429 retry-after-ms") << QByteArray(
            R"({"status":429,"headers":{"retry-after-ms":"150"},"error":{"type":"rate_limit_error","message":"slow down"}})")
                                            << true << u"rate_limited"_s << 150;
        QTest::newRow("429 retry-after seconds") << QByteArray(
            R"({"status":429,"headers":{"retry-after":"0.2"},"error":{"type":"rate_limit_error","message":"slow down"}})")
                                                 << true << u"rate_limited"_s << 200;
        QTest::newRow("529 overloaded")
            << QByteArray(R"({"status":529,"error":{"type":"overloaded_error","message":"Overloaded"}})")
            << true << u"overloaded"_s << 0;
        QTest::newRow("500") << QByteArray(R"({"status":500,"error":{"type":"api_error","message":"boom"}})")
                             << true << u"server_error"_s << 0;
        QTest::newRow("503 html body")
            << QByteArray(R"({"status":503,"body":"<html>down</html>"})") << true << u"server_error"_s << 0;
        QTest::newRow("408") << QByteArray(R"({"status":408,"body":""})") << true << u"timeout"_s << 0;
        QTest::newRow("409") << QByteArray(R"({"status":409,"body":""})") << true << u"api_error"_s << 0;
        QTest::newRow("x-should-retry true on 418")
            << QByteArray(R"({"status":418,"headers":{"x-should-retry":"true"},"body":"teapot"})") << true
            << u"api_error"_s << 0;
        QTest::newRow("x-should-retry false on 500") << QByteArray(
            R"({"status":500,"headers":{"x-should-retry":"false"},"error":{"type":"api_error","message":"no"}})")
                                                     << false << u"server_error"_s << 0;
        QTest::newRow("400") << QByteArray(
            R"({"status":400,"error":{"type":"invalid_request_error","message":"messages: roles must alternate"}})")
                             << false << u"invalid_request"_s << 0;
        QTest::newRow("401") << QByteArray(
            R"({"status":401,"error":{"type":"authentication_error","message":"invalid x-api-key"}})")
                             << false << u"invalid_api_key"_s << 0;
        QTest::newRow("403") << QByteArray(
            R"({"status":403,"error":{"type":"permission_error","message":"nope"}})")
                             << false << u"permission_denied"_s << 0;
        QTest::newRow("404 model") << QByteArray(
            R"({"status":404,"error":{"type":"not_found_error","message":"model: claude-nope"}})")
                                   << false << u"not_found"_s << 0;
        QTest::newRow("413") << QByteArray(
            R"({"status":413,"error":{"type":"request_too_large","message":"Request exceeds the maximum allowed number of bytes."}})")
                             << false << u"request_too_large"_s << 0;
        QTest::newRow("429 spend limit") << QByteArray(
            R"({"status":429,"headers":{"retry-after":"1"},"error":{"type":"rate_limit_error","message":"You have reached your specified API usage limits."}})")
                                         << false << u"spend_limit"_s << 0;
    }

    void retriesPerTheRules()
    {
        QFETCH(QByteArray, firstResponse);
        QFETCH(bool, retried);
        QFETCH(QString, kind);
        QFETCH(int, minDelayMs);
        enqueue(*m_server, firstResponse.constData());
        enqueueStream(*m_server, kTextStream);
        auto client = anthropicClient(*m_server);
        StreamRecorder *rec = nullptr;
        QElapsedTimer timer;
        timer.start();
        LlmStream *stream = run(*client, simpleRequest(), &rec);
        if (retried) {
            QCOMPARE(rec->log.first(), u"retrying 1 "_s + kind);
            QCOMPARE(rec->log.last(), u"finished end_turn"_s);
            QCOMPARE(m_server->requests().size(), 2);
            QCOMPARE(stream->attempts(), 2);
            QVERIFY(rec->retryDelays.first() >= minDelayMs);
            QVERIFY(timer.elapsed() >= minDelayMs);
            if (minDelayMs == 0)
                QVERIFY(rec->retryDelays.first() <= 20);
        } else {
            QCOMPARE(rec->log, QStringList { u"failed "_s + kind });
            QCOMPARE(m_server->requests().size(), 1);
            QVERIFY(!rec->error.retryable);
            QVERIFY(!rec->error.toString().isEmpty());
            QVERIFY(rec->error.requestId.startsWith(u"req_fake_"_s));
        }
    }

    void serverMessageReachesTheError()
    {
        enqueue(*m_server,
            R"({"status":400,"error":{"type":"invalid_request_error","message":"max_tokens: 99999999 > 64000"}})");
        auto client = anthropicClient(*m_server);
        StreamRecorder *rec = nullptr;
        run(*client, simpleRequest(), &rec);
        QCOMPARE(rec->error.httpStatus, 400);
        QCOMPARE(rec->error.type, u"invalid_request_error"_s);
        QCOMPARE(rec->error.message, u"max_tokens: 99999999 > 64000"_s);
        QVERIFY(rec->error.toString().contains(u"max_tokens: 99999999 > 64000"_s));
    }

    void retriesStopAfterTheLimit()
    {
        for (int i = 0; i < 4; ++i)
            enqueue(
                *m_server, R"({"status":529,"error":{"type":"overloaded_error","message":"Overloaded"}})");
        auto client = anthropicClient(*m_server, 2);
        StreamRecorder *rec = nullptr;
        run(*client, simpleRequest(), &rec);
        QCOMPARE(rec->log,
            QStringList({ u"retrying 1 overloaded"_s, u"retrying 2 overloaded"_s, u"failed overloaded"_s }));
        QCOMPARE(m_server->requests().size(), 3);
        QVERIFY(rec->error.retryable);
        // Backoff doubles: 5 ms then 10 ms minus at most 25 % jitter.
        QVERIFY(rec->retryDelays.at(0) >= 3 && rec->retryDelays.at(0) <= 5);
        QVERIFY(rec->retryDelays.at(1) >= 7 && rec->retryDelays.at(1) <= 10);
    }

    void cancelDuringRetryWait()
    {
        enqueue(*m_server,
            R"({"status":429,"headers":{"retry-after-ms":"500"},"error":{"type":"rate_limit_error","message":"wait"}})");
        enqueueStream(*m_server, kTextStream);
        auto client = anthropicClient(*m_server);
        std::unique_ptr<LlmStream> stream(client->stream(simpleRequest()));
        StreamRecorder rec(stream.get());
        connect(stream.get(), &LlmStream::retrying, this, [&stream](int attempt, int delayMs) {
            QCOMPARE(attempt, 1);
            QCOMPARE(delayMs, 500);
            QCOMPARE(stream->state(), LlmStream::State::WaitingToRetry);
            QTimer::singleShot(20, stream.get(), [&stream] { stream->cancel(); });
        });
        QVERIFY(rec.waitForEnd());
        QTest::qWait(700);
        QCOMPARE(rec.log, QStringList({ u"retrying 1 rate_limited"_s, u"cancelled"_s }));
        QCOMPARE(m_server->requests().size(), 1);
    }

    void networkErrorsRetryThenFail()
    {
        auto client = anthropicClient(*m_server);
        client->setBaseUrl(QUrl(u"http://127.0.0.1:%1"_s.arg(ProtoTest::freeTcpPort())));
        StreamRecorder *rec = nullptr;
        run(*client, simpleRequest(), &rec);
        QCOMPARE(
            rec->log, QStringList({ u"retrying 1 network"_s, u"retrying 2 network"_s, u"failed network"_s }));
        QVERIFY(!rec->error.message.isEmpty());
    }

    void noApiKeyFailsWithoutARequest()
    {
        auto client = anthropicClient(*m_server);
        client->setApiKey({});
        StreamRecorder *rec = nullptr;
        run(*client, simpleRequest(), &rec);
        QCOMPARE(rec->log, QStringList { u"failed no_api_key"_s });
        QVERIFY(rec->error.toString().contains(u"ANTHROPIC_API_KEY"_s));
        QCOMPARE(m_server->requests().size(), 0);
        QSignalSpy failed(client->listModels(this), &LlmModelListJob::failed);
        QVERIFY(failed.wait(2000));
    }

    void debugLogNeverContainsTheKey()
    {
        enqueue(*m_server, R"({"status":529,"error":{"type":"overloaded_error","message":"Overloaded"}})");
        enqueueStream(*m_server, kTextStream);
        enqueue(*m_server,
            R"({"status":401,"error":{"type":"authentication_error","message":"invalid x-api-key"}})");
        g_previousFilter = QLoggingCategory::installFilter(enableEverything);
        g_logLines.clear();
        g_previousHandler = qInstallMessageHandler(captureMessages);
        auto client = anthropicClient(*m_server);
        StreamRecorder *rec = nullptr;
        run(*client, simpleRequest(), &rec);
        run(*client, simpleRequest(), &rec);
        qInstallMessageHandler(g_previousHandler);
        QLoggingCategory::installFilter(g_previousFilter);
        QVERIFY(g_logLines.size() > 5);
        for (const QString &line : std::as_const(g_logLines))
            QVERIFY2(!line.contains(kApiKey) && !line.contains(u"SECRET"_s), qPrintable(line));
    }

    void modelsArePaginated()
    {
        enqueue(*m_server,
            R"({"path":"/v1/models","json":{"data":[{"type":"model","id":"claude-opus-4-5-20251101","display_name":"Claude Opus 4.5","created_at":"2025-11-01T00:00:00Z"},
            {"type":"model","id":"claude-sonnet-4-5-20250929","display_name":"Claude Sonnet 4.5","created_at":"2025-09-29T00:00:00Z"}],
            "has_more":true,"first_id":"claude-opus-4-5-20251101","last_id":"claude-sonnet-4-5-20250929"}})");
        enqueue(*m_server,
            R"({"path":"/v1/models","json":{"data":[{"type":"model","id":"claude-haiku-4-5-20251001","display_name":"Claude Haiku 4.5","created_at":"2025-10-01T00:00:00Z"}],
            "has_more":false,"first_id":"claude-haiku-4-5-20251001","last_id":"claude-haiku-4-5-20251001"}})");
        auto client = anthropicClient(*m_server);
        LlmModelListJob *job = client->listModels(this);
        QSignalSpy finished(job, &LlmModelListJob::finished);
        QVERIFY(finished.wait(5000));
        const QList<LlmModelInfo> models = job->models();
        QCOMPARE(models.size(), 3);
        QCOMPARE(models.at(0).displayName, u"Claude Opus 4.5"_s);
        QCOMPARE(models.at(2).id, u"claude-haiku-4-5-20251001"_s);
        QCOMPARE(job->pagesFetched(), 2);
        const auto requests = m_server->requests();
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests.at(0).method, "GET");
        QCOMPARE(requests.at(0).target, "/v1/models?limit=1000");
        QCOMPARE(requests.at(1).target, "/v1/models?limit=1000&after_id=claude-sonnet-4-5-20250929");
        QCOMPARE(requests.at(1).header("x-api-key"), kApiKey.toUtf8());
    }

    void modelsErrorIsTyped()
    {
        enqueue(*m_server,
            R"({"path":"/v1/models","status":401,"error":{"type":"authentication_error","message":"invalid x-api-key"}})");
        auto client = anthropicClient(*m_server);
        LlmModelListJob *job = client->listModels(this);
        QSignalSpy failed(job, &LlmModelListJob::failed);
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.first().first().value<LlmError>().kind, LlmError::Kind::InvalidApiKey);
    }
};

QTEST_GUILESS_MAIN(TestAnthropicClient)
#include "tst_anthropicclient.moc"
