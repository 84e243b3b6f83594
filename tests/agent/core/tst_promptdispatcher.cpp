// The offline queue: prompts typed while the provider cannot be reached or the machine is
// disconnected wait in the session's PromptQueue (kept across a restart, editable, removable)
// and go, in order, once the provider answers again or the machine connects.

#include "agenttestfixture.h"
#include "promptdispatcher.h"
#include "promptqueue.h"
#include "standinmachine.h"

#include <QSignalSpy>
#include <QTcpServer>

using namespace Proto;
using namespace ProtoTest;
using namespace Qt::StringLiterals;

namespace {

QString firstText(const QJsonObject &body, int message)
{
    return body.value(u"messages"_s)
        .toArray()
        .at(message)
        .toObject()
        .value(u"content"_s)
        .toArray()
        .at(0)
        .toObject()
        .value(u"text"_s)
        .toString();
}

// A port on 127.0.0.1 that nothing listens on.
QUrl deadEndpoint()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    return QUrl(u"http://127.0.0.1:%1"_s.arg(port));
}

} // namespace

class TestPromptDispatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void providerUnreachableQueuesAndResumes()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.llm->setBaseUrl(deadEndpoint());
        const SessionRecord session = f.newSession();
        AgentRunner runner(f.services(), session, &f.machine);
        {
            PromptQueue queue(f.store.get(), session.id);
            PromptDispatcher dispatcher(&runner, &queue, nullptr);
            dispatcher.setRetryDelays(60000, 60000); // the test says when to try again
            QSignalSpy finished(&runner, &AgentRunner::turnFinished);
            QVERIFY(dispatcher.submit(u"first"_s));
            QVERIFY(finished.wait(20000));
            QCOMPARE(runner.lastError().kind, AgentError::Kind::Network);
            QCOMPARE(dispatcher.waiting(), PromptDispatcher::Waiting::Provider);
            QVERIFY(dispatcher.retryInMs() > 0);
            QVERIFY(!dispatcher.submit(u"second"_s));
            QVERIFY(!dispatcher.submit(u"third, to be removed"_s));
            QVERIFY(!dispatcher.submit(u"fourth, to be edited"_s));
            QCOMPARE(queue.size(), 3);
            QVERIFY(queue.remove(queue.items().at(1).id));
            QVERIFY(queue.edit(queue.items().at(1).id, u"fourth, edited"_s));
        }
        // "Restart": the queue comes back from the store.
        QVERIFY(f.store->flush());
        PromptQueue queue(f.store.get(), session.id);
        QCOMPARE(queue.size(), 2);
        QCOMPARE(queue.items().at(0).text, u"second"_s);
        QCOMPARE(queue.items().at(1).text, u"fourth, edited"_s);

        // The provider is back: the first prompt goes again, then the queue in order.
        f.llm->setBaseUrl(f.server.baseUrl());
        f.replyText(u"answer one"_s);
        f.replyText(u"answer two"_s);
        f.replyText(u"answer four"_s);
        PromptDispatcher dispatcher(&runner, &queue, nullptr);
        dispatcher.setRetryDelays(50, 50);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        // The new dispatcher does not know the last turn failed: the retry comes from the runner's
        // conversation, which still ends with "first".
        QVERIFY(runner.resume());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 20000);
        QCOMPARE(f.messageRequests(), 3);
        QCOMPARE(firstText(f.requestBody(0), 0), u"first"_s);
        QCOMPARE(firstText(f.requestBody(1), 2), u"second"_s);
        QCOMPARE(firstText(f.requestBody(2), 4), u"fourth, edited"_s);
        QVERIFY(queue.isEmpty());
        QCOMPARE(dispatcher.waiting(), PromptDispatcher::Waiting::Nothing);
        QVERIFY(f.store->flush());
        QVERIFY(!f.store->setting(PromptQueue::settingKey(session.id)).isValid());
    }

    void retryFindsTheProviderBack()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.llm->setBaseUrl(deadEndpoint());
        const SessionRecord session = f.newSession();
        AgentRunner runner(f.services(), session, &f.machine);
        PromptQueue queue(f.store.get(), session.id);
        PromptDispatcher dispatcher(&runner, &queue, nullptr);
        dispatcher.setRetryDelays(200, 400);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QVERIFY(dispatcher.submit(u"hello"_s));
        QVERIFY(finished.wait(20000));
        QCOMPARE(dispatcher.waiting(), PromptDispatcher::Waiting::Provider);
        f.llm->setBaseUrl(f.server.baseUrl());
        f.replyText(u"back again"_s);
        QTRY_COMPARE_WITH_TIMEOUT(runner.lastText(), u"back again"_s, 20000); // by the timer alone
        QCOMPARE(dispatcher.waiting(), PromptDispatcher::Waiting::Nothing);
        QCOMPARE(f.messageRequests(), 1);
    }

    void disconnectedMachineQueuesUntilConnected()
    {
        AgentFixture f;
        QVERIFY(f.init());
        StandInMachine machine(u"switched"_s, Machine::State::Disconnected);
        const SessionRecord session = f.newSession();
        AgentRunner runner(f.services(), session, &machine);
        PromptQueue queue(f.store.get(), session.id);
        PromptDispatcher dispatcher(&runner, &queue, &machine);
        QSignalSpy waiting(&dispatcher, &PromptDispatcher::waitingChanged);
        QVERIFY(!dispatcher.submit(u"when connected"_s));
        QCOMPARE(dispatcher.waiting(), PromptDispatcher::Waiting::Machine);
        QCOMPARE(queue.size(), 1);
        QTest::qWait(100);
        QCOMPARE(f.messageRequests(), 0);
        f.replyText(u"connected now"_s);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        machine.setState(Machine::State::Connected);
        QVERIFY(finished.wait(20000));
        QCOMPARE(runner.lastText(), u"connected now"_s);
        QVERIFY(queue.isEmpty());
        QVERIFY(waiting.count() >= 2);
    }

    void busyAgentQueuesInOrder()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyText(u"slow"_s, u"end_turn"_s, QJsonObject { { u"delay_ms"_s, 300 } });
        f.replyText(u"next"_s);
        const SessionRecord session = f.newSession();
        AgentRunner runner(f.services(), session, &f.machine);
        PromptQueue queue(f.store.get(), session.id);
        PromptDispatcher dispatcher(&runner, &queue, nullptr);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QVERIFY(dispatcher.submit(u"one"_s));
        QCOMPARE(dispatcher.waiting(), PromptDispatcher::Waiting::Agent);
        QVERIFY(!dispatcher.submit(u"two"_s));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
        QCOMPARE(firstText(f.requestBody(1), 2), u"two"_s);
        QCOMPARE(runner.lastText(), u"next"_s);
    }
};

QTEST_GUILESS_MAIN(TestPromptDispatcher)
#include "tst_promptdispatcher.moc"
