#include "readtool.h"

#include "textfileops.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace Proto {

QString ReadTool::description() const
{
    return QCoreApplication::translate("ReadTool",
        "Read a text file. Returns numbered lines (cat -n format), at most 2000 by default. Use offset "
        "(1-based "
        "line) and limit to read a long file in parts. Paths are relative to the session folder. Binary "
        "files are "
        "refused.");
}

QJsonObject ReadTool::inputSchema() const
{
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("properties"),
            QJsonObject {
                { QStringLiteral("path"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("string") },
                        { QStringLiteral("description"), QStringLiteral("File to read") } } },
                { QStringLiteral("offset"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("integer") },
                        { QStringLiteral("minimum"), 1 },
                        { QStringLiteral("description"), QStringLiteral("First line to show (1-based)") } } },
                { QStringLiteral("limit"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("integer") },
                        { QStringLiteral("minimum"), 1 },
                        { QStringLiteral("description"), QStringLiteral("Number of lines to show") } } },
            } },
        { QStringLiteral("required"), QJsonArray { QStringLiteral("path") } },
        { QStringLiteral("additionalProperties"), false },
    };
}

ToolJob *ReadTool::run(const QJsonObject &input, const ToolContext &context)
{
    auto *job = new ToolJob;
    TextFileOps::view(job, context, input.value(QStringLiteral("path")).toString(),
        input.value(QStringLiteral("offset")).toInteger(1),
        input.value(QStringLiteral("limit")).toInteger(0));
    return job;
}

} // namespace Proto
