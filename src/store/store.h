#pragma once

#include "records.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>
#include <optional>

class QThread;

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
// Every write returns its write sequence number: committed(seq) covers every write whose
// number is <= seq, emitted from the store thread once their transaction is committed (it
// survives the app being killed; with synchronous=NORMAL a power cut may lose the last
// commits, never the database's integrity). A write that fails is reported by writeFailed() and lastError();
// a batch the database refuses as a whole (disk full, locked past the busy timeout) stays queued and is
// retried, so nothing queued is silently dropped.
//
// CONTRACT: other modules code against this header. Extend it; do not break it.
class Store final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Store)

public:
    enum class OpenError
    {
        None,
        Corrupt,
        Locked,
        NewerSchema,
        ReadOnly,
        CannotOpen
    };
    Q_ENUM(OpenError)

    struct OpenResult
    {
        std::unique_ptr<Store> store; // null on failure
        OpenError error = OpenError::None;
        QString message; // clear, user-facing, names the file
    };

    struct OpenOptions
    {
        int busyTimeoutMs = 5000; // how long to wait for another process's lock
    };

    // Refuses (store null, error and message set, file untouched) a damaged file, one locked by
    // another process past the busy timeout, one from a newer schema, a read-only file or
    // folder, another program's SQLite database, or a folder that cannot be created.
    static OpenResult open(const QString &path);
    static OpenResult open(const QString &path, const OpenOptions &options);
    // The data folder: $PROTO_DESKTOP_HOME if set, else QStandardPaths::AppDataLocation.
    // Created when missing.
    static QString dataDirectory();
    static QString defaultPath(); // dataDirectory() + "/proto.sqlite"
    static QString newId(); // a UUID without braces
    static int schemaVersion(); // the newest version this build knows
    static QString localMachineId(); // "local", seeded by the first migration

    ~Store() override; // flushes, stops the thread, closes every connection

    QString path() const;

    // --- writes (queued, batched; return at once with their write sequence number) ---
    quint64 saveMachine(const MachineRecord &machine); // insert or update by id
    quint64 removeMachine(const QString &id);
    quint64 saveSession(const SessionRecord &session); // insert or update by id
    // Changes only the columns the update sets, of a session that exists (none: nothing).
    quint64 updateSession(const QString &id, const SessionUpdate &update);
    // With its messages and tool calls. Its usage rows stay (their session_id becomes NULL):
    // what was spent still counts for totalCost() and the daily limit (costSince()).
    quint64 removeSession(const QString &id);
    // Messages, tool calls and usage belong to a saved session (foreign key): saving one for
    // an unknown session fails with writeFailed().
    quint64 saveMessage(const MessageRecord &message); // insert or update by id
    // Replaces the "content" of a saved message, keeping what else it holds (stop reason, model).
    quint64 replaceMessageContent(const QString &id, const QJsonArray &content);
    quint64 saveToolCall(const ToolCallRecord &call); // insert or update by id
    quint64 addUsage(const UsageRecord &usage);
    // An invalid QVariant removes the setting. Scalars (bool, integers, double, QString,
    // QByteArray) are stored as themselves, anything else QDataStream can carry as a blob.
    quint64 setSetting(const QString &key, const QVariant &value);
    // Audit rows are chained: the store assigns seq, prevHash and hash in the writer thread.
    // An invalid `at` becomes the time of the call. After the batch holding it is committed the
    // anchor file (auditAnchorPath(), see AuditAnchor) is rewritten with the new head, before
    // flush() returns: flush() after an append means the row and its anchor are on disk.
    quint64 appendAudit(const AuditRecord &record);

    // The key that authenticates the audit anchor (an HMAC over its seq and hash); empty: none
    // known yet. Kept in memory only.
    void setAuditKey(const QByteArray &key);
    // Compares the anchor with the database under the write lock and re-anchors the head. When
    // they disagree (rows deleted at the end, an older copy of the database, a missing, damaged,
    // forged or unauthenticated anchor) it first appends an "audit:tamper" row saying what was
    // found, so the evidence stays in the chain (and checkAudit() reports it). keyIsNew: the
    // key was made just now (first run, or a log from before anchors), so no anchor is expected.
    quint64 reconcileAuditAnchor(bool keyIsNew);
    QString auditAnchorPath() const; // path() + ".anchor"

    // Blocks until every write queued before this call is committed (or failed). Returns false
    // and sets lastError() when a write failed. Called from a slot connected directly to
    // committed() (the store thread), it returns at once.
    bool flush();
    QString lastError() const;
    quint64 committedSeq() const; // every write numbered <= this is durable (or failed)

    // --- reads (synchronous, calling thread's own connection) ---
    QList<MachineRecord> machines() const;
    std::optional<MachineRecord> machine(const QString &id) const;
    QList<SessionRecord> sessions(bool includeArchived = true) const; // newest updated first
    std::optional<SessionRecord> session(const QString &id) const;
    QList<MessageRecord> messages(const QString &sessionId) const; // ordered by seq
    int messageCount(const QString &sessionId) const;
    // Up to `limit` messages with seq >= fromSeq, by seq (limit < 0: all).
    QList<MessageRecord> messagesRange(const QString &sessionId, qint64 fromSeq, int limit) const;
    QList<ToolCallRecord> toolCalls(const QString &sessionId) const; // in the order first saved
    std::optional<ToolCallRecord> toolCall(const QString &id) const;
    QList<UsageRecord> usage(const QString &sessionId) const; // by time
    double totalCost(const QString &sessionId = {}) const; // all sessions when empty
    double costSince(const QDateTime &since) const; // for the daily spend limit
    QVariant setting(const QString &key, const QVariant &defaultValue = {}) const;
    QList<AuditRecord> audit(qint64 fromSeq = 1, int limit = -1) const;
    // Recomputes the chain; returns the first seq whose row does not match, or 0 when intact.
    // A missing row is reported by its seq. Includes the anchor checks of checkAudit().
    qint64 verifyAudit(QString *problem = nullptr) const;

    struct AuditCheck
    {
        qint64 badSeq = 0; // the first row found bad (or missing), 0 when intact
        QString problem; // what is wrong with it, translated
        qint64 rows = 0;
        qint64 headSeq = 0; // the newest row's seq
        qint64 anchoredSeq = -1; // the anchor's seq, -1 without an anchor
        bool anchorAuthenticated = false; // its HMAC matched the key set with setAuditKey()
        QStringList notes; // what could not be checked, or rows written after the anchor
        bool ok() const { return badSeq == 0; }
    };
    // The chain, "audit:tamper" rows an earlier reconcileAuditAnchor() wrote, and the anchor:
    // missing or damaged with rows in the log, an HMAC that does not match the key (when one
    // is set), a head beyond the database's (rows deleted at the end) or a row at the anchored
    // seq that is not the anchored one (another copy of the database). Rows newer than the
    // anchor (the process ended between its commit and the anchor's rewrite) are a note.
    AuditCheck checkAudit() const;
    // Rows of one session (empty: all) at or after `since` (invalid: any time), by seq.
    QList<AuditRecord> auditRows(
        const QString &sessionId, const QDateTime &since, qint64 fromSeq = 1, int limit = -1) const;
    // How many rows of a session match agent, action and outcome exactly, at or after `since`;
    // an action ending in '*' matches every action with that prefix ("tool:*").
    int auditCount(const QString &sessionId, const QString &agent, const QString &action,
        const QString &outcome, const QDateTime &since = {}) const;

Q_SIGNALS:
    void committed(quint64 writeSeq);
    void writeFailed(const QString &message);
    void sessionsChanged();
    void machinesChanged();

private:
    friend class StoreWriter;
    explicit Store(const QString &path);
    QByteArray auditKey() const;
    // An empty log gets its anchor (seq 0) at once, so a process killed right after its first
    // append leaves an anchor behind the head (a note), never none (tampering).
    void anchorEmptyAuditLog();
    void writeAuditAnchor(qint64 seq, const QByteArray &hash, bool force); // store thread
    QString readConnectionName() const; // the calling thread's, opened on first use
    void closeReadConnection(QThread *thread);

    QString m_path;
    QString m_instance;
    std::unique_ptr<StoreWriter> m_writer;
    mutable QMutex m_readMutex;
    mutable QHash<QThread *, QString> m_readConnections;
    mutable quint64 m_readCounter = 0;
    mutable QMutex m_auditMutex;
    QByteArray m_auditKey;
};

} // namespace Proto
