#include "tool.h"

#include <QCoreApplication>

namespace Proto {

QJsonObject Tool::anthropicDefinition() const
{
    if (!anthropicType().isEmpty())
        return QJsonObject { { QStringLiteral("type"), anthropicType() },
            { QStringLiteral("name"), name() } };
    return QJsonObject {
        { QStringLiteral("name"), name() },
        { QStringLiteral("description"), description() },
        { QStringLiteral("input_schema"), inputSchema() },
    };
}

ToolJob *Tool::preview(const QJsonObject &input, const ToolContext &context)
{
    Q_UNUSED(input);
    Q_UNUSED(context);
    auto *job = new ToolJob;
    job->fail(QCoreApplication::translate("Tool", "%1 has no preview.").arg(name()));
    return job;
}

QJsonObject Tool::openAiDefinition() const
{
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("function") },
        { QStringLiteral("function"),
            QJsonObject {
                { QStringLiteral("name"), name() },
                { QStringLiteral("description"), description() },
                { QStringLiteral("parameters"), inputSchema() },
            } },
    };
}

} // namespace Proto
