#include "storewriter.h"

#include "storelogging.h"
#include "storeschema.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QTemporaryFile>
#include <QUuid>

namespace Proto {

namespace {

constexpr int kMaxBatch = 2000; // commands per transaction
constexpr int kFinalAttempts = 3; // retries of a refused batch once the store is closing
constexpr int kMaxBackoffMs = 30000;

enum SqliteCode
{
    Busy = 5,
    Locked = 6,
    NoMem = 7,
    ReadOnly = 8,
    Interrupt = 9,
    IoErr = 10,
    Corrupt = 11,
    Full = 13,
    CantOpen = 14,
    Protocol = 15,
    NotADb = 26,
};

bool fileIsWritable(const QString &path)
{
    if (!QFileInfo::exists(path))
        return true;
    QFile file(path);
    return file.open(QIODevice::ReadWrite); // opens without creating, truncating or writing
}

bool folderIsWritable(const QString &folder)
{
    QTemporaryFile probe(folder + QStringLiteral("/.proto-write-probe-XXXXXX"));
    return probe.open();
}

} // namespace

int sqliteCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1;
}

QString errorText(const QSqlError &error)
{
    return error.databaseText().isEmpty() ? error.text() : error.databaseText();
}

bool isTransactionFatal(const QSqlError &error)
{
    switch (sqliteCode(error)) {
    case Busy:
    case Locked:
    case NoMem:
    case ReadOnly:
    case Interrupt:
    case IoErr:
    case Corrupt:
    case Full:
    case CantOpen:
    case Protocol:
    case NotADb:
        return true;
    default:
        return false;
    }
}

// --- WriteContext ---

QSqlQuery *WriteContext::prepare(const QString &sql, QSqlError *error)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        auto query = std::make_unique<QSqlQuery>(m_db);
        if (!query->prepare(sql)) {
            *error = query->lastError();
            return nullptr;
        }
        it = m_statements.emplace(sql, std::move(query)).first;
    }
    return it->second.get();
}

bool WriteContext::exec(const QString &sql, const QVariantList &values, QSqlError *error)
{
    QSqlQuery *query = prepare(sql, error);
    if (!query)
        return false;
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values.at(i));
    const bool ok = query->exec();
    if (!ok)
        *error = query->lastError();
    query->finish();
    return ok;
}

// --- StoreWriter ---

StoreWriter::StoreWriter(Store *store, const QString &path, const Store::OpenOptions &options)
    : m_store(store)
    , m_path(path)
    , m_options(options)
    , m_connectionName(
          QStringLiteral("proto.store.writer.") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    setObjectName(QStringLiteral("proto.store"));
}

StoreWriter::~StoreWriter()
{
    stop();
    wait();
}

StoreWriter::StartResult StoreWriter::startAndWait()
{
    start();
    QMutexLocker locker(&m_mutex);
    while (!m_started)
        m_progress.wait(&m_mutex);
    const StartResult result = m_startResult;
    locker.unlock();
    if (result.error != Store::OpenError::None)
        wait();
    return result;
}

quint64 StoreWriter::enqueue(
    const char *what, QString subject, unsigned touches, std::function<bool(WriteContext &, QSqlError *)> run)
{
    QMutexLocker locker(&m_mutex);
    WriteCommand command;
    command.seq = m_nextSeq++;
    command.what = what;
    command.subject = std::move(subject);
    command.touches = touches;
    command.run = std::move(run);
    m_queue.append(std::move(command));
    m_wakeWriter.wakeOne();
    return m_nextSeq - 1;
}

bool StoreWriter::flush()
{
    if (QThread::currentThread() == this)
        return true; // waiting for ourselves would never end
    QMutexLocker locker(&m_mutex);
    const quint64 target = m_nextSeq - 1;
    const quint64 epoch = m_fatalEpoch;
    while (m_committedSeq < target && m_fatalEpoch == epoch && isRunning())
        m_progress.wait(&m_mutex, 200);
    bool ok = m_committedSeq >= target;
    for (qsizetype i = m_failedSeqs.size() - 1; i >= 0; --i) {
        if (m_failedSeqs.at(i) <= target) {
            ok = false;
            m_failedSeqs.removeAt(i);
        }
    }
    return ok;
}

