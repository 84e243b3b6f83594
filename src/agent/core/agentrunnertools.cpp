// AgentRunner, part two: tool calls (policy, approvals, running, delegation, stopping).
#include "agentrunner.h"
#include "approvalbroker.h"
#include "conversation.h"
#include "machine.h"
#include "persistentshell.h"
#include "protectedpaths.h"
#include "shellinspector.h"
#include "store.h"
#include "toolregistry.h"

#include <QJsonDocument>

namespace Proto {

namespace {

QString approvalSummary(
    const QString &tool, const QJsonObject &input, const PolicySubject &subject, const QString &cwd)
{
    if (subject.kind == PolicySubject::Kind::Command)
        return AgentRunner::tr("Run `%1` in %2").arg(subject.value.left(2000), cwd);
    if (subject.kind == PolicySubject::Kind::Path)
        return AgentRunner::tr("%1 %2").arg(subject.tool, subject.value);
    QString json = QString::fromUtf8(QJsonDocument(input).toJson(QJsonDocument::Compact));
    if (json.size() > 300)
        json = json.left(300) + QStringLiteral("…");
    return AgentRunner::tr("%1 %2").arg(tool, json);
}

QString firstLine(const QString &text)
{
    const QString line = text.section(u'\n', 0, 0).trimmed();
    return line.size() > 300 ? line.left(300) + QStringLiteral("…") : line;
}

} // namespace

void AgentRunner::saveToolCall(const ToolCallRecord &record)
{
    m_services.store->saveToolCall(record);
}

void AgentRunner::startTools(const QJsonArray &toolUses, const QString &messageId)
{
    m_calls.clear();
    m_results = {};
    m_callIndex = 0;
    for (const QJsonValue &value : toolUses) {
        const QJsonObject block = value.toObject();
        PendingCall call;
        call.block = block;
        call.record.id = block.value(QLatin1String("id")).toString();
        call.record.sessionId = m_session.id;
        call.record.messageId = messageId;
        call.record.tool = block.value(QLatin1String("name")).toString();
        call.record.input = block.value(QLatin1String("input")).toObject();
        call.record.status = QStringLiteral("pending");
        call.record.started = QDateTime::currentDateTimeUtc();
        saveToolCall(call.record);
        m_calls.append(call);
    }
    nextTool();
}

void AgentRunner::nextTool()
{
    if (m_calls.isEmpty())
        return;
    if (m_callIndex >= m_calls.size()) {
        finishTools();
        return;
    }
    PendingCall &call = m_calls[m_callIndex];
    const QString name = call.record.tool;
    const QJsonObject input = call.record.input;
    Q_EMIT toolCallStarted(call.record.id, name, input);

    AgentError refusal;
    if (!checkGates(&refusal, true)) {
        abandonTools(refusal.message);
        fail(refusal);
        return;
    }
    const bool isDelegate = name == QLatin1String("delegate");
    if (!m_agent.tools.isEmpty() && !m_agent.allowsTool(name)) {
        completeCurrentTool(QStringLiteral("error"),
            ToolResult::error(tr("The tool \"%1\" is not available to the agent \"%2\".")
                    .arg(name.left(100), m_agent.name)));
        return;
    }
    if (isDelegate && delegateDefinition().isEmpty()) {
        completeCurrentTool(
            QStringLiteral("error"), ToolResult::error(tr("Delegation is not available here.")));
        return;
    }
    if (const QString limitRefusal = agentLimitRefusal(name); !limitRefusal.isEmpty()) {
        audit(QStringLiteral("tool:") + name, input, QStringLiteral("denied: ") + limitRefusal, {},
            call.record.id);
        completeCurrentTool(QStringLiteral("denied"), ToolResult::error(limitRefusal));
        return;
    }
    // bash runs in the session's persistent shell: paths are read from where that shell is.
    const bool isBash = name == QLatin1String("bash");
    QString cwd = workingFolder();
    if (isBash && ensureShell())
        cwd = m_shell->currentDirectory();
    const QString home = m_machine ? m_machine->homePath() : QString();
    const PolicySubject subject = PolicySubject::fromToolInput(name, input, cwd, home);
    PolicyDecision decision = m_policy.decide(subject, cwd, home);
    // An earlier command may have changed what later ones run (a function named like an allowed
    // program, an alias, a PATH entry): no rule allows a command in that shell until it restarts.
    if (isBash && decision.action == PolicyRule::Action::Allow && m_policy.mode() != ApprovalMode::Auto
        && shellUntrusted() && !input.value(QLatin1String("restart")).toBool()) {
        decision.action
            = m_policy.mode() == ApprovalMode::Deny ? PolicyRule::Action::Deny : PolicyRule::Action::Ask;
        decision.rule.clear();
        decision.reason
            = tr("An earlier command changed how this agent's shell runs commands (a function, an "
                 "alias, source, eval or PATH): every command is asked until the shell is restarted.");
    }
    switch (decision.action) {
    case PolicyRule::Action::Deny:
        audit(QStringLiteral("tool:") + name, input, QStringLiteral("denied: ") + decision.reason, {},
            call.record.id);
        completeCurrentTool(
            QStringLiteral("denied"), ToolResult::error(tr("Denied by policy: %1").arg(decision.reason)));
        return;
    case PolicyRule::Action::Ask:
        askApproval(decision, subject);
        return;
    case PolicyRule::Action::Allow:
        call.record.status = QStringLiteral("approved");
        saveToolCall(call.record);
        runCurrentTool();
        return;
    }
}

void AgentRunner::askApproval(const PolicyDecision &decision, const PolicySubject &subject)
{
    const PendingCall &call = m_calls.at(m_callIndex);
    ApprovalRequest::Spec spec;
    spec.sessionId = m_session.id;
    spec.agent = m_agent.name;
    spec.toolCallId = call.record.id;
    spec.tool = call.record.tool;
    spec.input = call.record.input;
    // bash runs where the session's shell is; the card says so.
    const QString where = call.record.tool == QLatin1String("bash") && m_shell ? m_shell->currentDirectory()
                                                                               : workingFolder();
    spec.summary = approvalSummary(call.record.tool, call.record.input, subject, where);
    spec.workingDirectory = where;
    spec.detail = subject.kind == PolicySubject::Kind::Text
        ? QString::fromUtf8(QJsonDocument(call.record.input).toJson(QJsonDocument::Indented)).trimmed()
        : subject.value;
    // Tools that describe their own calls (the computer tool: "Left click at (640, 360)").
    if (const Tool *tool = m_services.tools->tool(call.record.tool);
        tool && subject.kind == PolicySubject::Kind::Text) {
        const QString described = tool->describeCall(call.record.input);
        if (!described.isEmpty())
            spec.summary = spec.detail = described;
    }
    spec.reason = decision.reason;
    // A protected place is approved once at a time: no rule is offered for it.
    if (!decision.protectedPlace)
        spec.proposedRule = Policy::proposeRule(subject);
    setState(State::Waiting);

    // A file change: the person approves the diff it makes, worked out first.
    ToolJob *preview = call.record.tool == QLatin1String("delegate")
        ? nullptr
        : m_services.tools->preview(call.record.tool, call.record.input, toolContext(), allowedTools());
    if (!preview) {
        raiseApproval(spec);
        return;
    }
    spec.hasPreview = true;
    m_preview = preview;
    connect(preview, &ToolJob::finished, this, [this, preview, spec]() mutable {
        preview->deleteLater();
        if (preview != m_preview || m_calls.isEmpty())
            return; // stopped meanwhile
        m_preview = nullptr;
        const ToolResult &result = preview->result();
        if (result.isError) {
            spec.previewError = result.text();
        } else {
            spec.diff = result.diff;
            spec.previewSummary = result.summary;
        }
        // No state (the preview failed before reading the file): the run refuses to write.
        m_calls[m_callIndex].expectedFileState
            = result.fileState.isEmpty() ? QByteArrayLiteral("unpreviewed") : result.fileState;
        raiseApproval(spec);
    });
}

void AgentRunner::raiseApproval(const ApprovalRequest::Spec &spec)
{
    ApprovalRequest *request = m_services.approvals->request(spec);
    m_approval = request;
    if (!request->isPending()) { // answered inside request() by a synchronous listener
        onApprovalAnswered(request);
        return;
    }
    connect(request, &ApprovalRequest::answered, this, [this, request] { onApprovalAnswered(request); });
    Q_EMIT approvalRequested(request);
}

bool AgentRunner::ensureShell()
{
    if (!m_shell && m_machine) {
        m_shell = new PersistentShell(m_machine, workingFolder(), this);
        // A new shell has none of the old one's functions, aliases or PATH.
        connect(m_shell, &PersistentShell::ended, this, [this] { m_shellTainted = false; });
    }
    return m_shell != nullptr;
}

QString AgentRunner::bashDirectory() const
{
    return m_shell ? m_shell->currentDirectory() : workingFolder();
}

bool AgentRunner::shellUntrusted() const
{
    return m_shell && (m_shellTainted || m_shell->pathChanged() || !m_shell->stateKnown());
}

ToolContext AgentRunner::toolContext() const
{
    ToolContext context;
    context.machine = m_machine;
    context.shell = m_shell;
    context.root = workingFolder();
    context.allowOutsideRoot = m_services.allowOutsideRoot;
    context.protectedPaths
        = m_policy.protectedPaths(m_machine ? m_machine->homePath() : QString(), context.root);
    return context;
}

QStringList AgentRunner::allowedTools() const
{
    return m_agent.tools.isEmpty() ? QStringList { QStringLiteral("*") } : m_agent.tools;
}

void AgentRunner::onApprovalAnswered(ApprovalRequest *request)
{
    if (request != m_approval || m_calls.isEmpty())
        return; // cancelled by stop(), which already handled it
    m_approval = nullptr;
    PendingCall &call = m_calls[m_callIndex];
    const QString action = QStringLiteral("approval");
    switch (request->answer()) {
    case ApprovalRequest::Answer::Pending:
        return;
    case ApprovalRequest::Answer::AllowOnce:
        setState(State::Running);
        audit(action, call.record.input, QStringLiteral("allowed once: ") + call.record.tool, {},
            call.record.id);
        call.record.status = QStringLiteral("approved");
        saveToolCall(call.record);
        runCurrentTool();
        return;
    case ApprovalRequest::Answer::AllowAlways: {
        setState(State::Running);
        const PolicyRule rule = request->acceptedRule();
        if (rule.tool.isEmpty()) { // nothing to remember (a protected place): this once only
            audit(action, call.record.input, QStringLiteral("allowed once: ") + call.record.tool);
            call.record.status = QStringLiteral("approved");
            saveToolCall(call.record);
            runCurrentTool();
            return;
        }
        m_policy.addRule(rule);
        m_services.policy.addRule(rule);
        AgentServices::rememberRule(*m_services.store, rule);
        audit(action, call.record.input, QStringLiteral("allowed always: ") + rule.toString(), {},
            call.record.id);
        call.record.status = QStringLiteral("approved");
        saveToolCall(call.record);
        runCurrentTool();
        return;
    }
    case ApprovalRequest::Answer::Deny: {
        setState(State::Running);
        const QString reason = request->reason().trimmed();
        audit(action, call.record.input,
            QStringLiteral("denied: ") + (reason.isEmpty() ? QStringLiteral("(no reason)") : reason), {},
            call.record.id);
        completeCurrentTool(QStringLiteral("denied"),
            ToolResult::error(reason.isEmpty() ? tr("The user denied this tool call.")
                                               : tr("The user denied this tool call: %1").arg(reason)));
        return;
    }
    case ApprovalRequest::Answer::Cancelled:
        // Cancelled from outside (the prompt was closed): the turn cannot go on.
        stop(request->reason());
        return;
    }
}

void AgentRunner::runCurrentTool()
{
    PendingCall &call = m_calls[m_callIndex];
    // What starts is on disk before it runs: a tool that kills this process still leaves its
    // "started" row behind. No record, no run.
    QString auditError;
    if (!auditStarted(call.record, &auditError)) {
        completeCurrentTool(QStringLiteral("error"),
            ToolResult::error(tr("Not run: the audit log could not record this call (%1).").arg(auditError)));
        return;
    }
    call.record.status = QStringLiteral("running");
    saveToolCall(call.record);
    ToolJob *job = nullptr;
    if (call.record.tool == QLatin1String("delegate")) {
        job = startDelegate(call.record.input);
    } else {
        if (call.record.tool == QLatin1String("bash")) {
            ensureShell();
            if (call.record.input.value(QLatin1String("restart")).toBool())
                m_shellTainted = false;
            const QString command = call.record.input.value(QLatin1String("command")).toString();
            if (!command.isEmpty() && ShellInspection(command).changesShellState())
                m_shellTainted = true;
        }
        ToolContext context = toolContext();
        context.expectedFileState = call.expectedFileState;
        job = m_services.tools->run(call.record.tool, call.record.input, context, allowedTools());
    }
    m_job = job;
    const QString id = call.record.id;
    connect(
        job, &ToolJob::output, this, [this, id](const QString &chunk) { Q_EMIT toolCallOutput(id, chunk); });
    connect(job, &ToolJob::finished, this, [this, job] {
        job->deleteLater();
        if (job != m_job || m_calls.isEmpty())
            return;
        m_job = nullptr;
        const ToolResult result = job->result();
        const PendingCall &current = m_calls.at(m_callIndex);
        audit(QStringLiteral("tool:") + current.record.tool, current.record.input,
            result.isError ? QStringLiteral("error: ") + firstLine(result.text()) : QStringLiteral("ok"),
            result.diff, current.record.id);
        completeCurrentTool(result.isError ? QStringLiteral("error") : QStringLiteral("done"), result);
    });
}

void AgentRunner::completeCurrentTool(const QString &status, const ToolResult &result)
{
    PendingCall &call = m_calls[m_callIndex];
    call.record.status = status;
    call.record.output = result.text();
    call.record.isError = result.isError;
    call.record.diff = result.diff;
    call.record.finished = QDateTime::currentDateTimeUtc();
    saveToolCall(call.record);
    for (const ToolContent &c : result.content) {
        if (c.kind == ToolContent::Kind::Image)
            Q_EMIT toolCallImage(call.record.id, c.imageData, c.mediaType);
    }
    Q_EMIT toolCallFinished(call.record.id, status,
        result.summary.isEmpty() ? firstLine(result.text()) : result.summary, result.diff);
    m_results.append(result.toAnthropicBlock(call.record.id));
    ++m_callIndex;
    nextTool();
}

void AgentRunner::finishTools()
{
    const QJsonArray results = m_results;
    m_calls.clear();
    m_results = {};
    m_callIndex = 0;
    appendMessage(QStringLiteral("user"), results);
    requestModel();
}

void AgentRunner::abandonTools(const QString &reason)
{
    if (m_preview) {
        ToolJob *preview = m_preview;
        m_preview = nullptr;
        preview->disconnect(this);
        connect(preview, &ToolJob::finished, preview, &QObject::deleteLater);
        preview->cancel();
    }
    if (m_approval) {
        ApprovalRequest *request = m_approval;
        m_approval = nullptr;
        m_services.approvals->cancel(request->id(), reason);
    }
    if (m_job) {
        ToolJob *job = m_job;
        m_job = nullptr;
        job->disconnect(this);
        connect(job, &ToolJob::finished, job, &QObject::deleteLater);
        job->cancel();
    }
    for (qsizetype i = m_callIndex; i < m_calls.size(); ++i) {
        ToolCallRecord &record = m_calls[i].record;
        const bool current = i == m_callIndex;
        const QString text = current ? tr("Stopped before this tool call completed: %1").arg(reason)
                                     : tr("Not run: %1").arg(reason);
        if (current)
            audit(QStringLiteral("tool:") + record.tool, record.input, QStringLiteral("cancelled: ") + reason,
                {}, record.id);
        record.status = QStringLiteral("cancelled");
        record.output = text;
        record.isError = true;
        record.finished = QDateTime::currentDateTimeUtc();
        saveToolCall(record);
        Q_EMIT toolCallFinished(record.id, record.status, text, {});
        m_results.append(Conversation::toolResultBlock({ record.id, text, true }));
    }
    const QJsonArray results = m_results;
    m_calls.clear();
    m_results = {};
    m_callIndex = 0;
    if (!results.isEmpty())
        appendMessage(QStringLiteral("user"), results);
}

QJsonObject AgentRunner::delegateDefinition() const
{
    if (!m_agent.allowsTool(QStringLiteral("delegate")) || !m_services.agents
        || m_depth >= m_services.maxDelegationDepth)
        return {};
    QJsonArray names;
    QStringList lines;
    const QList<AgentDefinition> agents = m_services.agents->agents();
    for (const AgentDefinition &agent : agents) {
        if (m_agent.mayDelegateTo(agent.name)) {
            names.append(agent.name);
            lines.append(QStringLiteral("- %1: %2").arg(agent.name, agent.description));
        }
    }
    if (names.isEmpty())
        return {};
    const QJsonObject schema {
        { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("properties"),
            QJsonObject {
                { QStringLiteral("agent"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("string") },
                        { QStringLiteral("enum"), names } } },
                { QStringLiteral("task"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("string") },
                        { QStringLiteral("description"),
                            QStringLiteral(
                                "The complete task: the agent sees nothing else of this conversation") } } },
            } },
        { QStringLiteral("required"), QJsonArray { QStringLiteral("agent"), QStringLiteral("task") } },
        { QStringLiteral("additionalProperties"), false },
    };
    return QJsonObject {
        { QStringLiteral("name"), QStringLiteral("delegate") },
        { QStringLiteral("description"),
            QString(QStringLiteral(
                        "Hand a self-contained task to another agent, which works on the same machine and "
                        "folder with its own tools and returns its final answer. Agents:\n")
                + lines.join(u'\n')) },
        { QStringLiteral("input_schema"), schema },
    };
}

