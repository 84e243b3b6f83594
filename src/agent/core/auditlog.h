#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace Proto {

class Store;

// One thing an agent did or was allowed to do.
struct AuditEntry
{
    QString sessionId;
    QString agent;
    QString machine;
    QString action; // "tool:bash", "approval", "kill-switch", "llm:request"...
    QJsonObject input;
    QString outcome; // "allowed", "denied: <reason>", "ok", "error: ...", "cancelled"
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

    void record(const AuditEntry &entry);
    // 0 when the chain is intact, else the first seq whose row does not match.
    qint64 verify(QString *problem = nullptr) const;

    static QJsonObject redact(const QJsonObject &object);
    static QJsonValue redact(const QJsonValue &value);
    static QString redactText(const QString &text);
    static bool isSecretKey(const QString &key);

    static constexpr qsizetype MaxFieldChars = 16384; // longer strings are cut, with a note

private:
    Store *m_store;
};

} // namespace Proto
