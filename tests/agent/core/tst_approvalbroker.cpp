#include "approvalbroker.h"

#include <QSignalSpy>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

namespace {
ApprovalRequest::Spec spec(const QString &session, const QString &command)
{
    ApprovalRequest::Spec s;
    s.sessionId = session;
    s.tool = u"bash"_s;
    s.input.insert(u"command"_s, command);
    s.summary = u"Run "_s + command;
    s.proposedRule = Policy::proposeRule({ u"bash"_s, PolicySubject::Kind::Command, command });
    return s;
}
} // namespace

class TestApprovalBroker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void allowOnce()
    {
        ApprovalBroker broker;
        QSignalSpy requested(&broker, &ApprovalBroker::requested);
        ApprovalRequest *request = broker.request(spec(u"s1"_s, u"make"_s));
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.at(0).at(0).value<ApprovalRequest *>(), request);
        QVERIFY(request->isPending());
        QCOMPARE(broker.pending().size(), 1);

        ApprovalRequest::Answer seen = ApprovalRequest::Answer::Pending;
        connect(request, &ApprovalRequest::answered, this, [&](ApprovalRequest::Answer a) { seen = a; });
        QVERIFY(broker.allowOnce(request->id()));
        QCOMPARE(seen, ApprovalRequest::Answer::AllowOnce);
        QVERIFY(broker.pending().isEmpty());
        // A second answer to the same request is refused.
        QVERIFY(!broker.deny(request->id(), u"late"_s));
        QVERIFY(!broker.allowOnce(u"no-such-id"_s));
    }

    void requestIsDeletedAfterAnswer()
    {
        ApprovalBroker broker;
        QPointer<ApprovalRequest> request = broker.request(spec(u"s1"_s, u"make"_s));
        QVERIFY(broker.deny(request->id(), u"not now"_s));
        QTRY_VERIFY(request.isNull());
    }

    void denyCarriesReason()
    {
        ApprovalBroker broker;
        ApprovalRequest *request = broker.request(spec(u"s1"_s, u"rm -rf /"_s));
        QString reason;
        ApprovalRequest::Answer answer = ApprovalRequest::Answer::Pending;
        connect(request, &ApprovalRequest::answered, this, [&](ApprovalRequest::Answer a) {
            answer = a;
            reason = request->reason();
        });
        const QString hostile = u"no; \"quotes\" $(rm -rf /) \r\n\t\u00e9"_s;
        QVERIFY(broker.deny(request->id(), hostile));
        QCOMPARE(answer, ApprovalRequest::Answer::Deny);
        QCOMPARE(reason, hostile);
    }

    void allowAlwaysUsesProposedOrEditedRule()
    {
        ApprovalBroker broker;
        ApprovalRequest *first = broker.request(spec(u"s1"_s, u"git push origin"_s));
        PolicyRule accepted;
        connect(first, &ApprovalRequest::answered, this, [&] { accepted = first->acceptedRule(); });
        QVERIFY(broker.allowAlways(first->id()));
        QCOMPARE(accepted.toString(), u"bash(git push*)"_s);
        QCOMPARE(accepted.action, PolicyRule::Action::Allow);

        ApprovalRequest *second = broker.request(spec(u"s1"_s, u"git push origin"_s));
        connect(second, &ApprovalRequest::answered, this, [&] { accepted = second->acceptedRule(); });
        PolicyRule edited { PolicyRule::Action::Deny, u"bash"_s, u"git push origin*"_s };
        QVERIFY(broker.allowAlways(second->id(), edited));
        QCOMPARE(accepted.pattern, u"git push origin*"_s);
        QCOMPARE(accepted.action, PolicyRule::Action::Allow); // forced
    }

    void cancelSessionLeavesOthers()
    {
        ApprovalBroker broker;
        ApprovalRequest *a = broker.request(spec(u"s1"_s, u"a"_s));
        ApprovalRequest *b = broker.request(spec(u"s1"_s, u"b"_s));
        ApprovalRequest *c = broker.request(spec(u"s2"_s, u"c"_s));
        QCOMPARE(broker.pending(u"s1"_s).size(), 2);
        QCOMPARE(broker.pending(u"s1"_s).first(), a); // oldest first
        QSignalSpy aSpy(a, &ApprovalRequest::answered);
        QSignalSpy bSpy(b, &ApprovalRequest::answered);
        QCOMPARE(broker.cancelSession(u"s1"_s, u"stopped by user"_s), 2);
        QCOMPARE(aSpy.count(), 1);
        QCOMPARE(bSpy.count(), 1);
        QCOMPARE(aSpy.at(0).at(0).value<ApprovalRequest::Answer>(), ApprovalRequest::Answer::Cancelled);
        QCOMPARE(broker.pending().size(), 1);
        QCOMPARE(broker.pending().first(), c);
        QCOMPARE(broker.cancelAll(u"kill switch"_s), 1);
        QVERIFY(broker.pending().isEmpty());
    }

    void answerFromInsideAnsweredSlot()
    {
        // A waiter that raises a new request while handling the answer must not confuse the broker.
        ApprovalBroker broker;
        ApprovalRequest *first = broker.request(spec(u"s1"_s, u"a"_s));
        ApprovalRequest *second = nullptr;
        connect(
            first, &ApprovalRequest::answered, this, [&] { second = broker.request(spec(u"s1"_s, u"b"_s)); });
        QVERIFY(broker.allowOnce(first->id()));
        QVERIFY(second);
        QCOMPARE(broker.pending().size(), 1);
        QVERIFY(broker.allowOnce(second->id()));
    }

    void manyRequests()
    {
        ApprovalBroker broker;
        QStringList ids;
        for (int i = 0; i < 1000; ++i)
            ids.append(broker.request(spec(u"s"_s + QString::number(i % 7), QString::number(i)))->id());
        QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), 1000);
        QCOMPARE(broker.cancelAll(u"done"_s), 1000);
    }
};

QTEST_GUILESS_MAIN(TestApprovalBroker)
#include "tst_approvalbroker.moc"
