#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QVariant>

namespace Proto {

// Conversions between record fields and SQLite column values, shared by the writes and the
// reads so both sides agree.
class StoreRows final
{
public:
    StoreRows() = delete;

    // Text for a NOT NULL column: a null QString would bind as NULL.
    static QString text(const QString &value) { return value.isNull() ? QStringLiteral("") : value; }
    // Milliseconds since the epoch (UTC), NULL when invalid.
    static QVariant time(const QDateTime &value);
    static QDateTime time(const QVariant &column);
    static QString json(const QJsonObject &value); // compact
    static QJsonObject json(const QVariant &column);

    // Settings: a type name and a value column. Scalars are stored as themselves, anything
    // else QDataStream carries as a blob (type "QDataStream"). False when the type cannot be
    // stored.
    static bool encodeSetting(const QVariant &value, QString *type, QVariant *column);
    static QVariant decodeSetting(const QString &type, const QVariant &column);
};

} // namespace Proto
