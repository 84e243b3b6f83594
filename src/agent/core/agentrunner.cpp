#include "agentrunner.h"

#include "approvalbroker.h"
#include "auditlog.h"
#include "conversation.h"
#include "killswitch.h"
#include "llmclient.h"
#include "llmstream.h"
#include "machine.h"
#include "ratelimiter.h"
#include "spendlimiter.h"
#include "store.h"
#include "toolregistry.h"

#include <QFileInfo>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcAgent, "proto.agent")

namespace Proto {

AgentRunner::AgentRunner(
    const AgentServices &services, const SessionRecord &session, Machine *machine, QObject *parent)
    : AgentRunner(services, session, machine, 0, false, parent)
{ }

AgentRunner::AgentRunner(const AgentServices &services, const SessionRecord &session, Machine *machine,
    int depth, bool ephemeral, QObject *parent)
    : QObject(parent)
    , m_services(services)
    , m_session(session)
    , m_machine(machine)
    , m_depth(depth)
    , m_ephemeral(ephemeral)
{
    Q_ASSERT(m_services.store && (m_services.llm || m_services.clientFor) && m_services.tools
        && m_services.approvals && m_services.killSwitch);
    std::optional<AgentDefinition> agent;
    if (m_services.agents)
        agent = m_services.agents->find(m_session.agent);
    if (!agent && m_services.agents)
        agent = m_services.agents->defaultAgent();
    setAgent(agent.value_or(AgentDefinition {}));
    if (!m_ephemeral) {
        loadFromStore();
        m_sessionCost = m_services.store->totalCost(m_session.id);
        m_thinking = LlmThinking::parse(m_services.store->setting(thinkingKey(m_session.id)).toString())
                         .value_or(LlmThinking::off());
        m_effort = parseLlmEffort(m_services.store->setting(effortKey(m_session.id)).toString())
                       .value_or(LlmEffort::Default);
    }
    connect(m_services.killSwitch, &KillSwitch::engaged, this, &AgentRunner::onKillSwitch);
}

QString AgentRunner::thinkingKey(const QString &sessionId)
{
    return QStringLiteral("session/%1/thinking").arg(sessionId);
}

QString AgentRunner::effortKey(const QString &sessionId)
{
    return QStringLiteral("session/%1/effort").arg(sessionId);
}

void AgentRunner::setThinking(const LlmThinking &thinking, LlmEffort effort)
{
    m_thinking = thinking;
    m_effort = effort;
    if (m_ephemeral)
        return;
    m_services.store->setSetting(
        thinkingKey(m_session.id), thinking.isOn() ? thinking.toString() : QVariant());
    m_services.store->setSetting(
        effortKey(m_session.id), effort == LlmEffort::Default ? QVariant() : QVariant(llmEffortName(effort)));
}

AgentRunner::~AgentRunner()
{
    if (isBusy())
        stop(tr("the session was closed"));
}

AgentRunner *AgentRunner::createDelegate(const AgentServices &services, const SessionRecord &session,
    Machine *machine, const AgentDefinition &agent, int depth, QObject *parent)
{
    auto *runner = new AgentRunner(services, session, machine, depth, true, parent);
    runner->setAgent(agent);
    return runner;
}

QString AgentRunner::stateName(State state)
{
    switch (state) {
    case State::Idle:
        return QStringLiteral("idle");
    case State::Running:
        return QStringLiteral("running");
    case State::Waiting:
        return QStringLiteral("waiting");
    case State::Error:
        return QStringLiteral("error");
    }
    return {};
}

QString AgentRunner::retryReason(const LlmError &error)
{
    switch (error.kind) {
    case LlmError::Kind::Overloaded:
        return tr("Overloaded");
    case LlmError::Kind::RateLimited:
        return tr("Rate limited");
    case LlmError::Kind::ServerError:
        return error.httpStatus > 0 ? tr("Server error (HTTP %1)").arg(error.httpStatus) : tr("Server error");
    case LlmError::Kind::Timeout:
        return tr("No response");
    case LlmError::Kind::Network:
        return tr("Network error");
    case LlmError::Kind::ConnectionLost:
        return tr("Connection lost");
    default:
        break;
    }
    const QString text = error.toString();
    return text.isEmpty() ? tr("Request failed") : text;
}

void AgentRunner::setAgent(const AgentDefinition &agent)
{
    m_agent = agent;
    m_policy = m_services.policy;
    m_policy.merge(Policy::fromJson(agent.policy));
    // The data folder (database, audit anchor, settings) is a protected place for every agent.
    if (m_services.store && !m_services.store->path().isEmpty()) {
        QStringList folders = m_policy.protectedFolders();
        const QString data = QFileInfo(m_services.store->path()).absolutePath();
        if (!folders.contains(data))
            m_policy.setProtectedFolders(folders << data);
    }
    if (m_modeOverride)
        m_policy.setMode(*m_modeOverride);
    if (!m_ephemeral && !agent.name.isEmpty() && m_session.agent != agent.name) {
        m_session.agent = agent.name;
        if (!m_session.id.isEmpty()) {
            SessionUpdate update;
            update.agent = agent.name;
            m_services.store->updateSession(m_session.id, update);
        }
    }
}

void AgentRunner::setSession(const SessionRecord &session)
{
    if (session.id != m_session.id) {
        qCWarning(lcAgent) << "setSession: another session" << session.id << "for the runner of"
                           << m_session.id;
        return;
    }
    const QString agentBefore = m_session.agent;
    m_session = session;
    m_session.state = stateName(m_state); // the runner's own
    if (m_ephemeral || session.agent.isEmpty() || session.agent == agentBefore || !m_services.agents)
        return;
    if (const std::optional<AgentDefinition> agent = m_services.agents->find(session.agent))
        setAgent(*agent);
    else
        m_session.agent = agentBefore; // unknown here: keep the one in use
}

void AgentRunner::setApprovalMode(ApprovalMode mode)
{
    m_modeOverride = mode;
    m_policy.setMode(mode);
}

QString AgentRunner::model() const
{
    if (!m_agent.model.isEmpty())
        return m_agent.model;
    if (!m_session.model.isEmpty())
        return m_session.model;
    const QString fromSettings
        = m_services.defaultModelFor ? m_services.defaultModelFor(m_session.provider) : QString();
    return fromSettings.isEmpty() ? m_services.defaultModel : fromSettings;
}

LlmClient *AgentRunner::llm() const
{
    return m_services.clientFor ? m_services.clientFor(m_session.provider) : m_services.llm;
}

QString AgentRunner::workingFolder() const
{
    if (!m_session.workingDirectory.isEmpty())
        return m_session.workingDirectory;
    return m_machine ? m_machine->homePath() : QStringLiteral("/");
}

void AgentRunner::loadFromStore()
{
    const QList<MessageRecord> records = m_services.store->messages(m_session.id);
    for (const MessageRecord &record : records) {
        m_messages.append(QJsonObject { { QStringLiteral("role"), record.role },
            { QStringLiteral("content"), record.content.value(QLatin1String("content")).toArray() } });
        m_messageIds.append(record.id);
        m_nextSeq = std::max(m_nextSeq, record.seq + 1);
        if (record.role == QLatin1String("assistant")) {
            const QString text = Conversation::text(m_messages.last().toObject());
            if (!text.isEmpty())
                m_lastText = text;
        }
    }
    // Tool calls that were running when the process ended did not finish.
    const QList<ToolCallRecord> calls = m_services.store->toolCalls(m_session.id);
    for (ToolCallRecord call : calls) {
        if (call.status == QLatin1String("pending") || call.status == QLatin1String("approved")
            || call.status == QLatin1String("running")) {
            call.status = QStringLiteral("cancelled");
            call.isError = true;
            call.output = tr("Interrupted: the application ended before this tool call finished.");
            call.finished = QDateTime::currentDateTimeUtc();
            m_services.store->saveToolCall(call);
        }
    }
}

QString AgentRunner::appendMessage(const QString &role, const QJsonArray &content, const QJsonObject &extra)
{
    const QString id = Store::newId();
    m_messages.append(
        QJsonObject { { QStringLiteral("role"), role }, { QStringLiteral("content"), content } });
    m_messageIds.append(id);
    if (m_ephemeral)
        return id;
    MessageRecord record;
    record.id = id;
    record.sessionId = m_session.id;
    record.seq = m_nextSeq++;
    record.role = role;
    record.content = extra;
    record.content.insert(QStringLiteral("content"), content);
    record.created = QDateTime::currentDateTimeUtc();
    m_services.store->saveMessage(record);
    return id;
}

void AgentRunner::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    if (!m_ephemeral && !m_session.id.isEmpty()) {
        // Only the state: the title, model or draft may have changed since the runner got its
        // copy of the record (a rename in the session list), and must not be reverted.
        m_session.state = stateName(state);
        m_session.updated = QDateTime::currentDateTimeUtc();
        SessionUpdate update;
        update.state = m_session.state;
        update.updated = m_session.updated;
        m_services.store->updateSession(m_session.id, update);
    }
    Q_EMIT stateChanged(state);
}

