#include "storeschema.h"

#include "store.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <functional>
#include <span>

namespace Proto {

namespace {

struct Migration
{
    int version;
    std::span<const char *const> statements;
    std::function<bool(QSqlDatabase &, QString *)> after; // may be empty
};

// Times are INTEGER milliseconds since the epoch, UTC (NULL: not set). JSON columns hold
// compact JSON text. Rows are updated by id with UPSERT, never INSERT OR REPLACE (a REPLACE
// deletes the row first, which would cascade to a session's messages).
constexpr const char *kV1[] = {
    R"(CREATE TABLE machines (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        host TEXT NOT NULL DEFAULT '',
        port INTEGER NOT NULL DEFAULT 22,
        user TEXT NOT NULL DEFAULT '',
        identity_file TEXT NOT NULL DEFAULT '',
        jump_host TEXT NOT NULL DEFAULT '',
        vnc_host TEXT NOT NULL DEFAULT '',
        vnc_port INTEGER NOT NULL DEFAULT 5900,
        vnc_via_ssh INTEGER NOT NULL DEFAULT 0,
        options TEXT NOT NULL DEFAULT '{}',
        created INTEGER
    ))",
    R"(CREATE TABLE sessions (
        id TEXT PRIMARY KEY NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        machine_id TEXT NOT NULL DEFAULT '',
        working_directory TEXT NOT NULL DEFAULT '',
        agent TEXT NOT NULL DEFAULT '',
        model TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT '',
        draft TEXT NOT NULL DEFAULT '',
        archived INTEGER NOT NULL DEFAULT 0,
        created INTEGER,
        updated INTEGER
    ))",
    "CREATE INDEX sessions_machine ON sessions(machine_id)",
    "CREATE INDEX sessions_updated ON sessions(archived, updated)",
    R"(CREATE TABLE messages (
        id TEXT PRIMARY KEY NOT NULL,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        role TEXT NOT NULL,
        content TEXT NOT NULL DEFAULT '{}',
        created INTEGER
    ))",
    "CREATE INDEX messages_session_seq ON messages(session_id, seq)",
    R"(CREATE TABLE tool_calls (
        id TEXT PRIMARY KEY NOT NULL,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        message_id TEXT NOT NULL DEFAULT '',
        tool TEXT NOT NULL DEFAULT '',
        input TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT '',
        output TEXT NOT NULL DEFAULT '',
        is_error INTEGER NOT NULL DEFAULT 0,
        diff TEXT NOT NULL DEFAULT '',
        started INTEGER,
        finished INTEGER
    ))",
    "CREATE INDEX tool_calls_session ON tool_calls(session_id, started)",
    R"(CREATE TABLE usage (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        message_id TEXT NOT NULL DEFAULT '',
        model TEXT NOT NULL DEFAULT '',
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cache_write_tokens INTEGER NOT NULL DEFAULT 0,
        cache_read_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        at INTEGER NOT NULL
    ))",
    "CREATE INDEX usage_session ON usage(session_id, at)",
    "CREATE INDEX usage_at ON usage(at)",
    // The audit log outlives sessions: no foreign keys. seq is the rowid, hence indexed.
    R"(CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        session_id TEXT NOT NULL DEFAULT '',
        agent TEXT NOT NULL DEFAULT '',
        machine TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL DEFAULT '',
        input TEXT NOT NULL DEFAULT '{}',
        outcome TEXT NOT NULL DEFAULT '',
        diff TEXT NOT NULL DEFAULT '',
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    ))",
    "CREATE INDEX audit_session ON audit(session_id, seq)",
    R"(CREATE TABLE settings (
        key TEXT PRIMARY KEY NOT NULL,
        type TEXT NOT NULL,
        value
    ))",
};

