#include "llmtestutil.h"

#include <QSignalSpy>
#include <QTest>

using namespace Proto;
using namespace LlmTest;
using namespace Qt::StringLiterals;
using ProtoTest::FakeLlmServer;

class TestAnthropicStream : public QObject
{
    Q_OBJECT

    FakeLlmServer *m_server = nullptr;

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

    void textStreamInOrder()
    {
        enqueueStream(*m_server, kTextStream);
        auto client = anthropicClient(*m_server);
        std::unique_ptr<LlmStream> stream(client->stream(simpleRequest()));
        QCOMPARE(stream->state(), LlmStream::State::Pending);
        StreamRecorder rec(stream.get());
        QVERIFY(rec.waitForEnd());
        QCOMPARE(rec.compactLog(),
            QStringList({ u"started msg_1 claude-sonnet-4-5-20250929"_s, u"blockStarted 0 text"_s,
                u"text 0"_s, u"blockFinished 0"_s, u"messageDelta end_turn"_s, u"finished end_turn"_s }));
        QCOMPARE(rec.log.count(u"text 0"_s), 4);
        QCOMPARE(rec.texts.value(0), u"Hello, wörld 🎉!"_s);
        const QJsonArray content = rec.finalMessage.value(u"content").toArray();
        QCOMPARE(rec.finalMessage.value(u"role").toString(), u"assistant"_s);
        QCOMPARE(content.size(), 1);
        QCOMPARE(content.at(0).toObject(),
            (QJsonObject { { u"type"_s, u"text"_s }, { u"text"_s, u"Hello, wörld 🎉!"_s } }));
        QCOMPARE(stream->state(), LlmStream::State::Finished);
        QCOMPARE(stream->stopReason(), u"end_turn"_s);
        QCOMPARE(rec.finalUsage, (LlmUsage { 100, 12, 50, 1000 }));
        const LlmCost cost = stream->cost();
        QVERIFY(cost.known);
        // 100*3 + 12*15 + 50*3.75 + 1000*0.30 per million
        QVERIFY(qAbs(cost.usd - (300 + 180 + 187.5 + 300) / 1e6) < 1e-12);
        QCOMPARE(stream->attempts(), 1);
    }

    void toolUseInputSplitInsideStringsAndEscapes()
    {
        // {"command":"printf \"a\\tb\\n\" | tr -d 'é'","timeout":30}: split inside escapes and
        // in the middle of a key.
        enqueueStream(*m_server, LlmTest::kScript0);
        auto client = anthropicClient(*m_server);
        std::unique_ptr<LlmStream> stream(client->stream(simpleRequest()));
        StreamRecorder rec(stream.get());
        QVERIFY(rec.waitForEnd());
        QCOMPARE(stream->state(), LlmStream::State::Finished);
        QCOMPARE(rec.log.count(u"toolInput 1"_s), 13);
        const QJsonObject tool = rec.blocks.at(1);
        QCOMPARE(tool.value(u"id").toString(), u"toolu_A"_s);
        QCOMPARE(tool.value(u"input").toObject(),
            (QJsonObject { { u"command"_s, u"printf \"a\\tb\\n\" | tr -d 'é'"_s }, { u"timeout"_s, 30 } }));
        QCOMPARE(
            QJsonDocument::fromJson(rec.texts.value(1).toUtf8()).object(), tool.value(u"input").toObject());
        QCOMPARE(rec.blocks.at(2).value(u"input").toObject(), QJsonObject());
        QCOMPARE(rec.finalMessage.value(u"content").toArray().size(), 3);
        QCOMPARE(stream->stopReason(), u"tool_use"_s);
    }

    void thinkingRedactedAndServerBlocksPassThrough()
    {
        enqueueStream(*m_server, LlmTest::kScript1);
        auto client = anthropicClient(*m_server);
        std::unique_ptr<LlmStream> stream(client->stream(simpleRequest()));
        StreamRecorder rec(stream.get());
        QVERIFY(rec.waitForEnd());
        QCOMPARE(stream->state(), LlmStream::State::Finished);
        const QJsonArray content = rec.finalMessage.value(u"content").toArray();
        QCOMPARE(content.size(), 5);
        QCOMPARE(content.at(0).toObject(),
            (QJsonObject { { u"type"_s, u"thinking"_s }, { u"thinking"_s, u"Step 1. Step 2."_s },
                { u"signature"_s, u"EqQBSIG=="_s } }));
        QCOMPARE(content.at(1).toObject(),
            (QJsonObject { { u"type"_s, u"redacted_thinking"_s }, { u"data"_s, u"EmwKAhgBEgy3va3pzix"_s } }));
        QCOMPARE(content.at(2).toObject().value(u"input").toObject().value(u"query").toString(), u"qt"_s);
        QCOMPARE(content.at(3).toObject().value(u"type").toString(), u"web_search_tool_result"_s);
        QCOMPARE(content.at(4).toObject().value(u"citations").toArray().size(), 1);
        QCOMPARE(rec.log.count(u"thinking 0"_s), 3);
    }

