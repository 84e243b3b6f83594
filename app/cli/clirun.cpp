#include "clirun.h"

#include "agentdefinition.h"
#include "agentrunner.h"
#include "agentservicesbuilder.h"
#include "approvalbroker.h"
#include "attachment.h"
#include "climachine.h"
#include "computertool.h"
#include "killswitch.h"
#include "llmclient.h"
#include "llmproviders.h"
#include "machineregistry.h"
#include "screenendpoint.h"
#include "secretstore.h"
#include "spendlimiter.h"
#include "store.h"
#include "toolregistry.h"
#include "visibletext.h"
#include "vncclient.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QTimer>

#include <csignal>
#include <unistd.h>

namespace Proto {

namespace {

int g_signalPipe[2] = { -1, -1 };

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

QString money(double usd)
{
    return QStringLiteral("$") + QString::number(usd, 'f', 4);
}

} // namespace

struct CliRun::Parts
{
    CliPrompter prompter; // before the registry that points at it
    std::unique_ptr<MachineRegistry> machines;
    Machine *machine = nullptr;
    std::unique_ptr<AgentServicesBuilder> built; // the one assembly (src/agent/setup)
    std::unique_ptr<SecretStore> secrets; // the machines' passwords and the screen's
    std::unique_ptr<VncClient> vnc; // the machine's screen, when it has a VNC endpoint
    std::unique_ptr<ScreenEndpoint> screen; // where vnc connects (through a tunnel when vncViaSsh)
    std::optional<MachineRecord> record;
    SessionRecord session;
    std::unique_ptr<QSocketNotifier> signalNotifier;
};

CliRun::CliRun(Store *store, const Options &options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_options(options)
    , m_printer(options.json)
    , m_parts(std::make_unique<Parts>())
{ }

CliRun::~CliRun()
{
    delete m_runner;
    m_runner = nullptr;
}

Machine *CliRun::openMachine(const QString &machineId, QString *error)
{
    Parts &p = *m_parts;
    if (!p.machines) {
        p.machines = std::make_unique<MachineRegistry>(m_store);
        p.machines->setPrompter(&p.prompter);
        if (!p.secrets)
            p.secrets = std::make_unique<SecretStore>();
        p.machines->setSecretStore(p.secrets.get());
    }
    const QString wanted = machineId.isEmpty() ? Store::localMachineId() : machineId;
    const auto record = p.machines->find(wanted);
    if (!record) {
        QStringList names;
        const QList<MachineRecord> machines = p.machines->records();
        for (const MachineRecord &known : machines)
            names.append(known.name);
        *error = tr("No machine named \"%1\" (known: %2; see proto-cli machine list).")
                     .arg(wanted, names.join(QStringLiteral(", ")));
        return nullptr;
    }
    p.session.machineId = record->id;
    p.record = *record;
    Machine *machine = p.machines->machine(record->id, error);
    if (!machine)
        return nullptr;
    // The agent's tools want a connected machine: connect (asking on the terminal) up front.
    QString problem;
    if (!CliMachine::waitConnected(machine, 60000, &problem)) {
        *error = tr("Cannot reach the machine \"%1\": %2").arg(record->name, problem);
        return nullptr;
    }
    return machine;
}

bool CliRun::prepare(QString *error, QString *kind)
{
    *kind = QStringLiteral("usage");
    Parts &p = *m_parts;
    if (m_options.prompt.trimmed().isEmpty() && m_options.attachments.isEmpty()) {
        *error = tr("The prompt is empty.");
        return false;
    }
    for (const QString &path : m_options.attachments) {
        Attachment attachment;
        if (!Attachment::fromFile(path, &attachment, error) || !attachment.fitsWith(m_attachments, error)) {
            *kind = QStringLiteral("attachment");
            return false;
        }
        m_attachments.append(attachment);
    }
    if (m_options.approve == ApprovalMode::Ask && !::isatty(STDIN_FILENO)) {
        *error = tr("--approve ask needs a terminal to ask on, and stdin is not one: use --approve auto or "
                    "--approve deny.");
        return false;
    }

    // The same assembly and settings as the app (AgentServicesBuilder); it takes the providers'
    // keys out of the environment before any tool command starts.
    AgentServicesBuilder::Options builderOptions;
    builderOptions.maxCostUsd = m_options.maxCostUsd;
    builderOptions.warn
        = [](const QString &text) { CliPrinter::writeErr(tr("proto-cli: warning: %1").arg(text)); };
    p.built = std::make_unique<AgentServicesBuilder>(m_store, builderOptions);
    const AgentCatalog &agents = p.built->agents();
    const AgentSettings settings = p.built->providers()->settings();
    if (!m_options.provider.isEmpty() && !settings.provider(m_options.provider)) {
        QStringList names;
        const QList<ProviderConfig> providers = settings.providers();
        for (const ProviderConfig &known : providers)
            names.append(known.name);
        *error = tr("No provider named \"%1\" (known: %2; see proto-cli provider list).")
                     .arg(m_options.provider, names.join(QStringLiteral(", ")));
        return false;
    }

    if (!m_options.sessionId.isEmpty()) {
        const QList<SessionRecord> sessions = m_store->sessions(true);
        QList<SessionRecord> matches;
        for (const SessionRecord &session : sessions) {
            if (session.id == m_options.sessionId) {
                matches = { session };
                break;
            }
            if (session.id.startsWith(m_options.sessionId))
                matches.append(session);
        }
        if (matches.size() != 1) {
            *error = matches.isEmpty()
                ? tr("No session %1 (see proto-cli sessions).").arg(m_options.sessionId)
                : tr("%1 matches several sessions; give more of the id.").arg(m_options.sessionId);
            return false;
        }
        p.session = matches.first();
        if (!m_options.provider.isEmpty() && m_options.provider != p.session.provider) {
            p.session.provider = m_options.provider;
            if (m_options.model.isEmpty())
                p.session.model.clear(); // the other provider's default
        }
        if (!m_options.model.isEmpty())
            p.session.model = m_options.model;
    } else {
        p.session.id = Store::newId();
        QStringList names;
        for (const Attachment &a : std::as_const(m_attachments))
            names.append(a.name);
        p.session.title
            = (m_options.prompt.trimmed().isEmpty() ? names.join(QStringLiteral(", ")) : m_options.prompt)
                  .simplified()
                  .left(80);
        p.session.machineId = m_options.machine;
        // As a new session in the app: the provider and model chosen, else the defaults.
        p.session.provider = m_options.provider.isEmpty() ? settings.defaultProvider : m_options.provider;
        p.session.model = m_options.model.isEmpty() ? settings.modelFor(p.session.provider) : m_options.model;
        p.session.state = QStringLiteral("idle");
        p.session.created = p.session.updated = QDateTime::currentDateTimeUtc();
    }
    if (!m_options.agent.isEmpty()) {
        if (!agents.find(m_options.agent)) {
            *error = tr("No agent named \"%1\" (known: %2).")
                         .arg(m_options.agent, agents.names().join(QStringLiteral(", ")));
            return false;
        }
        p.session.agent = m_options.agent;
    }
    if (p.session.agent.isEmpty())
        p.session.agent = agents.defaultAgent().name;

    // Claude has the core's default model; another provider's models are its own.
    const auto provider = settings.provider(p.session.provider);
    if (p.session.model.isEmpty() && provider && provider->kind != ProviderConfig::Kind::Anthropic
        && settings.modelFor(p.session.provider).isEmpty()) {
        *error
            = tr("The provider %1 has no default model: give --model ID (proto-cli provider models %1 lists "
                 "them) or set one with proto-cli provider default %1 MODEL.")
                  .arg(provider->name);
        return false;
    }

    *kind = QStringLiteral("machine");
    p.machine = openMachine(p.session.machineId, error);
    if (!p.machine)
        return false;
    if (m_options.sessionId.isEmpty()) {
        const bool local = p.machine->kind() == Machine::Kind::Local;
        const QString cwd = !m_options.cwd.isEmpty() ? m_options.cwd
                                                     : (local ? QDir::currentPath() : p.machine->homePath());
        if (p.machine->kind() == Machine::Kind::Local) {
            const QFileInfo info(cwd);
            if (!info.isDir()) {
                *error = tr("The working folder %1 does not exist.").arg(cwd);
                return false;
            }
            p.session.workingDirectory = info.absoluteFilePath();
        } else {
            p.session.workingDirectory = cwd;
        }
        m_store->saveSession(p.session);
    }
    return true;
}

int CliRun::exec()
{
    QString error;
    QString kind;
    if (!prepare(&error, &kind)) {
        m_printer.error(kind, error);
        CliMachine::waitKeychain(m_parts->machines.get());
        return 2;
    }
    Parts &p = *m_parts;

    // Ctrl-C stops the turn cleanly (the conversation stays valid), a second one quits.
    if (g_signalPipe[0] < 0 && ::pipe(g_signalPipe) == 0) {
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }
    if (g_signalPipe[0] >= 0) {
        p.signalNotifier = std::make_unique<QSocketNotifier>(g_signalPipe[0], QSocketNotifier::Read);
        connect(p.signalNotifier.get(), &QSocketNotifier::activated, this, [this] {
            char byte;
            [[maybe_unused]] const auto n = ::read(g_signalPipe[0], &byte, 1);
            if (m_runner && m_runner->isBusy()) {
                m_runner->stop(tr("interrupted"));
                m_printer.error(QStringLiteral("interrupted"), tr("Interrupted."));
                finish(130);
            } else {
                finish(130);
            }
        });
    }

    QEventLoop loop;
    m_loop = &loop;
    p.built->load([this] { start(); });
    if (!m_done)
        loop.exec();
    m_loop = nullptr;
    CliMachine::waitKeychain(p.machines.get()); // a password to remember, still being stored
    return m_exitCode;
}

void CliRun::start()
{
    Parts &p = *m_parts;
    AgentServicesBuilder &built = *p.built;
    LlmClient *client = built.providers()->client(p.session.provider);
    const auto provider = built.providers()->settings().provider(p.session.provider);
    if (!client || !provider) {
        m_printer.error(QStringLiteral("usage"),
            tr("No provider named \"%1\" (see proto-cli provider list).").arg(p.session.provider));
        finish(2);
        return;
    }
    if (client->requiresApiKey() && !client->hasApiKey()) {
        QString message = provider->name == QLatin1String("anthropic")
            ? tr("No Anthropic API key: set ANTHROPIC_API_KEY or store one in Proto Desktop's settings.")
            : provider->keyEnv.isEmpty()
            ? tr("No API key for the provider %1: store one in Proto Desktop's settings.").arg(provider->name)
            : tr("No API key for the provider %1: set %2 or store one in Proto Desktop's settings.")
                  .arg(provider->name, provider->keyEnv);
        if (!built.providers()->keychainProblem().isEmpty())
            message += u' ' + tr("(Keychain: %1)").arg(built.providers()->keychainProblem());
        m_printer.error(AgentError::kindName(AgentError::Kind::NoApiKey), message);
        finish(1);
        return;
    }

    // Engaged here or by another process (proto-cli kill-switch engage, the app): every command
    // on the machine dies with its process group at once, queued screen input is dropped and
    // held buttons and keys released; the runner stops and this run exits.
    connect(built.killSwitch(), &KillSwitch::engaged, this, [this] {
        if (m_parts->machine)
            m_parts->machine->killCommands();
        if (m_parts->vnc)
            m_parts->vnc->dropInput();
    });
    built.spendLimiter()->startRun(p.session.id);

    m_runner = new AgentRunner(built.services(), p.session, p.machine);
    m_runner->setApprovalMode(m_options.approve);
    if (m_options.thinking || m_options.effort)
        m_runner->setThinking(
            m_options.thinking.value_or(m_runner->thinking()), m_options.effort.value_or(m_runner->effort()));
    AgentRunner *runner = m_runner;

    m_printer.event(QStringLiteral("session"),
        { { QStringLiteral("id"), p.session.id }, { QStringLiteral("agent"), runner->agent().name },
            { QStringLiteral("model"), runner->model() },
            { QStringLiteral("thinking"), runner->thinking().toString() },
            { QStringLiteral("effort"), llmEffortName(runner->effort()) },
            { QStringLiteral("machine"), p.machine->name() },
            { QStringLiteral("cwd"), p.session.workingDirectory } });

    connect(runner, &AgentRunner::retrying, this, [this](int attempt, int delayMs, const QString &reason) {
        m_printer.event(QStringLiteral("retrying"),
            { { QStringLiteral("attempt"), attempt + 1 }, { QStringLiteral("delay_ms"), delayMs },
                { QStringLiteral("reason"), reason } });
        m_printer.endReply();
        CliPrinter::writeErr(tr("proto-cli: %1 — retrying in %2 s (attempt %3)")
                                 .arg(reason, QString::number(delayMs / 1000.0, 'f', delayMs < 10000 ? 1 : 0),
                                     QString::number(attempt + 1)));
    });
    connect(runner, &AgentRunner::messageStarted, this, [this](const QString &id) {
        m_printer.event(QStringLiteral("message_start"), { { QStringLiteral("id"), id } });
    });
    connect(runner, &AgentRunner::textDelta, this,
        [this](const QString &, const QString &text) { m_printer.text(text); });
    connect(runner, &AgentRunner::thinkingDelta, this, [this](const QString &, const QString &text) {
        m_printer.event(QStringLiteral("thinking"), { { QStringLiteral("text"), text } });
    });
    connect(runner, &AgentRunner::toolCallStarted, this,
        [this](const QString &id, const QString &tool, const QJsonObject &input) {
            m_printer.event(QStringLiteral("tool_call"),
                { { QStringLiteral("id"), id }, { QStringLiteral("tool"), tool },
                    { QStringLiteral("input"), input } });
            const PolicySubject subject
                = PolicySubject::fromToolInput(tool, input, m_parts->session.workingDirectory, {});
            m_printer.line(QStringLiteral("[%1] %2").arg(tool, subject.value.left(300).replace(u'\n', u' ')));
        });
    connect(runner, &AgentRunner::toolCallOutput, this, [this](const QString &id, const QString &chunk) {
        m_printer.event(QStringLiteral("tool_output"),
            { { QStringLiteral("id"), id }, { QStringLiteral("text"), chunk } });
    });
    connect(runner, &AgentRunner::toolCallFinished, this,
        [this](const QString &id, const QString &status, const QString &summary, const QString &diff) {
            m_printer.event(QStringLiteral("tool_result"),
                { { QStringLiteral("id"), id }, { QStringLiteral("status"), status },
                    { QStringLiteral("summary"), summary }, { QStringLiteral("diff"), diff } });
            m_printer.line(QStringLiteral("  -> %1: %2").arg(status, summary.left(300)));
        });
    connect(
        runner, &AgentRunner::usageChanged, this, [this](const LlmUsage &usage, double cost, double total) {
            m_printer.event(QStringLiteral("usage"),
                { { QStringLiteral("input_tokens"), usage.inputTokens },
                    { QStringLiteral("output_tokens"), usage.outputTokens },
                    { QStringLiteral("cost_usd"), cost }, { QStringLiteral("session_cost_usd"), total } });
        });
    connect(runner, &AgentRunner::approvalRequested, this, &CliRun::onApproval);
    connect(runner, &AgentRunner::notice, this, [this](const QString &text) {
        m_printer.event(QStringLiteral("notice"), { { QStringLiteral("text"), text } });
        CliPrinter::writeErr(tr("proto-cli: warning: %1").arg(text));
    });
    connect(runner, &AgentRunner::error, this, [this](const AgentError &error) {
        m_printer.error(AgentError::kindName(error.kind), error.message);
    });
    connect(runner, &AgentRunner::turnFinished, this, [this, runner](const QString &stopReason) {
        m_printer.endReply();
        m_printer.event(QStringLiteral("done"),
            { { QStringLiteral("stop_reason"), stopReason },
                { QStringLiteral("session"), m_parts->session.id },
                { QStringLiteral("session_cost_usd"), runner->sessionCostUsd() } });
        if (!m_printer.isJson())
            CliPrinter::writeErr(tr("proto-cli: session %1, %2 spent")
                                     .arg(m_parts->session.id, money(runner->sessionCostUsd())));
        const bool ok = stopReason != QLatin1String("error") && stopReason != QLatin1String("stopped");
        finish(ok ? 0 : 1);
    });

    if (built.killSwitch()->isEngaged()) {
        m_printer.error(AgentError::kindName(AgentError::Kind::KillSwitch), built.killSwitch()->refusal());
        finish(1);
        return;
    }
    connectComputer(
        [this] { m_runner->send(m_options.prompt.trimmed(), Attachment::blocksOf(m_attachments)); });
}

void CliRun::connectComputer(std::function<void()> then)
{
    Parts &p = *m_parts;
    if (!p.record || p.record->vncHost.trimmed().isEmpty()) {
        then();
        return;
    }
    const MachineRecord record = *p.record;
    if (const QString problem = ScreenEndpoint::problem(record); !problem.isEmpty()) {
        CliPrinter::writeErr(tr("proto-cli: warning: %1 The computer tool is not offered.").arg(problem));
        then();
        return;
    }
    if (const QString reason = ComputerTool::unavailableReason(m_runner->model()); !reason.isEmpty()) {
        CliPrinter::writeErr(tr("proto-cli: warning: %1").arg(reason));
        then();
        return;
    }
    p.vnc = std::make_unique<VncClient>();
    ComputerTool::Options options;
    options.version = ComputerTool::versionForModel(m_runner->model());
    p.built->tools()->add(std::make_unique<ComputerTool>(p.vnc.get(), options));
    VncClient *client = p.vnc.get();
    auto started = std::make_shared<bool>(false);
    auto go = [this, started, then, record] {
        if (*started)
            return;
        *started = true;
        if (m_parts->vnc && !m_parts->vnc->isConnected())
            CliPrinter::writeErr(
                tr("proto-cli: warning: no VNC connection to %1 (%2); the computer tool will "
                   "report it.")
                    .arg(record.name,
                        m_parts->vnc->errorString().isEmpty() ? tr("timed out")
                                                              : m_parts->vnc->errorString()));
        then();
    };
    connect(client, &VncClient::frameUpdated, this, [client, go] {
        if (client->isConnected() && !client->screenshot().isNull())
            go();
    });
    connect(client, &VncClient::stateChanged, this, [go](Vnc::State state) {
        if (state == Vnc::State::Failed)
            go();
    });
    connect(client, &VncClient::passwordRequested, this, [client] { client->cancelPasswordRequest(); });
    QTimer::singleShot(client->settings().connectTimeoutMs + 2000, this, go);
    // The password: PROTO_VNC_PASSWORD, else the keychain entry the desktop app stores.
    // Where ScreenEndpoint says: directly, or through a tunnel of the machine (vncViaSsh).
    p.screen = std::make_unique<ScreenEndpoint>();
    ScreenEndpoint *endpoint = p.screen.get();
    connect(endpoint, &ScreenEndpoint::ready, this, [client, endpoint](const QString &host, quint16 port) {
        if (endpoint->crossesNetwork()) {
            Vnc::Settings settings = client->settings();
            if (settings.link == Vnc::Link::Auto)
                settings.link = Vnc::Link::Lan; // it crosses a real network
            client->setSettings(settings);
        }
        client->connectToHost(host, port);
    });
    connect(endpoint, &ScreenEndpoint::failed, this, [this, go](const QString &message) {
        if (!m_done)
            CliPrinter::writeErr(tr("proto-cli: warning: %1").arg(message));
        go();
    });
    Machine *machine = p.machine;
    auto connectClient = [endpoint, record, machine] { endpoint->open(record, machine); };
    const QString fromEnv = qEnvironmentVariable("PROTO_VNC_PASSWORD");
    if (!fromEnv.isEmpty()) {
        client->setPassword(fromEnv);
        connectClient();
        return;
    }
    p.secrets->read(QStringLiteral("vnc-password/") + record.id, this,
        [client, connectClient](const SecretResult &result) {
            if (result.ok() && !result.value.isEmpty())
                client->setPassword(result.value);
            connectClient();
        });
}

void CliRun::onApproval(ApprovalRequest *request)
{
    const ApprovalRequest::Spec &spec = request->spec();
    QJsonObject event { { QStringLiteral("id"), request->id() }, { QStringLiteral("tool"), request->tool() },
        { QStringLiteral("summary"), request->summary() }, { QStringLiteral("detail"), spec.detail },
        { QStringLiteral("proposed_rule"), request->proposedRule().toString() } };
    if (spec.hasPreview) {
        event.insert(QStringLiteral("diff"), spec.diff);
        event.insert(QStringLiteral("preview_summary"), spec.previewSummary);
        if (!spec.previewError.isEmpty())
            event.insert(QStringLiteral("preview_error"), spec.previewError);
    }
    m_printer.event(QStringLiteral("approval"), event);
    if (m_options.approve != ApprovalMode::Ask) {
        // Only protected places (keys, credentials) ask in auto mode, and the policy never asks in
        // deny mode: with nobody to ask, refuse.
        m_parts->built->approvals()->deny(
            request->id(), tr("no one to ask (approval mode %1)").arg(approvalModeName(m_options.approve)));
        return;
    }
    m_pendingApproval = request;
    connect(request, &QObject::destroyed, this, [this, request] {
        if (m_pendingApproval == request)
            m_pendingApproval = nullptr;
    });
    m_printer.endReply();
    // Everything the model wrote is made safe for the terminal (VisibleText) before it is shown.
    CliPrinter::writeErrText(CliPrinter::approvalText(spec));
    if (request->proposedRule().tool.isEmpty()) // a protected place: once at a time
        CliPrinter::writeErrText(tr("  allow [o]nce, or [n]o with a reason (n: why): "));
    else
        CliPrinter::writeErrText(tr("  allow [o]nce, [a]lways (%1), or [n]o with a reason (n: why): ")
                                     .arg(VisibleText::line(request->proposedRule().toString())));
    if (!m_stdin) {
        m_stdin = std::make_unique<QSocketNotifier>(STDIN_FILENO, QSocketNotifier::Read);
        connect(m_stdin.get(), &QSocketNotifier::activated, this, &CliRun::readAnswer);
    }
    // Answers typed ahead are used first.
    if (m_stdinBuffer.contains('\n') || m_stdinEof)
        answerFromBuffer();
    else
        m_stdin->setEnabled(true);
}

void CliRun::readAnswer()
{
    char buffer[4096];
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n <= 0)
        m_stdinEof = true;
    else
        m_stdinBuffer.append(buffer, n);
    answerFromBuffer();
}

void CliRun::answerFromBuffer()
{
    if (!m_pendingApproval)
        return;
    const qsizetype eol = m_stdinBuffer.indexOf('\n');
    if (eol < 0) {
        if (m_stdinEof) {
            m_stdin->setEnabled(false);
            m_parts->built->approvals()->deny(m_pendingApproval->id(), tr("no answer (stdin closed)"));
        }
        return;
    }
    const QString answer = QString::fromUtf8(m_stdinBuffer.left(eol)).trimmed();
    m_stdinBuffer.remove(0, eol + 1);
    const QString id = m_pendingApproval->id();
    const QString lower = answer.toLower();
    if (lower == QLatin1String("o") || lower == QLatin1String("once") || lower == QLatin1String("y")
        || lower == QLatin1String("yes")) {
        m_stdin->setEnabled(false);
        m_parts->built->approvals()->allowOnce(id);
    } else if ((lower == QLatin1String("a") || lower == QLatin1String("always"))
        && !m_pendingApproval->proposedRule().tool.isEmpty()) {
        m_stdin->setEnabled(false);
        m_parts->built->approvals()->allowAlways(id);
    } else if (lower.startsWith(u'n')) {
        m_stdin->setEnabled(false);
        QString reason = answer.mid(lower.startsWith(QLatin1String("no")) ? 2 : 1).trimmed();
        if (reason.startsWith(u':'))
            reason = reason.mid(1).trimmed();
        m_parts->built->approvals()->deny(id, reason);
    } else {
        CliPrinter::writeErr(tr("  please answer o, a or n (n: reason)"));
        if (m_stdinBuffer.contains('\n') || m_stdinEof)
            answerFromBuffer();
        else
            m_stdin->setEnabled(true);
    }
}

void CliRun::finish(int code)
{
    if (m_done)
        return;
    m_exitCode = code;
    m_done = true;
    m_store->flush();
    if (m_loop)
        m_loop->quit();
}

} // namespace Proto
