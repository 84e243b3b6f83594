// JsonRpcConnection over StdioRpcTransport against a real peer (tests/rpc/rpcpeer.js run by node
// on LocalMachine): requests and answers, requests from the peer, notifications, cancellation
// reaching the peer, timeouts, garbage on stdout, an overlong line, and the peer dying mid-call
// with its stderr in the error.

#include "jsonrpcconnection.h"
#include "localmachine.h"
#include "shellquote.h"
#include "stdiorpctransport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Proto;
using namespace Qt::StringLiterals;

namespace {

CommandSpec peerSpec()
{
    CommandSpec spec;
    spec.command = shellJoin(
        { u"node"_s, qEnvironmentVariable("PROTO_TEST_SOURCE_DIR") + u"/tests/rpc/rpcpeer.js"_s });
    return spec;
}

bool waitFor(RpcCall *call)
{
    if (call->isFinished())
        return true;
    QSignalSpy spy(call, &RpcCall::finished);
    return spy.wait(20000);
}

} // namespace

class TestJsonRpcConnection : public QObject
{
    Q_OBJECT

    LocalMachine m_machine;

    std::unique_ptr<JsonRpcConnection> connect(
        const StdioRpcTransport::Limits &limits = {}, const JsonRpcConnection::Options &options = {})
    {
        auto connection = std::make_unique<JsonRpcConnection>(
            new StdioRpcTransport(&m_machine, peerSpec(), limits), options);
        QSignalSpy opened(connection.get(), &JsonRpcConnection::opened);
        connection->start();
        if (!opened.wait(10000))
            return nullptr;
        return connection;
    }

private Q_SLOTS:
    void requestGetsItsAnswer()
    {
        auto connection = connect();
        QVERIFY(connection);
        std::unique_ptr<RpcCall> a(connection->request(u"echo"_s, QJsonObject { { u"v"_s, 1 } }));
        std::unique_ptr<RpcCall> b(connection->request(u"echo"_s, QJsonArray { u"two"_s }));
        QVERIFY(waitFor(a.get()));
        QVERIFY(waitFor(b.get()));
        QCOMPARE(a->error(), RpcCall::Error::None);
        QCOMPARE(a->result().toObject().value(u"v"_s).toInt(), 1);
        QCOMPARE(b->result().toArray().at(0).toString(), u"two"_s);
    }

    void remoteErrorKeepsCodeAndMessage()
    {
        auto connection = connect();
        QVERIFY(connection);
        std::unique_ptr<RpcCall> call(connection->request(u"nonsense"_s));
        QVERIFY(waitFor(call.get()));
        QCOMPARE(call->error(), RpcCall::Error::Remote);
        QCOMPARE(call->errorCode(), JsonRpcConnection::MethodNotFound);
        QCOMPARE(call->errorMessage(), u"no such method: nonsense"_s);
    }

    void peerRequestsAreAnswered()
    {
        auto connection = connect();
        QVERIFY(connection);
        QString askedMethod;
        connection->setRequestHandler([&](const QString &method, const QJsonValue &params,
                                          std::shared_ptr<JsonRpcConnection::Responder> r) {
            askedMethod = method;
            r->respond(QJsonObject { { u"answer"_s, params.toObject().value(u"q"_s).toInt() + 1 } });
        });
        std::unique_ptr<RpcCall> call(connection->request(u"ask"_s, QJsonObject {}));
        QVERIFY(waitFor(call.get()));
        QCOMPARE(askedMethod, u"client/question"_s);
        QCOMPARE(call->result().toObject().value(u"got"_s).toObject().value(u"answer"_s).toInt(), 43);

        // Without a handler the peer hears "method not found", and a dropped responder answers.
        connection->setRequestHandler({});
        std::unique_ptr<RpcCall> unhandled(connection->request(u"ask"_s, QJsonObject {}));
        QVERIFY(waitFor(unhandled.get()));
        QCOMPARE(unhandled->result().toObject().value(u"error"_s).toObject().value(u"code"_s).toInt(),
            JsonRpcConnection::MethodNotFound);
        connection->setRequestHandler([](const QString &, const QJsonValue &, auto) { });
        std::unique_ptr<RpcCall> dropped(connection->request(u"ask"_s, QJsonObject {}));
        QVERIFY(waitFor(dropped.get()));
        QCOMPARE(dropped->result().toObject().value(u"error"_s).toObject().value(u"code"_s).toInt(),
            JsonRpcConnection::InternalError);
    }