bool AgentRunner::send(const QString &text, const QJsonArray &attachments)
{
    if (isBusy()) {
        const AgentError busy { AgentError::Kind::Busy,
            tr("The agent is still working on the previous message.") };
        m_lastError = busy;
        Q_EMIT error(busy);
        return false;
    }
    QJsonArray content = text.isEmpty() ? QJsonArray {} : Conversation::textContent(text);
    for (const QJsonValue &block : attachments)
        content.append(block);
    if (content.isEmpty()) {
        const AgentError empty { AgentError::Kind::InvalidRequest, tr("There is nothing to send.") };
        m_lastError = empty;
        Q_EMIT error(empty);
        return false;
    }
    m_lastError = {};
    // A run that ended mid-tool (crash, kill) left tool_use blocks without results.
    const QJsonArray open = Conversation::unansweredToolUses(m_messages);
    if (!open.isEmpty()) {
        QJsonArray results;
        for (const QJsonValue &use : open) {
            results.append(
                Conversation::toolResultBlock({ use.toObject().value(QLatin1String("id")).toString(),
                    tr("Interrupted: this tool call did not complete."), true }));
        }
        appendMessage(QStringLiteral("user"), results);
    }
    const QString id = appendMessage(QStringLiteral("user"), content);
    Q_EMIT userMessageAdded(id, text, content);
    m_continuations = 0;
    m_shrinks = 0;
    if (m_services.spendLimiter)
        m_services.spendLimiter->noteSpent(m_session.id);
    setState(State::Running);
    requestModel();
    return true;
}

