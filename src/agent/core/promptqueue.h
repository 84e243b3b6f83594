#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QString>

namespace Proto {

class Store;

// The prompts of one session that wait to be sent (the agent is busy, the provider cannot be
// reached, the machine is disconnected), in order. Kept in the store's settings
// ("queue/<session id>"), so a restart keeps them; each can be edited or removed until it goes.
class PromptQueue final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromptQueue)

public:
    struct Item
    {
        QString id;
        QString text;
        QJsonArray attachments; // content blocks, as AgentRunner::send takes them
        QDateTime queued;
    };

    PromptQueue(Store *store, const QString &sessionId, QObject *parent = nullptr);

    QList<Item> items() const { return m_items; }
    bool isEmpty() const { return m_items.isEmpty(); }
    qsizetype size() const { return m_items.size(); }
    QString enqueue(const QString &text, const QJsonArray &attachments = {});
    bool edit(const QString &id, const QString &text);
    bool remove(const QString &id);
    void clear();
    Item takeFirst(); // the queue must not be empty
    void putBack(const Item &item); // at the front again (it could not go after all)

    static QString settingKey(const QString &sessionId);

Q_SIGNALS:
    void changed();

private:
    void load();
    void save();

    Store *m_store = nullptr;
    QString m_sessionId;
    QList<Item> m_items;
};

} // namespace Proto
