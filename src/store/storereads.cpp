// Store's reads: each runs on the calling thread through that thread's own read-only
// connection, opened on first use and closed when the thread finishes (or the Store goes).

#include "auditanchor.h"
#include "auditchain.h"
#include "store.h"
#include "storelogging.h"
#include "storerows.h"
#include "storewriter.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QThread>

#include <algorithm>

namespace Proto {

namespace {

// Runs `sql` with positional `values` and calls `row` for every result row.
template<typename RowFn>
bool select(const QString &connection, const QString &sql, const QVariantList &values, RowFn row)
{
    QSqlDatabase db = QSqlDatabase::database(connection); // reopens after a failed open
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql)) {
        qCWarning(lcStore) << "read failed:" << query.lastError().text() << sql;
        return false;
    }
    for (qsizetype i = 0; i < values.size(); ++i)
        query.bindValue(int(i), values.at(i));
    if (!query.exec()) {
        qCWarning(lcStore) << "read failed:" << query.lastError().text() << sql;
        return false;
    }
    while (query.next())
        row(query);
    return true;
}

const QString kMachineColumns = QStringLiteral("id, name, kind, host, port, user, identity_file, jump_host, "
                                               "vnc_host, vnc_port, vnc_via_ssh, options, created");
MachineRecord machineFrom(const QSqlQuery &q)
{
    MachineRecord m;
    m.id = q.value(0).toString();
    m.name = q.value(1).toString();
    m.kind = q.value(2).toString();
    m.host = q.value(3).toString();
    m.port = q.value(4).toInt();
    m.user = q.value(5).toString();
    m.identityFile = q.value(6).toString();
    m.jumpHost = q.value(7).toString();
    m.vncHost = q.value(8).toString();
    m.vncPort = q.value(9).toInt();
    m.vncViaSsh = q.value(10).toLongLong() != 0;
    m.options = StoreRows::json(q.value(11));
    m.created = StoreRows::time(q.value(12));
    return m;
}

const QString kSessionColumns = QStringLiteral(
    "id, title, machine_id, working_directory, agent, model, state, draft, archived, created, updated, "
    "provider");
SessionRecord sessionFrom(const QSqlQuery &q)
{
    SessionRecord s;
    s.id = q.value(0).toString();
    s.title = q.value(1).toString();
    s.machineId = q.value(2).toString();
    s.workingDirectory = q.value(3).toString();
    s.agent = q.value(4).toString();
    s.model = q.value(5).toString();
    s.state = q.value(6).toString();
    s.draft = q.value(7).toString();
    s.archived = q.value(8).toLongLong() != 0;
    s.created = StoreRows::time(q.value(9));
    s.updated = StoreRows::time(q.value(10));
    s.provider = q.value(11).toString();
    return s;
}

const QString kMessageColumns = QStringLiteral("id, session_id, seq, role, content, created");
MessageRecord messageFrom(const QSqlQuery &q)
{
    MessageRecord m;
    m.id = q.value(0).toString();
    m.sessionId = q.value(1).toString();
    m.seq = q.value(2).toLongLong();
    m.role = q.value(3).toString();
    m.content = StoreRows::json(q.value(4));
    m.created = StoreRows::time(q.value(5));
    return m;
}

const QString kToolCallColumns = QStringLiteral(
    "id, session_id, message_id, tool, input, status, output, is_error, diff, started, finished");
ToolCallRecord toolCallFrom(const QSqlQuery &q)
{
    ToolCallRecord c;
    c.id = q.value(0).toString();
    c.sessionId = q.value(1).toString();
    c.messageId = q.value(2).toString();
    c.tool = q.value(3).toString();
    c.input = StoreRows::json(q.value(4));
    c.status = q.value(5).toString();
    c.output = q.value(6).toString();
    c.isError = q.value(7).toLongLong() != 0;
    c.diff = q.value(8).toString();
    c.started = StoreRows::time(q.value(9));
    c.finished = StoreRows::time(q.value(10));
    return c;
}

const QString kAuditColumns = QStringLiteral(
    "seq, at, session_id, agent, machine, action, input, outcome, diff, prev_hash, hash, call_id");
struct AuditRow
{
    AuditRecord record;
    qint64 atMs = 0;
    QByteArray inputText; // as stored, hashed as is
};
AuditRow auditFrom(const QSqlQuery &q)
{
    AuditRow row;
    AuditRecord &a = row.record;
    a.seq = q.value(0).toLongLong();
    row.atMs = q.value(1).toLongLong();
    a.at = StoreRows::time(q.value(1));
    a.sessionId = q.value(2).toString();
    a.agent = q.value(3).toString();
    a.machine = q.value(4).toString();
    a.action = q.value(5).toString();
    row.inputText = q.value(6).toString().toUtf8();
    a.input = StoreRows::json(q.value(6));
    a.outcome = q.value(7).toString();
    a.diff = q.value(8).toString();
    a.prevHash = q.value(9).toString().toLatin1();
    a.hash = q.value(10).toString().toLatin1();
    a.callId = q.value(11).toString();
    return row;
}

} // namespace

