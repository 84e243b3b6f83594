#include "planningtool.h"

#include "machine.h"
#include "planningtasks.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QPointer>

#include <memory>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PlanningTool", text);
}

constexpr qint64 MaxDocumentBytes = 256 * 1024;

QJsonObject property(const char *type, const QString &description)
{
    return { { QStringLiteral("type"), QLatin1String(type) },
        { QStringLiteral("description"), description } };
}

std::optional<QString> optionalString(const QJsonObject &input, const char *key)
{
    const QJsonValue v = input.value(QLatin1String(key));
    if (v.isString())
        return v.toString();
    return std::nullopt;
}

// Reads a file of the plan; a missing file reads as empty.
void readPlanFile(
    ToolJob *job, Machine *machine, const QString &path, std::function<void(bool, const QByteArray &)> done)
{
    FileJob *read = machine->readFile(path, 0, MaxDocumentBytes + 1);
    job->await<FileJob>(read, [job, path, done = std::move(done)](FileJob *r) {
        if (r->error() == MachineJob::Error::NotFound)
            return done(true, {});
        if (r->error() != MachineJob::Error::None) {
            job->fail(tr("Cannot read %1: %2").arg(path, r->errorString()));
            return done(false, {});
        }
        if (r->data().size() > MaxDocumentBytes) {
            job->fail(tr("%1 is larger than %2 KiB").arg(path).arg(MaxDocumentBytes / 1024));
            return done(false, {});
        }
        done(true, r->data());
    });
}

void writePlanFile(
    ToolJob *job, Machine *machine, const QString &path, const QByteArray &data, std::function<void()> done)
{
    Machine::WriteOptions options;
    options.createParents = true;
    FileJob *write = machine->writeFile(path, data, options);
    job->await<FileJob>(write, [job, path, done = std::move(done)](FileJob *w) {
        if (w->error() != MachineJob::Error::None)
            return job->fail(tr("Cannot write %1: %2").arg(path, w->errorString()));
        done();
    });
}

} // namespace

QString PlanningTool::folder(const QString &root)
{
    QString base = root;
    while (base.size() > 1 && base.endsWith(u'/'))
        base.chop(1);
    return (base == QLatin1String("/") ? QString() : base) + QStringLiteral("/.proto/planning");
}

QString PlanningTool::description() const
{
    return QStringLiteral(
        "The session's plan in .proto/planning/ of the working folder: overview.md, requirements.md and a "
        "task "
        "list. action=read shows all of it. add_task (title, optional notes/status), update_task (id and any "
        "of "
        "title/status/notes; status is todo, doing, done or blocked), remove_task (id), write_overview and "
        "write_requirements (content: the whole markdown document). Keep task statuses current as you work.");
}

QJsonObject PlanningTool::inputSchema() const
{
    QJsonObject action = property("string", QStringLiteral("What to do"));
    action.insert(QStringLiteral("enum"),
        QJsonArray { QStringLiteral("read"), QStringLiteral("add_task"), QStringLiteral("update_task"),
            QStringLiteral("remove_task"), QStringLiteral("write_overview"),
            QStringLiteral("write_requirements") });
    QJsonObject status = property("string", QStringLiteral("Task status"));
    status.insert(QStringLiteral("enum"),
        QJsonArray { QStringLiteral("todo"), QStringLiteral("doing"), QStringLiteral("done"),
            QStringLiteral("blocked") });
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("properties"),
            QJsonObject {
                { QStringLiteral("action"), action },
                { QStringLiteral("id"),
                    property("string", QStringLiteral("Task id (update_task, remove_task)")) },
                { QStringLiteral("title"), property("string", QStringLiteral("Task title, one line")) },
                { QStringLiteral("status"), status },
                { QStringLiteral("notes"), property("string", QStringLiteral("Task notes")) },
                { QStringLiteral("content"),
                    property("string",
                        QStringLiteral("write_overview / write_requirements: the whole document")) },
            } },
        { QStringLiteral("required"), QJsonArray { QStringLiteral("action") } },
        { QStringLiteral("additionalProperties"), false },
    };
}

