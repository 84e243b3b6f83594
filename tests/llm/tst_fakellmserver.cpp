#include "fakellmserver.h"
#include "fixtureutil.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using ProtoTest::FakeLlmScript;
using ProtoTest::FakeLlmServer;

namespace {
// Waits with the event loop running (the in-process server lives on this thread).
bool waitForBytes(QTcpSocket &socket, int timeoutMs)
{
    return QTest::qWaitFor([&socket] { return socket.bytesAvailable() > 0; }, timeoutMs);
}

// Reads one HTTP/1.1 response (chunked or Content-Length) from a socket and decodes its body;
// bytes of the next response stay in `pending`.
bool readResponse(QTcpSocket &socket, QByteArray *head, QByteArray *body, int timeoutMs = 5000)
{
    static QHash<QTcpSocket *, QByteArray> pendingBySocket;
    QByteArray &rest = pendingBySocket[&socket];
    const auto more = [&] {
        if (!waitForBytes(socket, timeoutMs))
            return false;
        rest += socket.readAll();
        return true;
    };
    rest += socket.readAll();
    qsizetype headerEnd = -1;
    while ((headerEnd = rest.indexOf("\r\n\r\n")) < 0) {
        if (!more())
            return false;
    }
    *head = rest.left(headerEnd);
    rest.remove(0, headerEnd + 4);
    body->clear();
    if (head->toLower().contains("transfer-encoding: chunked")) {
        while (true) {
            qsizetype lineEnd;
            while ((lineEnd = rest.indexOf("\r\n")) < 0) {
                if (!more())
                    return false;
            }
            const qsizetype size = rest.left(lineEnd).toLongLong(nullptr, 16);
            while (rest.size() < lineEnd + 2 + size + 2) {
                if (!more())
                    return false;
            }
            if (size == 0) {
                rest.remove(0, lineEnd + 4);
                return true;
            }
            *body += rest.mid(lineEnd + 2, size);
            rest.remove(0, lineEnd + 2 + size + 2);
        }
    }
    const qsizetype at = head->toLower().indexOf("content-length: ");
    const qsizetype length = head->mid(at + 16, head->indexOf("\r\n", at) - at - 16).toLongLong();
    while (rest.size() < length) {
        if (!more())
            return false;
    }
    *body = rest.left(length);
    rest.remove(0, length);
    return true;
}
} // namespace

class TestFakeLlmServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepAliveChunkedAndLengthBodies()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        QVERIFY(server.enqueueJson(QJsonObject { { u"anthropic"_s,
            QJsonArray { QJsonObject { { u"message_start"_s, QJsonObject() } },
                QJsonObject { { u"ping"_s, true } } } } }));
        QVERIFY(server.enqueueJson(QJsonObject { { u"status"_s, 429 }, { u"transfer"_s, u"length"_s },
            { u"headers"_s, QJsonObject { { u"retry-after"_s, u"7"_s } } },
            { u"error"_s,
                QJsonObject { { u"type"_s, u"rate_limit_error"_s }, { u"message"_s, u"slow"_s } } } }));
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(socket.waitForConnected(3000));
        socket.write("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     "application/json\r\nContent-Length: 11\r\n\r\n{\"a\": \"b\"}\n"
                     "GET /v1/models?limit=2 HTTP/1.1\r\nHost: x\r\n\r\n");
        QByteArray head, body;
        QVERIFY(readResponse(socket, &head, &body));
        QVERIFY(head.startsWith("HTTP/1.1 200 OK\r\n"));
        QVERIFY(head.contains("Content-Type: text/event-stream"));
        QVERIFY(head.contains("Connection: keep-alive"));
        QVERIFY(body.startsWith("event: message_start\ndata: {"));
        QVERIFY(body.endsWith("event: ping\ndata: {\"type\": \"ping\"}\n\n"));
        QVERIFY(readResponse(socket, &head, &body));
        QVERIFY(head.startsWith("HTTP/1.1 429 Too Many Requests\r\n"));
        QVERIFY(head.contains("retry-after: 7"));
        QCOMPARE(
            QJsonDocument::fromJson(body).object().value(u"error"_s).toObject().value(u"type"_s).toString(),
            u"rate_limit_error"_s);
        QCOMPARE(server.connectionsAccepted(), 1);
        const auto requests = server.requests();
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests.at(0).json.toObject().value(u"a"_s).toString(), u"b"_s);
        QCOMPARE(requests.at(0).header("content-type"), "application/json");
        QCOMPARE(requests.at(1).method, "GET");
        QCOMPARE(requests.at(1).path, "/v1/models");
        QCOMPARE(requests.at(1).target, "/v1/models?limit=2");
        // The queue is empty now: a clear 501 that clients do not retry.
        socket.write("POST /v1/messages HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        QVERIFY(readResponse(socket, &head, &body));
        QVERIFY(head.startsWith("HTTP/1.1 501"));
        QVERIFY(head.contains("x-should-retry: false"));
        QVERIFY(body.contains("no scripted response left"));
    }

    void scriptErrorsAreClear_data()
    {
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("not json") << QByteArray("{responses:") << u"offset"_s;
        QTest::newRow("no responses") << QByteArray("{}") << u"responses"_s;
        QTest::newRow("unknown step")
            << QByteArray(R"({"responses":[{"anthropic":[{"dance":1}]}]})") << u"dance"_s;
        QTest::newRow("bad transfer") << QByteArray(R"([{"transfer":"pigeon"}])") << u"pigeon"_s;
        QTest::newRow("bad line ending")
            << QByteArray(R"([{"line_ending":"x","chunks":[]}])") << u"line_ending"_s;
    }

    void scriptErrorsAreClear()
    {
        QFETCH(QByteArray, script);
        QFETCH(QString, messagePart);
        QList<ProtoTest::FakeLlmResponse> responses;
        QString error;
        QVERIFY(!FakeLlmScript::parse(script, &responses, &error));
        QVERIFY2(error.contains(messagePart), qPrintable(error));
    }

    void splittingNeverBreaksSurrogatePairs()
    {
        const QString text = u"a🎉b🎉c"_s;
        for (int n = 1; n <= text.size() + 2; ++n) {
            const QStringList pieces = FakeLlmScript::splitText(text, n);
            QCOMPARE(pieces.join(QString()), text);
            for (const QString &piece : pieces)
                QVERIFY(piece.isEmpty() || !piece.front().isLowSurrogate());
        }
        QCOMPARE(FakeLlmScript::splitAt(u"abcdef"_s, { 2, 2, 1, 4, 99 }),
            QStringList({ u"ab"_s, u"cd"_s, u"ef"_s }));
    }

    void standaloneServerPrintsPortAndRecords()
    {
        const QString program = qEnvironmentVariable("PROTO_TEST_BIN_DIR") + u"/fake-llm-server"_s;
        PROTO_REQUIRE_PEER(QFile::exists(program), program);
        QTemporaryDir dir;
        const QString script = dir.filePath(u"script.json"_s);
        const QString record = dir.filePath(u"requests.jsonl"_s);
        QFile file(script);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            R"({"responses":[{"line_ending":"\r\n","anthropic":[{"message_start":{"id":"msg_cli"}},{"text":"hi"},{"message_delta":{}},{"message_stop":true}]}]})");
        file.close();
        QProcess process;
        process.start(program, { script, u"--record"_s, record });
        QVERIFY(process.waitForStarted(5000));
        QVERIFY(process.waitForReadyRead(5000));
        const QByteArray first = process.readLine();
        QVERIFY2(first.startsWith("PORT "), first.constData());
        const quint16 port = quint16(first.mid(5).trimmed().toUInt());
        QVERIFY(port > 0);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(socket.waitForConnected(3000));
        socket.write("POST /v1/messages HTTP/1.1\r\nx-api-key: k\r\nContent-Length: 2\r\n\r\n{}");
        QByteArray head, body;
        QVERIFY(readResponse(socket, &head, &body));
        QVERIFY(body.startsWith("event: message_start\r\ndata: "));
        QVERIFY(body.contains("msg_cli"));
        QTRY_VERIFY(QFile(record).size() > 0);
        QFile recorded(record);
        QVERIFY(recorded.open(QIODevice::ReadOnly));
        const QJsonObject line = QJsonDocument::fromJson(recorded.readLine()).object();
        QCOMPARE(line.value(u"method"_s).toString(), u"POST"_s);
        QCOMPARE(line.value(u"headers"_s).toObject().value(u"x-api-key"_s).toString(), u"k"_s);
        QCOMPARE(line.value(u"body"_s).toObject(), QJsonObject());
        ProtoTest::stopProcess(process);

        QProcess broken;
        broken.start(program, { dir.filePath(u"missing.json"_s) });
        QVERIFY(broken.waitForFinished(5000));
        QCOMPARE(broken.exitCode(), 1);
        QVERIFY(broken.readAllStandardError().contains("fake-llm-server:"));
    }
};

QTEST_GUILESS_MAIN(TestFakeLlmServer)
#include "tst_fakellmserver.moc"
