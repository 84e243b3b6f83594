#include "apikeyprovider.h"

#include "secretslogging.h"

#include <QHash>
#include <QPointer>

#include <mutex>

using namespace Qt::StringLiterals;

namespace Proto {

ApiKeyProvider::ApiKeyProvider(SecretStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{ }

ApiKeyProvider::~ApiKeyProvider() = default;

QString ApiKeyProvider::environmentVariable(Provider provider)
{
    return provider == Provider::Anthropic ? u"ANTHROPIC_API_KEY"_s : u"OPENAI_API_KEY"_s;
}

QString ApiKeyProvider::takeEnvironmentKey(const QString &variable)
{
    static std::mutex mutex;
    static QHash<QString, QString> taken;
    const std::lock_guard lock(mutex);
    const QByteArray name = variable.toLocal8Bit();
    if (qEnvironmentVariableIsSet(name.constData())) {
        taken.insert(variable, qEnvironmentVariable(name.constData()).trimmed());
        qunsetenv(name.constData());
    }
    return taken.value(variable);
}

QString ApiKeyProvider::keychainKey(Provider provider)
{
    return provider == Provider::Anthropic ? u"anthropic-api-key"_s : u"openai-api-key"_s;
}

void ApiKeyProvider::lookup(Provider provider, QObject *context, Callback done)
{
    const QString fromEnv = takeEnvironmentKey(environmentVariable(provider));
    if (!fromEnv.isEmpty()) {
        qCDebug(lcSecrets) << "API key for" << provider << "from" << environmentVariable(provider);
        ApiKeyLookup result { fromEnv, ApiKeyLookup::Source::Environment, {} };
        if (!SecretStore::keychainAvailable())
            result.keychainProblem = SecretStore::noKeychainMessage();
        QPointer<QObject> guard(context);
        QMetaObject::invokeMethod(
            context,
            [guard, done, result] {
                if (guard)
                    done(result);
            },
            Qt::QueuedConnection);
        return;
    }
    m_store->read(keychainKey(provider), context, [done, provider](const SecretResult &secret) {
        ApiKeyLookup result;
        if (secret.ok() && !secret.value.isEmpty()) {
            result.key = secret.value;
            result.source = ApiKeyLookup::Source::Keychain;
        } else if (secret.error != SecretResult::Error::NotFound && !secret.ok()) {
            result.keychainProblem = secret.errorString;
        }
        qCDebug(lcSecrets) << "API key for" << provider
                           << (result.found() ? "from the keychain" : "not found");
        done(result);
    });
}

void ApiKeyProvider::store(
    Provider provider, const QString &key, QObject *context, SecretStore::Callback done)
{
    m_store->write(keychainKey(provider), key, context, std::move(done));
}

void ApiKeyProvider::storeEntry(
    const QString &entry, const QString &key, QObject *context, SecretStore::Callback done)
{
    m_store->write(entry, key, context, std::move(done));
}

void ApiKeyProvider::forget(Provider provider, QObject *context, SecretStore::Callback done)
{
    m_store->remove(keychainKey(provider), context, std::move(done));
}

} // namespace Proto
