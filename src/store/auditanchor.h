#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace Proto {

// The head of the audit chain kept outside the database, so that deleting rows at the end of
// the log (or putting back an older copy of the database) is found: a small JSON file next to
// the database (mode 0600), rewritten atomically after every committed append, holding the
// newest row's seq and hash and, when a key is known, an HMAC-SHA256 over both with a key kept
// outside the database (the OS keychain, else a 0600 key file; see AuditKey). Without the key
// someone who deletes rows cannot write a matching anchor.
//
// File format: {"version": 1, "seq": N, "hash": "<hex>", "hmac": "<hex or empty>"}
class AuditAnchor final
{
public:
    struct Head
    {
        qint64 seq = 0; // 0: the log was empty
        QByteArray hash; // hex SHA-256 of row seq (the genesis hash for 0)
        QByteArray hmac; // hex HMAC-SHA256 over seq and hash, empty when written without a key
    };

    AuditAnchor() = delete;

    static QString pathFor(const QString &databasePath); // databasePath + ".anchor"
    static QByteArray hmac(const QByteArray &key, qint64 seq, const QByteArray &hash);
    static bool authentic(const Head &head, const QByteArray &key); // the HMAC matches the key

    // nullopt when the file does not exist; a file that cannot be read or parsed sets *error
    // (and returns nullopt).
    static std::optional<Head> read(const QString &path, QString *error);
    // Writes the head atomically (a 0600 temporary file renamed over the anchor), under a lock
    // file so processes sharing the database never interleave. Unless `force`, an anchor
    // already at or past `seq` is left alone (another process anchored a newer row), and
    // without a key an authenticated anchor is not replaced by an unauthenticated one (a
    // process without the key leaves the anchor behind; a process with the key catches up).
    static bool write(const QString &path, qint64 seq, const QByteArray &hash, const QByteArray &key,
        bool force, QString *error);
};

} // namespace Proto
