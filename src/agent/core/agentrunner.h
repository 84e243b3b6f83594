#pragma once

#include "agentdefinition.h"
#include "agenterror.h"
#include "agentservices.h"
#include "approvalbroker.h"
#include "llmtypes.h"
#include "records.h"
#include "toolcontext.h"
#include "toolresult.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <optional>

namespace Proto {

class ApprovalRequest;
class LlmClient;
class LlmStream;
class Machine;
class PersistentShell;
class ToolJob;

// The agent loop of one session, event-driven on the GUI thread (never blocks).
//
// send(text) persists the user message at once, checks the kill switch and limits, streams the
// model's reply (deltas by signal), persists the assistant message and its usage, runs each
// tool_use through the policy (allow / ask the person through the ApprovalBroker / deny) and
// the session's Machine, sends the results back and loops until the model ends its turn.
// stop() (or the kill switch) cancels the request, the tool and any approval, and leaves a
// valid conversation behind (unanswered tool_use blocks get "stopped" tool_result errors).
// A runner made for a session that already has messages continues from them.
class AgentRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentRunner)

public:
    enum class State
    {
        Idle,
        Running,
        Waiting,
        Error
    };
    Q_ENUM(State)

    // machine: the session's machine (not owned, must outlive the runner).
    AgentRunner(const AgentServices &services, const SessionRecord &session, Machine *machine,
        QObject *parent = nullptr);
    ~AgentRunner() override;

    SessionRecord session() const { return m_session; }
    // The session's record changed elsewhere (renamed, another model or agent chosen): the
    // next request uses it. The runner only ever writes its state (and agent) back, so what
    // others save is never reverted. Ignored for another session id.
    void setSession(const SessionRecord &session);
    QString sessionId() const { return m_session.id; }
    State state() const { return m_state; }
    static QString stateName(State state); // "idle", "running", "waiting", "error"
    // A short translated phrase for why a request is retried ("Overloaded", "Rate limited"...).
    static QString retryReason(const LlmError &error);
    bool isBusy() const { return m_state == State::Running || m_state == State::Waiting; }

    // The agent definition in use (the session's, else the catalog's default).
    AgentDefinition agent() const { return m_agent; }
    void setAgent(const AgentDefinition &agent);
    QString model() const;
    // Extended thinking and effort for this session's requests (what the model supports of them:
    // ModelCatalog); kept in the store's settings ("session/<id>/thinking", ".../effort").
    void setThinking(const LlmThinking &thinking, LlmEffort effort);
    LlmThinking thinking() const { return m_thinking; }
    LlmEffort effort() const { return m_effort; }
    // Where the agent's next bash command starts: its persistent shell's folder, else the
    // session's working folder.
    QString bashDirectory() const;
    static QString thinkingKey(const QString &sessionId);
    static QString effortKey(const QString &sessionId);
    // The rules in force: the user's, then the agent's, plus "allow always" answers.
    const Policy &policy() const { return m_policy; }
    void setApprovalMode(ApprovalMode mode);

    QJsonArray conversation() const { return m_messages; } // [{role, content}]
    double sessionCostUsd() const { return m_sessionCost; }
    QString lastText() const { return m_lastText; } // the last text the model wrote
    AgentError lastError() const { return m_lastError; }

    // Starts a turn. False (and error(Busy)) when a turn is running; a refusal by the kill
    // switch or a limit is reported by error() and leaves the message persisted.
    // attachments: content blocks from Attachment (files the person attached), after the text.
    bool send(const QString &text, const QJsonArray &attachments = {});
    // Asks the model again for the conversation as it is, when it ends with the person's side
    // (the last attempt ended with a network error). False when busy or nothing waits for an answer.
    bool resume();
    // Stops the turn: request, tool and approval cancelled; the conversation stays valid.
    void stop(const QString &reason = {});

    // For delegation: a runner without persisted messages (its tool calls and usage are
    // persisted under the session), depth levels below the session's runner.
    static AgentRunner *createDelegate(const AgentServices &services, const SessionRecord &session,
        Machine *machine, const AgentDefinition &agent, int depth, QObject *parent);

