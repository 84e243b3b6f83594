#include "promptqueue.h"

#include "store.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcAgent)

namespace Proto {

PromptQueue::PromptQueue(Store *store, const QString &sessionId, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_sessionId(sessionId)
{
    load();
}

QString PromptQueue::settingKey(const QString &sessionId)
{
    return QStringLiteral("queue/") + sessionId;
}

QString PromptQueue::enqueue(const QString &text, const QJsonArray &attachments)
{
    Item item { Store::newId(), text, attachments, QDateTime::currentDateTimeUtc() };
    m_items.append(item);
    save();
    return item.id;
}

bool PromptQueue::edit(const QString &id, const QString &text)
{
    for (Item &item : m_items) {
        if (item.id == id) {
            item.text = text;
            save();
            return true;
        }
    }
    return false;
}

bool PromptQueue::remove(const QString &id)
{
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i).id == id) {
            m_items.removeAt(i);
            save();
            return true;
        }
    }
    return false;
}

void PromptQueue::clear()
{
    if (m_items.isEmpty())
        return;
    m_items.clear();
    save();
}

PromptQueue::Item PromptQueue::takeFirst()
{
    Item item = m_items.takeFirst();
    save();
    return item;
}

void PromptQueue::putBack(const Item &item)
{
    m_items.prepend(item);
    save();
}

void PromptQueue::load()
{
    if (!m_store)
        return;
    const QByteArray json = m_store->setting(settingKey(m_sessionId)).toString().toUtf8();
    if (json.isEmpty())
        return;
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (!doc.isArray()) {
        qCWarning(lcAgent) << "queued prompts of session" << m_sessionId
                           << "unreadable:" << error.errorString();
        return;
    }
    const QJsonArray array = doc.array();
    for (const QJsonValue &value : array) {
        const QJsonObject o = value.toObject();
        Item item { o.value(QLatin1String("id")).toString(), o.value(QLatin1String("text")).toString(),
            o.value(QLatin1String("attachments")).toArray(),
            QDateTime::fromString(o.value(QLatin1String("queued")).toString(), Qt::ISODateWithMs) };
        if (item.id.isEmpty() || (item.text.isEmpty() && item.attachments.isEmpty()))
            continue;
        m_items.append(item);
    }
}

void PromptQueue::save()
{
    if (m_store) {
        if (m_items.isEmpty()) {
            m_store->setSetting(settingKey(m_sessionId), QVariant());
        } else {
            QJsonArray array;
            for (const Item &item : std::as_const(m_items))
                array.append(
                    QJsonObject { { QStringLiteral("id"), item.id }, { QStringLiteral("text"), item.text },
                        { QStringLiteral("attachments"), item.attachments },
                        { QStringLiteral("queued"), item.queued.toString(Qt::ISODateWithMs) } });
            m_store->setSetting(settingKey(m_sessionId),
                QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)));
        }
    }
    Q_EMIT changed();
}

} // namespace Proto
