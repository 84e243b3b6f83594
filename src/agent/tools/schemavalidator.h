#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace Proto {

// Checks a tool input against the JSON Schema subset our tools use: type (one or a list),
// required, properties, additionalProperties (bool or schema), enum, minimum, maximum,
// minLength, maxLength, items, minItems, maxItems. Returns an empty string when the value
// conforms, else one clear message naming the offending field ("input.path: expected a
// string, got a number"). Unknown keywords (description, default...) are ignored.
class SchemaValidator final
{
public:
    static QString validate(
        const QJsonValue &value, const QJsonObject &schema, const QString &where = QStringLiteral("input"));
    static QString typeName(const QJsonValue &value);
};

} // namespace Proto