QString Store::readConnectionName() const
{
    QThread *thread = QThread::currentThread();
    QMutexLocker locker(&m_readMutex);
    const auto it = m_readConnections.constFind(thread);
    if (it != m_readConnections.cend())
        return it.value();
    const QString name = QStringLiteral("proto.store.%1.read.%2").arg(m_instance).arg(++m_readCounter);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open())
            qCWarning(lcStore) << "cannot open a read connection to" << m_path << ":"
                               << db.lastError().text();
    }
    m_readConnections.insert(thread, name);
    auto *self = const_cast<Store *>(this);
    connect(
        thread, &QThread::finished, self, [self, thread] { self->closeReadConnection(thread); },
        Qt::DirectConnection);
    return name;
}

void Store::closeReadConnection(QThread *thread)
{
    QString name;
    {
        QMutexLocker locker(&m_readMutex);
        name = m_readConnections.take(thread);
    }
    if (!name.isEmpty())
        QSqlDatabase::removeDatabase(name);
}

QList<MachineRecord> Store::machines() const
{
    QList<MachineRecord> result;
    select(readConnectionName(),
        QStringLiteral("SELECT %1 FROM machines ORDER BY kind <> 'local', name COLLATE NOCASE, id")
            .arg(kMachineColumns),
        {}, [&](const QSqlQuery &q) { result.append(machineFrom(q)); });
    return result;
}

std::optional<MachineRecord> Store::machine(const QString &id) const
{
    std::optional<MachineRecord> result;
    select(readConnectionName(), QStringLiteral("SELECT %1 FROM machines WHERE id = ?").arg(kMachineColumns),
        { StoreRows::text(id) }, [&](const QSqlQuery &q) { result = machineFrom(q); });
    return result;
}

QList<SessionRecord> Store::sessions(bool includeArchived) const
{
    QList<SessionRecord> result;
    select(readConnectionName(),
        QStringLiteral("SELECT %1 FROM sessions %2 ORDER BY updated DESC, created DESC, rowid DESC")
            .arg(kSessionColumns, includeArchived ? QString() : QStringLiteral("WHERE archived = 0")),
        {}, [&](const QSqlQuery &q) { result.append(sessionFrom(q)); });
    return result;
}

std::optional<SessionRecord> Store::session(const QString &id) const
{
    std::optional<SessionRecord> result;
    select(readConnectionName(), QStringLiteral("SELECT %1 FROM sessions WHERE id = ?").arg(kSessionColumns),
        { StoreRows::text(id) }, [&](const QSqlQuery &q) { result = sessionFrom(q); });
    return result;
}

QList<MessageRecord> Store::messages(const QString &sessionId) const
{
    return messagesRange(sessionId, std::numeric_limits<qint64>::min(), -1);
}

int Store::messageCount(const QString &sessionId) const
{
    int count = 0;
    select(readConnectionName(), QStringLiteral("SELECT count(*) FROM messages WHERE session_id = ?"),
        { StoreRows::text(sessionId) }, [&](const QSqlQuery &q) { count = q.value(0).toInt(); });
    return count;
}

QList<MessageRecord> Store::messagesRange(const QString &sessionId, qint64 fromSeq, int limit) const
{
    QList<MessageRecord> result;
    if (limit == 0)
        return result;
    if (limit > 0)
        result.reserve(limit);
    select(readConnectionName(),
        QStringLiteral(
            "SELECT %1 FROM messages WHERE session_id = ? AND seq >= ? ORDER BY seq, rowid LIMIT ?")
            .arg(kMessageColumns),
        { StoreRows::text(sessionId), qlonglong(fromSeq), limit < 0 ? -1 : limit },
        [&](const QSqlQuery &q) { result.append(messageFrom(q)); });
    return result;
}

QList<ToolCallRecord> Store::toolCalls(const QString &sessionId) const
{
    QList<ToolCallRecord> result;
    select(readConnectionName(),
        QStringLiteral("SELECT %1 FROM tool_calls WHERE session_id = ? ORDER BY rowid").arg(kToolCallColumns),
        { StoreRows::text(sessionId) }, [&](const QSqlQuery &q) { result.append(toolCallFrom(q)); });
    return result;
}

std::optional<ToolCallRecord> Store::toolCall(const QString &id) const
{
    std::optional<ToolCallRecord> result;
    select(readConnectionName(),
        QStringLiteral("SELECT %1 FROM tool_calls WHERE id = ?").arg(kToolCallColumns),
        { StoreRows::text(id) }, [&](const QSqlQuery &q) { result = toolCallFrom(q); });
    return result;
}

