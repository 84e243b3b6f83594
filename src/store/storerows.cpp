#include "storerows.h"

#include <QDataStream>
#include <QIODevice>
#include <QJsonDocument>
#include <QTimeZone>

namespace Proto {

namespace {
const QString kDataStream = QStringLiteral("QDataStream");
constexpr auto kStreamVersion = QDataStream::Qt_6_0;
} // namespace

QVariant StoreRows::time(const QDateTime &value)
{
    if (!value.isValid())
        return QVariant(QMetaType::fromType<qlonglong>());
    return QVariant(qlonglong(value.toMSecsSinceEpoch()));
}

QDateTime StoreRows::time(const QVariant &column)
{
    if (column.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(column.toLongLong(), QTimeZone::UTC);
}

QString StoreRows::json(const QJsonObject &value)
{
    return QString::fromUtf8(QJsonDocument(value).toJson(QJsonDocument::Compact));
}

QJsonObject StoreRows::json(const QVariant &column)
{
    return QJsonDocument::fromJson(column.toString().toUtf8()).object();
}

bool StoreRows::encodeSetting(const QVariant &value, QString *type, QVariant *column)
{
    switch (value.typeId()) {
    case QMetaType::Bool:
        *type = QStringLiteral("bool");
        *column = qlonglong(value.toBool() ? 1 : 0);
        return true;
    case QMetaType::Int:
    case QMetaType::Short:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::UShort:
    case QMetaType::ULong:
        *type = QString::fromLatin1(value.metaType().name());
        *column = value.toLongLong();
        return true;
    case QMetaType::ULongLong:
        *type = QString::fromLatin1(value.metaType().name());
        *column = QString::number(value.toULongLong()); // beyond qint64 as text
        return true;
    case QMetaType::Double:
    case QMetaType::Float:
        *type = QString::fromLatin1(value.metaType().name());
        *column = value.toDouble();
        return true;
    case QMetaType::QString:
        *type = QStringLiteral("QString");
        *column = text(value.toString());
        return true;
    case QMetaType::QByteArray: {
        *type = QStringLiteral("QByteArray");
        const QByteArray bytes = value.toByteArray();
        *column = bytes.isNull() ? QByteArray("") : bytes;
        return true;
    }
    default:
        break;
    }
    QByteArray blob;
    QDataStream stream(&blob, QIODevice::WriteOnly);
    stream.setVersion(kStreamVersion);
    stream << value;
    if (stream.status() != QDataStream::Ok)
        return false;
    *type = kDataStream;
    *column = blob;
    return true;
}

QVariant StoreRows::decodeSetting(const QString &type, const QVariant &column)
{
    if (type == kDataStream) {
        const QByteArray blob = column.toByteArray();
        QDataStream stream(blob);
        stream.setVersion(kStreamVersion);
        QVariant value;
        stream >> value;
        return stream.status() == QDataStream::Ok ? value : QVariant();
    }
    if (type == QLatin1String("bool"))
        return column.toLongLong() != 0;
    const QMetaType metaType = QMetaType::fromName(type.toLatin1());
    if (!metaType.isValid())
        return {};
    if (metaType.id() == QMetaType::ULongLong)
        return column.toString().toULongLong();
    if (metaType.id() == QMetaType::QByteArray)
        return column.toByteArray();
    if (metaType.id() == QMetaType::QString)
        return column.toString();
    QVariant value = column;
    if (!value.convert(metaType))
        return {};
    return value;
}

} // namespace Proto