    void errorEventAfterContentFailsAndKeepsWhatArrived()
    {
        enqueueStream(*m_server, LlmTest::kScript2);
        auto client = anthropicClient(*m_server);
        std::unique_ptr<LlmStream> stream(client->stream(simpleRequest()));
        StreamRecorder rec(stream.get());
        QVERIFY(rec.waitForEnd());
        QCOMPARE(rec.log.last(), u"failed overloaded"_s);
        QCOMPARE(rec.error.message, u"Overloaded"_s);
        QCOMPARE(m_server->requests().size(), 1); // content was delivered: never retried
        const QJsonArray kept = stream->message().value(u"content").toArray();
        QCOMPARE(kept.size(), 1);
        QCOMPARE(kept.at(0).toObject().value(u"text").toString(), u"partial answer"_s);
    }

    void errorEventBeforeContentIsRetried()
    {
        enqueueStream(*m_server, LlmTest::kScript3);
        enqueueStream(*m_server, kTextStream);
        auto client = anthropicClient(*m_server);
        std::unique_ptr<LlmStream> stream(client->stream(simpleRequest()));
        StreamRecorder rec(stream.get());
        QVERIFY(rec.waitForEnd());
        QCOMPARE(rec.log.first(), u"retrying 1 overloaded"_s);
        QCOMPARE(rec.log.last(), u"finished end_turn"_s);
        QCOMPARE(m_server->requests().size(), 2);
    }

    void connectionCutMidStream_data()
    {
        QTest::addColumn<QString>("transfer");
        QTest::newRow("chunked") << u"chunked"_s;
        QTest::newRow("close-delimited") << u"close"_s;
        QTest::newRow("content-length") << u"length"_s;
    }

    void connectionCutMidStream()
    {
        QFETCH(QString, transfer);
        // Cut after the first text delta reached the client.
        const QByteArray body = []() -> QByteArray {
            QList<QByteArray> events;
            QString error;
            ProtoTest::FakeLlmScript::anthropicEvents(steps(kTextStream), &events, &error);
            return events.at(0) + events.at(1) + events.at(2) + events.at(3).left(20);
        }();
        enqueueStream(*m_server, kTextStream,
            QJsonObject { { u"cut_after"_s, body.size() }, { u"transfer"_s, transfer } });
        auto client = anthropicClient(*m_server);
        std::unique_ptr<LlmStream> stream(client->stream(simpleRequest()));
        StreamRecorder rec(stream.get());
        QVERIFY(rec.waitForEnd());
        QCOMPARE(rec.log.last(), u"failed connection_lost"_s);
        QVERIFY2(rec.error.message.contains(u"bytes"_s), qPrintable(rec.error.message));
        QCOMPARE(m_server->requests().size(), 1);
        QCOMPARE(stream->message().value(u"content").toArray().at(0).toObject().value(u"text").toString(),
            rec.texts.value(0));
        QVERIFY(!rec.texts.value(0).isEmpty());
    }

    void connectionCutBeforeContentIsRetried()
    {
        enqueueStream(*m_server, kTextStream, QJsonObject { { u"cut_after"_s, 30 } });
        enqueueStream(*m_server, kTextStream);
        auto client = anthropicClient(*m_server);
        std::unique_ptr<LlmStream> stream(client->stream(simpleRequest()));
        StreamRecorder rec(stream.get());
        QVERIFY(rec.waitForEnd());
        QCOMPARE(rec.log.first(), u"retrying 1 connection_lost"_s);
        QCOMPARE(rec.log.last(), u"finished end_turn"_s);
        QCOMPARE(rec.texts.value(0), u"Hello, wörld 🎉!"_s);
    }

