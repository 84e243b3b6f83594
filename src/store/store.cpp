#include "store.h"

#include "privatefiles.h"
#include "storelogging.h"
#include "storerows.h"
#include "storeschema.h"
#include "storewriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QStandardPaths>
#include <QThread>
#include <QUuid>

Q_LOGGING_CATEGORY(lcStore, "proto.store")

namespace Proto {

namespace {
constexpr QByteArrayView kSqliteMagic("SQLite format 3\0", 16);
} // namespace

Store::Store(const QString &path)
    : m_path(path)
    , m_instance(QUuid::createUuid().toString(QUuid::Id128))
{ }

Store::~Store()
{
    if (m_writer) {
        if (!m_writer->flush())
            qCWarning(lcStore).noquote() << "closing with failed writes:" << m_writer->lastError();
    }
    // Readers first, so the writer is the last connection and checkpoints the log on close.
    QList<QThread *> threads;
    {
        QMutexLocker locker(&m_readMutex);
        threads = m_readConnections.keys();
    }
    for (QThread *thread : std::as_const(threads))
        closeReadConnection(thread);
    m_writer.reset();
}

Store::OpenResult Store::open(const QString &path)
{
    return open(path, OpenOptions());
}

Store::OpenResult Store::open(const QString &path, const OpenOptions &options)
{
    OpenResult result;
    if (path.isEmpty()) {
        result.error = OpenError::CannotOpen;
        result.message = tr("No database file was given.");
        return result;
    }
    const QFileInfo info(path);
    const QString absolute = info.absoluteFilePath();
    const QString file = QDir::toNativeSeparators(absolute);
    const QString folder = info.absolutePath();
    const auto refuse = [&result](OpenError error, const QString &message) {
        qCWarning(lcStore).noquote() << message;
        result.error = error;
        result.message = message;
        return std::move(result);
    };

    // A folder made here is private (0700); an existing one is the person's choice.
    if (!QFileInfo(folder).isDir() && !PrivateFiles::makeFolder(folder))
        return refuse(OpenError::CannotOpen,
            tr("Cannot create the folder %1 for the database %2.")
                .arg(QDir::toNativeSeparators(folder), file));
    if (info.isDir())
        return refuse(OpenError::CannotOpen, tr("Cannot open the database %1: it is a folder.").arg(file));
    // The database holds every conversation and the audit log: 0600, created so before SQLite
    // opens it (its -wal and -shm files take the database file's mode); older files are tightened.
    QString privateError;
    if (!PrivateFiles::makeFile(absolute, true, &privateError))
        qCWarning(lcStore).noquote() << privateError;
    for (const char *suffix : { "-wal", "-shm", "-journal" })
        PrivateFiles::makeFile(absolute + QLatin1String(suffix), false);
    if (info.exists() && info.size() > 0) {
        QFile probe(absolute);
        if (!probe.open(QIODevice::ReadOnly))
            return refuse(
                OpenError::CannotOpen, tr("Cannot open the database %1: %2").arg(file, probe.errorString()));
        if (probe.read(kSqliteMagic.size()) != kSqliteMagic)
            return refuse(OpenError::Corrupt,
                tr("The database %1 is damaged (it is not an SQLite database). Proto Desktop left it "
                   "untouched: "
                   "restore a backup, or move the file away to start afresh.")
                    .arg(file));
    }

    std::unique_ptr<Store> store(new Store(absolute));
    store->m_writer = std::make_unique<StoreWriter>(store.get(), absolute, options);
    const StoreWriter::StartResult started = store->m_writer->startAndWait();
    if (started.error != OpenError::None) {
        store->m_writer.reset();
        return refuse(started.error, started.message);
    }
    store->anchorEmptyAuditLog();
    result.store = std::move(store);
    return result;
}

QString Store::dataDirectory()
{
    QString folder = qEnvironmentVariable("PROTO_DESKTOP_HOME");
    if (folder.isEmpty())
        folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    folder = QDir::cleanPath(QDir(folder).absolutePath());
    QString error;
    if (!PrivateFiles::makeFolder(folder, &error))
        qCWarning(lcStore).noquote() << error;
    return folder;
}

QString Store::defaultPath()
{
    return dataDirectory() + QStringLiteral("/proto.sqlite");
}

QString Store::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

int Store::schemaVersion()
{
    return StoreSchema::latestVersion();
}

QString Store::localMachineId()
{
    return QStringLiteral("local");
}

QString Store::path() const
{
    return m_path;
}

bool Store::flush()
{
    return m_writer->flush();
}

QString Store::lastError() const
{
    return m_writer->lastError();
}

quint64 Store::committedSeq() const
{
    return m_writer->committedSeq();
}

// --- writes ---

quint64 Store::saveMachine(const MachineRecord &m)
{
    return m_writer->enqueue(QT_TRANSLATE_NOOP("Proto::Store", "save the machine %1"), m.name,
        WriteCommand::Machines, [m](WriteContext &context, QSqlError *error) {
            return context.exec(
                QStringLiteral(
                    "INSERT INTO machines (id, name, kind, host, port, user, identity_file, jump_host, "
                    "vnc_host, vnc_port, vnc_via_ssh, options, created) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                    "name = excluded.name, kind = excluded.kind, host = excluded.host, "
                    "port = excluded.port, user = excluded.user, "
                    "identity_file = excluded.identity_file, jump_host = excluded.jump_host, "
                    "vnc_host = excluded.vnc_host, vnc_port = excluded.vnc_port, "
                    "vnc_via_ssh = excluded.vnc_via_ssh, options = excluded.options, "
                    "created = excluded.created"),
                { StoreRows::text(m.id), StoreRows::text(m.name), StoreRows::text(m.kind),
                    StoreRows::text(m.host), m.port, StoreRows::text(m.user), StoreRows::text(m.identityFile),
                    StoreRows::text(m.jumpHost), StoreRows::text(m.vncHost), m.vncPort, m.vncViaSsh ? 1 : 0,
                    StoreRows::json(m.options), StoreRows::time(m.created) },
                error);
        });
}

quint64 Store::removeMachine(const QString &id)
{
    return m_writer->enqueue(QT_TRANSLATE_NOOP("Proto::Store", "remove the machine %1"), id,
        WriteCommand::Machines, [id](WriteContext &context, QSqlError *error) {
            return context.exec(
                QStringLiteral("DELETE FROM machines WHERE id = ?"), { StoreRows::text(id) }, error);
        });
}

quint64 Store::saveSession(const SessionRecord &s)
{
    return m_writer->enqueue(QT_TRANSLATE_NOOP("Proto::Store", "save the session %1"), s.id,
        WriteCommand::Sessions, [s](WriteContext &context, QSqlError *error) {
            return context.exec(
                QStringLiteral(
                    "INSERT INTO sessions (id, title, machine_id, working_directory, agent, model, provider, "
                    "state, draft, archived, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET title = excluded.title, "
                    "machine_id = excluded.machine_id, working_directory = excluded.working_directory, "
                    "agent = excluded.agent, model = excluded.model, provider = excluded.provider, "
                    "state = excluded.state, "
                    "draft = excluded.draft, archived = excluded.archived, "
                    "created = excluded.created, updated = excluded.updated"),
                { StoreRows::text(s.id), StoreRows::text(s.title), StoreRows::text(s.machineId),
                    StoreRows::text(s.workingDirectory), StoreRows::text(s.agent), StoreRows::text(s.model),
                    StoreRows::text(s.provider), StoreRows::text(s.state), StoreRows::text(s.draft),
                    s.archived ? 1 : 0, StoreRows::time(s.created), StoreRows::time(s.updated) },
                error);
        });
}

quint64 Store::updateSession(const QString &id, const SessionUpdate &u)
{
    QStringList columns;
    QVariantList values;
    const auto set = [&](const char *column, const QVariant &value) {
        columns.append(QLatin1String(column) + QStringLiteral(" = ?"));
        values.append(value);
    };
    if (u.title)
        set("title", StoreRows::text(*u.title));
    if (u.agent)
        set("agent", StoreRows::text(*u.agent));
    if (u.model)
        set("model", StoreRows::text(*u.model));
    if (u.provider)
        set("provider", StoreRows::text(*u.provider));
    if (u.state)
        set("state", StoreRows::text(*u.state));
    if (u.draft)
        set("draft", StoreRows::text(*u.draft));
    if (u.archived)
        set("archived", *u.archived ? 1 : 0);
    if (u.updated)
        set("updated", StoreRows::time(*u.updated));
    const QString sql = columns.isEmpty()
        ? QString()
        : QStringLiteral("UPDATE sessions SET %1 WHERE id = ?").arg(columns.join(QStringLiteral(", ")));
    values.append(StoreRows::text(id));
    return m_writer->enqueue(QT_TRANSLATE_NOOP("Proto::Store", "save the session %1"), id,
        sql.isEmpty() ? WriteCommand::Nothing : WriteCommand::Sessions,
        [sql, values](WriteContext &context, QSqlError *error) {
            return sql.isEmpty() || context.exec(sql, values, error);
        });
}

quint64 Store::removeSession(const QString &id)
{
    // messages and tool_calls follow by ON DELETE CASCADE; usage rows stay, their session_id
    // set to NULL (schema v2), so the spend of a removed session still counts.
    return m_writer->enqueue(QT_TRANSLATE_NOOP("Proto::Store", "remove the session %1"), id,
        WriteCommand::Sessions, [id](WriteContext &context, QSqlError *error) {
            return context.exec(
                QStringLiteral("DELETE FROM sessions WHERE id = ?"), { StoreRows::text(id) }, error);
        });
}

quint64 Store::saveMessage(const MessageRecord &m)
{
    return m_writer->enqueue(QT_TRANSLATE_NOOP("Proto::Store", "save the message %1"), m.id,
        WriteCommand::Nothing, [m](WriteContext &context, QSqlError *error) {
            return context.exec(
                QStringLiteral("INSERT INTO messages (id, session_id, seq, role, content, created) "
                               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                               "session_id = excluded.session_id, seq = excluded.seq, role = excluded.role, "
                               "content = excluded.content, created = excluded.created"),
                { StoreRows::text(m.id), StoreRows::text(m.sessionId), qlonglong(m.seq),
                    StoreRows::text(m.role), StoreRows::json(m.content), StoreRows::time(m.created) },
                error);
        });
}

quint64 Store::replaceMessageContent(const QString &id, const QJsonArray &content)
{
    const QString json = QString::fromUtf8(QJsonDocument(content).toJson(QJsonDocument::Compact));
    return m_writer->enqueue(QT_TRANSLATE_NOOP("Proto::Store", "shorten the message %1"), id,
        WriteCommand::Nothing, [id, json](WriteContext &context, QSqlError *error) {
            return context.exec(
                QStringLiteral(
                    "UPDATE messages SET content = json_set(content, '$.content', json(?)) WHERE id = ?"),
                { json, StoreRows::text(id) }, error);
        });
}

quint64 Store::saveToolCall(const ToolCallRecord &c)
{
    return m_writer->enqueue(QT_TRANSLATE_NOOP("Proto::Store", "save the tool call %1"), c.id,
        WriteCommand::Nothing, [c](WriteContext &context, QSqlError *error) {
            return context.exec(
                QStringLiteral(
                    "INSERT INTO tool_calls (id, session_id, message_id, tool, input, status, output, "
                    "is_error, diff, started, finished) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET session_id = excluded.session_id, "
                    "message_id = excluded.message_id, tool = excluded.tool, input = excluded.input, "
                    "status = excluded.status, output = excluded.output, "
                    "is_error = excluded.is_error, diff = excluded.diff, "
                    "started = excluded.started, finished = excluded.finished"),
                { StoreRows::text(c.id), StoreRows::text(c.sessionId), StoreRows::text(c.messageId),
                    StoreRows::text(c.tool), StoreRows::json(c.input), StoreRows::text(c.status),
                    StoreRows::text(c.output), c.isError ? 1 : 0, StoreRows::text(c.diff),
                    StoreRows::time(c.started), StoreRows::time(c.finished) },
                error);
        });
}

quint64 Store::addUsage(const UsageRecord &u)
{
    const QDateTime at = u.at.isValid() ? u.at : QDateTime::currentDateTimeUtc();
    return m_writer->enqueue(QT_TRANSLATE_NOOP("Proto::Store", "record the usage of the session %1"),
        u.sessionId, WriteCommand::Nothing, [u, at](WriteContext &context, QSqlError *error) {
            return context.exec(
                QStringLiteral(
                    "INSERT INTO usage (session_id, message_id, model, input_tokens, output_tokens, "
                    "cache_write_tokens, cache_read_tokens, cost_usd, at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                { StoreRows::text(u.sessionId), StoreRows::text(u.messageId), StoreRows::text(u.model),
                    qlonglong(u.inputTokens), qlonglong(u.outputTokens), qlonglong(u.cacheWriteTokens),
                    qlonglong(u.cacheReadTokens), u.costUsd, StoreRows::time(at) },
                error);
        });
}

quint64 Store::setSetting(const QString &key, const QVariant &value)
{
    if (!value.isValid()) {
        return m_writer->enqueue(QT_TRANSLATE_NOOP("Proto::Store", "remove the setting %1"), key,
            WriteCommand::Nothing, [key](WriteContext &context, QSqlError *error) {
                return context.exec(
                    QStringLiteral("DELETE FROM settings WHERE key = ?"), { StoreRows::text(key) }, error);
            });
    }
    QString type;
    QVariant column;
    const bool encoded = StoreRows::encodeSetting(value, &type, &column);
    return m_writer->enqueue(QT_TRANSLATE_NOOP("Proto::Store", "save the setting %1"), key,
        WriteCommand::Nothing,
        [key, type, column, encoded, typeName = QString::fromLatin1(value.typeName())](
            WriteContext &context, QSqlError *error) {
            if (!encoded) {
                *error = QSqlError(QStringLiteral("values of type %1 cannot be stored").arg(typeName), {},
                    QSqlError::StatementError);
                return false;
            }
            return context.exec(QStringLiteral("INSERT INTO settings (key, type, value) VALUES (?, ?, ?) "
                                               "ON CONFLICT(key) DO UPDATE SET type = excluded.type, "
                                               "value = excluded.value"),
                { StoreRows::text(key), type, column }, error);
        });
}

} // namespace Proto
