#pragma once

#include "store.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QThread>
#include <QWaitCondition>

#include <functional>
#include <memory>
#include <unordered_map>

namespace Proto {

// What a write command sees in the store thread: the connection and a cache of prepared
// statements (one per SQL text), so a stream of small writes does not re-prepare.
class WriteContext final
{
    Q_DISABLE_COPY_MOVE(WriteContext)

public:
    explicit WriteContext(QSqlDatabase db)
        : m_db(std::move(db))
    { }

    QSqlDatabase &database() { return m_db; }
    // A prepared statement for `sql`, or null with *error set.
    QSqlQuery *prepare(const QString &sql, QSqlError *error);
    // Runs a prepared statement with positional values; false with *error set.
    bool exec(const QString &sql, const QVariantList &values, QSqlError *error);
    void clear() { m_statements.clear(); }

    // The newest audit row the batch wrote: anchored once the batch is committed.
    struct AuditHead
    {
        qint64 seq = -1; // -1: the batch wrote none
        QByteArray hash;
        bool force = false; // rewrite even when the anchor is ahead (after a reconcile)
    };
    AuditHead auditHead;

private:
    QSqlDatabase m_db;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_statements;
};

struct WriteCommand
{
    enum Touches : unsigned
    {
        Nothing = 0,
        Sessions = 1,
        Machines = 2
    };

    quint64 seq = 0;
    const char *what = nullptr; // untranslated "save message %1", for error messages only
    QString subject; // the %1 of `what`
    unsigned touches = Nothing;
    std::function<bool(WriteContext &, QSqlError *)> run;
};

// The store thread: opens the write connection, applies the migrations, then drains the
// queue of write commands in batched transactions.
class StoreWriter final : public QThread
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreWriter)

public:
    struct StartResult
    {
        Store::OpenError error = Store::OpenError::None;
        QString message;
    };

    StoreWriter(Store *store, const QString &path, const Store::OpenOptions &options);
    ~StoreWriter() override; // stop() + wait()

    // Starts the thread and waits until the database is open and migrated (or refused).
    StartResult startAndWait();

    quint64 enqueue(const char *what, QString subject, unsigned touches,
        std::function<bool(WriteContext &, QSqlError *)> run);
    bool flush();
    void stop(); // commits what is queued (retrying a little), then ends the thread
    QString lastError() const;
    quint64 committedSeq() const;

protected:
    void run() override;

private:
    struct BatchOutcome
    {
        bool fatal = false; // the transaction as a whole failed: keep the batch and retry
        QString fatalMessage;
        QList<QPair<quint64, QString>> failures; // single commands the database refused
    };

    StartResult startup();
    void loop();
    BatchOutcome commitBatch(const QList<WriteCommand> &batch);
    void closeDatabase();

    Store *const m_store;
    const QString m_path;
    const Store::OpenOptions m_options;
    const QString m_connectionName;
    std::unique_ptr<WriteContext> m_context;

    mutable QMutex m_mutex;
    QWaitCondition m_wakeWriter; // queue not empty, or stop
    QWaitCondition m_progress; // started, committed or failed
    QList<WriteCommand> m_queue;
    quint64 m_nextSeq = 1;
    quint64 m_committedSeq = 0;
    quint64 m_fatalEpoch = 0;
    QList<quint64> m_failedSeqs; // not yet reported by flush()
    QString m_lastError;
    bool m_stop = false;
    bool m_started = false;
    StartResult m_startResult;
};

// True for SQLite result codes after which the transaction is gone (busy, I/O, full...).
bool isTransactionFatal(const QSqlError &error);
int sqliteCode(const QSqlError &error); // primary result code, or -1
QString errorText(const QSqlError &error); // the database's own words when it has some

} // namespace Proto