bool AgentRunner::resume()
{
    if (isBusy() || m_messages.isEmpty()
        || m_messages.last().toObject().value(QLatin1String("role")).toString() != QLatin1String("user"))
        return false;
    m_lastError = {};
    m_continuations = 0;
    m_shrinks = 0;
    setState(State::Running);
    requestModel();
    return true;
}

bool AgentRunner::checkGates(AgentError *refusal, bool forToolCall)
{
    if (m_services.killSwitch->isEngaged()) {
        *refusal = { AgentError::Kind::KillSwitch, m_services.killSwitch->refusal() };
        return false;
    }
    QString reason;
    if (m_services.spendLimiter && !m_services.spendLimiter->check(m_session.id, &reason)) {
        *refusal = { AgentError::Kind::SpendLimit, reason };
        return false;
    }
    // The agent definition's own cap on the session's spend (AgentLimits).
    if (m_agent.limits.maxSessionUsd > 0) {
        double spent = 0;
        if (m_services.spendLimiter) {
            spent = m_services.spendLimiter->sessionCost(m_session.id);
        } else {
            m_services.store->flush();
            spent = m_services.store->totalCost(m_session.id);
        }
        if (spent >= m_agent.limits.maxSessionUsd) {
            *refusal = { AgentError::Kind::SpendLimit,
                tr("Spend limit reached: this session spent $%1 of the %2 agent's $%3 limit")
                    .arg(QString::number(spent, 'f', 4), m_agent.name,
                        QString::number(m_agent.limits.maxSessionUsd, 'f', 2)) };
            return false;
        }
    }
    if (m_services.rateLimiter && !m_services.rateLimiter->tryAcquire(&reason)) {
        *refusal = { AgentError::Kind::RateLimit, reason };
        return false;
    }
    LlmClient *client = forToolCall ? nullptr : llm();
    if (!forToolCall && !client) {
        *refusal = { AgentError::Kind::InvalidRequest,
            tr("No provider named \"%1\" (see the settings' Providers page).").arg(m_session.provider) };
        return false;
    }
    if (!forToolCall && client->requiresApiKey() && !client->hasApiKey()) {
        *refusal = { AgentError::Kind::NoApiKey,
            tr("No API key for %1: set %2 or store a key in the settings.")
                .arg(client->providerId(),
                    client->providerId() == QLatin1String("anthropic") ? QStringLiteral("ANTHROPIC_API_KEY")
                                                                       : QStringLiteral("OPENAI_API_KEY")) };
        return false;
    }
    return true;
}