void StoreWriter::stop()
{
    QMutexLocker locker(&m_mutex);
    m_stop = true;
    m_wakeWriter.wakeAll();
}

QString StoreWriter::lastError() const
{
    QMutexLocker locker(&m_mutex);
    return m_lastError;
}

quint64 StoreWriter::committedSeq() const
{
    QMutexLocker locker(&m_mutex);
    return m_committedSeq;
}

void StoreWriter::run()
{
    const StartResult result = startup();
    {
        QMutexLocker locker(&m_mutex);
        m_startResult = result;
        m_started = true;
        m_progress.wakeAll();
    }
    if (result.error == Store::OpenError::None)
        loop();
    closeDatabase();
    QMutexLocker locker(&m_mutex);
    m_progress.wakeAll();
}

StoreWriter::StartResult StoreWriter::startup()
{
    const QString file = QDir::toNativeSeparators(m_path);
    const QString folder = QFileInfo(m_path).absolutePath();
    const auto fail = [&](const QSqlError &error, const QString &what) -> StartResult {
        const int code = sqliteCode(error);
        const QString detail = errorText(error);
        qCWarning(lcStore) << "opening" << m_path << "failed at" << what << ":" << error.text() << "code"
                           << code;
        if (code == NotADb || code == Corrupt)
            return { Store::OpenError::Corrupt,
                Store::tr(
                    "The database %1 is damaged (%2). Proto Desktop left it untouched: restore a backup, "
                    "or move the file away to start afresh.")
                    .arg(file, detail) };
        if (code == Busy || code == Locked)
            return { Store::OpenError::Locked,
                Store::tr("The database %1 is in use by another program (perhaps another Proto Desktop). "
                          "Close that program and try again.")
                    .arg(file) };
        if (!fileIsWritable(m_path))
            return { Store::OpenError::ReadOnly,
                Store::tr("The database %1 cannot be written: the file is read-only. Make it writable, or "
                          "set PROTO_DESKTOP_HOME to a writable folder.")
                    .arg(file) };
        if (!folderIsWritable(folder))
            return { Store::OpenError::ReadOnly,
                Store::tr(
                    "The database %1 cannot be written: the folder %2 is read-only. Make it writable, or "
                    "set PROTO_DESKTOP_HOME to a writable folder.")
                    .arg(file, QDir::toNativeSeparators(folder)) };
        if (code == ReadOnly)
            return { Store::OpenError::ReadOnly,
                Store::tr("The database %1 cannot be written (%2).").arg(file, detail) };
        return { Store::OpenError::CannotOpen,
            Store::tr("Cannot open the database %1: %2").arg(file, detail) };
    };

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(m_options.busyTimeoutMs));
    if (!db.open())
        return fail(db.lastError(), QStringLiteral("open"));
    m_context = std::make_unique<WriteContext>(db);

    QSqlQuery query(db);
    const auto run = [&](const QString &sql) { return query.exec(sql); };

    if (!run(QStringLiteral("PRAGMA foreign_keys = ON")))
        return fail(query.lastError(), QStringLiteral("foreign_keys"));
    if (!run(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !query.next())
        return fail(query.lastError(), QStringLiteral("first read"));
    const int objects = query.value(0).toInt();
    query.finish();
    if (!run(QStringLiteral("PRAGMA user_version")) || !query.next())
        return fail(query.lastError(), QStringLiteral("user_version"));
    const int version = query.value(0).toInt();
    query.finish();
    if (version > StoreSchema::latestVersion())
        return { Store::OpenError::NewerSchema,
            Store::tr(
                "The database %1 was written by a newer version of Proto Desktop (schema %2; this version "
                "knows up to %3). Update Proto Desktop to use it; the file was not changed.")
                .arg(file, QString::number(version), QString::number(StoreSchema::latestVersion())) };
    if (version == 0 && objects > 0)
        return { Store::OpenError::CannotOpen,
            Store::tr("The file %1 is another program's SQLite database, not Proto Desktop's. Proto Desktop "
                      "left it untouched; choose another file.")
                .arg(file) };
    if (!run(QStringLiteral("PRAGMA quick_check")))
        return fail(query.lastError(), QStringLiteral("quick_check"));
    QStringList problems;
    while (query.next())
        problems.append(query.value(0).toString());
    query.finish();
    if (problems != QStringList { QStringLiteral("ok") }) {
        qCWarning(lcStore) << "quick_check of" << m_path << ":" << problems;
        // The first concrete finding is enough for the user; the log has them all.
        QString first;
        for (const QString &line : problems.join(u'\n').split(u'\n', Qt::SkipEmptyParts)) {
            if (!line.startsWith(QLatin1String("***"))) {
                first = line.left(160);
                break;
            }
        }
        return { Store::OpenError::Corrupt,
            Store::tr(
                "The database %1 is damaged (%2). Proto Desktop left it untouched: restore a backup, or "
                "move the file away to start afresh.")
                .arg(file, first) };
    }
    if (!run(QStringLiteral("PRAGMA journal_mode = WAL")) || !query.next())
        return fail(query.lastError(), QStringLiteral("journal_mode"));
    const QString mode = query.value(0).toString();
    query.finish();
    if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        if (!fileIsWritable(m_path) || !folderIsWritable(folder))
            return fail(QSqlError({}, {}, QSqlError::ConnectionError, QString::number(ReadOnly)),
                QStringLiteral("journal_mode"));
        return { Store::OpenError::CannotOpen,
            Store::tr("Cannot open the database %1: its folder does not support write-ahead logging (journal "
                      "mode %2).")
                .arg(file, mode) };
    }
    // Keep the log from staying huge after a burst: truncate it to 32 MiB after checkpoints.
    if (!run(QStringLiteral("PRAGMA synchronous = NORMAL"))
        || !run(QStringLiteral("PRAGMA journal_size_limit = 33554432")))
        return fail(query.lastError(), QStringLiteral("synchronous"));
    if (!run(QStringLiteral("BEGIN IMMEDIATE")))
        return fail(query.lastError(), QStringLiteral("begin"));
    QString migrationError;
    if (!StoreSchema::migrate(db, version, &migrationError)) {
        run(QStringLiteral("ROLLBACK"));
        return { Store::OpenError::CannotOpen,
            Store::tr("Cannot update the database %1 to the current schema: %2").arg(file, migrationError) };
    }
    // A write in every case, so a read-only database is refused here rather than at the
    // first save.
    if (!run(QStringLiteral("PRAGMA user_version = %1").arg(StoreSchema::latestVersion()))) {
        const QSqlError error = query.lastError();
        run(QStringLiteral("ROLLBACK"));
        return fail(error, QStringLiteral("write probe"));
    }
    if (!run(QStringLiteral("COMMIT"))) {
        const QSqlError error = query.lastError();
        run(QStringLiteral("ROLLBACK"));
        return fail(error, QStringLiteral("commit"));
    }
    qCDebug(lcStore) << "opened" << m_path << "schema" << version << "->" << StoreSchema::latestVersion();
    return {};
}