ToolJob *PlanningTool::run(const QJsonObject &input, const ToolContext &context)
{
    auto *job = new ToolJob;
    Machine *machine = context.machine;
    if (!machine || context.root.isEmpty()) {
        QMetaObject::invokeMethod(
            job, [job] { job->fail(tr("The planning tool needs a machine and a working folder")); },
            Qt::QueuedConnection);
        return job;
    }
    const QString dir = folder(context.root);
    const QString tasksPath = dir + QStringLiteral("/tasks.json");
    const QString action = input.value(QStringLiteral("action")).toString();

    if (action == QLatin1String("write_overview") || action == QLatin1String("write_requirements")) {
        const QString content = input.value(QStringLiteral("content")).toString();
        const QString path = dir
            + (action == QLatin1String("write_overview") ? QStringLiteral("/overview.md")
                                                         : QStringLiteral("/requirements.md"));
        const QByteArray data = content.toUtf8();
        if (!input.value(QStringLiteral("content")).isString() || data.size() > MaxDocumentBytes) {
            QMetaObject::invokeMethod(
                job, [job] { job->fail(tr("content is required and must be at most 256 KiB")); },
                Qt::QueuedConnection);
            return job;
        }
        writePlanFile(job, machine, path, data.endsWith('\n') || data.isEmpty() ? data : data + '\n',
            [job, path, data] {
                job->finish(ToolResult::success(
                    tr("Wrote %1 (%2 bytes)").arg(path).arg(data.size()), tr("Updated the plan")));
            });
        return job;
    }

    if (action == QLatin1String("read")) {
        auto parts = std::make_shared<QList<QByteArray>>();
        readPlanFile(
            job, machine, dir + QStringLiteral("/overview.md"), [=](bool ok, const QByteArray &overview) {
                if (!ok)
                    return;
                parts->append(overview);
                readPlanFile(job, machine, dir + QStringLiteral("/requirements.md"),
                    [=](bool ok2, const QByteArray &req) {
                        if (!ok2)
                            return;
                        parts->append(req);
                        readPlanFile(job, machine, tasksPath, [=](bool ok3, const QByteArray &tasksJson) {
                            if (!ok3)
                                return;
                            QString error;
                            const auto tasks = PlanningTasks::parse(tasksJson, &error);
                            auto section = [](const QByteArray &text) {
                                return text.trimmed().isEmpty() ? tr("(empty)")
                                                                : QString::fromUtf8(text).trimmed();
                            };
                            QString out = QStringLiteral(
                                "# Plan in %1\n\n## Overview\n%2\n\n## Requirements\n%3\n\n## Tasks\n")
                                              .arg(dir, section(parts->at(0)), section(parts->at(1)));
                            out += tasks ? tasks->toMarkdown()
                                         : tr("tasks.json is invalid: %1").arg(error) + u'\n';
                            job->finish(ToolResult::success(out, tr("Read the plan")));
                        });
                    });
            });
        return job;
    }

    if (action != QLatin1String("add_task") && action != QLatin1String("update_task")
        && action != QLatin1String("remove_task")) {
        QMetaObject::invokeMethod(
            job, [job, action] { job->fail(tr("Unknown action \"%1\"").arg(action.left(40))); },
            Qt::QueuedConnection);
        return job;
    }

    readPlanFile(job, machine, tasksPath, [=](bool ok, const QByteArray &json) {
        if (!ok)
            return;
        QString error;
        auto tasks = PlanningTasks::parse(json, &error);
        if (!tasks)
            return job->fail(
                tr("%1: %2. Fix or remove the file; it was left unchanged.").arg(tasksPath, error));
        QString message;
        if (action == QLatin1String("add_task")) {
            QString id;
            if (!tasks->add(input.value(QStringLiteral("title")).toString(),
                    input.value(QStringLiteral("notes")).toString(),
                    input.value(QStringLiteral("status")).toString(), &id, &error))
                return job->fail(error);
            message = tr("Added task %1").arg(id);
        } else if (action == QLatin1String("update_task")) {
            const QString id = input.value(QStringLiteral("id")).toString();
            if (!tasks->update(id, optionalString(input, "title"), optionalString(input, "status"),
                    optionalString(input, "notes"), &error))
                return job->fail(error);
            message = tr("Updated task %1").arg(id);
        } else {
            const QString id = input.value(QStringLiteral("id")).toString();
            if (!tasks->remove(id, &error))
                return job->fail(error);
            message = tr("Removed task %1").arg(id);
        }
        const QByteArray data = tasks->toJson();
        const QString markdown = tasks->toMarkdown();
        writePlanFile(job, machine, tasksPath, data, [job, message, markdown] {
            job->finish(ToolResult::success(message + u'\n' + markdown, message));
        });
    });
    return job;
}

} // namespace Proto
