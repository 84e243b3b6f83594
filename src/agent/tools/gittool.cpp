#include "gittool.h"

#include "cappedtext.h"
#include "gitsafety.h"
#include "machine.h"
#include "shellquote.h"
#include "toolpaths.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QStringDecoder>

#include <memory>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("GitTool", text);
}

QJsonObject property(const QString &type, const QString &description)
{
    return QJsonObject { { QStringLiteral("type"), type }, { QStringLiteral("description"), description } };
}

// A revision or range ("main", "HEAD~2", "a..b"): never an option, no control characters
// or spaces. Everything is quoted anyway; this keeps git from reading it as a flag.
QString checkRevision(const QString &ref, const char *field)
{
    if (ref.isEmpty() || ref.size() > 200 || ref.startsWith(u'-'))
        return tr("%1 \"%2\" is not a valid revision (it must not be empty or start with '-').")
            .arg(QLatin1String(field), ref);
    for (const QChar c : ref) {
        if (c.unicode() < 0x20 || c == u' ' || c == QChar(0x7f))
            return tr("%1 contains a space or control character.").arg(QLatin1String(field));
    }
    return {};
}

// git check-ref-format's rules for a branch name.
QString checkBranchName(const QString &name)
{
    const QString invalid = tr("\"%1\" is not a valid branch name.").arg(name);
    if (name.isEmpty() || name.size() > 200 || name.startsWith(u'-') || name.startsWith(u'/')
        || name.endsWith(u'/') || name.endsWith(u'.') || name.endsWith(QStringLiteral(".lock"))
        || name.contains(QStringLiteral("..")) || name.contains(QStringLiteral("//"))
        || name.contains(QStringLiteral("@{")) || name == u"@" || name.contains(QStringLiteral("/."))
        || name.startsWith(u'.'))
        return invalid;
    for (const QChar c : name) {
        if (c.unicode() < 0x20 || c == QChar(0x7f) || QStringLiteral(" ~^:?*[\\").contains(c))
            return invalid;
    }
    return {};
}

} // namespace

QString GitTool::description() const
{
    return tr(
        "Run git in the session folder. subcommand: status; diff (staged, ref, paths); log (max_count, ref, "
        "paths); commit (message, optional paths to add and commit, or all to commit every tracked change); "
        "branch (action list, create, switch or delete; name).");
}

QJsonObject GitTool::inputSchema() const
{
    QJsonObject maxCount
        = property(QStringLiteral("integer"), QStringLiteral("log: number of commits (default 20)"));
    maxCount.insert(QStringLiteral("minimum"), 1);
    maxCount.insert(QStringLiteral("maximum"), 500);
    QJsonObject paths = property(QStringLiteral("array"), QStringLiteral("Files or folders to limit to"));
    paths.insert(
        QStringLiteral("items"), QJsonObject { { QStringLiteral("type"), QStringLiteral("string") } });
    QJsonObject action
        = property(QStringLiteral("string"), QStringLiteral("branch: what to do (default list)"));
    action.insert(QStringLiteral("enum"),
        QJsonArray { QStringLiteral("list"), QStringLiteral("create"), QStringLiteral("switch"),
            QStringLiteral("delete") });
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("properties"),
            QJsonObject {
                { QStringLiteral("subcommand"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("string") },
                        { QStringLiteral("enum"),
                            QJsonArray { QStringLiteral("status"), QStringLiteral("diff"),
                                QStringLiteral("log"), QStringLiteral("commit"),
                                QStringLiteral("branch") } } } },
                { QStringLiteral("paths"), paths },
                { QStringLiteral("staged"),
                    property(QStringLiteral("boolean"), QStringLiteral("diff: staged changes")) },
                { QStringLiteral("ref"),
                    property(QStringLiteral("string"), QStringLiteral("diff/log: revision or range")) },
                { QStringLiteral("max_count"), maxCount },
                { QStringLiteral("message"),
                    property(QStringLiteral("string"), QStringLiteral("commit: the message")) },
                { QStringLiteral("all"),
                    property(QStringLiteral("boolean"), QStringLiteral("commit: every tracked change")) },
                { QStringLiteral("action"), action },
                { QStringLiteral("name"),
                    property(QStringLiteral("string"), QStringLiteral("branch: the branch name")) },
            } },
        { QStringLiteral("required"), QJsonArray { QStringLiteral("subcommand") } },
        { QStringLiteral("additionalProperties"), false },
    };
}

