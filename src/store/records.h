#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

namespace Proto {

// Plain rows of the store. Ids are text UUIDs made by the caller (Store::newId()), so a
// write never waits for the database to hand out a key. Secrets never appear in a record.

struct MachineRecord
{
    QString id;
    QString name; // unique, shown to the user
    QString kind; // "local" or "ssh"
    QString host;
    int port = 22;
    QString user;
    QString identityFile;
    QString jumpHost;
    QString vncHost; // empty: no VNC endpoint
    int vncPort = 5900;
    bool vncViaSsh = false;
    QJsonObject options; // anything else (keepalive, accepted policy...)
    QDateTime created;
};

struct SessionRecord
{
    QString id;
    QString title;
    QString machineId;
    QString workingDirectory;
    QString agent; // agent definition name
    QString model;
    QString provider; // provider name ("anthropic", "openai", a user's); "" = the default
    QString state; // "idle", "running", "waiting", "error"
    QString draft; // the composer's unsent text
    bool archived = false;
    QDateTime created;
    QDateTime updated;
};

// Some columns of a saved session; the ones left empty are not touched. Lets one owner (the
// agent runner saving its state, the chat saving a draft) write its own fields without
// reverting what another wrote meanwhile (a rename, a new model).
struct SessionUpdate
{
    std::optional<QString> title;
    std::optional<QString> agent;
    std::optional<QString> model;
    std::optional<QString> provider;
    std::optional<QString> state;
    std::optional<QString> draft;
    std::optional<bool> archived;
    std::optional<QDateTime> updated;
};

struct MessageRecord
{
    QString id;
    QString sessionId;
    qint64 seq = 0; // order within the session, assigned by the caller
    QString role; // "user", "assistant"
    QJsonObject content; // {"content": [ ...Messages API content blocks... ]}, stop_reason, model
    QDateTime created;
};

struct ToolCallRecord
{
    QString id; // the tool_use id
    QString sessionId;
    QString messageId;
    QString tool;
    QJsonObject input;
    QString status; // "pending", "approved", "denied", "running", "done", "error", "cancelled"
    QString output; // text result (truncated as sent to the model)
    bool isError = false;
    QString diff;
    QDateTime started;
    QDateTime finished;
};

struct UsageRecord
{
    QString sessionId;
    QString messageId;
    QString model;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cacheWriteTokens = 0;
    qint64 cacheReadTokens = 0;
    double costUsd = 0;
    QDateTime at;
};

struct AuditRecord
{
    qint64 seq = 0; // assigned by the store, 1, 2, 3...
    QDateTime at;
    QString sessionId;
    QString agent;
    QString machine;
    QString action; // "tool:bash", "approval", "kill-switch", "audit:tamper", ...
    QString callId; // the tool_use id the row is about (empty for other rows)
    QJsonObject input;
    QString outcome; // "started", "allowed", "denied", "ok", "error: ..."
    QString diff;
    QByteArray prevHash; // hex SHA-256 of the previous row
    QByteArray hash; // hex SHA-256 over this row's fields and prevHash
};

} // namespace Proto

Q_DECLARE_METATYPE(Proto::MachineRecord)
Q_DECLARE_METATYPE(Proto::SessionRecord)
Q_DECLARE_METATYPE(Proto::MessageRecord)
Q_DECLARE_METATYPE(Proto::ToolCallRecord)
Q_DECLARE_METATYPE(Proto::UsageRecord)
Q_DECLARE_METATYPE(Proto::AuditRecord)
