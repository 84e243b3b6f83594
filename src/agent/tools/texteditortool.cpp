#include "texteditortool.h"

#include "machine.h"
#include "textfileops.h"
#include "toolpaths.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("TextEditorTool", text);
}

QJsonObject property(const QString &type, const QString &description)
{
    return QJsonObject { { QStringLiteral("type"), type }, { QStringLiteral("description"), description } };
}

} // namespace

QString TextEditorTool::description() const
{
    return tr(
        "View, create and edit text files. Commands: view (a file as numbered lines, view_range [start, end] "
        "with end -1 for the end; or a directory two levels deep), create (file_text), str_replace (old_str "
        "must occur exactly once; new_str), insert (insert_text after line insert_line, 0 for the top).");
}

QJsonObject TextEditorTool::inputSchema() const
{
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("properties"),
            QJsonObject {
                { QStringLiteral("command"),
                    QJsonObject {
                        { QStringLiteral("type"), QStringLiteral("string") },
                        { QStringLiteral("enum"),
                            QJsonArray { QStringLiteral("view"), QStringLiteral("create"),
                                QStringLiteral("str_replace"), QStringLiteral("insert") } },
                    } },
                { QStringLiteral("path"),
                    property(QStringLiteral("string"), QStringLiteral("File or directory")) },
                { QStringLiteral("file_text"),
                    property(QStringLiteral("string"), QStringLiteral("create: the content")) },
                { QStringLiteral("old_str"),
                    property(QStringLiteral("string"), QStringLiteral("str_replace: text to replace")) },
                { QStringLiteral("new_str"),
                    property(QStringLiteral("string"),
                        QStringLiteral("str_replace: replacement; insert: text (older name)")) },
                { QStringLiteral("insert_line"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("integer") },
                        { QStringLiteral("minimum"), 0 } } },
                { QStringLiteral("insert_text"),
                    property(QStringLiteral("string"), QStringLiteral("insert: the text")) },
                { QStringLiteral("view_range"),
                    QJsonObject {
                        { QStringLiteral("type"), QStringLiteral("array") },
                        { QStringLiteral("items"),
                            QJsonObject { { QStringLiteral("type"), QStringLiteral("integer") } } },
                        { QStringLiteral("minItems"), 2 },
                        { QStringLiteral("maxItems"), 2 },
                    } },
            } },
        { QStringLiteral("required"), QJsonArray { QStringLiteral("command"), QStringLiteral("path") } },
        { QStringLiteral("additionalProperties"), false },
    };
}

ToolJob *TextEditorTool::run(const QJsonObject &input, const ToolContext &context)
{
    const QString command = input.value(QStringLiteral("command")).toString();
    if (command != u"view")
        return change(input, context, TextFileOps::Mode::Apply);
    auto *job = new ToolJob;
    const QString path = input.value(QStringLiteral("path")).toString();
    const QJsonArray range = input.value(QStringLiteral("view_range")).toArray();
    if (range.isEmpty()) {
        // A file or a directory: find out which first.
        ToolPaths::resolve(
            job, context, path, [job, context, path](const QString &absolute, const QString &) {
                job->await<FileJob>(context.machine->stat(absolute), [job, context, path](FileJob *st) {
                    if (st->error() == MachineJob::Error::None && st->info().isDir())
                        TextFileOps::viewDirectory(job, context, path);
                    else
                        TextFileOps::view(job, context, path, 1, 0);
                });
            });
        return job;
    }
    const qint64 start = range.at(0).toInteger();
    const qint64 end = range.at(1).toInteger();
    if (start < 1 || (end != -1 && end < start)) {
        job->fail(tr("view_range [%1, %2] is invalid: lines start at 1, and the end is -1 or not before "
                     "the start.")
                .arg(start)
                .arg(end));
        return job;
    }
    TextFileOps::view(
        job, context, path, start, end == -1 ? std::numeric_limits<int>::max() : end - start + 1);
    return job;
}

bool TextEditorTool::previews(const QJsonObject &input) const
{
    return input.value(QStringLiteral("command")).toString() != u"view";
}

ToolJob *TextEditorTool::preview(const QJsonObject &input, const ToolContext &context)
{
    return change(input, context, TextFileOps::Mode::Preview);
}

ToolJob *TextEditorTool::change(const QJsonObject &input, const ToolContext &context, TextFileOps::Mode mode)
{
    auto *job = new ToolJob;
    const QString command = input.value(QStringLiteral("command")).toString();
    const QString path = input.value(QStringLiteral("path")).toString();
    auto missing = [job, &command](const char *field) {
        job->fail(tr("The %1 command needs %2.").arg(command, QLatin1String(field)));
    };
    if (command == u"create") {
        if (!input.contains(QStringLiteral("file_text")))
            missing("file_text");
        else
            TextFileOps::write(job, context, path, input.value(QStringLiteral("file_text")).toString(), mode);
    } else if (command == u"str_replace") {
        if (!input.contains(QStringLiteral("old_str")))
            missing("old_str");
        else
            TextFileOps::replace(job, context, path, input.value(QStringLiteral("old_str")).toString(),
                input.value(QStringLiteral("new_str")).toString(), false, mode);
    } else if (command == u"insert") {
        const QString textField = input.contains(QStringLiteral("insert_text"))
            ? QStringLiteral("insert_text")
            : QStringLiteral("new_str");
        if (!input.contains(QStringLiteral("insert_line")))
            missing("insert_line");
        else if (!input.contains(textField))
            missing("insert_text");
        else
            TextFileOps::insert(job, context, path, input.value(QStringLiteral("insert_line")).toInteger(),
                input.value(textField).toString(), mode);
    } else {
        job->fail(tr("Unknown command \"%1\"; use view, create, str_replace or insert.").arg(command));
    }
    return job;
}

} // namespace Proto