ToolJob *GitTool::run(const QJsonObject &input, const ToolContext &context)
{
    auto *job = new ToolJob;
    const QString subcommand = input.value(QStringLiteral("subcommand")).toString();
    const QString root = ToolPaths::root(context);

    QStringList paths;
    for (const QJsonValue &value : input.value(QStringLiteral("paths")).toArray()) {
        const QString path = value.toString();
        if (path.isEmpty() || path.contains(QChar(0))) {
            job->fail(tr("paths contains an empty path."));
            return job;
        }
        const QString absolute = ToolPaths::absolute(context, path);
        if (!context.allowOutsideRoot && !ToolPaths::isInside(absolute, root)) {
            job->fail(tr("%1 is outside the session folder %2.").arg(path, root));
            return job;
        }
        paths.append(absolute); // absolute: never read as an option or a :(magic) pathspec
    }
    const QString ref = input.value(QStringLiteral("ref")).toString();
    if (input.contains(QStringLiteral("ref"))) {
        const QString invalid = checkRevision(ref, "ref");
        if (!invalid.isEmpty()) {
            job->fail(invalid);
            return job;
        }
    }

    // The subcommand's line, once the repository's own driver commands are known (they are
    // emptied: a hostile .git/config must not run code under git status or diff).
    const auto build = [input, paths, ref, subcommand](const QStringList &driverKeys, QByteArray *stdinData,
                           QString *failure) -> QString {
        const QStringList git = QStringList { QStringLiteral("git") } + GitSafety::options(driverKeys)
            + QStringList { QStringLiteral("-c"), QStringLiteral("color.ui=never"), QStringLiteral("-c"),
                  QStringLiteral("core.quotepath=off") };
        const QStringList noExternal { QStringLiteral("--no-ext-diff"), QStringLiteral("--no-textconv") };
        QString command;
        if (subcommand == u"status") {
            command = shellJoin(git
                + QStringList { QStringLiteral("status"), QStringLiteral("--short"),
                    QStringLiteral("--branch"), QStringLiteral("--") }
                + paths);
        } else if (subcommand == u"diff") {
            QStringList args = git + QStringList { QStringLiteral("diff") } + noExternal;
            if (input.value(QStringLiteral("staged")).toBool())
                args << QStringLiteral("--staged");
            if (!ref.isEmpty())
                args << ref;
            command = shellJoin(args + QStringList { QStringLiteral("--") } + paths);
        } else if (subcommand == u"log") {
            QStringList args = git
                + QStringList { QStringLiteral("log"),
                      QStringLiteral("--max-count=%1")
                          .arg(input.value(QStringLiteral("max_count")).toInt(20)),
                      QStringLiteral("--date=iso"), QStringLiteral("--pretty=format:%h %ad %an%n    %s"),
                      QStringLiteral("--no-show-signature") }
                + noExternal;
            if (!ref.isEmpty())
                args << ref;
            command = shellJoin(args + QStringList { QStringLiteral("--") } + paths);
        } else if (subcommand == u"commit") {
            const QString message = input.value(QStringLiteral("message")).toString();
            if (message.trimmed().isEmpty()) {
                *failure = tr("commit needs a non-empty message.");
                return {};
            }
            // The message goes through stdin (-F -): no quoting of it at all.
            *stdinData = message.toUtf8();
            QStringList commit
                = git + QStringList { QStringLiteral("commit"), QStringLiteral("-F"), QStringLiteral("-") };
            if (!paths.isEmpty()) {
                command = shellJoin(git + QStringList { QStringLiteral("add"), QStringLiteral("--") } + paths)
                    + QStringLiteral(" && ")
                    + shellJoin(commit + QStringList { QStringLiteral("--") } + paths);
            } else {
                if (input.value(QStringLiteral("all")).toBool())
                    commit << QStringLiteral("--all");
                command = shellJoin(commit);
            }
        } else if (subcommand == u"branch") {
            const QString action = input.value(QStringLiteral("action")).toString(QStringLiteral("list"));
            const QString name = input.value(QStringLiteral("name")).toString();
            if (action != u"list") {
                const QString invalid = checkBranchName(name);
                if (!invalid.isEmpty()) {
                    *failure = invalid;
                    return {};
                }
            }
            if (action == u"list")
                command = shellJoin(git
                    + QStringList {
                        QStringLiteral("branch"), QStringLiteral("--list"), QStringLiteral("-vv") });
            else if (action == u"create")
                command
                    = shellJoin(git + QStringList { QStringLiteral("branch"), QStringLiteral("--"), name });
            else if (action == u"switch")
                command = shellJoin(git + QStringList { QStringLiteral("switch"), name });
            else
                command = shellJoin(git
                    + QStringList {
                        QStringLiteral("branch"), QStringLiteral("-d"), QStringLiteral("--"), name });
        } else {
            *failure = tr("Unknown git subcommand \"%1\".").arg(subcommand);
            return {};
        }
        return command;
    };
    {
        QByteArray ignored;
        QString failure;
        if (build({}, &ignored, &failure).isEmpty()) {
            job->fail(failure);
            return job;
        }
    }

    QMap<QString, QString> environment = context.environment;
    const QMap<QString, QString> safety = GitSafety::environment();
    for (auto it = safety.cbegin(); it != safety.cend(); ++it)
        environment.insert(it.key(), it.value());
    environment.insert(QStringLiteral("GIT_EDITOR"), QStringLiteral("true"));

    CommandSpec query;
    query.command = GitSafety::driverQuery() + QStringLiteral(" 2>/dev/null; true");
    query.workingDirectory = root;
    query.environment = environment;
    query.timeoutMs = context.limits.defaultTimeoutMs;
    CommandJob *queryJob = context.machine->run(query);
    auto keys = std::make_shared<QByteArray>();
    QObject::connect(queryJob, &CommandJob::stdoutData, job,
        [keys](const QByteArray &data) { keys->append(data.left(65536)); });
    job->setCancelHandler([queryJob] { queryJob->cancel(); });
    const ToolContext ctx = context;
    job->await<CommandJob>(queryJob, [job, keys, build, root, environment, ctx, subcommand](CommandJob *q) {
        if (q->error() != MachineJob::Error::None) {
            job->fail(tr("git %1 did not complete: %2").arg(subcommand, q->errorString()));
            return;
        }
        QByteArray stdinData;
        QString failure;
        const QString command = build(GitSafety::parseDriverKeys(*keys), &stdinData, &failure);
        if (command.isEmpty()) {
            job->fail(failure);
            return;
        }
        CommandSpec spec;
        spec.command = QStringLiteral("exec 2>&1; ") + command;
        spec.workingDirectory = root;
        spec.environment = environment;
        spec.stdinData = stdinData;
        spec.timeoutMs = ctx.limits.defaultTimeoutMs;
        CommandJob *commandJob = ctx.machine->run(spec);
        struct Output
        {
            explicit Output(qsizetype cap)
                : text(cap)
            { }
            CappedText text;
            QStringDecoder decoder { QStringDecoder::Utf8 };
        };
        auto output = std::make_shared<Output>(ctx.limits.outputCapChars);
        QObject::connect(commandJob, &CommandJob::stdoutData, job,
            [output](const QByteArray &data) { output->text.append(output->decoder.decode(data)); });
        job->setCancelHandler([commandJob] { commandJob->cancel(); });
        job->await<CommandJob>(commandJob, [job, output, subcommand](CommandJob *c) {
            output->text.append(output->decoder.decode(QByteArray()));
            QString text = output->text.text().trimmed();
            if (c->error() != MachineJob::Error::None) {
                job->fail(
                    tr("git %1 did not complete: %2\n%3").arg(subcommand, c->errorString(), text).trimmed());
                return;
            }
            if (c->exitCode() != 0) {
                job->fail(
                    tr("git %1 failed (exit code %2):\n%3").arg(subcommand).arg(c->exitCode()).arg(text));
                return;
            }
            if (text.isEmpty())
                text = tr("(no output)");
            job->finish(ToolResult::success(text, tr("git %1").arg(subcommand)));
        });
    });
    return job;
}

} // namespace Proto