ToolJob *AgentRunner::startDelegate(const QJsonObject &input)
{
    auto *job = new ToolJob;
    const QString name = input.value(QLatin1String("agent")).toString();
    const QString task = input.value(QLatin1String("task")).toString();
    const auto agent = m_services.agents ? m_services.agents->find(name) : std::nullopt;
    QString problem;
    if (!agent || !m_agent.mayDelegateTo(name))
        problem = tr("\"%1\" is not an agent this agent may delegate to.").arg(name.left(100));
    else if (task.trimmed().isEmpty())
        problem = tr("The task is empty.");
    if (!problem.isEmpty()) {
        QMetaObject::invokeMethod(job, [job, problem] { job->fail(problem); }, Qt::QueuedConnection);
        return job;
    }
    AgentRunner *sub = createDelegate(m_services, m_session, m_machine, *agent, m_depth + 1, this);
    if (m_modeOverride)
        sub->setApprovalMode(*m_modeOverride);
    m_delegate = sub;
    connect(sub, &AgentRunner::toolCallStarted, this, &AgentRunner::toolCallStarted);
    connect(sub, &AgentRunner::toolCallOutput, this, &AgentRunner::toolCallOutput);
    connect(sub, &AgentRunner::toolCallImage, this, &AgentRunner::toolCallImage);
    connect(sub, &AgentRunner::toolCallFinished, this, &AgentRunner::toolCallFinished);
    connect(sub, &AgentRunner::approvalRequested, this, &AgentRunner::approvalRequested);
    connect(sub, &AgentRunner::notice, this, &AgentRunner::notice);
    connect(sub, &AgentRunner::usageChanged, this, [this](const LlmUsage &usage, double messageCost, double) {
        m_sessionCost += messageCost;
        Q_EMIT usageChanged(usage, messageCost, m_sessionCost);
    });
    const QPointer<AgentRunner> guard = sub;
    connect(sub, &AgentRunner::turnFinished, job, [job, sub, name](const QString &stopReason) {
        if (stopReason == QLatin1String("error"))
            job->finish(ToolResult::error(tr("The agent %1 failed: %2").arg(name, sub->lastError().message)));
        else if (stopReason == QLatin1String("stopped"))
            job->finish(ToolResult::error(tr("The agent %1 was stopped.").arg(name)));
        else
            job->finish(ToolResult::success(
                sub->lastText().isEmpty() ? tr("(the agent gave no answer)") : sub->lastText(),
                tr("%1 finished").arg(name)));
        sub->deleteLater();
    });
    job->setCancelHandler([job, guard] {
        if (guard && guard->isBusy())
            guard->stop(tr("cancelled"));
        job->finish(ToolResult::error(tr("Cancelled")));
        if (guard)
            guard->deleteLater();
    });
    QMetaObject::invokeMethod(
        sub,
        [guard, task] {
            if (guard)
                guard->send(task);
        },
        Qt::QueuedConnection);
    return job;
}

} // namespace Proto
