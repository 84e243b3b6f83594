#pragma once

#include "store.h"

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace Proto {

// One thing an agent did or was allowed to do.
struct AuditEntry
{
    QString sessionId;
    QString agent;
    QString machine;
    QString action; // "tool:bash", "approval", "kill-switch", "llm:request"...
    QString callId; // the tool_use id, for rows about a tool call
    QJsonObject input;
    // "started" (written before the tool runs), then "ok", "error: ...", "cancelled: ...";
    // "denied: <reason>", "allowed once: ..." for decisions
    QString outcome;
    QString diff;
};

// The tamper-evident record of agent actions, over Store::appendAudit / verifyAudit (the store
// keeps the hash chain). Every entry is redacted before it leaves this class: values of
// secret-looking keys (api_key, password, token, secret, authorization...) and anything that
// looks like a credential in text (sk-ant-..., sk-..., ghp_..., AKIA..., Bearer ..., PEM
// private keys, user:password@ in URLs, --password x, PASSWORD=x) become "[redacted]".
class AuditLog final
{
public:
    explicit AuditLog(Store *store);

    static constexpr const char *Started = "started";

    // Queued to the store (batched); returns its write sequence number (0 without a store).
    quint64 record(const AuditEntry &entry);
    // Records the entry and waits until it (and the anchor after it) is committed, so it
    // survives the process being killed right after: for the "started" row of a tool call.
    // False with *error when the store could not write it.
    bool recordDurably(const AuditEntry &entry, QString *error = nullptr);
    // The anchor's key (AuditKey): authenticates the anchor from now on, and compares the
    // anchor with the database (Store::reconcileAuditAnchor).
    void setKey(const QByteArray &key, bool keyIsNew);
    bool hasKey() const { return m_hasKey; }
    // 0 when the chain and its anchor are intact, else the first seq whose row does not match.
    qint64 verify(QString *problem = nullptr) const;
    Store::AuditCheck check() const;
    // Tool calls of `agent` in the session that started (rows "tool:<tool>" / "started") at or
    // after `since`; tool "*" counts every tool.
    int startedCalls(const QString &sessionId, const QString &agent, const QString &tool,
        const QDateTime &since = {}) const;

    static QJsonObject redact(const QJsonObject &object);
    static QJsonValue redact(const QJsonValue &value);
    static QString redactText(const QString &text);
    static bool isSecretKey(const QString &key);

    static constexpr qsizetype MaxFieldChars = 16384; // longer strings are cut, with a note

private:
    Store *m_store;
    bool m_hasKey = false;
};

} // namespace Proto