    void notificationsArrive()
    {
        auto connection = connect();
        QVERIFY(connection);
        QSignalSpy spy(connection.get(), &JsonRpcConnection::notificationReceived);
        std::unique_ptr<RpcCall> call(connection->request(u"notify"_s));
        QVERIFY(waitFor(call.get()));
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), u"peer/event"_s);
        QCOMPARE(spy.at(0).at(1).value<QJsonValue>().toObject().value(u"n"_s).toInt(), 7);
    }

    void cancelReachesThePeer()
    {
        auto connection = connect();
        QVERIFY(connection);
        std::unique_ptr<RpcCall> slow(connection->request(u"sleep"_s, QJsonObject { { u"ms"_s, 60000 } }));
        const qint64 id = slow->id();
        connection->cancel(slow.get(), u"the person pressed Stop"_s);
        QVERIFY(waitFor(slow.get()));
        QCOMPARE(slow->error(), RpcCall::Error::Cancelled);
        QCOMPARE(slow->errorMessage(), u"the person pressed Stop"_s);
        std::unique_ptr<RpcCall> list(connection->request(u"cancelled"_s));
        QVERIFY(waitFor(list.get()));
        QCOMPARE(list->result().toArray(), (QJsonArray { id }));
    }

    void timeoutEndsTheCallAndCancelsIt()
    {
        auto connection = connect();
        QVERIFY(connection);
        std::unique_ptr<RpcCall> slow(
            connection->request(u"sleep"_s, QJsonObject { { u"ms"_s, 60000 } }, 50));
        QVERIFY(waitFor(slow.get()));
        QCOMPARE(slow->error(), RpcCall::Error::Timeout);
        QVERIFY(slow->errorMessage().contains(u"sleep"_s));
        std::unique_ptr<RpcCall> list(connection->request(u"cancelled"_s));
        QVERIFY(waitFor(list.get()));
        QCOMPARE(list->result().toArray(), (QJsonArray { slow->id() }));
    }

    void garbageIsToleratedThenEndsTheConnection()
    {
        auto connection = connect();
        QVERIFY(connection);
        std::unique_ptr<RpcCall> call(connection->request(u"garbage"_s));
        QVERIFY(waitFor(call.get()));
        QCOMPARE(call->result().toString(), u"after garbage"_s);

        JsonRpcConnection::Options strict;
        strict.maxGarbageMessages = 0;
        auto picky = connect({}, strict);
        QVERIFY(picky);
        std::unique_ptr<RpcCall> ended(picky->request(u"garbage"_s));
        QVERIFY(waitFor(ended.get()));
        QCOMPARE(ended->error(), RpcCall::Error::Closed);
        QVERIFY2(ended->errorMessage().contains(u"this is not json"_s), qPrintable(ended->errorMessage()));
        QVERIFY(!picky->isOpen());
        // Later requests fail at once with the same reason.
        std::unique_ptr<RpcCall> after(picky->request(u"echo"_s));
        QVERIFY(waitFor(after.get()));
        QCOMPARE(after->error(), RpcCall::Error::Closed);
    }

    void overlongLineEndsTheConnection()
    {
        StdioRpcTransport::Limits limits;
        limits.maxMessageBytes = 1000;
        auto connection = connect(limits);
        QVERIFY(connection);
        std::unique_ptr<RpcCall> small(connection->request(u"big"_s, QJsonObject { { u"bytes"_s, 500 } }));
        QVERIFY(waitFor(small.get()));
        QCOMPARE(small->result().toString().size(), 500);
        std::unique_ptr<RpcCall> big(connection->request(u"big"_s, QJsonObject { { u"bytes"_s, 5000 } }));
        QVERIFY(waitFor(big.get()));
        QCOMPARE(big->error(), RpcCall::Error::Closed);
        QVERIFY2(big->errorMessage().contains(u"longer than 1000 bytes"_s), qPrintable(big->errorMessage()));
    }

    void peerDyingFailsPendingCallsWithItsStderr()
    {
        auto connection = connect();
        QVERIFY(connection);
        QSignalSpy closed(connection.get(), &JsonRpcConnection::closed);
        std::unique_ptr<RpcCall> slow(connection->request(u"sleep"_s, QJsonObject { { u"ms"_s, 60000 } }));
        std::unique_ptr<RpcCall> die(connection->request(u"die"_s));
        QVERIFY(waitFor(slow.get()));
        QVERIFY(waitFor(die.get()));
        QCOMPARE(slow->error(), RpcCall::Error::Closed);
        QCOMPARE(die->error(), RpcCall::Error::Closed);
        QVERIFY2(slow->errorMessage().contains(u"exited with code 3"_s), qPrintable(slow->errorMessage()));
        QVERIFY(slow->errorMessage().contains(u"fatal: the peer gave up"_s));
        QCOMPARE(closed.size(), 1);
    }

    void programThatDoesNotExist()
    {
        CommandSpec spec;
        spec.command = u"/nonexistent/mcp-server --stdio"_s;
        JsonRpcConnection connection(new StdioRpcTransport(&m_machine, spec));
        connection.start();
        std::unique_ptr<RpcCall> call(connection.request(u"echo"_s));
        QVERIFY(waitFor(call.get()));
        QCOMPARE(call->error(), RpcCall::Error::Closed);
        QVERIFY2(call->errorMessage().contains(u"exited with code 127"_s), qPrintable(call->errorMessage()));
        QVERIFY(call->errorMessage().contains(u"/nonexistent/mcp-server"_s));
    }

    void closeEndsTheProcess()
    {
        auto connection = connect();
        QVERIFY(connection);
        QSignalSpy closed(connection.get(), &JsonRpcConnection::closed);
        connection->close();
        QVERIFY(closed.wait(10000));
        QCOMPARE(closed.at(0).at(0).toString(), u"the connection was closed"_s);
    }
};

QTEST_GUILESS_MAIN(TestJsonRpcConnection)
#include "tst_jsonrpcconnection.moc"
