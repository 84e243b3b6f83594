#pragma once

#include "records.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QVariant>

#include <memory>
#include <optional>

namespace Proto {

class StoreWriter;

// The application's state in one SQLite database (QtSql, QSQLITE).
//
// open() applies the versioned migrations, switches on WAL and synchronous=NORMAL and starts
// the store thread. Writes are queued to that thread and committed in batched transactions;
// committed(seq) says which writes are durable, flush() waits for all queued so far. Reads run
// on the calling thread through a connection of that thread's own (WAL lets them run beside
// the writer). All methods may be called from any thread.
//
// CONTRACT: other modules code against this header. Extend it; do not break it.
class Store final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Store)

public:
    enum class OpenError { None, Corrupt, Locked, NewerSchema, ReadOnly, CannotOpen };
    Q_ENUM(OpenError)

    struct OpenResult
    {
        std::unique_ptr<Store> store; // null on failure
        OpenError error = OpenError::None;
        QString message; // clear, user-facing, names the file
    };

    static OpenResult open(const QString &path);
    // The data folder: $PROTO_DESKTOP_HOME if set, else QStandardPaths::AppDataLocation.
    static QString dataDirectory();
    static QString defaultPath(); // dataDirectory() + "/proto.sqlite"
    static QString newId(); // a UUID without braces
    static int schemaVersion(); // the newest version this build knows

    ~Store() override; // flushes, stops the thread, closes every connection

    QString path() const;

    // --- writes (queued, batched; return at once) ---
    void saveMachine(const MachineRecord &machine); // insert or replace by id
    void removeMachine(const QString &id);
    void saveSession(const SessionRecord &session); // insert or replace by id
    void removeSession(const QString &id); // with its messages, tool calls and usage
    void saveMessage(const MessageRecord &message); // insert or replace by id
    void saveToolCall(const ToolCallRecord &call); // insert or replace by id
    void addUsage(const UsageRecord &usage);
    void setSetting(const QString &key, const QVariant &value);
    // Audit rows are chained: the store assigns seq, prevHash and hash in the writer thread.
    void appendAudit(const AuditRecord &record);

    // Blocks until every write queued before this call is committed (or failed). Returns false
    // and sets lastError() when a write failed.
    bool flush();
    QString lastError() const;

    // --- reads (synchronous, calling thread's own connection) ---
    QList<MachineRecord> machines() const;
    std::optional<MachineRecord> machine(const QString &id) const;
    QList<SessionRecord> sessions(bool includeArchived = true) const;
    std::optional<SessionRecord> session(const QString &id) const;
    QList<MessageRecord> messages(const QString &sessionId) const; // ordered by seq
    int messageCount(const QString &sessionId) const;
    QList<MessageRecord> messagesRange(const QString &sessionId, qint64 fromSeq, int limit) const;
    QList<ToolCallRecord> toolCalls(const QString &sessionId) const;
    std::optional<ToolCallRecord> toolCall(const QString &id) const;
    QList<UsageRecord> usage(const QString &sessionId) const;
    double totalCost(const QString &sessionId = {}) const; // all sessions when empty
    double costSince(const QDateTime &since) const; // for the daily spend limit
    QVariant setting(const QString &key, const QVariant &defaultValue = {}) const;
    QList<AuditRecord> audit(qint64 fromSeq = 1, int limit = -1) const;
    // Recomputes the chain; returns the first seq whose row does not match, or 0 when intact.
    qint64 verifyAudit(QString *problem = nullptr) const;

Q_SIGNALS:
    void committed(quint64 writeSeq);
    void writeFailed(const QString &message);
    void sessionsChanged();
    void machinesChanged();
};

} // namespace Proto
