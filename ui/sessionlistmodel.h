#pragma once

#include "records.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>

#include <optional>

namespace Proto {

class Store;

// The sessions of the store as a flat list (unsorted; SessionFilterModel sorts and filters).
// Every change the user makes goes through here: the model writes to the store, waits for the
// write to commit (Store::flush, a few milliseconds) and updates its rows, so what the list
// shows is what is on disk. Changes made elsewhere (the agent setting a session's state) come
// in through Store::sessionsChanged and are merged row by row, keeping selections and editors.
class SessionListModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionListModel)

public:
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        MachineIdRole,
        MachineNameRole,
        WorkingDirectoryRole,
        StateRole, // "idle", "running", "waiting", "error"
        StateTextRole, // translated
        ArchivedRole,
        CreatedRole,
        UpdatedRole,
        ModelRole,
        RecordRole, // QVariant::fromValue(SessionRecord)
        AttentionRole, // the session asked for the person and they have not looked yet
        AttentionTextRole, // why, translated ("needs your approval"); empty without attention
    };

    explicit SessionListModel(Store *store, QObject *parent = nullptr);
    ~SessionListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

    QModelIndex indexOf(const QString &sessionId) const;
    std::optional<SessionRecord> session(const QString &sessionId) const;
    QList<SessionRecord> sessions() const { return m_sessions; }
    QString machineName(const QString &machineId) const;

    // Each returns false and sets lastError() when the store refused the write.
    std::optional<SessionRecord> createSession(const QString &title, const QString &machineId,
        const QString &workingDirectory, const QString &model, const QString &provider = {},
        const QString &agent = {});
    // Another provider, model or agent for the session (the runner uses them for its next request).
    bool setAgentChoice(
        const QString &sessionId, const QString &provider, const QString &model, const QString &agent);
    bool rename(const QString &sessionId, const QString &title);
    bool setArchived(const QString &sessionId, bool archived);
    bool remove(const QString &sessionId);
    QString lastError() const { return m_lastError; }

    // The sidebar's badge: set when a session wants the person while they look elsewhere,
    // cleared when they look at it. Not persisted.
    void setAttention(const QString &sessionId, const QString &reason);
    void clearAttention(const QString &sessionId);
    bool hasAttention(const QString &sessionId) const { return m_attention.contains(sessionId); }
    int attentionCount() const { return int(m_attention.size()); }

    static QString stateText(const QString &state);
    static QString normalizedTitle(const QString &title); // trimmed, one line, at most 200 chars

public Q_SLOTS:
    void reload();
    void reloadMachines();

Q_SIGNALS:
    void sessionChanged(const Proto::SessionRecord &session); // a row's record changed
    void sessionRemoved(const QString &sessionId);
    void writeFailed(const QString &message);

private:
    bool save(const SessionRecord &record);
    bool save(const QString &sessionId, const SessionUpdate &update); // only those columns
    bool flushed(); // false (and writeFailed) when a write failed
    void upsertRow(const SessionRecord &record);
    void removeSessionRow(QString sessionId); // a copy: callers pass ids held by the rows it removes

    Store *m_store;
    QList<SessionRecord> m_sessions;
    QHash<QString, QString> m_machineNames;
    QHash<QString, QString> m_attention; // session id -> reason
    QString m_lastError;
};

} // namespace Proto