void StoreWriter::loop()
{
    QList<WriteCommand> batch; // kept across a refused transaction, retried
    int backoffMs = 0;
    int finalAttempts = 0;
    forever
    {
        {
            QMutexLocker locker(&m_mutex);
            if (batch.isEmpty()) {
                while (m_queue.isEmpty() && !m_stop)
                    m_wakeWriter.wait(&m_mutex);
                if (m_queue.isEmpty())
                    return; // stopping, nothing left
                const qsizetype n = qMin<qsizetype>(m_queue.size(), kMaxBatch);
                batch = m_queue.mid(0, n);
                m_queue.remove(0, n);
            } else if (backoffMs > 0 && !m_stop) {
                m_wakeWriter.wait(&m_mutex, backoffMs);
            }
        }

        const BatchOutcome outcome = commitBatch(batch);
        if (outcome.fatal) {
            const QString message = Store::tr(
                "Could not save to the database %1: %2. The changes are kept and will be retried.")
                                        .arg(QDir::toNativeSeparators(m_path), outcome.fatalMessage);
            qCWarning(lcStore).noquote() << message;
            bool giveUp = false;
            {
                QMutexLocker locker(&m_mutex);
                m_lastError = message;
                ++m_fatalEpoch;
                if (m_stop && ++finalAttempts >= kFinalAttempts) {
                    giveUp = true;
                    batch += m_queue;
                    m_queue.clear();
                    for (const WriteCommand &command : std::as_const(batch))
                        m_failedSeqs.append(command.seq);
                    m_committedSeq = batch.last().seq;
                    m_lastError
                        = Store::tr("Could not save %n change(s) to the database %1 before closing it: %2",
                            nullptr, int(batch.size()))
                              .arg(QDir::toNativeSeparators(m_path), outcome.fatalMessage);
                }
                m_progress.wakeAll();
            }
            if (giveUp) {
                qCCritical(lcStore).noquote() << lastError();
                Q_EMIT m_store->writeFailed(lastError());
                return;
            }
            Q_EMIT m_store->writeFailed(message);
            backoffMs = qBound(250, backoffMs * 2, kMaxBackoffMs);
            continue;
        }
        backoffMs = 0;
        // The anchor follows the committed head before anyone waiting in flush() wakes.
        if (m_context->auditHead.seq >= 0)
            m_store->writeAuditAnchor(
                m_context->auditHead.seq, m_context->auditHead.hash, m_context->auditHead.force);
        m_context->auditHead = {};

        unsigned touches = 0;
        for (const WriteCommand &command : std::as_const(batch))
            touches |= command.touches;
        const quint64 seq = batch.last().seq;
        batch.clear();
        // The change signals go out before flush() waiters wake, so whoever flushed has them
        // (queued to its thread, or already delivered to a direct connection).
        if (touches & WriteCommand::Sessions)
            Q_EMIT m_store->sessionsChanged();
        if (touches & WriteCommand::Machines)
            Q_EMIT m_store->machinesChanged();
        {
            QMutexLocker locker(&m_mutex);
            for (const auto &failure : outcome.failures) {
                m_failedSeqs.append(failure.first);
                m_lastError = failure.second;
            }
            m_committedSeq = seq;
            m_progress.wakeAll();
        }
        for (const auto &failure : outcome.failures) {
            qCWarning(lcStore).noquote() << failure.second;
            Q_EMIT m_store->writeFailed(failure.second);
        }
        Q_EMIT m_store->committed(seq);
    }
}

