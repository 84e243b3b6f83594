// Store's audit log writes: chained rows, the anchor that follows the head, and the
// reconciliation of the anchor with the database.

#include "auditanchor.h"
#include "auditchain.h"
#include "store.h"
#include "storelogging.h"
#include "storerows.h"
#include "storewriter.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>

namespace Proto {

namespace {

AuditRecord cleaned(const AuditRecord &record)
{
    AuditRecord r = record;
    if (!r.at.isValid())
        r.at = QDateTime::currentDateTimeUtc();
    // Strings go through UTF-8 once, so what is hashed is exactly what the database returns.
    const auto clean = [](const QString &s) { return QString::fromUtf8(s.toUtf8()); };
    r.sessionId = clean(r.sessionId);
    r.agent = clean(r.agent);
    r.machine = clean(r.machine);
    r.action = clean(r.action);
    r.callId = clean(r.callId);
    r.outcome = clean(r.outcome);
    r.diff = clean(r.diff);
    return r;
}

// The newest row's seq and hash (0 and the genesis hash for an empty log).
bool auditHead(WriteContext &context, qint64 *seq, QByteArray *hash, QSqlError *error)
{
    QSqlQuery *last
        = context.prepare(QStringLiteral("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"), error);
    if (!last)
        return false;
    if (!last->exec()) {
        *error = last->lastError();
        return false;
    }
    *seq = 0;
    *hash = AuditChain::genesisHash();
    if (last->next()) {
        *seq = last->value(0).toLongLong();
        *hash = last->value(1).toString().toLatin1();
    }
    last->finish();
    return true;
}

// The stored hash of row seq, empty when there is none.
QByteArray auditHashAt(WriteContext &context, qint64 seq, QSqlError *error)
{
    if (seq == 0)
        return AuditChain::genesisHash();
    QSqlQuery *query = context.prepare(QStringLiteral("SELECT hash FROM audit WHERE seq = ?"), error);
    if (!query)
        return {};
    query->bindValue(0, qlonglong(seq));
    if (!query->exec()) {
        *error = query->lastError();
        return {};
    }
    QByteArray hash;
    if (query->next())
        hash = query->value(0).toString().toLatin1();
    query->finish();
    return hash;
}

// Appends r after the current head; sets the context's head to the new row.
bool insertAudit(WriteContext &context, const AuditRecord &r, bool force, QSqlError *error)
{
    qint64 previousSeq = 0;
    QByteArray previousHash;
    if (!auditHead(context, &previousSeq, &previousHash, error))
        return false;
    const qint64 seq = previousSeq + 1;
    const qint64 at = r.at.toMSecsSinceEpoch();
    const QByteArray input = QString::fromUtf8(AuditChain::inputJson(r.input)).toUtf8();
    const QByteArray hash = AuditChain::hash(AuditChain::canonical(seq, at, r.sessionId, r.agent, r.machine,
        r.action, input, r.outcome, r.diff, previousHash, r.callId));
    if (!context.exec(QStringLiteral("INSERT INTO audit (seq, at, session_id, agent, machine, action, "
                                     "call_id, input, outcome, diff, prev_hash, hash) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            { qlonglong(seq), qlonglong(at), StoreRows::text(r.sessionId), StoreRows::text(r.agent),
                StoreRows::text(r.machine), StoreRows::text(r.action), StoreRows::text(r.callId),
                QString::fromUtf8(input), StoreRows::text(r.outcome), StoreRows::text(r.diff),
                QString::fromLatin1(previousHash), QString::fromLatin1(hash) },
            error))
        return false;
    context.auditHead.seq = seq;
    context.auditHead.hash = hash;
    context.auditHead.force = context.auditHead.force || force;
    return true;
}

} // namespace

quint64 Store::appendAudit(const AuditRecord &record)
{
    const AuditRecord r = cleaned(record);
    return m_writer->enqueue(QT_TRANSLATE_NOOP("Proto::Store", "append to the audit log: %1"), r.action,
        WriteCommand::Nothing,
        [r](WriteContext &context, QSqlError *error) { return insertAudit(context, r, false, error); });
}

QString Store::auditAnchorPath() const
{
    return AuditAnchor::pathFor(m_path);
}

void Store::setAuditKey(const QByteArray &key)
{
    QMutexLocker locker(&m_auditMutex);
    m_auditKey = key;
}

QByteArray Store::auditKey() const
{
    QMutexLocker locker(&m_auditMutex);
    return m_auditKey;
}

void Store::writeAuditAnchor(qint64 seq, const QByteArray &hash, bool force)
{
    QString error;
    if (!AuditAnchor::write(auditAnchorPath(), seq, hash, auditKey(), force, &error)) {
        qCWarning(lcStore).noquote() << error;
        Q_EMIT writeFailed(error);
    }
}

void Store::anchorEmptyAuditLog()
{
    if (QFile::exists(auditAnchorPath()))
        return;
    m_writer->enqueue(QT_TRANSLATE_NOOP("Proto::Store", "anchor the audit log %1"), auditAnchorPath(),
        WriteCommand::Nothing, [](WriteContext &context, QSqlError *error) {
            qint64 headSeq = 0;
            QByteArray headHash;
            if (!auditHead(context, &headSeq, &headHash, error))
                return false;
            if (headSeq == 0 && context.auditHead.seq < 0) {
                context.auditHead.seq = 0;
                context.auditHead.hash = headHash;
            }
            return true;
        });
}

quint64 Store::reconcileAuditAnchor(bool keyIsNew)
{
    return m_writer->enqueue(QT_TRANSLATE_NOOP("Proto::Store", "check the audit anchor %1"),
        auditAnchorPath(), WriteCommand::Nothing, [this, keyIsNew](WriteContext &context, QSqlError *error) {
            qint64 headSeq = 0;
            QByteArray headHash;
            if (!auditHead(context, &headSeq, &headHash, error))
                return false;
            const QByteArray key = auditKey();
            QString readError;
            const std::optional<AuditAnchor::Head> anchor = AuditAnchor::read(auditAnchorPath(), &readError);
            QString problem;
            bool rekeyed = false; // a new key met an anchor made with another one
            if (!readError.isEmpty()) {
                problem = readError;
            } else if (!anchor) {
                if (headSeq > 0 && !keyIsNew)
                    problem = tr("the anchor file was missing (%1 rows in the log)").arg(headSeq);
            } else {
                if (anchor->seq > headSeq) {
                    problem = tr("rows %1 to %2 were deleted from the end of the log")
                                  .arg(headSeq + 1)
                                  .arg(anchor->seq);
                } else {
                    const QByteArray stored = auditHashAt(context, anchor->seq, error);
                    if (error->isValid())
                        return false;
                    if (stored != anchor->hash)
                        problem
                            = tr("row %1 was not the row that was anchored (another copy of the database?)")
                                  .arg(anchor->seq);
                }
                if (problem.isEmpty() && !key.isEmpty()) {
                    if (!anchor->hmac.isEmpty() && !AuditAnchor::authentic(*anchor, key)) {
                        if (keyIsNew)
                            rekeyed = true;
                        else
                            problem = tr("the anchor's HMAC did not match the key (a forged anchor)");
                    } else if (anchor->hmac.isEmpty() && !keyIsNew) {
                        problem = tr("the anchor was not authenticated (written without the key)");
                    }
                }
            }
            if (rekeyed) {
                // Another process made a key of its own (no keychain there, say): the chain and the
                // head agree, so nothing is missing; the change of key stays on record.
                AuditRecord row;
                row.at = QDateTime::currentDateTimeUtc();
                row.action = QStringLiteral("audit:rekey");
                row.outcome = tr("the anchor was written with another key; anchored again with a new one");
                return insertAudit(context, cleaned(row), true, error);
            }
            if (problem.isEmpty()) {
                context.auditHead.seq = headSeq;
                context.auditHead.hash = headHash;
                context.auditHead.force = true;
                return true;
            }
            qCWarning(lcStore).noquote() << "audit log tampered with:" << problem;
            AuditRecord row;
            row.at = QDateTime::currentDateTimeUtc();
            row.action = QStringLiteral("audit:tamper");
            row.outcome = problem;
            row.input = QJsonObject { { QStringLiteral("head_seq"), double(headSeq) },
                { QStringLiteral("head_hash"), QString::fromLatin1(headHash) },
                { QStringLiteral("anchor_seq"), anchor ? double(anchor->seq) : -1.0 },
                { QStringLiteral("anchor_hash"), anchor ? QString::fromLatin1(anchor->hash) : QString() } };
            return insertAudit(context, cleaned(row), true, error);
        });
}

} // namespace Proto
