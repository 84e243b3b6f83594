#include "sseparser.h"

#include <QTest>

using namespace Proto;

namespace {
QList<SseEvent> parseWhole(const QByteArray &input, SseParser::Limits limits = {})
{
    SseParser parser(limits);
    QList<SseEvent> events;
    parser.feed(input, events);
    return events;
}

SseEvent ev(const char *type, const char *data, const char *id = "")
{
    return SseEvent { type, data, id };
}

// A real Anthropic transcript: text with unicode, a tool_use with escapes, pings, thinking.
QByteArray anthropicTranscript(const QByteArray &le)
{
    QByteArray out = R"(event: message_start
data: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}

event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

event: ping
data: {"type": "ping"}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me think: ünï 🎉"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM"}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

: a comment line the parser must skip

event: content_block_start
data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01","name":"bash","input":{}}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"command\": \"echo \\\"a\\tb\\\"\"}"}}

event: content_block_stop
data: {"type":"content_block_stop","index":1}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

event: message_stop
data: {"type":"message_stop"}

)";
    if (le != "\n")
        out.replace("\n", le);
    return out;
}

QByteArray openAiTranscript()
{
    return "data: "
           "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"
           "\n\n"
           "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n"
           "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
           "data: [DONE]\n\n";
}
} // namespace

class TestSseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesSpecExamples_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QList<SseEvent>>("expected");
        QTest::newRow("simple") << QByteArray("event: a\ndata: x\n\n") << QList { ev("a", "x") };
        QTest::newRow("default type") << QByteArray("data: x\n\n") << QList { ev("message", "x") };
        QTest::newRow("crlf") << QByteArray("event: a\r\ndata: x\r\n\r\n") << QList { ev("a", "x") };
        QTest::newRow("cr only") << QByteArray("event: a\rdata: x\r\r") << QList { ev("a", "x") };
        QTest::newRow("mixed endings")
            << QByteArray("data: 1\rdata: 2\ndata: 3\r\n\n") << QList { ev("message", "1\n2\n3") };
        QTest::newRow("multi-line data")
            << QByteArray("data: a\ndata: b\ndata:\n\n") << QList { ev("message", "a\nb\n") };
        QTest::newRow("no space after colon") << QByteArray("data:x\n\n") << QList { ev("message", "x") };
        QTest::newRow("only first space stripped")
            << QByteArray("data:  x \n\n") << QList { ev("message", " x ") };
        QTest::newRow("field without colon") << QByteArray("data\n\n") << QList { ev("message", "") };
        QTest::newRow("comment") << QByteArray(": ping\ndata: x\n\n") << QList { ev("message", "x") };
        QTest::newRow("event without data is not dispatched")
            << QByteArray("event: a\n\ndata: x\n\n") << QList { ev("message", "x") };
        QTest::newRow("type resets after dispatch")
            << QByteArray("event: a\ndata: 1\n\ndata: 2\n\n") << QList { ev("a", "1"), ev("message", "2") };
        QTest::newRow("id persists") << QByteArray("id: 7\ndata: 1\n\ndata: 2\n\n")
                                     << QList { ev("message", "1", "7"), ev("message", "2", "7") };
        QTest::newRow("id with NUL ignored") << QByteArray(
            "id: 1\ndata: a\n\nid: x\0y\ndata: b\n\n", sizeof("id: 1\ndata: a\n\nid: x\0y\ndata: b\n\n") - 1)
                                             << QList { ev("message", "a", "1"), ev("message", "b", "1") };
        QTest::newRow("unknown field") << QByteArray("foo: bar\ndata: x\n\n") << QList { ev("message", "x") };
        QTest::newRow("unterminated event dropped") << QByteArray("data: x\n") << QList<SseEvent> {};
        QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF"
                                           "data: x\n\n")
                             << QList { ev("message", "x") };
        QTest::newRow("bom only once") << QByteArray("\xEF\xBB\xBF"
                                                     "data: x\n\n\xEF\xBB\xBF"
                                                     "data: y\n\n")
                                       << QList { ev("message", "x") };
        QTest::newRow("colon in value") << QByteArray("data: a: b\n\n") << QList { ev("message", "a: b") };
        QTest::newRow("NUL and high bytes in data") << QByteArray(
            "data: \0\xff\x80\n\n", 11) << QList { SseEvent { "message", QByteArray("\0\xff\x80", 3), {} } };
        QTest::newRow("blank lines only") << QByteArray("\n\n\r\n\r\r") << QList<SseEvent> {};
        QTest::newRow("empty") << QByteArray() << QList<SseEvent> {};
    }

    void parsesSpecExamples()
    {
        QFETCH(QByteArray, input);
        QFETCH(QList<SseEvent>, expected);
        QCOMPARE(parseWhole(input), expected);
    }

    void retryField()
    {
        SseParser parser;
        QList<SseEvent> events;
        QVERIFY(parser.feed("retry: 1500\n\n", events));
        QCOMPARE(parser.retryMs(), 1500);
        QVERIFY(parser.feed("retry: 15x\nretry: -1\nretry:\n\n", events));
        QCOMPARE(parser.retryMs(), 1500); // invalid values ignored
        QVERIFY(events.isEmpty());
    }

    void everySplitPointGivesTheSameEvents_data()
    {
        QTest::addColumn<QByteArray>("transcript");
        QTest::newRow("anthropic lf") << anthropicTranscript("\n");
        QTest::newRow("anthropic crlf") << anthropicTranscript("\r\n");
        QTest::newRow("anthropic cr") << anthropicTranscript("\r");
        QTest::newRow("openai") << openAiTranscript();
        QTest::newRow("bom and comments")
            << QByteArray("\xEF\xBB\xBF: hi\r\nid: 1\r\nretry: 10\r\ndata: a\r\rdata: b\n\n");
    }

    void everySplitPointGivesTheSameEvents()
    {
        QFETCH(QByteArray, transcript);
        const QList<SseEvent> whole = parseWhole(transcript);
        QVERIFY(!whole.isEmpty());
        for (qsizetype i = 0; i <= transcript.size(); ++i) {
            SseParser parser;
            QList<SseEvent> events;
            QVERIFY(parser.feed(QByteArrayView(transcript).first(i), events));
            QVERIFY(parser.feed(QByteArrayView(transcript).sliced(i), events));
            if (events != whole)
                QFAIL(qPrintable(QStringLiteral("split at %1 differs").arg(i)));
        }
        // Byte by byte, and three-way splits around every position in steps.
        SseParser parser;
        QList<SseEvent> events;
        for (const char c : std::as_const(transcript))
            QVERIFY(parser.feed(QByteArrayView(&c, 1), events));
        QCOMPARE(events, whole);
        for (qsizetype i = 0; i < transcript.size(); i += 3) {
            for (qsizetype j = i; j <= transcript.size(); j += 17) {
                SseParser p;
                QList<SseEvent> e;
                p.feed(QByteArrayView(transcript).first(i), e);
                p.feed(QByteArrayView(transcript).sliced(i, j - i), e);
                p.feed(QByteArrayView(transcript).sliced(j), e);
                if (e != whole)
                    QFAIL(qPrintable(QStringLiteral("three-way split %1/%2 differs").arg(i).arg(j)));
            }
        }
    }

    void anthropicTranscriptContent()
    {
        const QList<SseEvent> events = parseWhole(anthropicTranscript("\r\n"));
        QCOMPARE(events.size(), 11);
        QCOMPARE(events.at(0).event, "message_start");
        QCOMPARE(events.at(2).event, "ping");
        QVERIFY(events.at(7).data.contains(R"(\"echo \\\"a\\tb\\\"\")"));
        QCOMPARE(events.last().event, "message_stop");
    }

    void lineCapStopsUnboundedGrowth()
    {
        SseParser parser(SseParser::Limits { 1024, 4096 });
        QList<SseEvent> events;
        const QByteArray chunk(100, 'x');
        bool ok = parser.feed("data: ", events);
        for (int i = 0; i < 100 && ok; ++i)
            ok = parser.feed(chunk, events);
        QVERIFY(!ok);
        QCOMPARE(parser.error(), SseParser::Error::LineTooLong);
        QVERIFY(parser.errorString().contains(QLatin1String("1024")));
        QCOMPARE(parser.bufferedBytes(), 0);
        QVERIFY(!parser.feed("\n\ndata: y\n\n", events)); // sticky
        QVERIFY(events.isEmpty());
        parser.reset();
        QVERIFY(parser.feed("data: y\n\n", events));
        QCOMPARE(events.size(), 1);
    }

    void lineCapInsideOneChunk()
    {
        SseParser parser(SseParser::Limits { 64, 4096 });
        QList<SseEvent> events;
        QVERIFY(!parser.feed(QByteArray("data: " + QByteArray(100, 'y') + "\n\n"), events));
        QCOMPARE(parser.error(), SseParser::Error::LineTooLong);
    }

    void eventCapCountsAllDataLines()
    {
        SseParser parser(SseParser::Limits { 1024, 2048 });
        QList<SseEvent> events;
        const QByteArray line = QByteArray("data: " + QByteArray(500, 'z') + "\n");
        bool ok = true;
        for (int i = 0; i < 10 && ok; ++i)
            ok = parser.feed(line, events);
        QVERIFY(!ok);
        QCOMPARE(parser.error(), SseParser::Error::EventTooLarge);
        QVERIFY(events.isEmpty());
    }

    void eventsBeforeAnErrorAreKept()
    {
        SseParser parser(SseParser::Limits { 32, 4096 });
        QList<SseEvent> events;
        QVERIFY(!parser.feed(QByteArray("data: a\n\ndata: " + QByteArray(64, 'q') + "\n\n"), events));
        QCOMPARE(events.size(), 1);
    }

    void finishReportsPartialInput()
    {
        SseParser parser;
        QList<SseEvent> events;
        parser.feed("data: complete\n\n", events);
        QVERIFY(parser.finish());
        parser.feed("data: partial\n", events);
        QVERIFY(!parser.finish());
        parser.feed("data: cut in the mid", events);
        QVERIFY(!parser.finish());
        QCOMPARE(events.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