StoreWriter::BatchOutcome StoreWriter::commitBatch(const QList<WriteCommand> &batch)
{
    BatchOutcome outcome;
    QSqlError error;
    m_context->auditHead = {}; // set again by the batch's audit rows (a retried batch too)
    const auto rollback = [this] {
        QSqlError ignored;
        m_context->exec(QStringLiteral("ROLLBACK"), {}, &ignored);
    };
    if (!m_context->exec(QStringLiteral("BEGIN IMMEDIATE"), {}, &error)) {
        outcome.fatal = true;
        outcome.fatalMessage = errorText(error);
        return outcome;
    }
    for (const WriteCommand &command : batch) {
        QSqlError commandError;
        if (command.run(*m_context, &commandError))
            continue;
        if (isTransactionFatal(commandError)) {
            rollback();
            outcome.fatal = true;
            outcome.fatalMessage = errorText(commandError);
            outcome.failures.clear();
            return outcome;
        }
        outcome.failures.append({ command.seq,
            Store::tr("Could not %1 in the database %2: %3")
                .arg(QCoreApplication::translate("Proto::Store", command.what).arg(command.subject),
                    QDir::toNativeSeparators(m_path), errorText(commandError)) });
    }
    if (!m_context->exec(QStringLiteral("COMMIT"), {}, &error)) {
        rollback();
        outcome.fatal = true;
        outcome.fatalMessage = errorText(error);
        outcome.failures.clear();
    }
    return outcome;
}

void StoreWriter::closeDatabase()
{
    if (m_context) {
        m_context->clear();
        if (m_startResult.error == Store::OpenError::None) {
            QSqlQuery query(m_context->database());
            query.exec(QStringLiteral("PRAGMA optimize"));
        }
        m_context->database().close();
        m_context.reset();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

} // namespace Proto
