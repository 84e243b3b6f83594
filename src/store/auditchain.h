#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace Proto {

struct AuditRecord;

// The audit log's hash chain. Each row's hash is the hex SHA-256 of a canonical
// serialisation of its fields and the previous row's hash, so editing, deleting or
// reordering a row breaks the chain from there on.
//
// Canonical form (version 1): the bytes "proto-audit-v1\n", then for each field in the order
// seq, at (milliseconds since the epoch, UTC), sessionId, agent, machine, action, input,
// outcome, diff, prevHash: its UTF-8 byte length in decimal, ':', the UTF-8 bytes, '\n'.
// Numbers are written in decimal; input is compact JSON with its keys sorted (as stored).
// Version 2 (rows that name a tool call): the bytes "proto-audit-v2\n" and the call id as one
// more field after action; rows without a call id keep version 1, so older rows verify as
// they were written.
class AuditChain final
{
public:
    AuditChain() = delete;

    static QByteArray genesisHash(); // the prevHash of the first row: 64 '0'
    static QByteArray inputJson(const QJsonObject &input); // compact, keys sorted
    static QByteArray canonical(qint64 seq, qint64 atMs, const QString &sessionId, const QString &agent,
        const QString &machine, const QString &action, const QByteArray &inputJson, const QString &outcome,
        const QString &diff, const QByteArray &prevHash, const QString &callId = {});
    static QByteArray hash(const QByteArray &canonical); // hex SHA-256
};

} // namespace Proto
