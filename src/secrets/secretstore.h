#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace Proto {

// The outcome of one keychain operation.
struct SecretResult
{
    enum class Error
    {
        None,
        NotFound, // no secret stored under that key
        NoKeychain, // no keychain backend (e.g. no Secret Service on D-Bus)
        AccessDenied, // the user or the system refused
        Other,
    };

    Error error = Error::None;
    QString value; // the secret (reads only)
    QString errorString; // translated, for the UI; never contains the secret

    bool ok() const { return error == Error::None; }
};

// Secrets in the OS keychain (QtKeychain: Secret Service, macOS Keychain, Windows Credential
// Store), under the service name "proto-desktop". Asynchronous: each call returns at once and
// calls `done` on the caller's thread, unless `context` was destroyed first. Never logs values.
class SecretStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    using Callback = std::function<void(const SecretResult &)>;

    explicit SecretStore(QObject *parent = nullptr);
    SecretStore(const QString &service, QObject *parent);
    ~SecretStore() override;

    QString service() const { return m_service; }
    // Whether a keychain backend is reachable right now (QtKeychain::isAvailable()).
    static bool keychainAvailable();
    // The message the UI shows when keychainAvailable() is false.
    static QString noKeychainMessage();

    void read(const QString &key, QObject *context, Callback done);
    void write(const QString &key, const QString &value, QObject *context, Callback done);
    void remove(const QString &key, QObject *context, Callback done);

private:
    QString m_service;
};

} // namespace Proto
