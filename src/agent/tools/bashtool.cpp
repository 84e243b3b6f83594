#include "bashtool.h"

#include "cappedtext.h"
#include "gitsafety.h"
#include "machine.h"
#include "persistentshell.h"
#include "shellquote.h"
#include "toolpaths.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QPointer>
#include <QStringDecoder>

#include <memory>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("BashTool", text);
}

struct Run
{
    explicit Run(qsizetype cap)
        : output(cap)
    { }
    CappedText output;
    QStringDecoder decoder { QStringDecoder::Utf8 };
};

} // namespace

QString BashTool::description() const
{
    return tr("Run a command in a persistent bash session that starts in the session folder: the working "
              "folder, exported variables and functions carry over from one call to the next; restart: true "
              "starts a fresh shell. stdin is empty. stdout and stderr are returned together, with the exit "
              "code when it is not 0. Long output is cut in the middle. timeout is in milliseconds (default "
              "120000, at most 600000); on timeout the command is interrupted.");
}

QJsonObject BashTool::inputSchema() const
{
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("properties"),
            QJsonObject {
                { QStringLiteral("command"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("string") },
                        { QStringLiteral("description"), QStringLiteral("The command to run") } } },
                { QStringLiteral("restart"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("boolean") },
                        { QStringLiteral("description"), QStringLiteral("Restart the shell") } } },
                { QStringLiteral("timeout"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("integer") },
                        { QStringLiteral("minimum"), 1 }, { QStringLiteral("maximum"), 600000 },
                        { QStringLiteral("description"), QStringLiteral("Timeout in milliseconds") } } },
            } },
        { QStringLiteral("additionalProperties"), false },
    };
}

ToolJob *BashTool::run(const QJsonObject &input, const ToolContext &context)
{
    auto *job = new ToolJob;
    const QString command = input.value(QStringLiteral("command")).toString();
    if (input.value(QStringLiteral("restart")).toBool()) {
        if (context.shell)
            context.shell->restart();
        if (command.isEmpty()) {
            job->finish(ToolResult::success(tr("The shell has been restarted."), tr("Restarted the shell")));
            return job;
        }
    }
    if (command.trimmed().isEmpty()) {
        job->fail(tr("No command given."));
        return job;
    }
    const ToolLimits limits = context.limits;
    qint64 timeoutMs = input.value(QStringLiteral("timeout")).toInteger(limits.defaultTimeoutMs);
    timeoutMs = std::clamp<qint64>(timeoutMs, 1, limits.maxTimeoutMs);

    QMap<QString, QString> environment = context.environment;
    const QMap<QString, QString> gitSafety = GitSafety::environment();
    for (auto it = gitSafety.cbegin(); it != gitSafety.cend(); ++it)
        environment.insert(it.key(), it.value());
    environment.insert(QStringLiteral("PAGER"), QStringLiteral("cat"));

    CommandJob *commandJob = nullptr;
    const bool persistent = context.shell != nullptr;
    if (persistent) {
        commandJob = context.shell->run(command, int(timeoutMs), environment);
    } else {
        CommandSpec spec;
        // bash when the machine has it (the model writes bash), else sh; stdin empty, stderr
        // merged into stdout in the order written.
        const QString quoted = shellQuote(command);
        spec.command
            = QStringLiteral("exec </dev/null 2>&1; if command -v bash >/dev/null 2>&1; then exec bash -c ")
            + quoted + QStringLiteral("; fi; exec sh -c ") + quoted;
        spec.workingDirectory = ToolPaths::root(context);
        spec.environment = environment;
        spec.timeoutMs = int(timeoutMs);
        commandJob = context.machine->run(spec);
    }
    auto run = std::make_shared<Run>(limits.outputCapChars);
    QObject::connect(commandJob, &CommandJob::stdoutData, job, [job, run](const QByteArray &data) {
        const QString text = run->decoder.decode(data);
        run->output.append(text);
        if (!text.isEmpty())
            job->emitOutput(text);
    });
    job->setCancelHandler([commandJob] { commandJob->cancel(); });
    const QString shownCommand = command.section(u'\n', 0, 0).left(80);
    QPointer<PersistentShell> shell = context.shell;
    job->await<CommandJob>(commandJob, [job, run, timeoutMs, shownCommand, persistent, shell](CommandJob *c) {
        run->output.append(run->decoder.decode(QByteArray()));
        QString text = run->output.text();
        const MachineJob::Error error = c->error();
        ToolResult result;
        // A persistent shell that is still there kept its state: only the command was stopped.
        const bool kept = persistent && shell && shell->isRunning();
        if (error == MachineJob::Error::Timeout || c->timedOut()) {
            text += (text.isEmpty() || text.endsWith(u'\n') ? QString() : QStringLiteral("\n"))
                + (kept ? tr("[Timed out after %1 ms; the command was interrupted. The shell keeps its "
                             "folder "
                             "and variables.]")
                        : tr("[Timed out after %1 ms; the command and every process it started were "
                             "killed.]"))
                      .arg(timeoutMs);
            result = ToolResult::error(text);
            result.summary = tr("Timed out: %1").arg(shownCommand);
        } else if (error == MachineJob::Error::Cancelled) {
            text += (text.isEmpty() || text.endsWith(u'\n') ? QString() : QStringLiteral("\n"))
                + (kept ? tr("[Cancelled by the user; the command was interrupted.]")
                        : tr("[Cancelled by the user; the command and every process it started were "
                             "killed.]"));
            result = ToolResult::error(text);
            result.summary = tr("Cancelled: %1").arg(shownCommand);
        } else if (error != MachineJob::Error::None) {
            result = ToolResult::error(tr("The command could not run: %1").arg(c->errorString()));
        } else {
            if (c->exitSignal() != 0)
                text += (text.isEmpty() || text.endsWith(u'\n') ? QString() : QStringLiteral("\n"))
                    + tr("[Killed by signal %1]").arg(c->exitSignal());
            else if (c->exitCode() != 0)
                text += (text.isEmpty() || text.endsWith(u'\n') ? QString() : QStringLiteral("\n"))
                    + tr("[Exit code %1]").arg(c->exitCode());
            if (text.isEmpty())
                text = tr("(no output)");
            result = ToolResult::success(text);
            result.summary = c->exitSignal() != 0
                ? tr("%1 (signal %2)").arg(shownCommand).arg(c->exitSignal())
                : tr("%1 (exit %2)").arg(shownCommand).arg(c->exitCode());
        }
        job->finish(result);
    });
    return job;
}

} // namespace Proto
