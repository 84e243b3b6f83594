// proto-cli: Proto Desktop's headless runner over the same core, data folder and agents.
#include "agentdefinition.h"
#include "cliaudit.h"
#include "climachine.h"
#include "cliprinter.h"
#include "cliprovider.h"
#include "clirun.h"
#include "store.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QStringList>

#include <cmath>
#include <cstdio>

using namespace Proto;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("proto-cli", text);
}

const char *const Usage = R"(usage:
  proto-cli run [--machine NAME] [--cwd DIR] [--provider NAME] [--model ID] [--agent NAME]
                [--approve ask|auto|deny] [--json] [--max-cost USD] [--attach FILE]...
                [--thinking off|adaptive|TOKENS] [--effort low|medium|high|xhigh|max] "PROMPT"
  proto-cli resume ID [--provider NAME] [--model ID] [--agent NAME] [--approve ask|auto|deny]
                [--json] [--max-cost USD] [--attach FILE]... [--thinking ...] [--effort ...] "PROMPT"
  proto-cli sessions [--json]
  proto-cli agents
  proto-cli provider add NAME --kind openai-compatible|anthropic --base-url URL [--key-env VAR]
                [--header NAME:VALUE]... [--model ID]...
  proto-cli provider list [--json] | remove NAME | models [NAME] | default NAME [MODEL]
  proto-cli machine add NAME --ssh USER@HOST[:PORT] [--identity FILE] [--accept-new-host-key]
                [--vnc HOST:PORT [--vnc-via-ssh]]
  proto-cli machine list [--json] | remove NAME | test NAME | import [--config FILE]
  proto-cli audit verify | list [--json] [--session ID] [--since TIME] | export FILE
  proto-cli kill-switch engage [REASON] | release | status

Data folder: $PROTO_DESKTOP_HOME, else the desktop app's. Providers: anthropic (ANTHROPIC_API_KEY,
ANTHROPIC_BASE_URL) and openai (OPENAI_API_KEY, OPENAI_BASE_URL), plus those added; a key is read
from the provider's environment variable, else the keychain entry Proto Desktop stores.
Exit status: 0 done, 1 the agent could not finish (reason on stderr), 2 bad usage.
)";

int usageError(const QString &message)
{
    CliPrinter::writeErr(QStringLiteral("proto-cli: ") + message);
    std::fputs(Usage, stderr);
    return 2;
}

std::unique_ptr<Store> openStore()
{
    QDir().mkpath(Store::dataDirectory());
    Store::OpenResult result = Store::open(Store::defaultPath());
    if (!result.store)
        CliPrinter::writeErr(QStringLiteral("proto-cli: ") + result.message);
    return std::move(result.store);
}