void AgentRunner::fail(const AgentError &err)
{
    qCInfo(lcAgent) << "session" << m_session.id << "stopped:" << AgentError::kindName(err.kind)
                    << err.message;
    m_lastError = err;
    setState(State::Error);
    Q_EMIT error(err);
    Q_EMIT turnFinished(QStringLiteral("error"));
}

void AgentRunner::finishTurn(const QString &stopReason)
{
    setState(State::Idle);
    Q_EMIT turnFinished(stopReason);
}

QString AgentRunner::systemPrompt() const
{
    QString prompt = m_agent.systemPrompt.isEmpty()
        ? QStringLiteral("You are a helpful assistant working on a computer through tools.")
        : m_agent.systemPrompt;
    prompt += QStringLiteral(
        "\n\n# Environment\n- Machine: %1\n- Working folder: %2\n- Date: %3\n- You are the agent \"%4\"")
                  .arg(m_machine ? m_machine->name() : tr("(none)"), workingFolder(),
                      QDate::currentDate().toString(Qt::ISODate),
                      m_agent.name.isEmpty() ? QStringLiteral("general") : m_agent.name);
    if (m_depth > 0)
        prompt += QStringLiteral("\n- Another agent handed you this task. Do it, then end with a complete "
                                 "answer: your final message is "
                                 "all it will see.");
    return prompt;
}

LlmRequest AgentRunner::buildRequest() const
{
    LlmRequest request;
    request.model = model();
    request.system = systemPrompt();
    request.messages = Conversation::normalize(m_messages);
    request.thinking = m_thinking;
    if (m_thinking.isOn())
        request.thinking.display = LlmThinking::Display::Summarized; // the chat shows it (collapsed)
    request.effort = m_effort;
    request.maxTokens = m_agent.maxTokens > 0 ? m_agent.maxTokens : m_services.maxTokens;
    LlmClient *client = llm();
    const auto flavor = client && client->providerId() == QLatin1String("anthropic")
        ? ToolRegistry::Flavor::Anthropic
        : ToolRegistry::Flavor::OpenAi;
    QStringList allowed = m_agent.tools.isEmpty() ? QStringList { QStringLiteral("*") } : m_agent.tools;
    allowed.removeAll(QStringLiteral("delegate"));
    request.tools = m_services.tools->definitions(flavor, allowed);
    const QJsonObject delegate = delegateDefinition();
    if (!delegate.isEmpty()) {
        if (flavor == ToolRegistry::Flavor::Anthropic) {
            request.tools.append(delegate);
        } else {
            request.tools.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("function") },
                { QStringLiteral("function"),
                    QJsonObject { { QStringLiteral("name"), delegate.value(QLatin1String("name")) },
                        { QStringLiteral("description"), delegate.value(QLatin1String("description")) },
                        { QStringLiteral("parameters"),
                            delegate.value(QLatin1String("input_schema")) } } } });
        }
    }
    return request;
}

void AgentRunner::requestModel()
{
    AgentError refusal;
    if (!checkGates(&refusal, false)) {
        fail(refusal);
        return;
    }
    if (!m_machine) {
        fail({ AgentError::Kind::Machine, tr("The session's machine is gone.") });
        return;
    }
    const LlmRequest request = buildRequest();
    m_streamMessageId = Store::newId();
    LlmStream *stream = llm()->stream(request, this);
    m_stream = stream;
    const QString messageId = m_streamMessageId;
    connect(stream, &LlmStream::retrying, this, [this](int attempt, int delayMs, const LlmError &reason) {
        qCInfo(lcAgent) << "session" << m_session.id << "retrying in" << delayMs << "ms after"
                        << LlmError::kindName(reason.kind) << "attempt" << attempt;
        Q_EMIT retrying(attempt, delayMs, retryReason(reason));
    });
    connect(stream, &LlmStream::started, this, [this, messageId] { Q_EMIT messageStarted(messageId); });
    connect(stream, &LlmStream::textDelta, this,
        [this, messageId](int, const QString &text) { Q_EMIT textDelta(messageId, text); });
    connect(stream, &LlmStream::thinkingDelta, this,
        [this, messageId](int, const QString &thinking) { Q_EMIT thinkingDelta(messageId, thinking); });
    connect(stream, &LlmStream::finished, this, &AgentRunner::onStreamFinished);
    connect(stream, &LlmStream::failed, this, &AgentRunner::onStreamFailed);
}

