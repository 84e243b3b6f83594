#include "auditlog.h"

#include "store.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>

namespace Proto {

namespace {

const QString Redacted = QStringLiteral("[redacted]");

QString cut(const QString &text, qsizetype max)
{
    if (text.size() <= max)
        return text;
    return text.left(max)
        + QCoreApplication::translate("AuditLog", "[... %1 more characters]").arg(text.size() - max);
}

struct TextRule
{
    QRegularExpression re;
    QString replacement;
};

const QList<TextRule> &textRules()
{
    static const QList<TextRule> rules = [] {
        const auto opts = QRegularExpression::CaseInsensitiveOption;
        QList<TextRule> r;
        // PEM private keys, whole.
        r.append({ QRegularExpression(
                       QStringLiteral("-----BEGIN[A-Z ]*PRIVATE "
                                      "KEY-----[A-Za-z0-9+/=\\s:,\\-]*?(-----END[A-Z ]*PRIVATE KEY-----|$)")),
            QStringLiteral("[redacted private key]") });
        // Provider keys and tokens by their shape.
        r.append({ QRegularExpression(QStringLiteral("sk-ant-[A-Za-z0-9_\\-]+")),
            QStringLiteral("sk-ant-[redacted]") });
        r.append({ QRegularExpression(QStringLiteral("\\bsk-(?:proj-|live-|test-)?[A-Za-z0-9_\\-]{16,}")),
            QStringLiteral("sk-[redacted]") });
        r.append({ QRegularExpression(QStringLiteral("\\b(gh[pousr]_|github_pat_)[A-Za-z0-9_]{16,}")),
            QStringLiteral("\\1[redacted]") });
        r.append({ QRegularExpression(QStringLiteral("\\bxox[abprs]-[A-Za-z0-9\\-]{10,}")),
            QStringLiteral("xox-[redacted]") });
        r.append({ QRegularExpression(QStringLiteral("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b")),
            QStringLiteral("\\1[redacted]") });
        r.append({ QRegularExpression(QStringLiteral("\\bAIza[0-9A-Za-z_\\-]{30,}")),
            QStringLiteral("AIza[redacted]") });
        r.append({ QRegularExpression(QStringLiteral("\\bglpat-[A-Za-z0-9_\\-]{16,}")),
            QStringLiteral("glpat-[redacted]") });
        // Authorization headers.
        r.append({ QRegularExpression(
                       QStringLiteral("\\b(bearer|basic|token)(\\s+)[A-Za-z0-9._~+/=\\-]{8,}"), opts),
            QStringLiteral("\\1\\2[redacted]") });
        // user:password@host in URLs.
        r.append({ QRegularExpression(QStringLiteral("(://[^/\\s:@]+:)[^@\\s/]+@")),
            QStringLiteral("\\1[redacted]@") });
        // --password x, --token=x, -p is too ambiguous to touch.
        r.append(
            { QRegularExpression(
                  QStringLiteral(
                      "(--?(?:password|passwd|pass|token|api[-_]?key|secret|client[-_]?secret|access[-_]?"
                      "token|auth[-_]?token)(?:=|\\s+))(\"[^\"]*\"|'[^']*'|\\S+)"),
                  opts),
                QStringLiteral("\\1[redacted]") });
        // KEY=value, "key": "value", key: value for secret-looking names.
        r.append({ QRegularExpression(
                       QStringLiteral(
                           "(\\b[A-Za-z0-9_\\-]{0,40}(?:api[_-]?key|apikey|password|passwd|secret|token|"
                           "credential|private[_-]?key)[A-Za-z0-9_\\-]{0,40}[\"']?\\s*(?:=|:)\\s*)(\"[^\"]*"
                           "\"|'[^']*'|[^\\s"
                           "&;,}]+)"),
                       opts),
            QStringLiteral("\\1[redacted]") });
        return r;
    }();
    return rules;
}

} // namespace

AuditLog::AuditLog(Store *store)
    : m_store(store)
{ }

bool AuditLog::isSecretKey(const QString &key)
{
    // camelCase to snake_case, then look for a secret word at a word boundary.
    QString snake;
    for (qsizetype i = 0; i < key.size(); ++i) {
        const QChar c = key.at(i);
        if (c.isUpper() && i > 0 && key.at(i - 1).isLower())
            snake += u'_';
        snake += c == u'-' || c == u' ' || c == u'.' ? u'_' : c.toLower();
    }
    static const QRegularExpression re(QStringLiteral(
        "(^|_)(api_?key|apikey|key_?secret|password|passwd|passphrase|pass|pwd|secret|token|access_?token|"
        "refresh_?token|id_?token|auth|authorization|auth_?token|private_?key|credentials?|cookie|session_?"
        "key|"
        "client_?secret|x_api_key)$"));
    return re.match(snake).hasMatch();
}

QString AuditLog::redactText(const QString &text)
{
    if (text.isEmpty())
        return text;
    QString out = cut(text, MaxFieldChars * 4);
    for (const TextRule &rule : textRules())
        out.replace(rule.re, rule.replacement);
    return cut(out, MaxFieldChars);
}

QJsonValue AuditLog::redact(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return redactText(value.toString());
    case QJsonValue::Object:
        return redact(value.toObject());
    case QJsonValue::Array: {
        QJsonArray array;
        const QJsonArray in = value.toArray();
        for (const QJsonValue &item : in)
            array.append(redact(item));
        return array;
    }
    default:
        return value;
    }
}

QJsonObject AuditLog::redact(const QJsonObject &object)
{
    QJsonObject out;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QJsonValue v = it.value();
        if (isSecretKey(it.key()) && !v.isNull() && !v.isBool() && !v.isUndefined())
            out.insert(it.key(), Redacted);
        else
            out.insert(it.key(), redact(v));
    }
    return out;
}

quint64 AuditLog::record(const AuditEntry &entry)
{
    if (!m_store)
        return 0;
    AuditRecord record;
    record.at = QDateTime::currentDateTimeUtc();
    record.sessionId = entry.sessionId;
    record.agent = entry.agent;
    record.machine = entry.machine;
    record.action = entry.action;
    record.callId = entry.callId.left(200);
    record.input = redact(entry.input);
    record.outcome = redactText(entry.outcome);
    record.diff = redactText(entry.diff);
    return m_store->appendAudit(record);
}

bool AuditLog::recordDurably(const AuditEntry &entry, QString *error)
{
    if (!m_store)
        return true;
    record(entry);
    if (m_store->flush())
        return true;
    if (error)
        *error = m_store->lastError();
    return false;
}

void AuditLog::setKey(const QByteArray &key, bool keyIsNew)
{
    if (!m_store)
        return;
    m_hasKey = !key.isEmpty();
    m_store->setAuditKey(key);
    m_store->reconcileAuditAnchor(keyIsNew);
}

qint64 AuditLog::verify(QString *problem) const
{
    const Store::AuditCheck result = check();
    if (problem)
        *problem = result.problem;
    return result.badSeq;
}

Store::AuditCheck AuditLog::check() const
{
    if (!m_store)
        return {};
    m_store->flush();
    return m_store->checkAudit();
}

int AuditLog::startedCalls(
    const QString &sessionId, const QString &agent, const QString &tool, const QDateTime &since) const
{
    if (!m_store)
        return 0;
    const QString action
        = tool == QLatin1String("*") ? QStringLiteral("tool:*") : QStringLiteral("tool:") + tool;
    return m_store->auditCount(sessionId, agent, action, QLatin1String(Started), since);
}

} // namespace Proto
