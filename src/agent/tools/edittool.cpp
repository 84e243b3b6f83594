#include "edittool.h"

#include "textfileops.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace Proto {

QString EditTool::description() const
{
    return QCoreApplication::translate("EditTool",
        "Replace text in a file. old_str must match the file exactly (whitespace and indentation included) "
        "and occur "
        "exactly once, unless replace_all is true. Returns a snippet of the result; the change is shown to "
        "the user "
        "as a diff.");
}

QJsonObject EditTool::inputSchema() const
{
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("properties"),
            QJsonObject {
                { QStringLiteral("path"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("string") },
                        { QStringLiteral("description"), QStringLiteral("File to edit") } } },
                { QStringLiteral("old_str"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("string") },
                        { QStringLiteral("description"), QStringLiteral("Exact text to replace") } } },
                { QStringLiteral("new_str"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("string") },
                        { QStringLiteral("description"), QStringLiteral("Replacement text") } } },
                { QStringLiteral("replace_all"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("boolean") },
                        { QStringLiteral("description"), QStringLiteral("Replace every occurrence") } } },
            } },
        { QStringLiteral("required"),
            QJsonArray { QStringLiteral("path"), QStringLiteral("old_str"), QStringLiteral("new_str") } },
        { QStringLiteral("additionalProperties"), false },
    };
}

ToolJob *EditTool::run(const QJsonObject &input, const ToolContext &context)
{
    return start(input, context, TextFileOps::Mode::Apply);
}

ToolJob *EditTool::preview(const QJsonObject &input, const ToolContext &context)
{
    return start(input, context, TextFileOps::Mode::Preview);
}

ToolJob *EditTool::start(const QJsonObject &input, const ToolContext &context, TextFileOps::Mode mode)
{
    auto *job = new ToolJob;
    TextFileOps::replace(job, context, input.value(QStringLiteral("path")).toString(),
        input.value(QStringLiteral("old_str")).toString(), input.value(QStringLiteral("new_str")).toString(),
        input.value(QStringLiteral("replace_all")).toBool(false), mode);
    return job;
}

} // namespace Proto