Q_SIGNALS:
    void stateChanged(Proto::AgentRunner::State state);
    // content: the message's blocks as stored (the text, then any attachments).
    void userMessageAdded(const QString &messageId, const QString &text, const QJsonArray &content);
    void messageStarted(const QString &messageId);
    // The model's server refused or failed the request (overloaded, rate limited, 5xx, network)
    // before any content arrived, and it is sent again in delayMs. attempt counts the requests
    // that failed so far (1 at the first retry); reason is a short translated phrase for the
    // person ("Overloaded", "Rate limited"...). messageStarted() or the end of the turn follows.
    void retrying(int attempt, int delayMs, const QString &reason);
    void textDelta(const QString &messageId, const QString &text);
    void thinkingDelta(const QString &messageId, const QString &thinking);
    void messageFinished(const QString &messageId, const QJsonObject &message);
    void toolCallStarted(const QString &callId, const QString &tool, const QJsonObject &input);
    void toolCallOutput(const QString &callId, const QString &chunk);
    // An image the tool returned (a screenshot), encoded ("image/png", "image/jpeg"); emitted
    // before toolCallFinished.
    void toolCallImage(const QString &callId, const QByteArray &data, const QString &mediaType);
    // status: "done", "error", "denied", "cancelled"
    void toolCallFinished(
        const QString &callId, const QString &status, const QString &summary, const QString &diff);
    void approvalRequested(Proto::ApprovalRequest *request);
    void usageChanged(const Proto::LlmUsage &usage, double messageCostUsd, double sessionCostUsd);
    void error(const Proto::AgentError &error);
    // Something the person should know that does not stop the turn (a model without a known
    // price, counted at the highest known price for the limits); each is said once per runner.
    void notice(const QString &text);
    // The turn ended: "end_turn", "stop_sequence", "refusal", "stopped", "error"...
    void turnFinished(const QString &stopReason);

private:
    struct PendingCall
    {
        QJsonObject block; // the tool_use block
        ToolCallRecord record;
        // Approved from a preview: the file must still be as the preview saw it.
        QByteArray expectedFileState;
    };

    AgentRunner(const AgentServices &services, const SessionRecord &session, Machine *machine, int depth,
        bool ephemeral, QObject *parent);
    void loadFromStore();
    QString appendMessage(const QString &role, const QJsonArray &content, const QJsonObject &extra = {});
    void setState(State state);
    bool checkGates(AgentError *refusal, bool forToolCall);
    void fail(const AgentError &error);
    void halt(const QString &why);
    void finishTurn(const QString &stopReason);
    QString workingFolder() const;
    LlmClient *llm() const; // the session's provider's client (null: unknown provider)

    // The model
    void requestModel();
    LlmRequest buildRequest() const;
    QString systemPrompt() const;
    void onStreamFinished(const QJsonObject &message, const QString &stopReason, const LlmUsage &usage);
    void onStreamFailed(const LlmError &error);
    bool shrinkConversation(); // after a 413: remove the largest item and ask again
    bool ensureShell();
    bool shellUntrusted() const;
    void recordUsage(const QString &messageId, const LlmUsage &usage, double costUsd, const QString &model);

    // Tools (agentrunnertools.cpp)
    void startTools(const QJsonArray &toolUses, const QString &messageId);
    void nextTool();
    void askApproval(const PolicyDecision &decision, const PolicySubject &subject);
    void raiseApproval(const ApprovalRequest::Spec &spec);
    ToolContext toolContext() const;
    QStringList allowedTools() const;
    void onApprovalAnswered(ApprovalRequest *request);
    void runCurrentTool();
    ToolJob *startDelegate(const QJsonObject &input);
    QJsonObject delegateDefinition() const;
    void completeCurrentTool(const QString &status, const ToolResult &result);
    void finishTools();
    void abandonTools(const QString &reason);
    void saveToolCall(const ToolCallRecord &record);
    void audit(const QString &action, const QJsonObject &input, const QString &outcome,
        const QString &diff = {}, const QString &callId = {});
    // The "started" row of the current call, durable before the tool runs; false when it
    // could not be written (the call is then not run).
    bool auditStarted(const ToolCallRecord &record, QString *error);
    QString agentLimitRefusal(const QString &tool) const; // AgentLimits on tool calls
    void onKillSwitch(const QString &reason);

    AgentServices m_services;
    SessionRecord m_session;
    QPointer<Machine> m_machine;
    QPointer<PersistentShell> m_shell; // bash's session on m_machine, made at the first bash call
    bool m_shellTainted = false; // a command changed how the shell runs later ones (see nextTool)
    AgentDefinition m_agent;
    Policy m_policy;
    std::optional<ApprovalMode> m_modeOverride;
    int m_depth = 0;
    bool m_ephemeral = false;

    State m_state = State::Idle;
    QJsonArray m_messages;
    QStringList m_messageIds; // the store's id of each of m_messages
    LlmThinking m_thinking;
    LlmEffort m_effort = LlmEffort::Default;
    int m_shrinks = 0; // items removed from the conversation for this turn (413)
    qint64 m_nextSeq = 1;
    double m_sessionCost = 0;
    QString m_lastText;
    AgentError m_lastError;
    int m_continuations = 0;
    QStringList m_noticesGiven;

    QPointer<LlmStream> m_stream;
    QString m_streamMessageId;

    QList<PendingCall> m_calls;
    qsizetype m_callIndex = 0;
    QJsonArray m_results;
    QPointer<ToolJob> m_job;
    QPointer<ToolJob> m_preview; // working out the diff an approval shows
    QPointer<ApprovalRequest> m_approval;
    QPointer<AgentRunner> m_delegate;
};

} // namespace Proto
