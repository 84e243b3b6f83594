#include "auditchain.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace Proto {

namespace {
void appendField(QByteArray &out, const QByteArray &field)
{
    out += QByteArray::number(field.size());
    out += ':';
    out += field;
    out += '\n';
}
} // namespace

QByteArray AuditChain::genesisHash()
{
    return QByteArray(64, '0');
}

QByteArray AuditChain::inputJson(const QJsonObject &input)
{
    // QJsonObject keeps its keys sorted, at every level.
    return QJsonDocument(input).toJson(QJsonDocument::Compact);
}

QByteArray AuditChain::canonical(qint64 seq, qint64 atMs, const QString &sessionId, const QString &agent,
    const QString &machine, const QString &action, const QByteArray &inputJson, const QString &outcome,
    const QString &diff, const QByteArray &prevHash, const QString &callId)
{
    QByteArray out(callId.isEmpty() ? "proto-audit-v1\n" : "proto-audit-v2\n");
    out.reserve(256 + inputJson.size() + diff.size());
    appendField(out, QByteArray::number(seq));
    appendField(out, QByteArray::number(atMs));
    appendField(out, sessionId.toUtf8());
    appendField(out, agent.toUtf8());
    appendField(out, machine.toUtf8());
    appendField(out, action.toUtf8());
    if (!callId.isEmpty())
        appendField(out, callId.toUtf8());
    appendField(out, inputJson);
    appendField(out, outcome.toUtf8());
    appendField(out, diff.toUtf8());
    appendField(out, prevHash);
    return out;
}

QByteArray AuditChain::hash(const QByteArray &canonical)
{
    return QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex();
}

} // namespace Proto
