#pragma once

#include "policy.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

namespace Proto {

// One question to a person: may this tool call run? Made by ApprovalBroker::request(), owned by
// the broker, answered once (allow once / allow always for a pattern / deny with a reason) or
// cancelled (stop, kill switch, session closed). Whoever waits connects to answered(); the
// object is deleted soon after (deleteLater), so read it inside the slot.
class ApprovalRequest final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApprovalRequest)

public:
    enum class Answer
    {
        Pending,
        AllowOnce,
        AllowAlways,
        Deny,
        Cancelled
    };
    Q_ENUM(Answer)

    struct Spec
    {
        QString sessionId;
        QString agent;
        QString toolCallId;
        QString tool;
        QJsonObject input;
        QString summary; // one line for the prompt: "Run `git push origin main` in ~/proj"
        // What the person judges, whole: the command line, the path, or the input as JSON (or
        // the tool's own description of the call). Raw model text: show it through VisibleText.
        QString detail;
        QString workingDirectory; // where a command runs
        QString reason; // why it is asked: "bash needs approval"
        PolicyRule proposedRule; // what "allow always" would add

        // write, edit, str_replace_based_edit_tool: the change the call makes, computed before
        // asking (Tool::preview). The tool refuses to run if the file changes in between.
        bool hasPreview = false;
        QString diff; // unified diff; empty when nothing would change or the preview failed
        QString previewSummary; // "Changes src/a.cpp (+2 -1)"
        QString previewError; // why the change could not be worked out ("old_str was not found...")
    };

    QString id() const { return m_id; }
    const Spec &spec() const { return m_spec; }
    QString sessionId() const { return m_spec.sessionId; }
    QString tool() const { return m_spec.tool; }
    QJsonObject input() const { return m_spec.input; }
    QString summary() const { return m_spec.summary; }
    PolicyRule proposedRule() const { return m_spec.proposedRule; }
    QDateTime created() const { return m_created; }

    Answer answer() const { return m_answer; }
    bool isPending() const { return m_answer == Answer::Pending; }
    // The rule accepted with AllowAlways (the proposed one unless the person edited it).
    PolicyRule acceptedRule() const { return m_acceptedRule; }
    // Deny: the person's reason (may be empty); Cancelled: why it was cancelled.
    QString reason() const { return m_reason; }

Q_SIGNALS:
    void answered(Proto::ApprovalRequest::Answer answer);

private:
    friend class ApprovalBroker;
    ApprovalRequest(const QString &id, const Spec &spec, QObject *parent);
    void resolve(Answer answer, const QString &reason, const PolicyRule &rule);

    QString m_id;
    quint64 m_order = 0;
    Spec m_spec;
    QDateTime m_created;
    Answer m_answer = Answer::Pending;
    QString m_reason;
    PolicyRule m_acceptedRule;
};

// Where "ask" decisions wait for a person. The UI (approval prompt) or proto-cli (terminal)
// listens to requested() and answers by id, asynchronously; nothing here blocks. One broker
// serves every session of the process.
class ApprovalBroker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApprovalBroker)

public:
    explicit ApprovalBroker(QObject *parent = nullptr);
    ~ApprovalBroker() override;

    ApprovalRequest *request(const ApprovalRequest::Spec &spec);

    // Each returns false when no pending request has that id (already answered, cancelled).
    bool allowOnce(const QString &id);
    // rule: what to remember; empty tool: the proposed rule. Its action is forced to Allow.
    bool allowAlways(const QString &id, const PolicyRule &rule = {});
    bool deny(const QString &id, const QString &reason = {});
    bool cancel(const QString &id, const QString &reason);
    int cancelSession(const QString &sessionId, const QString &reason);
    int cancelAll(const QString &reason);

    ApprovalRequest *find(const QString &id) const;
    QList<ApprovalRequest *> pending(const QString &sessionId = {}) const;

Q_SIGNALS:
    void requested(Proto::ApprovalRequest *request);
    void resolved(const QString &id, Proto::ApprovalRequest::Answer answer);

private:
    bool resolve(
        const QString &id, ApprovalRequest::Answer answer, const QString &reason, const PolicyRule &rule);

    QHash<QString, QPointer<ApprovalRequest>> m_pending;
    quint64 m_nextId = 1;
};

} // namespace Proto