void AgentRunner::recordUsage(
    const QString &messageId, const LlmUsage &usage, double costUsd, const QString &usedModel)
{
    UsageRecord record;
    record.sessionId = m_session.id;
    record.messageId = messageId;
    record.model = usedModel;
    record.inputTokens = usage.inputTokens;
    record.outputTokens = usage.outputTokens;
    record.cacheWriteTokens = usage.cacheCreationInputTokens;
    record.cacheReadTokens = usage.cacheReadInputTokens;
    record.costUsd = costUsd;
    record.at = QDateTime::currentDateTimeUtc();
    m_services.store->addUsage(record);
    m_sessionCost += costUsd;
    if (m_services.spendLimiter)
        m_services.spendLimiter->noteSpent(m_session.id);
    Q_EMIT usageChanged(usage, costUsd, m_sessionCost);
}

void AgentRunner::onStreamFinished(
    const QJsonObject &message, const QString &stopReason, const LlmUsage &usage)
{
    LlmStream *stream = m_stream;
    m_stream = nullptr;
    const QString messageId = m_streamMessageId;
    const LlmCost cost = stream ? stream->cost() : LlmCost {};
    const QString usedModel = stream && !stream->model().isEmpty() ? stream->model() : model();
    if (stream)
        stream->deleteLater();

    const QJsonArray content = message.value(QLatin1String("content")).toArray();
    QJsonObject extra { { QStringLiteral("stop_reason"), stopReason },
        { QStringLiteral("model"), usedModel } };
    if (!content.isEmpty()) {
        // Persisted under the id the deltas were announced with.
        m_messages.append(QJsonObject { { QStringLiteral("role"), QStringLiteral("assistant") },
            { QStringLiteral("content"), content } });
        m_messageIds.append(messageId);
        if (!m_ephemeral) {
            MessageRecord record;
            record.id = messageId;
            record.sessionId = m_session.id;
            record.seq = m_nextSeq++;
            record.role = QStringLiteral("assistant");
            record.content = extra;
            record.content.insert(QStringLiteral("content"), content);
            record.created = QDateTime::currentDateTimeUtc();
            m_services.store->saveMessage(record);
        }
        const QString text = Conversation::text(m_messages.last().toObject());
        if (!text.isEmpty())
            m_lastText = text;
    }
    // A model without a price counts at the highest known price (PriceTable::cost), so the
    // limits still hold; the person is told once.
    recordUsage(messageId, usage, cost.usd, usedModel);
    if (!cost.known && !cost.note.isEmpty() && !m_noticesGiven.contains(usedModel)) {
        m_noticesGiven.append(usedModel);
        Q_EMIT notice(cost.note);
    }
    Q_EMIT messageFinished(messageId, message);

    const QJsonArray toolUses = Conversation::toolUses(content);
    if (!toolUses.isEmpty()) {
        startTools(toolUses, messageId);
        return;
    }
    if (stopReason == QLatin1String("max_tokens")) {
        if (++m_continuations > m_services.maxContinuations) {
            finishTurn(stopReason);
            return;
        }
        appendMessage(QStringLiteral("user"),
            Conversation::textContent(
                QStringLiteral("Your reply was cut off by the output limit. Continue exactly where "
                               "you stopped, without repeating anything.")));
        requestModel();
        return;
    }
    if (stopReason == QLatin1String("pause_turn")) {
        requestModel();
        return;
    }
    m_continuations = 0;
    finishTurn(stopReason.isEmpty() ? QStringLiteral("end_turn") : stopReason);
}

void AgentRunner::onStreamFailed(const LlmError &llmError)
{
    if (m_stream) {
        m_stream->deleteLater();
        m_stream = nullptr;
    }
    // The partial reply is not kept: the conversation still ends with the user's turn, valid
    // for the next send().
    if (llmError.kind == LlmError::Kind::RequestTooLarge) {
        if (shrinkConversation())
            return;
        fail({ AgentError::Kind::TooLarge,
            tr("The request is too large for the API, and nothing large is left in this conversation "
               "to remove. Start a new session to go on.") });
        return;
    }
    fail(AgentError::fromLlm(llmError));
}

