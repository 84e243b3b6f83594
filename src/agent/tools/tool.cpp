#include "tool.h"

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