QList<UsageRecord> Store::usage(const QString &sessionId) const
{
    QList<UsageRecord> result;
    select(readConnectionName(),
        QStringLiteral(
            "SELECT session_id, message_id, model, input_tokens, output_tokens, cache_write_tokens, "
            "cache_read_tokens, cost_usd, at FROM usage WHERE session_id = ? ORDER BY at, id"),
        { StoreRows::text(sessionId) }, [&](const QSqlQuery &q) {
            UsageRecord u;
            u.sessionId = q.value(0).toString();
            u.messageId = q.value(1).toString();
            u.model = q.value(2).toString();
            u.inputTokens = q.value(3).toLongLong();
            u.outputTokens = q.value(4).toLongLong();
            u.cacheWriteTokens = q.value(5).toLongLong();
            u.cacheReadTokens = q.value(6).toLongLong();
            u.costUsd = q.value(7).toDouble();
            u.at = StoreRows::time(q.value(8));
            result.append(u);
        });
    return result;
}

double Store::totalCost(const QString &sessionId) const
{
    double total = 0;
    if (sessionId.isEmpty())
        select(readConnectionName(), QStringLiteral("SELECT total(cost_usd) FROM usage"), {},
            [&](const QSqlQuery &q) { total = q.value(0).toDouble(); });
    else
        select(readConnectionName(), QStringLiteral("SELECT total(cost_usd) FROM usage WHERE session_id = ?"),
            { sessionId }, [&](const QSqlQuery &q) { total = q.value(0).toDouble(); });
    return total;
}

double Store::costSince(const QDateTime &since) const
{
    double total = 0;
    select(readConnectionName(), QStringLiteral("SELECT total(cost_usd) FROM usage WHERE at >= ?"),
        { since.isValid() ? since.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min() },
        [&](const QSqlQuery &q) { total = q.value(0).toDouble(); });
    return total;
}

QVariant Store::setting(const QString &key, const QVariant &defaultValue) const
{
    QVariant result = defaultValue;
    select(readConnectionName(), QStringLiteral("SELECT type, value FROM settings WHERE key = ?"),
        { StoreRows::text(key) }, [&](const QSqlQuery &q) {
            const QVariant value = StoreRows::decodeSetting(q.value(0).toString(), q.value(1));
            if (value.isValid())
                result = value;
            else
                qCWarning(lcStore) << "the setting" << key << "has an unreadable value of type"
                                   << q.value(0).toString();
        });
    return result;
}

QList<AuditRecord> Store::audit(qint64 fromSeq, int limit) const
{
    QList<AuditRecord> result;
    if (limit == 0)
        return result;
    select(readConnectionName(),
        QStringLiteral("SELECT %1 FROM audit WHERE seq >= ? ORDER BY seq LIMIT ?").arg(kAuditColumns),
        { qlonglong(fromSeq), limit < 0 ? -1 : limit },
        [&](const QSqlQuery &q) { result.append(auditFrom(q).record); });
    return result;
}

qint64 Store::verifyAudit(QString *problem) const
{
    const AuditCheck check = checkAudit();
    if (problem)
        *problem = check.problem;
    return check.badSeq;
}

