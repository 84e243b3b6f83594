#include "agenttestfixture.h"
#include "conversation.h"
#include "ratelimiter.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>

using namespace Proto;
using namespace ProtoTest;
using namespace Qt::StringLiterals;

namespace {
QString readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return u"<missing>"_s;
    return QString::fromUtf8(file.readAll());
}

QJsonObject obj(std::initializer_list<QPair<QString, QJsonValue>> pairs)
{
    QJsonObject o;
    for (const auto &p : pairs)
        o.insert(p.first, p.second);
    return o;
}

bool waitTurn(QSignalSpy &spy, int timeoutMs = 20000)
{
    return spy.count() > 0 || spy.wait(timeoutMs);
}
} // namespace

class TestAgentRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void multiStepToolConversation()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyTool(u"toolu_1"_s, u"write"_s,
            obj({ { u"path"_s, u"notes/hello.txt"_s }, { u"content"_s, u"hello\n"_s } }),
            u"Writing the file."_s);
        f.replyTool(
            u"toolu_2"_s, u"bash"_s, obj({ { u"command"_s, u"cat notes/hello.txt && echo ran-ok"_s } }));
        f.replyTool(u"toolu_3"_s, u"edit"_s,
            obj({ { u"path"_s, u"notes/hello.txt"_s }, { u"old_str"_s, u"hello"_s },
                { u"new_str"_s, u"hello, world"_s } }));
        f.replyText(u"All three steps are done."_s);

        const SessionRecord session = f.newSession();
        AgentRunner runner(f.services(ApprovalMode::Auto), session, &f.machine);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QSignalSpy started(&runner, &AgentRunner::toolCallStarted);
        QSignalSpy toolDone(&runner, &AgentRunner::toolCallFinished);
        QSignalSpy states(&runner, &AgentRunner::stateChanged);
        QString streamed;
        connect(&runner, &AgentRunner::textDelta, this,
            [&](const QString &, const QString &t) { streamed += t; });
        QVERIFY(runner.send(u"Make a note file, show it, then edit it."_s));
        QCOMPARE(runner.state(), AgentRunner::State::Running);
        // The user message is persisted at once.
        QVERIFY(f.store->flush());
        QCOMPARE(f.store->messages(session.id).size(), 1);

        QVERIFY(waitTurn(finished));
        QCOMPARE(finished.at(0).at(0).toString(), u"end_turn"_s);
        QCOMPARE(runner.state(), AgentRunner::State::Idle);
        QCOMPARE(started.count(), 3);
        QCOMPARE(toolDone.count(), 3);
        for (const auto &args : std::as_const(toolDone))
            QCOMPARE(args.at(1).toString(), u"done"_s);
        QVERIFY(streamed.contains(u"All three steps are done."_s));
        QCOMPARE(readFile(f.project + u"/notes/hello.txt"_s), u"hello, world\n"_s);
        QVERIFY(!toolDone.at(2).at(3).toString().isEmpty()); // the edit's diff

        // The model saw each result, in order, under the right id.
        QCOMPARE(f.messageRequests(), 4);
        const QJsonArray second = lastToolResults(f.requestBody(1));
        QCOMPARE(second.size(), 1);
        QCOMPARE(second.at(0).toObject().value(u"tool_use_id"_s).toString(), u"toolu_1"_s);
        const QJsonArray third = lastToolResults(f.requestBody(2));
        QCOMPARE(third.at(0).toObject().value(u"tool_use_id"_s).toString(), u"toolu_2"_s);
        QVERIFY2(resultText(third.at(0).toObject()).contains(u"ran-ok"_s),
            qPrintable(resultText(third.at(0).toObject())));
        QVERIFY(resultText(third.at(0).toObject()).contains(u"hello"_s));
        QVERIFY(!third.at(0).toObject().value(u"is_error"_s).toBool());
        // Tools and system prompt went with every request.
        const QJsonObject body = f.requestBody(0);
        QVERIFY(body.value(u"system"_s).toVariant().toString().contains(f.project)
            || QJsonDocument(body.value(u"system"_s).toArray()).toJson().contains(f.project.toUtf8()));
        QVERIFY(QJsonDocument(body.value(u"tools"_s).toArray()).toJson().contains("planning"));

        // Everything persisted: 4 assistant + 1 user text + 3 tool result messages, 3 tool calls, usage.
        QVERIFY(f.store->flush());
        const QList<MessageRecord> messages = f.store->messages(session.id);
        QCOMPARE(messages.size(), 8);
        QCOMPARE(messages.first().role, u"user"_s);
        QCOMPARE(messages.last().role, u"assistant"_s);
        const QList<ToolCallRecord> calls = f.store->toolCalls(session.id);
        QCOMPARE(calls.size(), 3);
        for (const ToolCallRecord &call : calls) {
            QCOMPARE(call.status, u"done"_s);
            QVERIFY(call.finished.isValid());
        }
        QCOMPARE(f.store->usage(session.id).size(), 4);
        QVERIFY(f.store->totalCost(session.id) > 0);
        QCOMPARE(f.store->session(session.id)->state, u"idle"_s);
        // Audit: a "started" row before each tool call ran and its outcome after, paired by the
        // call's id; chain intact.
        const QList<AuditRecord> audit = f.store->audit();
        QCOMPARE(audit.size(), 6);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(audit.at(2 * i).callId, calls.at(i).id);
            QCOMPARE(audit.at(2 * i).outcome, u"started"_s);
            QCOMPARE(audit.at(2 * i + 1).callId, calls.at(i).id);
            QCOMPARE(audit.at(2 * i + 1).outcome, u"ok"_s);
        }
        QCOMPARE(audit.at(0).action, u"tool:write"_s);
        QCOMPARE(f.audit->verify(), 0);
        QVERIFY(states.count() >= 2);
    }

    void denialReachesModel()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyTool(u"toolu_rm"_s, u"bash"_s, obj({ { u"command"_s, u"rm -rf build && touch gone"_s } }));
        f.replyText(u"Understood, I will not delete it."_s);
        connect(&f.approvals, &ApprovalBroker::requested, this, [&](ApprovalRequest *request) {
            QMetaObject::invokeMethod(
                &f.approvals, [&f, id = request->id()] { f.approvals.deny(id, u"keep the build folder"_s); },
                Qt::QueuedConnection);
        });
        const SessionRecord session = f.newSession();
        AgentRunner runner(f.services(ApprovalMode::Ask), session, &f.machine);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QSignalSpy asked(&runner, &AgentRunner::approvalRequested);
        QSignalSpy states(&runner, &AgentRunner::stateChanged);
        QVERIFY(runner.send(u"clean up"_s));
        QVERIFY(waitTurn(finished));
        QCOMPARE(asked.count(), 1);
        bool sawWaiting = false;
        for (const auto &args : std::as_const(states))
            sawWaiting |= args.at(0).value<AgentRunner::State>() == AgentRunner::State::Waiting;
        QVERIFY(sawWaiting);
        QVERIFY(!QFile::exists(f.project + u"/gone"_s));
        const QJsonArray results = lastToolResults(f.requestBody(1));
        QCOMPARE(results.size(), 1);
        QVERIFY(results.at(0).toObject().value(u"is_error"_s).toBool());
        QVERIFY2(resultText(results.at(0).toObject()).contains(u"keep the build folder"_s),
            qPrintable(resultText(results.at(0).toObject())));
        QVERIFY(f.store->flush());
        QCOMPARE(f.store->toolCall(u"toolu_rm"_s)->status, u"denied"_s);
        const QList<AuditRecord> audit = f.store->audit();
        QCOMPARE(audit.size(), 1);
        QCOMPARE(audit.at(0).action, u"approval"_s);
        QVERIFY(audit.at(0).outcome.contains(u"keep the build folder"_s));
    }

    void policyDenyAndAllowAlways()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyTool(u"t1"_s, u"bash"_s, obj({ { u"command"_s, u"echo first"_s } }));
        f.replyTool(u"t2"_s, u"bash"_s, obj({ { u"command"_s, u"echo second"_s } }));
        f.replyTool(u"t3"_s, u"bash"_s, obj({ { u"command"_s, u"git push --force origin main"_s } }));
        f.replyText(u"done"_s);
        int asked = 0;
        connect(&f.approvals, &ApprovalBroker::requested, this, [&](ApprovalRequest *request) {
            ++asked;
            QCOMPARE(request->proposedRule().toString(), u"bash(echo*)"_s);
            f.approvals.allowAlways(request->id()); // answered synchronously, inside request()
        });
        AgentRunner runner(f.services(ApprovalMode::Ask), f.newSession(), &f.machine);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QVERIFY(runner.send(u"go"_s));
        QVERIFY(waitTurn(finished));
        QCOMPARE(asked, 1); // the second echo matched the remembered rule
        QVERIFY(resultText(lastToolResults(f.requestBody(2)).at(0).toObject()).contains(u"second"_s));
        // The general agent denies force pushes by its own rules.
        const QJsonObject denied = lastToolResults(f.requestBody(3)).at(0).toObject();
        QVERIFY(denied.value(u"is_error"_s).toBool());
        QVERIFY(resultText(denied).contains(u"git push --force"_s));
        // "Allow always" is remembered in the settings.
        QVERIFY(f.store->flush());
        const Policy stored = AgentServices::policyFromSettings(*f.store);
        QVERIFY(stored.rules().contains(PolicyRule { PolicyRule::Action::Allow, u"bash"_s, u"echo*"_s }));
    }

    void stopMidStream()
    {
        AgentFixture f;
        QVERIFY(f.init());
        QString longText;
        for (int i = 0; i < 60; ++i)
            longText += u"word%1 "_s.arg(i);
        f.reply(QJsonArray { obj({ { u"message_start"_s, QJsonObject {} } }),
                    obj({ { u"text"_s, longText }, { u"deltas"_s, 60 } }),
                    obj({ { u"message_delta"_s, obj({ { u"stop_reason"_s, u"end_turn"_s } }) } }),
                    obj({ { u"message_stop"_s, true } }) },
            obj({ { u"chunk_delay_ms"_s, 100 } }));
        const SessionRecord session = f.newSession();
        AgentRunner runner(f.services(), session, &f.machine);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QSignalSpy deltas(&runner, &AgentRunner::textDelta);
        QVERIFY(runner.send(u"talk"_s));
        QVERIFY(deltas.wait(10000));
        QTRY_VERIFY_WITH_TIMEOUT(deltas.count() >= 2, 10000);
        QElapsedTimer timer;
        timer.start();
        runner.stop();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).toString(), u"stopped"_s);
        QCOMPARE(runner.state(), AgentRunner::State::Idle);
        QVERIFY(timer.elapsed() < 1000);
        const int before = deltas.count();
        QTest::qWait(400);
        QCOMPARE(deltas.count(), before); // nothing after the stop

        // What was shown is kept; the conversation stays valid for the next turn.
        QVERIFY(f.store->flush());
        const QList<MessageRecord> messages = f.store->messages(session.id);
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(1).role, u"assistant"_s);
        QVERIFY(messages.at(1)
                .content.value(u"content"_s)
                .toArray()
                .at(0)
                .toObject()
                .value(u"text"_s)
                .toString()
                .startsWith(u"word0"_s));
        f.replyText(u"ok"_s);
        QVERIFY(runner.send(u"continue"_s));
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.at(1).at(0).toString(), u"end_turn"_s);
        const QJsonArray sent = f.requestBody(1).value(u"messages"_s).toArray();
        QCOMPARE(sent.size(), 3);
        QCOMPARE(sent.at(1).toObject().value(u"role"_s).toString(), u"assistant"_s);
    }

    void stopDuringToolKillsIt()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyTool(u"toolu_sleep"_s, u"bash"_s, obj({ { u"command"_s, u"sleep 30; touch late"_s } }));
        f.replyTool(u"toolu_next"_s, u"bash"_s, obj({ { u"command"_s, u"true"_s } }));
        const SessionRecord session = f.newSession();
        AgentRunner runner(f.services(), session, &f.machine);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QSignalSpy started(&runner, &AgentRunner::toolCallStarted);
        QVERIFY(runner.send(u"wait"_s));
        QVERIFY(started.wait(10000));
        QTest::qWait(300);
        QElapsedTimer timer;
        timer.start();
        runner.stop(u"enough"_s);
        QCOMPARE(finished.count(), 1);
        QVERIFY(timer.elapsed() < 1000);
        QVERIFY(f.store->flush());
        QCOMPARE(f.store->toolCall(u"toolu_sleep"_s)->status, u"cancelled"_s);
        // A tool_result for the stopped call keeps the conversation valid.
        const QList<MessageRecord> messages = f.store->messages(session.id);
        QCOMPARE(messages.last().role, u"user"_s);
        const QJsonObject result = messages.last().content.value(u"content"_s).toArray().at(0).toObject();
        QCOMPARE(result.value(u"tool_use_id"_s).toString(), u"toolu_sleep"_s);
        QVERIFY(result.value(u"is_error"_s).toBool());
        QVERIFY(resultText(result).contains(u"enough"_s));
        QTest::qWait(500);
        QVERIFY(!QFile::exists(f.project + u"/late"_s));
        QCOMPARE(f.messageRequests(), 1);
    }

    void killSwitchStopsEverySession()
    {
        AgentFixture f;
        QVERIFY(f.init());
        // Session A streams slowly; session B runs a long command.
        QString longText;
        for (int i = 0; i < 100; ++i)
            longText += u"w%1 "_s.arg(i);
        f.reply(QJsonArray { obj({ { u"message_start"_s, QJsonObject {} } }),
                    obj({ { u"text"_s, longText }, { u"deltas"_s, 100 } }),
                    obj({ { u"message_delta"_s, obj({ { u"stop_reason"_s, u"end_turn"_s } }) } }),
                    obj({ { u"message_stop"_s, true } }) },
            obj({ { u"chunk_delay_ms"_s, 200 } }));
        AgentRunner a(f.services(), f.newSession(), &f.machine);
        QSignalSpy aDeltas(&a, &AgentRunner::textDelta);
        QSignalSpy aErrors(&a, &AgentRunner::error);
        QVERIFY(a.send(u"stream"_s));
        QVERIFY(aDeltas.wait(10000));

        f.replyTool(
            u"toolu_long"_s, u"bash"_s, obj({ { u"command"_s, u"echo $$ > b.pid && exec sleep 60"_s } }));
        AgentRunner b(f.services(), f.newSession(), &f.machine);
        QSignalSpy bStarted(&b, &AgentRunner::toolCallStarted);
        QSignalSpy bErrors(&b, &AgentRunner::error);
        QVERIFY(b.send(u"sleep"_s));
        QVERIFY(bStarted.wait(10000));
        QTRY_VERIFY_WITH_TIMEOUT(QFile(f.project + u"/b.pid"_s).size() > 0, 10000);
        const QString pid = readFile(f.project + u"/b.pid"_s).trimmed();
        auto processAlive = [&pid] {
            const QString stat = readFile(u"/proc/"_s + pid + u"/stat"_s);
            return stat != u"<missing>"_s && stat.section(u')', -1).trimmed().at(0) != u'Z';
        };
        QVERIFY(processAlive());
        QVERIFY(a.isBusy());
        QVERIFY(b.isBusy());

        QElapsedTimer timer;
        timer.start();
        f.killSwitch.engage(u"test emergency"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!a.isBusy() && !b.isBusy(), 1000);
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
        // The command is really gone within the second, and the stream delivers nothing more.
        const int deltasAtStop = aDeltas.count();
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(), 1000 - int(timer.elapsed()));
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
        QTest::qWait(500);
        QCOMPARE(aDeltas.count(), deltasAtStop);
        QCOMPARE(aErrors.count(), 1);
        QCOMPARE(aErrors.at(0).at(0).value<AgentError>().kind, AgentError::Kind::KillSwitch);
        QCOMPARE(bErrors.at(0).at(0).value<AgentError>().kind, AgentError::Kind::KillSwitch);
        QVERIFY(bErrors.at(0).at(0).value<AgentError>().message.contains(u"test emergency"_s));
        QVERIFY(f.store->flush());
        QCOMPARE(f.store->toolCall(u"toolu_long"_s)->status, u"cancelled"_s);

        // Stays engaged: new work is refused with the reason, the message still kept.
        const int requests = f.messageRequests();
        QVERIFY(a.send(u"again"_s));
        QCOMPARE(aErrors.count(), 2);
        QCOMPARE(aErrors.at(1).at(0).value<AgentError>().kind, AgentError::Kind::KillSwitch);
        QCOMPARE(f.messageRequests(), requests);
        // Released: work goes on.
        f.killSwitch.release();
        f.replyText(u"back"_s);
        QSignalSpy aFinished(&a, &AgentRunner::turnFinished);
        QVERIFY(a.send(u"and now?"_s));
        QVERIFY(aFinished.wait(10000));
        QCOMPARE(aFinished.last().at(0).toString(), u"end_turn"_s);
    }

    void stopAndKillSwitchCancelApprovals()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyTool(u"toolu_wait"_s, u"bash"_s, obj({ { u"command"_s, u"touch approved"_s } }));
        const SessionRecord session = f.newSession();
        AgentRunner runner(f.services(ApprovalMode::Ask), session, &f.machine);
        QSignalSpy asked(&runner, &AgentRunner::approvalRequested);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QVERIFY(runner.send(u"touch it"_s));
        QVERIFY(asked.wait(10000));
        QCOMPARE(runner.state(), AgentRunner::State::Waiting);
        QPointer<ApprovalRequest> request = asked.at(0).at(0).value<ApprovalRequest *>();
        QVERIFY(request);
        QSignalSpy answered(request.data(), &ApprovalRequest::answered);
        runner.stop();
        QCOMPARE(answered.count(), 1);
        QCOMPARE(answered.at(0).at(0).value<ApprovalRequest::Answer>(), ApprovalRequest::Answer::Cancelled);
        QVERIFY(f.approvals.pending().isEmpty());
        QCOMPARE(finished.count(), 1);
        QCOMPARE(runner.state(), AgentRunner::State::Idle);
        QVERIFY(f.store->flush());
        QCOMPARE(f.store->toolCall(u"toolu_wait"_s)->status, u"cancelled"_s);
        QVERIFY(!QFile::exists(f.project + u"/approved"_s));

        // The same with the kill switch; answering afterwards does nothing.
        f.replyTool(u"toolu_wait2"_s, u"bash"_s, obj({ { u"command"_s, u"touch approved"_s } }));
        QVERIFY(runner.send(u"again"_s));
        QVERIFY(asked.wait(10000));
        const QString id = asked.at(1).at(0).value<ApprovalRequest *>()->id();
        f.killSwitch.engage(u"panic"_s);
        QVERIFY(!runner.isBusy());
        QVERIFY(f.approvals.pending().isEmpty());
        QVERIFY(!f.approvals.allowOnce(id));
        QTest::qWait(200);
        QVERIFY(!QFile::exists(f.project + u"/approved"_s));
        QCOMPARE(runner.lastError().kind, AgentError::Kind::KillSwitch);
    }

    void resumeAfterRestart()
    {
        AgentFixture f;
        QVERIFY(f.init());
        SessionRecord session = f.newSession();
        {
            f.replyText(u"first answer"_s);
            AgentRunner runner(f.services(), session, &f.machine);
            QSignalSpy finished(&runner, &AgentRunner::turnFinished);
            QVERIFY(runner.send(u"first question"_s));
            QVERIFY(waitTurn(finished));
        }
        // Simulate a crash in the middle of a tool call in a second turn: the assistant's
        // tool_use is persisted, its result never was.
        MessageRecord user { Store::newId(), session.id, 3, u"user"_s,
            obj({ { u"content"_s,
                QJsonArray { obj({ { u"type"_s, u"text"_s }, { u"text"_s, u"run it"_s } }) } } }),
            {} };
        MessageRecord assistant { Store::newId(), session.id, 4, u"assistant"_s,
            obj({ { u"content"_s,
                QJsonArray { obj({ { u"type"_s, u"tool_use"_s }, { u"id"_s, u"toolu_crash"_s },
                    { u"name"_s, u"bash"_s }, { u"input"_s, obj({ { u"command"_s, u"true"_s } }) } }) } } }),
            {} };
        f.store->saveMessage(user);
        f.store->saveMessage(assistant);
        ToolCallRecord call;
        call.id = u"toolu_crash"_s;
        call.sessionId = session.id;
        call.tool = u"bash"_s;
        call.status = u"running"_s;
        f.store->saveToolCall(call);
        QVERIFY(f.store->flush());
        f.store.reset(); // "restart"
        QVERIFY(f.openStore());

        session = *f.store->session(session.id);
        f.replyText(u"second answer"_s);
        AgentRunner runner(f.services(), session, &f.machine);
        QCOMPARE(runner.conversation().size(), 4);
        QCOMPARE(runner.lastText(), u"first answer"_s);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QVERIFY(runner.send(u"second question"_s));
        QVERIFY(waitTurn(finished));
        QCOMPARE(finished.at(0).at(0).toString(), u"end_turn"_s);
        const QJsonArray sent = f.requestBody(1).value(u"messages"_s).toArray();
        QCOMPARE(sent.size(), 5); // user, assistant, user, assistant(tool_use), user(result + text)
        QCOMPARE(
            sent.at(0).toObject().value(u"content"_s).toArray().at(0).toObject().value(u"text"_s).toString(),
            u"first question"_s);
        const QJsonArray last = sent.at(4).toObject().value(u"content"_s).toArray();
        QCOMPARE(last.at(0).toObject().value(u"type"_s).toString(), u"tool_result"_s);
        QCOMPARE(last.at(0).toObject().value(u"tool_use_id"_s).toString(), u"toolu_crash"_s);
        QCOMPARE(last.at(1).toObject().value(u"text"_s).toString(), u"second question"_s);
        QVERIFY(f.store->flush());
        QCOMPARE(f.store->toolCall(u"toolu_crash"_s)->status, u"cancelled"_s);
    }

    void noApiKeyAndAuthErrors()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.llm->setApiKey({});
        const SessionRecord session = f.newSession();
        AgentRunner runner(f.services(), session, &f.machine);
        QSignalSpy errors(&runner, &AgentRunner::error);
        QVERIFY(runner.send(u"hello"_s));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(errors.at(0).at(0).value<AgentError>().kind, AgentError::Kind::NoApiKey);
        QVERIFY(errors.at(0).at(0).value<AgentError>().message.contains(u"ANTHROPIC_API_KEY"_s));
        QCOMPARE(runner.state(), AgentRunner::State::Error);
        QCOMPARE(f.messageRequests(), 0);
        QVERIFY(f.store->flush());
        QCOMPARE(f.store->messages(session.id).size(), 1); // nothing lost

        f.llm->setApiKey(u"wrong"_s);
        QString error;
        QVERIFY(f.server.enqueueJson(obj({ { u"path"_s, u"/v1/messages"_s }, { u"status"_s, 401 },
                                         { u"error"_s,
                                             obj({ { u"type"_s, u"authentication_error"_s },
                                                 { u"message"_s, u"invalid x-api-key"_s } }) } }),
            &error));
        QVERIFY(runner.send(u"hello again"_s));
        QVERIFY(errors.wait(10000));
        QCOMPARE(errors.at(1).at(0).value<AgentError>().kind, AgentError::Kind::Auth);
    }

    void spendLimitRefusesNextRequest()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyTool(u"t1"_s, u"bash"_s, obj({ { u"command"_s, u"echo costly"_s } }));
        f.replyText(u"never sent"_s);
        f.spend->setLimits({ 1e-9, 0, 0 });
        AgentRunner runner(f.services(), f.newSession(), &f.machine);
        QSignalSpy errors(&runner, &AgentRunner::error);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QVERIFY(runner.send(u"spend"_s));
        QVERIFY(waitTurn(finished));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(errors.at(0).at(0).value<AgentError>().kind, AgentError::Kind::SpendLimit);
        QCOMPARE(f.messageRequests(), 1);
        QVERIFY(f.store->flush());
        QCOMPARE(f.store->toolCall(u"t1"_s)->status, u"cancelled"_s); // refused before running
    }

    void rateLimitRefusesWithReason()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyTool(u"t1"_s, u"bash"_s, obj({ { u"command"_s, u"touch not-run"_s } }));
        RateLimiter limiter(1); // one action per minute: the first request uses it
        AgentServices services = f.services();
        services.rateLimiter = &limiter;
        AgentRunner runner(services, f.newSession(), &f.machine);
        QSignalSpy errors(&runner, &AgentRunner::error);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QVERIFY(runner.send(u"go"_s));
        QVERIFY(waitTurn(finished));
        QCOMPARE(errors.count(), 1);
        const AgentError error = errors.at(0).at(0).value<AgentError>();
        QCOMPARE(error.kind, AgentError::Kind::RateLimit);
        QVERIFY2(error.message.contains(u"1 actions per minute"_s), qPrintable(error.message));
        QVERIFY(!QFile::exists(f.project + u"/not-run"_s));
        QVERIFY(f.store->flush());
        QCOMPARE(f.store->toolCall(u"t1"_s)->status, u"cancelled"_s);
    }

    void maxTokensContinues()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyText(u"part one"_s, u"max_tokens"_s);
        f.replyText(u"part two"_s);
        AgentRunner runner(f.services(), f.newSession(), &f.machine);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QVERIFY(runner.send(u"write a lot"_s));
        QVERIFY(waitTurn(finished));
        QCOMPARE(finished.at(0).at(0).toString(), u"end_turn"_s);
        QCOMPARE(f.messageRequests(), 2);
        const QJsonArray sent = f.requestBody(1).value(u"messages"_s).toArray();
        QCOMPARE(sent.size(), 3);
        QVERIFY(sent.at(2)
                .toObject()
                .value(u"content"_s)
                .toArray()
                .at(0)
                .toObject()
                .value(u"text"_s)
                .toString()
                .contains(u"Continue"_s));
        QCOMPARE(runner.lastText(), u"part two"_s);
    }

    void delegateRunsSubAgent()
    {
        AgentFixture f;
        QVERIFY(f.init());
        QFile::remove(f.project + u"/x"_s);
        f.replyTool(u"toolu_d"_s, u"delegate"_s,
            obj({ { u"agent"_s, u"reviewer"_s }, { u"task"_s, u"Review the project."_s } }));
        f.replyText(u"Reviewed: looks fine."_s); // the reviewer
        f.replyText(u"The reviewer is happy."_s); // back in general
        const SessionRecord session = f.newSession(u"general"_s);
        AgentRunner runner(f.services(), session, &f.machine);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QVERIFY(runner.send(u"get a review"_s));
        QVERIFY(waitTurn(finished));
        QCOMPARE(finished.at(0).at(0).toString(), u"end_turn"_s);
        QCOMPARE(f.messageRequests(), 3);
        // The sub-agent got only its task, its own prompt and read-only tools.
        const QJsonObject sub = f.requestBody(1);
        const QJsonArray subMessages = sub.value(u"messages"_s).toArray();
        QCOMPARE(subMessages.size(), 1);
        const QByteArray subJson = QJsonDocument(sub).toJson();
        QVERIFY(subJson.contains("demanding code reviewer"));
        QVERIFY(subJson.contains("Review the project."));
        const QByteArray subTools = QJsonDocument(sub.value(u"tools"_s).toArray()).toJson();
        QVERIFY(!subTools.contains("\"write\""));
        QVERIFY(!subTools.contains("delegate"));
        QVERIFY(subTools.contains("\"grep\""));
        const QJsonArray results = lastToolResults(f.requestBody(2));
        QCOMPARE(results.size(), 1);
        QVERIFY(resultText(results.at(0).toObject()).contains(u"Reviewed: looks fine."_s));
        // The sub-agent's messages stay out of the session; its usage counts.
        QVERIFY(f.store->flush());
        QCOMPARE(f.store->messages(session.id).size(), 4);
        QCOMPARE(f.store->usage(session.id).size(), 3);
    }

    // The desktop renames the session (and picks another model) through the store while the
    // runner exists: the runner's state saves never bring the old record back, and it uses the
    // new model once told.
    void renameThroughStoreSurvivesTurns()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyText(u"first"_s);
        f.replyText(u"second"_s);
        const SessionRecord session = f.newSession();
        AgentRunner runner(f.services(), session, &f.machine);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);

        SessionRecord renamed = *f.store->session(session.id);
        renamed.title = u"Renamed by the desktop"_s;
        renamed.model = u"claude-opus-4-1"_s;
        renamed.draft = u"half a thought"_s;
        f.store->saveSession(renamed);
        QVERIFY(f.store->flush());

        QVERIFY(runner.send(u"hello"_s));
        QVERIFY(waitTurn(finished));
        QVERIFY(f.store->flush());
        std::optional<SessionRecord> saved = f.store->session(session.id);
        QVERIFY(saved);
        QCOMPARE(saved->title, u"Renamed by the desktop"_s);
        QCOMPARE(saved->model, u"claude-opus-4-1"_s);
        QCOMPARE(saved->draft, u"half a thought"_s);
        QCOMPARE(saved->state, u"idle"_s); // the runner's own column is still written
        QVERIFY(saved->updated >= renamed.updated);
        QVERIFY(f.requestBody(0).value(u"model"_s).toString() != u"claude-opus-4-1"_s);

        // Told about the new record, the runner asks the new model.
        runner.setSession(*saved);
        QCOMPARE(runner.session().title, u"Renamed by the desktop"_s);
        QCOMPARE(runner.model(), u"claude-opus-4-1"_s);
        finished.clear();
        QVERIFY(runner.send(u"again"_s));
        QVERIFY(waitTurn(finished));
        QCOMPARE(f.requestBody(1).value(u"model"_s).toString(), u"claude-opus-4-1"_s);
        QVERIFY(f.store->flush());
        saved = f.store->session(session.id);
        QCOMPARE(saved->title, u"Renamed by the desktop"_s);
        QCOMPARE(saved->state, u"idle"_s);
        // Another session's record is ignored.
        SessionRecord other = *saved;
        other.id = Store::newId();
        other.model = u"claude-haiku-4-5"_s;
        runner.setSession(other);
        QCOMPARE(runner.model(), u"claude-opus-4-1"_s);
    }

    // A request the API refuses as too large (413): the largest item the person's side holds is
    // replaced by a note, in memory and in the store, and the request goes again; when nothing
    // large is left the turn ends with a clear error and the session still takes messages.
    void tooLargeRequestShrinksAndGoesOn()
    {
        AgentFixture f;
        QVERIFY(f.init());
        const QString huge = QString(300000, u'x');
        QFile file(f.project + u"/huge.txt"_s);
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (int i = 0; i < 40; ++i)
            file.write(QByteArray(1999, 'y') + '\n'); // 80 kB in lines the read tool shows whole
        file.close();
        const auto tooLarge = [&f] {
            QString error;
            QVERIFY(f.server.enqueueJson(
                obj({ { u"path"_s, u"/v1/messages"_s }, { u"status"_s, 413 },
                    { u"error"_s,
                        obj({ { u"type"_s, u"request_too_large"_s },
                            { u"message"_s, u"Request exceeds the maximum size"_s } }) } }),
                &error));
        };
        f.replyTool(u"toolu_big"_s, u"read"_s, obj({ { u"path"_s, u"huge.txt"_s } }));
        tooLarge();
        f.replyText(u"done with less"_s);

        const SessionRecord session = f.newSession();
        AgentRunner runner(f.services(), session, &f.machine);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QSignalSpy notices(&runner, &AgentRunner::notice);
        QVERIFY(runner.send(u"read it"_s));
        QVERIFY(waitTurn(finished));
        QCOMPARE(finished.at(0).at(0).toString(), u"end_turn"_s);
        QCOMPARE(f.messageRequests(), 3);
        const QByteArray refused = QJsonDocument(f.requestBody(1)).toJson();
        const QByteArray retried = QJsonDocument(f.requestBody(2)).toJson();
        QVERIFY(refused.size() > 80000);
        QVERIFY2(retried.size() < 20000, QByteArray::number(retried.size()).constData());
        QVERIFY(retried.contains("toolu_big")); // the tool_use still has its answer
        QVERIFY(retried.contains("too large"));
        QCOMPARE(notices.count(), 1);
        QVERIFY(notices.at(0).at(0).toString().contains(u"tool result"_s));
        // The store holds the shortened conversation: a reopened session sends it as it is now.
        QVERIFY(f.store->flush());
        const QList<MessageRecord> saved = f.store->messages(session.id);
        QCOMPARE(saved.size(), 4);
        const QByteArray savedResult = QJsonDocument(saved.at(2).content).toJson();
        QVERIFY(savedResult.size() < 5000);
        QVERIFY(savedResult.contains("toolu_big"));

        // Nothing large left: a clear error, and the next message works.
        tooLarge();
        QSignalSpy errors(&runner, &AgentRunner::error);
        QVERIFY(runner.send(u"again"_s));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
        QCOMPARE(errors.count(), 1);
        QCOMPARE(errors.at(0).at(0).value<AgentError>().kind, AgentError::Kind::TooLarge);
        QVERIFY(errors.at(0).at(0).value<AgentError>().message.contains(u"new session"_s));
        f.replyText(u"still here"_s);
        QVERIFY(runner.send(u"and now?"_s));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 20000);
        QCOMPARE(runner.lastText(), u"still here"_s);

        // A pasted text is cut to its start, an image replaced by a note.
        QJsonArray messages { obj({ { u"role"_s, u"user"_s },
            { u"content"_s,
                QJsonArray { obj({ { u"type"_s, u"text"_s }, { u"text"_s, huge } }),
                    obj({ { u"type"_s, u"image"_s },
                        { u"source"_s,
                            obj({ { u"type"_s, u"base64"_s }, { u"media_type"_s, u"image/png"_s },
                                { u"data"_s, QString(5000, u'A') } }) } }) } } }) };
        Conversation::Shrunk first = Conversation::shrinkLargest(messages);
        QCOMPARE(first.message, 0);
        QCOMPARE(first.what, u"text"_s);
        const QString cut = messages.at(0)
                                .toObject()
                                .value(u"content"_s)
                                .toArray()
                                .at(0)
                                .toObject()
                                .value(u"text"_s)
                                .toString();
        QVERIFY(cut.startsWith(QString(1000, u'x')) && cut.size() < 1400);
        Conversation::Shrunk second = Conversation::shrinkLargest(messages);
        QCOMPARE(second.what, u"image"_s);
        QCOMPARE(messages.at(0)
                     .toObject()
                     .value(u"content"_s)
                     .toArray()
                     .at(1)
                     .toObject()
                     .value(u"type"_s)
                     .toString(),
            u"text"_s);
        QCOMPARE(Conversation::shrinkLargest(messages).message, -1);
    }

    // bash calls share one shell: the policy reads paths from where that shell is, a shell that
    // left the session folder starts the next command there again (so the policy and the command
    // agree on what a relative path names), and once a command changed how the shell runs later
    // ones (source, functions, PATH), no rule allows a command until the shell is restarted.
    void persistentShellAcrossCalls()
    {
        AgentFixture f;
        QVERIFY(f.init());
        QVERIFY(QDir().mkpath(f.project + u"/sub"_s));
        QFile notes(f.project + u"/sub/notes.txt"_s);
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("in-sub\n");
        notes.close();
        QFile env(f.project + u"/env.sh"_s);
        QVERIFY(env.open(QIODevice::WriteOnly));
        env.write("cat() { echo hijacked; }\n");
        env.close();
        const QStringList commands { u"cd sub"_s, u"cat notes.txt"_s, u"cd / && pwd"_s, u"cat proto.sqlite"_s,
            u"source ./env.sh"_s, u"cat sub/notes.txt"_s };
        for (int i = 0; i < commands.size(); ++i)
            f.replyTool(u"t%1"_s.arg(i), u"bash"_s, obj({ { u"command"_s, commands.at(i) } }));
        f.replyText(u"done"_s);
        AgentServices services = f.services(ApprovalMode::Deny);
        QStringList errors;
        services.policy = Policy::fromJson(
            QJsonDocument::fromJson(
                R"j({"mode": "deny", "allow": ["bash(cd *)", "bash(cat *)", "bash(pwd*)", "bash(source *)"]})j")
                .object(),
            &errors);
        QVERIFY(errors.isEmpty());
        AgentRunner runner(services, f.newSession(), &f.machine);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QVERIFY(runner.send(u"go"_s));
        QVERIFY(waitTurn(finished));
        QCOMPARE(f.messageRequests(), 7);
        const auto result = [&f](int n) { return lastToolResults(f.requestBody(n)).at(0).toObject(); };
        QVERIFY2(resultText(result(2)).contains(u"in-sub"_s), qPrintable(resultText(result(2))));
        QCOMPARE(resultText(result(3)).trimmed(), u"/"_s);
        // Back in the session folder, where the policy read it: no database there.
        QVERIFY2(resultText(result(4)).contains(u"No such file"_s), qPrintable(resultText(result(4))));
        QVERIFY(!resultText(result(4)).contains(u"SQLite"_s));
        QVERIFY(!result(5).value(u"is_error"_s).toBool());
        const QJsonObject refused = result(6);
        QVERIFY(refused.value(u"is_error"_s).toBool());
        QVERIFY2(
            resultText(refused).contains(u"until the shell is restarted"_s), qPrintable(resultText(refused)));
        QVERIFY(!resultText(refused).contains(u"hijacked"_s));
    }

    void busyRefusesSecondSend()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyText(u"slow"_s, u"end_turn"_s, obj({ { u"delay_ms"_s, 300 } }));
        AgentRunner runner(f.services(), f.newSession(), &f.machine);
        QSignalSpy errors(&runner, &AgentRunner::error);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QVERIFY(runner.send(u"one"_s));
        QVERIFY(!runner.send(u"two"_s));
        QCOMPARE(errors.at(0).at(0).value<AgentError>().kind, AgentError::Kind::Busy);
        QVERIFY(waitTurn(finished));
    }
};

QTEST_GUILESS_MAIN(TestAgentRunner)
#include "tst_agentrunner.moc"
