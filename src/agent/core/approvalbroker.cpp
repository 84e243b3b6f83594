#include "approvalbroker.h"

namespace Proto {

ApprovalRequest::ApprovalRequest(const QString &id, const Spec &spec, QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_spec(spec)
    , m_created(QDateTime::currentDateTimeUtc())
{ }

void ApprovalRequest::resolve(Answer answer, const QString &reason, const PolicyRule &rule)
{
    m_answer = answer;
    m_reason = reason;
    m_acceptedRule = rule;
    Q_EMIT answered(answer);
}

ApprovalBroker::ApprovalBroker(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<Proto::ApprovalRequest *>();
    qRegisterMetaType<Proto::ApprovalRequest::Answer>();
}

ApprovalBroker::~ApprovalBroker()
{
    cancelAll(tr("the application is closing"));
}

ApprovalRequest *ApprovalBroker::request(const ApprovalRequest::Spec &spec)
{
    const QString id = QStringLiteral("approval-%1").arg(m_nextId++);
    auto *request = new ApprovalRequest(id, spec, this);
    request->m_order = m_nextId;
    m_pending.insert(id, request);
    Q_EMIT requested(request);
    return request;
}

bool ApprovalBroker::resolve(
    const QString &id, ApprovalRequest::Answer answer, const QString &reason, const PolicyRule &rule)
{
    const QPointer<ApprovalRequest> request = m_pending.take(id);
    if (!request || !request->isPending())
        return false;
    request->resolve(answer, reason, rule);
    Q_EMIT resolved(id, answer);
    if (request)
        request->deleteLater();
    return true;
}

bool ApprovalBroker::allowOnce(const QString &id)
{
    return resolve(id, ApprovalRequest::Answer::AllowOnce, {}, {});
}

bool ApprovalBroker::allowAlways(const QString &id, const PolicyRule &rule)
{
    const ApprovalRequest *request = find(id);
    if (!request)
        return false;
    PolicyRule accepted = rule.tool.isEmpty() ? request->proposedRule() : rule;
    accepted.action = PolicyRule::Action::Allow;
    return resolve(id, ApprovalRequest::Answer::AllowAlways, {}, accepted);
}

bool ApprovalBroker::deny(const QString &id, const QString &reason)
{
    return resolve(id, ApprovalRequest::Answer::Deny, reason, {});
}

bool ApprovalBroker::cancel(const QString &id, const QString &reason)
{
    return resolve(id, ApprovalRequest::Answer::Cancelled, reason, {});
}

int ApprovalBroker::cancelSession(const QString &sessionId, const QString &reason)
{
    int count = 0;
    const QList<ApprovalRequest *> list = pending(sessionId);
    for (ApprovalRequest *request : list) {
        if (cancel(request->id(), reason))
            ++count;
    }
    return count;
}

int ApprovalBroker::cancelAll(const QString &reason)
{
    int count = 0;
    const QStringList ids = m_pending.keys();
    for (const QString &id : ids) {
        if (cancel(id, reason))
            ++count;
    }
    return count;
}

ApprovalRequest *ApprovalBroker::find(const QString &id) const
{
    const QPointer<ApprovalRequest> request = m_pending.value(id);
    return request && request->isPending() ? request.data() : nullptr;
}

QList<ApprovalRequest *> ApprovalBroker::pending(const QString &sessionId) const
{
    QList<ApprovalRequest *> list;
    for (const QPointer<ApprovalRequest> &request : m_pending) {
        if (request && request->isPending() && (sessionId.isEmpty() || request->sessionId() == sessionId))
            list.append(request.data());
    }
    std::sort(list.begin(), list.end(),
        [](const ApprovalRequest *a, const ApprovalRequest *b) { return a->m_order < b->m_order; });
    return list;
}

} // namespace Proto