Store::AuditCheck Store::checkAudit() const
{
    AuditCheck check;
    qint64 bad = 0;
    QString why;
    const auto report = [&](qint64 seq, const QString &text) {
        if (bad == 0 || seq < bad) {
            bad = seq;
            why = text;
        }
    };
    qint64 expectedSeq = 1;
    bool chainBroken = false;
    QByteArray previousHash = AuditChain::genesisHash();
    QHash<qint64, QByteArray> hashes; // seq -> stored hash, to compare with the anchor
    QByteArray headHash = AuditChain::genesisHash();
    const bool read = select(readConnectionName(),
        QStringLiteral("SELECT %1 FROM audit ORDER BY seq").arg(kAuditColumns), {}, [&](const QSqlQuery &q) {
            const AuditRow row = auditFrom(q);
            const AuditRecord &a = row.record;
            ++check.rows;
            check.headSeq = a.seq;
            headHash = a.hash;
            hashes.insert(a.seq, a.hash);
            if (chainBroken)
                return;
            if (a.seq != expectedSeq) {
                chainBroken = true;
                report(expectedSeq,
                    a.seq > expectedSeq ? tr("audit row %1 is missing").arg(expectedSeq)
                                        : tr("audit row %1 is out of order").arg(a.seq));
                return;
            }
            if (a.prevHash != previousHash) {
                chainBroken = true;
                report(a.seq, tr("audit row %1 does not follow the row before it").arg(a.seq));
                return;
            }
            const QByteArray hash = AuditChain::hash(AuditChain::canonical(a.seq, row.atMs, a.sessionId,
                a.agent, a.machine, a.action, row.inputText, a.outcome, a.diff, a.prevHash, a.callId));
            if (hash != a.hash) {
                chainBroken = true;
                report(a.seq, tr("audit row %1 was changed after it was written").arg(a.seq));
                return;
            }
            if (a.action == QLatin1String("audit:tamper"))
                report(a.seq,
                    tr("audit row %1 records that the log was tampered with before it: %2")
                        .arg(a.seq)
                        .arg(a.outcome));
            previousHash = a.hash;
            ++expectedSeq;
        });
    if (!read)
        report(expectedSeq, tr("the audit log could not be read"));

    const QString anchorPath = QDir::toNativeSeparators(auditAnchorPath());
    const QByteArray key = auditKey();
    QString anchorError;
    const std::optional<AuditAnchor::Head> anchor = AuditAnchor::read(auditAnchorPath(), &anchorError);
    if (!anchorError.isEmpty()) {
        report(std::max<qint64>(check.headSeq, 1), anchorError);
    } else if (!anchor) {
        if (check.rows > 0)
            report(check.headSeq,
                tr("audit row %1 (the newest) cannot be confirmed: the anchor %2 is missing, so rows at "
                   "the end may have been deleted (or the log was written by a version without anchors)")
                    .arg(check.headSeq)
                    .arg(anchorPath));
    } else {
        check.anchoredSeq = anchor->seq;
        const qint64 anchored = std::max<qint64>(anchor->seq, 1);
        if (key.isEmpty()) {
            check.notes.append(tr("the anchor's HMAC was not checked: no key"));
        } else if (anchor->hmac.isEmpty()) {
            report(anchored,
                tr("the anchor %1 is not authenticated (no HMAC): it may have been rewritten")
                    .arg(anchorPath));
        } else if (!AuditAnchor::authentic(*anchor, key)) {
            report(anchored,
                tr("the anchor's HMAC does not match the key: the anchor %1 was forged").arg(anchorPath));
        } else {
            check.anchorAuthenticated = true;
        }
        if (anchor->seq > check.headSeq) {
            report(check.headSeq + 1,
                tr("audit rows %1 to %2 are missing: the anchor records %2 rows (rows were deleted at the "
                   "end, "
                   "or an older copy of the database was put back)")
                    .arg(check.headSeq + 1)
                    .arg(anchor->seq));
        } else if (anchor->seq > 0 && hashes.value(anchor->seq) != anchor->hash) {
            report(anchor->seq,
                tr("audit row %1 is not the row that was anchored (another copy of the "
                   "database?)")
                    .arg(anchor->seq));
        } else if (anchor->seq < check.headSeq) {
            check.notes.append(tr("audit rows %1 to %2 were written after the anchor was last updated")
                                   .arg(anchor->seq + 1)
                                   .arg(check.headSeq));
        }
    }
    check.badSeq = bad;
    check.problem = why;
    return check;
}

QList<AuditRecord> Store::auditRows(
    const QString &sessionId, const QDateTime &since, qint64 fromSeq, int limit) const
{
    QList<AuditRecord> result;
    if (limit == 0)
        return result;
    QString sql = QStringLiteral("SELECT %1 FROM audit WHERE seq >= ?").arg(kAuditColumns);
    QVariantList values { qlonglong(fromSeq) };
    if (!sessionId.isEmpty()) {
        sql += QStringLiteral(" AND session_id = ?");
        values.append(sessionId);
    }
    if (since.isValid()) {
        sql += QStringLiteral(" AND at >= ?");
        values.append(since.toMSecsSinceEpoch());
    }
    sql += QStringLiteral(" ORDER BY seq LIMIT ?");
    values.append(limit < 0 ? -1 : limit);
    select(
        readConnectionName(), sql, values, [&](const QSqlQuery &q) { result.append(auditFrom(q).record); });
    return result;
}

int Store::auditCount(const QString &sessionId, const QString &agent, const QString &action,
    const QString &outcome, const QDateTime &since) const
{
    int count = 0;
    // "tool:*": every action that starts with "tool:".
    const bool prefix = action.endsWith(u'*');
    const QString wanted = prefix ? action.chopped(1) : action;
    select(readConnectionName(),
        QStringLiteral("SELECT COUNT(*) FROM audit WHERE session_id = ? AND agent = ? AND %1 AND "
                       "outcome = ? AND at >= ?")
            .arg(prefix ? QStringLiteral("substr(action, 1, %1) = ?").arg(wanted.size())
                        : QStringLiteral("action = ?")),
        { StoreRows::text(sessionId), StoreRows::text(agent), StoreRows::text(wanted),
            StoreRows::text(outcome), since.isValid() ? since.toMSecsSinceEpoch() : qint64(0) },
        [&](const QSqlQuery &q) { count = q.value(0).toInt(); });
    return count;
}

} // namespace Proto