    void cancelMidStream()
    {
        enqueueStream(*m_server, kTextStream, QJsonObject { { u"chunk_delay_ms"_s, 40 } });
        auto client = anthropicClient(*m_server);
        std::unique_ptr<LlmStream> stream(client->stream(simpleRequest()));
        StreamRecorder rec(stream.get());
        connect(stream.get(), &LlmStream::textDelta, this, [&stream] { stream->cancel(); });
        QVERIFY(rec.waitForEnd());
        QTest::qWait(300); // the rest of the trickle would arrive now
        QCOMPARE(rec.log.last(), u"cancelled"_s);
        QCOMPARE(rec.log.count(u"text 0"_s), 1);
        QCOMPARE(rec.ends, 1);
        QCOMPARE(stream->state(), LlmStream::State::Cancelled);
        stream->cancel(); // no-op
        QCOMPARE(rec.ends, 1);
    }

    void cancelBeforeStartAndWhileConnecting()
    {
        enqueueStream(*m_server, kTextStream, QJsonObject { { u"delay_ms"_s, 200 } });
        auto client = anthropicClient(*m_server);
        std::unique_ptr<LlmStream> early(client->stream(simpleRequest()));
        StreamRecorder earlyRec(early.get());
        early->cancel();
        QCOMPARE(earlyRec.log, QStringList { u"cancelled"_s });
        std::unique_ptr<LlmStream> stream(client->stream(simpleRequest()));
        StreamRecorder rec(stream.get());
        QTRY_COMPARE(m_server->requests().size(), 1);
        stream->cancel();
        QTest::qWait(400);
        QCOMPARE(rec.log, QStringList { u"cancelled"_s });
        QCOMPARE(earlyRec.log, QStringList { u"cancelled"_s });
    }

    void deletingAStreamMidwayIsSafe()
    {
        enqueueStream(*m_server, kTextStream, QJsonObject { { u"chunk_delay_ms"_s, 20 } });
        auto client = anthropicClient(*m_server);
        LlmStream *stream = client->stream(simpleRequest());
        QSignalSpy started(stream, &LlmStream::started);
        QVERIFY(started.wait(5000));
        delete stream;
        QTest::qWait(200);
    }

    void nonStreamBodyIsRejected()
    {
        enqueue(*m_server, "{\"json\": {\"type\": \"message\", \"content\": []}}");
        auto client = anthropicClient(*m_server);
        std::unique_ptr<LlmStream> stream(client->stream(simpleRequest()));
        StreamRecorder rec(stream.get());
        QVERIFY(rec.waitForEnd());
        QCOMPARE(rec.log, QStringList { u"failed malformed_stream"_s });
        QVERIFY2(rec.error.message.contains(u"application/json"_s), qPrintable(rec.error.message));
        QCOMPARE(m_server->requests().size(), 1);
    }

    void malformedStreams_data()
    {
        QTest::addColumn<QByteArray>("stepsJson");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("data not json") << QByteArray(LlmTest::kScript4) << u"JSON"_s;
        QTest::newRow("tool input not json") << QByteArray(LlmTest::kScript5) << u"bash"_s;
        QTest::newRow("tool input an array") << QByteArray(LlmTest::kScript6) << u"not a JSON object"_s;
        QTest::newRow("delta for a block never started") << QByteArray(LlmTest::kScript7) << u"3"_s;
        QTest::newRow("block started twice") << QByteArray(LlmTest::kScript8) << u"twice"_s;
        QTest::newRow("stop with open block") << QByteArray(LlmTest::kScript9) << u"open"_s;
        QTest::newRow("huge line") << LlmTest::hugeLineScript() << u"longer than"_s;
    }

    void malformedStreams()
    {
        QFETCH(QByteArray, stepsJson);
        QFETCH(QString, messagePart);
        QJsonObject spec { { u"anthropic"_s, QJsonDocument::fromJson(stepsJson).array() } };
        QVERIFY(m_server->enqueueJson(spec));
        auto client = anthropicClient(*m_server);
        std::unique_ptr<LlmStream> stream(client->stream(simpleRequest()));
        StreamRecorder rec(stream.get());
        QVERIFY(rec.waitForEnd(20000));
        QCOMPARE(rec.log.last(), u"failed malformed_stream"_s);
        QVERIFY2(rec.error.message.contains(messagePart), qPrintable(rec.error.message));
        QCOMPARE(m_server->requests().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestAnthropicStream)
#include "tst_anthropicstream.moc"
