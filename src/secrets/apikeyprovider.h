#pragma once

#include "secretstore.h"

#include <QObject>

namespace Proto {

// Where an API key came from.
struct ApiKeyLookup
{
    enum class Source
    {
        None,
        Environment,
        Keychain,
    };

    QString key; // empty when none was found
    Source source = Source::None;
    // Set when the keychain could not be used (no backend, access denied...): a translated
    // message the UI shows even when the environment supplied the key.
    QString keychainProblem;

    bool found() const { return !key.isEmpty(); }
};

// Finds the API key of a provider: the environment variable first (ANTHROPIC_API_KEY,
// OPENAI_API_KEY), then the keychain entry "<provider>-api-key". Without a keychain it says so
// and relies on the environment. Keys are never logged.
class ApiKeyProvider final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiKeyProvider)

public:
    enum class Provider
    {
        Anthropic,
        OpenAi,
    };
    Q_ENUM(Provider)

    using Callback = std::function<void(const ApiKeyLookup &)>;

    explicit ApiKeyProvider(SecretStore *store, QObject *parent = nullptr);
    ~ApiKeyProvider() override;

    static QString environmentVariable(Provider provider);
    // The value of an environment variable holding a key, taken out of this process's
    // environment at the first call (so no child process inherits it) and remembered for the
    // process's lifetime; empty when it was never set. Thread-safe.
    static QString takeEnvironmentKey(const QString &variable);
    static QString keychainKey(Provider provider);

    void lookup(Provider provider, QObject *context, Callback done);
    void store(Provider provider, const QString &key, QObject *context, SecretStore::Callback done);
    void forget(Provider provider, QObject *context, SecretStore::Callback done);
    // Stores a key under any keychain entry (a user's provider: "<name>-api-key").
    void storeEntry(const QString &entry, const QString &key, QObject *context, SecretStore::Callback done);

private:
    SecretStore *m_store;
};

} // namespace Proto
