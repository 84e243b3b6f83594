#include "schemavalidator.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SchemaValidator", text);
}

bool isInteger(const QJsonValue &value)
{
    if (!value.isDouble())
        return false;
    const double d = value.toDouble();
    return std::isfinite(d) && std::floor(d) == d && std::abs(d) < 9007199254740992.0;
}

bool hasType(const QJsonValue &value, const QString &type)
{
    if (type == u"string")
        return value.isString();
    if (type == u"integer")
        return isInteger(value);
    if (type == u"number")
        return value.isDouble();
    if (type == u"boolean")
        return value.isBool();
    if (type == u"object")
        return value.isObject();
    if (type == u"array")
        return value.isArray();
    if (type == u"null")
        return value.isNull();
    return true; // an unknown type name constrains nothing
}

QString show(const QJsonValue &value)
{
    QString text;
    if (value.isString())
        text = u'"' + value.toString() + u'"';
    else if (value.isObject())
        text = QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    else if (value.isArray())
        text = QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    else
        text = value.toVariant().toString();
    if (text.size() > 80)
        text = text.left(77) + QStringLiteral("...");
    return text;
}

} // namespace

QString SchemaValidator::typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return tr("null");
    case QJsonValue::Bool:
        return tr("a boolean");
    case QJsonValue::Double:
        return isInteger(value) ? tr("an integer") : tr("a number");
    case QJsonValue::String:
        return tr("a string");
    case QJsonValue::Array:
        return tr("an array");
    case QJsonValue::Object:
        return tr("an object");
    case QJsonValue::Undefined:
        break;
    }
    return tr("nothing");
}

QString SchemaValidator::validate(const QJsonValue &value, const QJsonObject &schema, const QString &where)
{
    const QJsonValue type = schema.value(QStringLiteral("type"));
    if (type.isString() || type.isArray()) {
        QStringList types;
        if (type.isString())
            types.append(type.toString());
        else
            for (const QJsonValue &t : type.toArray())
                types.append(t.toString());
        bool ok = false;
        for (const QString &t : std::as_const(types))
            ok = ok || hasType(value, t);
        if (!ok)
            return tr("%1: expected %2, got %3").arg(where, types.join(tr(" or ")), typeName(value));
    }

    const QJsonValue enumValues = schema.value(QStringLiteral("enum"));
    if (enumValues.isArray()) {
        const QJsonArray allowed = enumValues.toArray();
        if (!allowed.contains(value)) {
            QStringList shown;
            for (const QJsonValue &a : allowed)
                shown.append(show(a));
            return tr("%1: %2 is not one of %3").arg(where, show(value), shown.join(QStringLiteral(", ")));
        }
    }

    if (value.isDouble()) {
        const double d = value.toDouble();
        const QJsonValue minimum = schema.value(QStringLiteral("minimum"));
        if (minimum.isDouble() && d < minimum.toDouble())
            return tr("%1: %2 is less than the minimum %3").arg(where, show(value), show(minimum));
        const QJsonValue maximum = schema.value(QStringLiteral("maximum"));
        if (maximum.isDouble() && d > maximum.toDouble())
            return tr("%1: %2 is more than the maximum %3").arg(where, show(value), show(maximum));
    }

    if (value.isString()) {
        const qsizetype length = value.toString().size();
        const QJsonValue minLength = schema.value(QStringLiteral("minLength"));
        if (minLength.isDouble() && length < minLength.toDouble())
            return tr("%1: must be at least %2 characters long").arg(where).arg(minLength.toInt());
        const QJsonValue maxLength = schema.value(QStringLiteral("maxLength"));
        if (maxLength.isDouble() && length > maxLength.toDouble())
            return tr("%1: must be at most %2 characters long").arg(where).arg(maxLength.toInt());
    }

    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        const QJsonValue minItems = schema.value(QStringLiteral("minItems"));
        if (minItems.isDouble() && array.size() < minItems.toDouble())
            return tr("%1: needs at least %2 items").arg(where).arg(minItems.toInt());
        const QJsonValue maxItems = schema.value(QStringLiteral("maxItems"));
        if (maxItems.isDouble() && array.size() > maxItems.toDouble())
            return tr("%1: takes at most %2 items").arg(where).arg(maxItems.toInt());
        const QJsonValue items = schema.value(QStringLiteral("items"));
        if (items.isObject()) {
            for (qsizetype i = 0; i < array.size(); ++i) {
                const QString error
                    = validate(array.at(i), items.toObject(), where + u'[' + QString::number(i) + u']');
                if (!error.isEmpty())
                    return error;
            }
        }
    }

    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
        for (const QJsonValue &name : schema.value(QStringLiteral("required")).toArray()) {
            if (!object.contains(name.toString()))
                return tr("%1: missing required field \"%2\"").arg(where, name.toString());
        }
        const QJsonValue additional = schema.value(QStringLiteral("additionalProperties"));
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            const QString field = where + u'.' + it.key();
            if (properties.contains(it.key())) {
                const QString error = validate(it.value(), properties.value(it.key()).toObject(), field);
                if (!error.isEmpty())
                    return error;
            } else if (additional.isBool() && !additional.toBool()) {
                QStringList known = properties.keys();
                return tr("%1: unknown field (expected one of: %2)")
                    .arg(field, known.join(QStringLiteral(", ")));
            } else if (additional.isObject()) {
                const QString error = validate(it.value(), additional.toObject(), field);
                if (!error.isEmpty())
                    return error;
            }
        }
    }
    return {};
}

} // namespace Proto