bool AgentRunner::shrinkConversation()
{
    // A few items per turn at most: a conversation that the model's own turns fill up cannot be
    // rescued this way, and every retry is a paid request.
    constexpr int kMaxShrinks = 4;
    if (m_shrinks >= kMaxShrinks)
        return false;
    const Conversation::Shrunk shrunk = Conversation::shrinkLargest(m_messages);
    if (shrunk.message < 0)
        return false;
    ++m_shrinks;
    if (!m_ephemeral && shrunk.message < m_messageIds.size())
        m_services.store->replaceMessageContent(m_messageIds.at(shrunk.message),
            m_messages.at(shrunk.message).toObject().value(QLatin1String("content")).toArray());
    qCInfo(lcAgent) << "session" << m_session.id << "request too large: removed a" << shrunk.what << "of"
                    << shrunk.removedChars << "characters";
    Q_EMIT notice(tr("The request was too large for the API: a %1 of %2 characters was removed from the "
                     "conversation, and the request is sent again.")
            .arg(shrunk.what)
            .arg(shrunk.removedChars));
    requestModel();
    return true;
}

void AgentRunner::stop(const QString &reason)
{
    if (!isBusy())
        return;
    halt(reason.isEmpty() ? tr("stopped by the user") : reason);
    finishTurn(QStringLiteral("stopped"));
}

void AgentRunner::halt(const QString &why)
{
    if (m_stream) {
        LlmStream *stream = m_stream;
        m_stream = nullptr;
        // Keep what the person already saw: the text streamed so far.
        QJsonArray kept;
        const QJsonArray partial = stream->message().value(QLatin1String("content")).toArray();
        for (const QJsonValue &block : partial) {
            if (block.toObject().value(QLatin1String("type")).toString() == QLatin1String("text")
                && !block.toObject().value(QLatin1String("text")).toString().isEmpty())
                kept.append(block);
        }
        stream->disconnect(this);
        stream->cancel();
        stream->deleteLater();
        if (!kept.isEmpty()) {
            m_messages.append(QJsonObject { { QStringLiteral("role"), QStringLiteral("assistant") },
                { QStringLiteral("content"), kept } });
            m_messageIds.append(m_streamMessageId);
            if (!m_ephemeral) {
                MessageRecord record;
                record.id = m_streamMessageId;
                record.sessionId = m_session.id;
                record.seq = m_nextSeq++;
                record.role = QStringLiteral("assistant");
                record.content = QJsonObject { { QStringLiteral("content"), kept },
                    { QStringLiteral("stop_reason"), QStringLiteral("stopped") },
                    { QStringLiteral("stopped"), why } };
                record.created = QDateTime::currentDateTimeUtc();
                m_services.store->saveMessage(record);
            }
            m_lastText = Conversation::text(m_messages.last().toObject());
        }
    }
    if (!m_calls.isEmpty())
        abandonTools(why);
}

void AgentRunner::onKillSwitch(const QString &reason)
{
    if (!isBusy())
        return;
    const QString why
        = m_services.killSwitch->refusal().isEmpty() ? reason : m_services.killSwitch->refusal();
    audit(QStringLiteral("kill-switch"), QJsonObject { { QStringLiteral("reason"), reason } },
        QStringLiteral("cancelled running work"));
    halt(why);
    fail({ AgentError::Kind::KillSwitch, why });
}

void AgentRunner::audit(const QString &action, const QJsonObject &input, const QString &outcome,
    const QString &diff, const QString &callId)
{
    if (!m_services.audit)
        return;
    AuditEntry entry;
    entry.sessionId = m_session.id;
    entry.agent = m_agent.name;
    entry.machine = m_machine ? m_machine->name() : QString();
    entry.action = action;
    entry.callId = callId;
    entry.input = input;
    entry.outcome = outcome;
    entry.diff = diff;
    m_services.audit->record(entry);
}

bool AgentRunner::auditStarted(const ToolCallRecord &record, QString *error)
{
    if (!m_services.audit)
        return true;
    AuditEntry entry;
    entry.sessionId = m_session.id;
    entry.agent = m_agent.name;
    entry.machine = m_machine ? m_machine->name() : QString();
    entry.action = QStringLiteral("tool:") + record.tool;
    entry.callId = record.id;
    entry.input = record.input;
    entry.outcome = QLatin1String(AuditLog::Started);
    return m_services.audit->recordDurably(entry, error);
}

QString AgentRunner::agentLimitRefusal(const QString &tool) const
{
    if (m_agent.limits.tools.isEmpty())
        return {};
    if (!m_services.audit)
        return tr("The agent %1 has limits on its tool calls, and they are counted in the audit log, "
                  "which this runner does not have.")
            .arg(m_agent.name);
    const auto count = [this](const QString &name, const QDateTime &since) {
        return m_services.audit->startedCalls(m_session.id, m_agent.name, name, since);
    };
    return m_agent.limits.toolRefusal(m_agent.name, tool, count, QDateTime::currentDateTimeUtc());
}

} // namespace Proto
