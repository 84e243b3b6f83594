#include "writetool.h"

#include "textfileops.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace Proto {

QString WriteTool::description() const
{
    return QCoreApplication::translate("WriteTool",
        "Create a text file or replace its whole content. Missing parent folders are created. The write is "
        "atomic "
        "and keeps the file's permissions. Prefer edit for changing part of an existing file.");
}

QJsonObject WriteTool::inputSchema() const
{
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("properties"),
            QJsonObject {
                { QStringLiteral("path"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("string") },
                        { QStringLiteral("description"), QStringLiteral("File to write") } } },
                { QStringLiteral("content"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("string") },
                        { QStringLiteral("description"), QStringLiteral("The complete new content") } } },
            } },
        { QStringLiteral("required"), QJsonArray { QStringLiteral("path"), QStringLiteral("content") } },
        { QStringLiteral("additionalProperties"), false },
    };
}

ToolJob *WriteTool::run(const QJsonObject &input, const ToolContext &context)
{
    return start(input, context, TextFileOps::Mode::Apply);
}

ToolJob *WriteTool::preview(const QJsonObject &input, const ToolContext &context)
{
    return start(input, context, TextFileOps::Mode::Preview);
}

ToolJob *WriteTool::start(const QJsonObject &input, const ToolContext &context, TextFileOps::Mode mode)
{
    auto *job = new ToolJob;
    TextFileOps::write(job, context, input.value(QStringLiteral("path")).toString(),
        input.value(QStringLiteral("content")).toString(), mode);
    return job;
}

} // namespace Proto
