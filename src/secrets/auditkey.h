#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

namespace Proto {

class SecretStore;

struct AuditKeyResult
{
    QByteArray key; // 32 bytes; empty when none could be had
    bool isNew = false; // made just now (no anchor can exist from before)
    QString where; // "keychain" or the key file's path
    QString problem; // translated, when the key is empty or the keychain could not be used
};

// The key that authenticates the audit log's anchor (Store::setAuditKey): 32 random bytes kept
// outside the database, in the OS keychain under "audit-hmac-key" when one is available, else
// in a key file of mode 0600 next to the database. A key file found there is used even when a
// keychain appeared later, so the anchor written with it still verifies. Never logged.
class AuditKey final
{
public:
    AuditKey() = delete;

    static QString keychainEntry(); // "audit-hmac-key"
    static QString keyFileFor(const QString &databasePath); // its folder + "/audit-hmac.key"

    // Looks the key up (the keychain first, then the file) and, with `create`, makes one when
    // there is none. `done` runs on the caller's thread, unless `context` was destroyed first.
    static void load(SecretStore *secrets, const QString &keyFile, bool create, QObject *context,
        std::function<void(const AuditKeyResult &)> done);

    // The file part alone (synchronous): reads the key file, or with `create` makes it.
    static AuditKeyResult fromFile(const QString &keyFile, bool create);
};

} // namespace Proto