// Parses run/resume options; returns false with *error on bad input.
bool parseRunOptions(QStringList args, bool resume, CliRun::Options *options, QString *error)
{
    if (resume) {
        if (args.isEmpty() || args.first().startsWith(QLatin1String("--"))) {
            *error = tr("resume needs a session id");
            return false;
        }
        options->sessionId = args.takeFirst();
    }
    QStringList prompt;
    const QStringList withValue { QStringLiteral("--machine"), QStringLiteral("--cwd"),
        QStringLiteral("--model"), QStringLiteral("--provider"), QStringLiteral("--agent"),
        QStringLiteral("--approve"), QStringLiteral("--max-cost"), QStringLiteral("--attach"),
        QStringLiteral("--thinking"), QStringLiteral("--effort") };
    bool endOfOptions = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString arg = args.at(i);
        if (endOfOptions || !arg.startsWith(QLatin1String("--"))) {
            prompt.append(arg);
            continue;
        }
        if (arg == QLatin1String("--")) {
            endOfOptions = true;
            continue;
        }
        if (arg == QLatin1String("--json")) {
            options->json = true;
            continue;
        }
        QString value;
        const qsizetype eq = arg.indexOf(u'=');
        if (eq > 0) {
            value = arg.mid(eq + 1);
            arg = arg.left(eq);
        } else if (withValue.contains(arg)) {
            if (i + 1 >= args.size()) {
                *error = tr("%1 needs a value").arg(arg);
                return false;
            }
            value = args.at(++i);
        }
        if (!withValue.contains(arg)
            || (resume && (arg == QLatin1String("--machine") || arg == QLatin1String("--cwd")))) {
            *error = tr("unknown option %1").arg(arg);
            return false;
        }
        if (arg == QLatin1String("--attach"))
            options->attachments.append(value);
        else if (arg == QLatin1String("--machine"))
            options->machine = value;
        else if (arg == QLatin1String("--cwd"))
            options->cwd = value;
        else if (arg == QLatin1String("--model"))
            options->model = value;
        else if (arg == QLatin1String("--provider"))
            options->provider = value;
        else if (arg == QLatin1String("--agent"))
            options->agent = value;
        else if (arg == QLatin1String("--approve")) {
            const auto mode = approvalModeFromName(value);
            if (!mode) {
                *error = tr("--approve takes ask, auto or deny, not \"%1\"").arg(value);
                return false;
            }
            options->approve = *mode;
        } else if (arg == QLatin1String("--thinking")) {
            options->thinking = LlmThinking::parse(value);
            if (!options->thinking) {
                *error = tr("--thinking takes off, adaptive or a budget of at least 1024 tokens, not \"%1\"")
                             .arg(value);
                return false;
            }
        } else if (arg == QLatin1String("--effort")) {
            options->effort = parseLlmEffort(value);
            if (!options->effort) {
                *error = tr("--effort takes low, medium, high, xhigh, max or default, not \"%1\"").arg(value);
                return false;
            }
        } else if (arg == QLatin1String("--max-cost")) {
            bool ok = false;
            options->maxCostUsd = value.toDouble(&ok);
            if (!ok || options->maxCostUsd <= 0 || !std::isfinite(options->maxCostUsd)) {
                *error = tr("--max-cost takes a positive amount in US dollars, not \"%1\"").arg(value);
                return false;
            }
        }
    }
    options->prompt = prompt.join(u' ');
    if (options->prompt.trimmed().isEmpty() && options->attachments.isEmpty()) {
        *error = tr("no prompt given");
        return false;
    }
    return true;
}