// v2: usage outlives its session. Removing a session used to delete its usage rows, which
// lowered the day's spend below the daily limit; now session_id becomes NULL instead. SQLite
// cannot change a foreign key in place: the table is rebuilt (rows and ids kept). Dropping
// usage is safe with foreign keys on: no table refers to it.
constexpr const char *kV2[] = {
    R"(CREATE TABLE usage_v2 (
        id INTEGER PRIMARY KEY,
        session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
        message_id TEXT NOT NULL DEFAULT '',
        model TEXT NOT NULL DEFAULT '',
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cache_write_tokens INTEGER NOT NULL DEFAULT 0,
        cache_read_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        at INTEGER NOT NULL
    ))",
    "INSERT INTO usage_v2 (id, session_id, message_id, model, input_tokens, output_tokens, "
    "cache_write_tokens, cache_read_tokens, cost_usd, at) SELECT id, session_id, message_id, model, "
    "input_tokens, output_tokens, cache_write_tokens, cache_read_tokens, cost_usd, at FROM usage",
    "DROP TABLE usage",
    "ALTER TABLE usage_v2 RENAME TO usage",
    "CREATE INDEX usage_session ON usage(session_id, at)",
    "CREATE INDEX usage_at ON usage(at)",
};

// v3: audit rows name the tool call they are about, so a call's "started" row and its outcome
// pair up (hashed from chain format v2 on; rows without one keep format v1).
// (A database marked older than it is, with the column already there, is left as it is.)
constexpr const char *kV3[] = {
    "CREATE INDEX IF NOT EXISTS audit_session_action ON audit(session_id, action, at)",
};

bool addAuditCallId(QSqlDatabase &db, QString *error)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA table_info(audit)"))) {
        *error = query.lastError().text();
        return false;
    }
    while (query.next()) {
        if (query.value(1).toString() == QLatin1String("call_id"))
            return true;
    }
    if (!query.exec(QStringLiteral("ALTER TABLE audit ADD COLUMN call_id TEXT NOT NULL DEFAULT ''"))) {
        *error = query.lastError().text();
        return false;
    }
    return true;
}

bool seedLocalMachine(QSqlDatabase &db, QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO machines (id, name, kind, created) VALUES (?, ?, 'local', ?)"));
    query.addBindValue(Store::localMachineId());
    query.addBindValue(QCoreApplication::translate("Proto::Store", "This computer"));
    query.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!query.exec()) {
        *error = query.lastError().text();
        return false;
    }
    return true;
}

// v4: a session names the provider of its model ("" = the default provider). Added by
// addSessionProvider (a database marked older than it is keeps the column it has).
constexpr const char *kV4[] = {
    "SELECT 1",
};

bool addSessionProvider(QSqlDatabase &db, QString *error)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA table_info(sessions)"))) {
        *error = query.lastError().text();
        return false;
    }
    while (query.next()) {
        if (query.value(1).toString() == QLatin1String("provider"))
            return true;
    }
    if (!query.exec(QStringLiteral("ALTER TABLE sessions ADD COLUMN provider TEXT NOT NULL DEFAULT ''"))) {
        *error = query.lastError().text();
        return false;
    }
    return true;
}

const Migration kMigrations[] = {
    { 1, kV1, seedLocalMachine },
    { 2, kV2, {} },
    { 3, kV3, addAuditCallId },
    { 4, kV4, addSessionProvider },
};

} // namespace

int StoreSchema::latestVersion()
{
    return std::end(kMigrations)[-1].version;
}

bool StoreSchema::migrate(QSqlDatabase &db, int fromVersion, QString *error)
{
    for (const Migration &migration : kMigrations) {
        if (migration.version <= fromVersion)
            continue;
        QSqlQuery query(db);
        for (const char *statement : migration.statements) {
            if (!query.exec(QString::fromUtf8(statement))) {
                *error
                    = QStringLiteral("migration %1: %2").arg(migration.version).arg(query.lastError().text());
                return false;
            }
        }
        if (migration.after && !migration.after(db, error)) {
            *error = QStringLiteral("migration %1: %2").arg(migration.version).arg(*error);
            return false;
        }
        if (!query.exec(QStringLiteral("PRAGMA user_version = %1").arg(migration.version))) {
            *error = query.lastError().text();
            return false;
        }
    }
    return true;
}

} // namespace Proto
