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
        request.thinking = LlmThinking::budget(2048);
        request.temperature = 0.7;
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
        QVERIFY(!body.contains(u"temperature"_s)); // the API rejects it while thinking

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
        request.thinking = LlmThinking::budget(1024);
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

    // Claude Opus 4.8 with adaptive thinking and effort high, as Claude Code sends it: thinking
    // {type: adaptive}, output_config {effort: high}, no temperature (Opus 4.8 takes no sampling
    // parameters), max_tokens capped at its 128k; the streamed thinking and its signature come
    // back in the final message, and go out again unchanged on the next turn.
    void adaptiveThinkingAndEffortOnOpus48()
    {
        const QJsonObject turn1 { { u"anthropic"_s,
            QJsonArray {
                QJsonObject { { u"message_start"_s, QJsonObject { { u"model"_s, u"claude-opus-4-8"_s } } } },
                QJsonObject { { u"thinking"_s, thinkingBlock().value(u"thinking"_s) },
                    { u"signature"_s, thinkingBlock().value(u"signature"_s) }, { u"deltas"_s, 4 } },
                QJsonObject { { u"text"_s, u"Done."_s } },
                QJsonObject { { u"message_delta"_s, QJsonObject { { u"stop_reason"_s, u"end_turn"_s } } } },
                QJsonObject { { u"message_stop"_s, true } } } } };
        QVERIFY(m_server->enqueueJson(turn1));
        enqueueStream(*m_server, kTextStream);
        auto client = anthropicClient(*m_server);
        LlmRequest request = simpleRequest();
        request.model = u"claude-opus-4-8"_s;
        request.maxTokens = 200000;
        request.thinking = LlmThinking::adaptive();
        request.effort = LlmEffort::High;
        request.temperature = 0.2;
        StreamRecorder *rec = nullptr;
        run(*client, request, &rec);
        QCOMPARE(rec->log.last(), u"finished end_turn"_s);
        const FakeLlmServer::Request sent = m_server->requests().first();
        const QJsonObject body = sent.json.toObject();
        QCOMPARE(body.value(u"thinking"_s).toObject(), (QJsonObject { { u"type"_s, u"adaptive"_s } }));
        QCOMPARE(body.value(u"output_config"_s).toObject(), (QJsonObject { { u"effort"_s, u"high"_s } }));
        QVERIFY(!body.contains(u"temperature"_s));
        QCOMPARE(body.value(u"max_tokens"_s).toInt(), 128000);
        QVERIFY(sent.header("anthropic-beta").isEmpty()); // adaptive and effort need no beta here
        QVERIFY(rec->log.join(u'\n').contains(u"thinking"_s));

        const QJsonArray content = rec->finalMessage.value(u"content"_s).toArray();
        QCOMPARE(content.size(), 2);
        QCOMPARE(content.at(0).toObject(), thinkingBlock());

        request.messages.append(rec->finalMessage);
        request.messages.append(QJsonObject { { u"role"_s, u"user"_s }, { u"content"_s, u"again"_s } });
        run(*client, request, &rec);
        const QJsonArray echoed = m_server->requests()
                                      .at(1)
                                      .json.toObject()
                                      .value(u"messages"_s)
                                      .toArray()
                                      .at(1)
                                      .toObject()
                                      .value(u"content"_s)
                                      .toArray();
        QCOMPARE(echoed.at(0).toObject(), thinkingBlock());
    }

    // An older thinking model gets {type: enabled, budget_tokens} with max_tokens above the
    // budget, the interleaved-thinking beta when it has tools, and the 1M context beta when a
    // long context is asked for; no output_config (Sonnet 4.5 takes no effort).
    void budgetThinkingOnAnOlderModel()
    {
        enqueueStream(*m_server, kTextStream);
        auto client = anthropicClient(*m_server);
        LlmRequest request = simpleRequest();
        request.model = u"claude-sonnet-4-5-20250929"_s;
        request.maxTokens = 4096;
        request.thinking = LlmThinking::budget(8000);
        request.effort = LlmEffort::High;
        request.longContext = true;
        request.tools = QJsonArray { QJsonObject {
            { u"name"_s, u"a"_s }, { u"input_schema"_s, QJsonObject { { u"type"_s, u"object"_s } } } } };
        StreamRecorder *rec = nullptr;
        run(*client, request, &rec);
        QCOMPARE(rec->log.last(), u"finished end_turn"_s);
        const FakeLlmServer::Request sent = m_server->requests().first();
        const QJsonObject body = sent.json.toObject();
        QCOMPARE(body.value(u"thinking"_s).toObject(),
            (QJsonObject { { u"type"_s, u"enabled"_s }, { u"budget_tokens"_s, 8000 } }));
        QCOMPARE(body.value(u"max_tokens"_s).toInt(), 8000 + 4096);
        QVERIFY(!body.contains(u"output_config"_s));
        QCOMPARE(sent.header("anthropic-beta"), "context-1m-2025-08-07,interleaved-thinking-2025-05-14");
    }

    // Thinking off: no thinking and no output_config in the body, the temperature as asked.
    void thinkingOffCarriesNone()
    {
        enqueueStream(*m_server, kTextStream);
        auto client = anthropicClient(*m_server);
        LlmRequest request = simpleRequest();
        request.model = u"claude-opus-4-8"_s;
        request.thinking = LlmThinking::off();
        StreamRecorder *rec = nullptr;
        run(*client, request, &rec);
        QCOMPARE(rec->log.last(), u"finished end_turn"_s);
        const QJsonObject body = m_server->requests().first().json.toObject();
        QVERIFY(!body.contains(u"thinking"_s));
        QVERIFY(!body.contains(u"output_config"_s));
        QCOMPARE(body.value(u"max_tokens"_s).toInt(), 4096);

        LlmRequest older = simpleRequest();
        older.temperature = 0.3;
        const QJsonObject olderBody = AnthropicClient::requestBody(older);
        QVERIFY(!olderBody.contains(u"thinking"_s));
        QCOMPARE(olderBody.value(u"temperature"_s).toDouble(), 0.3);
    }

    // The body for each kind of model, from the catalog's data.
    void thinkingBodyPerModel_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("thinking"); // as --thinking takes it
        QTest::addColumn<QString>("effort");
        QTest::addColumn<QString>("wantThinking"); // compact JSON, "" for none
        QTest::addColumn<QString>("wantEffort"); // "" for none
        QTest::addColumn<QStringList>("wantBetas");
        QTest::newRow("opus 4.6 adaptive xhigh -> high")
            << u"claude-opus-4-6"_s << u"adaptive"_s << u"xhigh"_s << uR"({"type":"adaptive"})"_s << u"high"_s
            << QStringList();
        QTest::newRow("opus 4.6 budget (deprecated, accepted)")
            << u"claude-opus-4-6"_s << u"2048"_s << u"default"_s
            << uR"({"budget_tokens":2048,"type":"enabled"})"_s << QString() << QStringList();
        QTest::newRow("opus 4.7 budget -> adaptive")
            << u"claude-opus-4-7"_s << u"4096"_s << u"max"_s << uR"({"type":"adaptive"})"_s << u"max"_s
            << QStringList();
        QTest::newRow("opus 4.5 adaptive -> budget by effort")
            << u"claude-opus-4-5-20251101"_s << u"adaptive"_s << u"max"_s
            << uR"({"budget_tokens":32000,"type":"enabled"})"_s << u"high"_s
            << QStringList { u"effort-2025-11-24"_s };
        QTest::newRow("opus 4.5 effort alone") << u"claude-opus-4-5"_s << u"off"_s << u"low"_s << QString()
                                               << u"low"_s << QStringList { u"effort-2025-11-24"_s };
        QTest::newRow("opus 5 off -> disabled")
            << u"claude-opus-5"_s << u"off"_s << u"medium"_s << uR"({"type":"disabled"})"_s << u"medium"_s
            << QStringList();
        QTest::newRow("opus 5 off at max effort -> high")
            << u"claude-opus-5"_s << u"off"_s << u"max"_s << uR"({"type":"disabled"})"_s << u"high"_s
            << QStringList();
        QTest::newRow("opus 5 adaptive at max") << u"claude-opus-5"_s << u"adaptive"_s << u"max"_s
                                                << uR"({"type":"adaptive"})"_s << u"max"_s << QStringList();
        QTest::newRow("opus 4.8 adaptive summarized")
            << u"claude-opus-4-8"_s << u"adaptive+summarized"_s << u"default"_s
            << uR"({"display":"summarized","type":"adaptive"})"_s << QString() << QStringList();
        QTest::newRow("sonnet 4.5 budget omitted")
            << u"claude-sonnet-4-5"_s << u"2048+omitted"_s << u"default"_s
            << uR"({"budget_tokens":2048,"display":"omitted","type":"enabled"})"_s << QString()
            << QStringList();
        QTest::newRow("opus 5 off: no display") << u"claude-opus-5"_s << u"off+summarized"_s << u"default"_s
                                                << uR"({"type":"disabled"})"_s << QString() << QStringList();
        QTest::newRow("opus 5.5 off: always thinks")
            << u"claude-opus-5-5"_s << u"off"_s << u"default"_s << QString() << QString() << QStringList();
        QTest::newRow("fable 5.1 budget -> adaptive")
            << u"claude-fable-5-1"_s << u"8000"_s << u"high"_s << uR"({"type":"adaptive"})"_s << u"high"_s
            << QStringList();
        QTest::newRow("sonnet 4.6 adaptive") << u"claude-sonnet-4-6"_s << u"adaptive"_s << u"low"_s
                                             << uR"({"type":"adaptive"})"_s << u"low"_s << QStringList();
        QTest::newRow("haiku 4.5 adaptive -> budget")
            << u"claude-haiku-4-5"_s << u"adaptive"_s << u"low"_s
            << uR"({"budget_tokens":4096,"type":"enabled"})"_s << QString() << QStringList();
        QTest::newRow("haiku 3.5 has no thinking") << u"claude-3-5-haiku-20241022"_s << u"adaptive"_s
                                                   << u"high"_s << QString() << QString() << QStringList();
        QTest::newRow("unknown model: nothing")
            << u"acme-chat-2"_s << u"adaptive"_s << u"high"_s << QString() << QString() << QStringList();
        QTest::newRow("future opus: the newest opus")
            << u"claude-opus-4-9"_s << u"adaptive"_s << u"xhigh"_s << uR"({"type":"adaptive"})"_s
            << u"xhigh"_s << QStringList();
    }

    void thinkingBodyPerModel()
    {
        QFETCH(QString, model);
        QFETCH(QString, thinking);
        QFETCH(QString, effort);
        QFETCH(QString, wantThinking);
        QFETCH(QString, wantEffort);
        QFETCH(QStringList, wantBetas);
        LlmRequest request = simpleRequest();
        request.model = model;
        request.maxTokens = 1024;
        request.temperature = 0.5;
        const QString display = thinking.section(u'+', 1);
        thinking = thinking.section(u'+', 0, 0);
        const std::optional<LlmThinking> parsedThinking = LlmThinking::parse(thinking);
        const std::optional<LlmEffort> parsedEffort = parseLlmEffort(effort);
        QVERIFY(parsedThinking && parsedEffort);
        QCOMPARE(parsedThinking->toString(), thinking);
        request.thinking = *parsedThinking;
        if (!display.isEmpty())
            request.thinking.display = display == u"summarized"_s ? LlmThinking::Display::Summarized
                                                                  : LlmThinking::Display::Omitted;
        request.effort = *parsedEffort;
        const QJsonObject body = AnthropicClient::requestBody(request);
        if (wantThinking.isEmpty()) {
            QVERIFY2(!body.contains(u"thinking"_s), QJsonDocument(body).toJson().constData());
        } else {
            QCOMPARE(QString::fromUtf8(
                         QJsonDocument(body.value(u"thinking"_s).toObject()).toJson(QJsonDocument::Compact)),
                wantThinking);
            const int budget = body.value(u"thinking"_s).toObject().value(u"budget_tokens"_s).toInt();
            QVERIFY(body.value(u"max_tokens"_s).toInt() > budget);
        }
        QCOMPARE(body.value(u"output_config"_s).toObject().value(u"effort"_s).toString(), wantEffort);
        QCOMPARE(AnthropicClient::betasFor(request), wantBetas);
        const bool thinks = !wantThinking.isEmpty() && !wantThinking.contains(u"disabled"_s);
        const bool sampling = ModelCatalog::shared()->capabilities(model).sampling;
        QCOMPARE(body.contains(u"temperature"_s),
            !thinks && sampling
                && ModelCatalog::shared()->capabilities(model).thinking
                    != ModelCapabilities::Thinking::AlwaysOn);
    }

    // Computer tool betas come from the catalog's tool_betas, not a list in the client.
    void toolBetasFromTheCatalog()
    {
        ModelCatalog catalog;
        LlmRequest request = simpleRequest();
        request.tools = QJsonArray { QJsonObject {
            { u"type"_s, u"computer_20251124"_s }, { u"name"_s, u"computer"_s } } };
        QCOMPARE(AnthropicClient::betasFor(request, catalog), QStringList { u"computer-use-2025-11-24"_s });
        QVERIFY(catalog.mergeJson(R"({"tool_betas":{"computer_20251124":"computer-use-2099-01-01"}})"));
        QCOMPARE(AnthropicClient::betasFor(request, catalog), QStringList { u"computer-use-2099-01-01"_s });
        request.tools = QJsonArray { QJsonObject { { u"type"_s, u"computer_toolset_20260801"_s } } };
        QVERIFY(AnthropicClient::betasFor(request, catalog).isEmpty()); // GA: no beta
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