int listSessions(Store &store, bool json)
{
    const QList<SessionRecord> sessions = store.sessions(true);
    for (const SessionRecord &session : sessions) {
        const double cost = store.totalCost(session.id);
        if (json) {
            const QJsonObject o { { QStringLiteral("id"), session.id },
                { QStringLiteral("title"), session.title }, { QStringLiteral("agent"), session.agent },
                { QStringLiteral("machine"), session.machineId },
                { QStringLiteral("cwd"), session.workingDirectory },
                { QStringLiteral("state"), session.state },
                { QStringLiteral("updated"), session.updated.toString(Qt::ISODate) },
                { QStringLiteral("messages"), store.messageCount(session.id) },
                { QStringLiteral("cost_usd"), cost } };
            std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
        } else {
            std::printf("%s  %s  %-8s %-8s $%.4f  %s\n", qPrintable(session.id),
                qPrintable(session.updated.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
                qPrintable(session.agent), qPrintable(session.state), cost, qPrintable(session.title));
        }
    }
    if (sessions.isEmpty() && !json)
        std::printf("%s\n", qPrintable(tr("No sessions yet.")));
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Proto"));
    QCoreApplication::setApplicationName(QStringLiteral("proto-desktop"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROTO_VERSION));
    // The terminal is for the conversation: library chatter only when asked for (QT_LOGGING_RULES).
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("proto.*.debug=false\nproto.*.info=false"));

    QStringList args = app.arguments().mid(1);
    if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")
        || args.first() == QLatin1String("help")) {
        std::fputs(Usage, args.isEmpty() ? stderr : stdout);
        return args.isEmpty() ? 2 : 0;
    }
    if (args.first() == QLatin1String("--version")) {
        std::printf("proto-cli %s\n", PROTO_VERSION);
        return 0;
    }
    const QString command = args.takeFirst();

    if (command == QLatin1String("run") || command == QLatin1String("resume")) {
        CliRun::Options options;
        QString error;
        if (!parseRunOptions(args, command == QLatin1String("resume"), &options, &error))
            return usageError(error);
        auto store = openStore();
        if (!store)
            return 1;
        int code = 0;
        {
            CliRun run(store.get(), options);
            code = run.exec();
        }
        store->flush();
        return code;
    }
    if (command == QLatin1String("sessions")) {
        const bool json = args.contains(QStringLiteral("--json"));
        args.removeAll(QStringLiteral("--json"));
        if (!args.isEmpty())
            return usageError(tr("sessions takes no arguments besides --json"));
        auto store = openStore();
        return store ? listSessions(*store, json) : 1;
    }
    if (command == QLatin1String("machine") || command == QLatin1String("machines"))
        return CliMachine::run(args);
    if (command == QLatin1String("agents")) {
        QStringList errors;
        const AgentCatalog catalog
            = AgentCatalog::load(QDir(Store::dataDirectory()).filePath(QStringLiteral("agents")), &errors);
        for (const QString &problem : std::as_const(errors))
            CliPrinter::writeErr(tr("proto-cli: warning: agent definition skipped: %1").arg(problem));
        const QList<AgentDefinition> agents = catalog.agents();
        for (const AgentDefinition &agent : agents)
            std::printf("%-10s %s  [%s]\n", qPrintable(agent.name), qPrintable(agent.description),
                qPrintable(agent.tools.join(QStringLiteral(", "))));
        return 0;
    }
    if (command == QLatin1String("provider") || command == QLatin1String("providers")) {
        auto store = openStore();
        return store ? CliProvider::run(*store, args) : 1;
    }
    if (command == QLatin1String("audit")) {
        auto store = openStore();
        return store ? CliAudit::run(*store, args) : 1;
    }
    if (command == QLatin1String("kill-switch")) {
        if (args.isEmpty())
            return usageError(tr("kill-switch takes engage, release or status"));
        auto store = openStore();
        if (!store)
            return 1;
        const QString sub = args.takeFirst();
        const QString key = QStringLiteral("agent/killSwitch");
        if (sub == QLatin1String("status")) {
            const QJsonObject state
                = QJsonDocument::fromJson(store->setting(key).toString().toUtf8()).object();
            const bool engaged = state.value(QLatin1String("engaged")).toBool();
            std::printf("%s\n",
                qPrintable(engaged ? tr("engaged: %1").arg(state.value(QLatin1String("reason")).toString())
                                   : tr("released")));
            return 0;
        }
        if (sub != QLatin1String("engage") && sub != QLatin1String("release"))
            return usageError(tr("kill-switch takes engage, release or status"));
        const bool engage = sub == QLatin1String("engage");
        const QString reason = args.join(u' ').trimmed();
        const QJsonObject state { { QStringLiteral("engaged"), engage },
            { QStringLiteral("reason"),
                engage ? (reason.isEmpty() ? tr("engaged from proto-cli") : reason) : QString() },
            { QStringLiteral("at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) } };
        store->setSetting(key, QString::fromUtf8(QJsonDocument(state).toJson(QJsonDocument::Compact)));
        AuditRecord record;
        record.at = QDateTime::currentDateTimeUtc();
        record.action = QStringLiteral("kill-switch");
        record.input = state;
        record.outcome = engage ? QStringLiteral("engaged") : QStringLiteral("released");
        store->appendAudit(record);
        return store->flush() ? 0 : 1;
    }
    return usageError(tr("unknown command \"%1\"").arg(command));
}
