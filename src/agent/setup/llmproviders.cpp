#include "llmproviders.h"

#include "anthropicclient.h"
#include "apikeyprovider.h"
#include "openaiclient.h"
#include "pricetable.h"
#include "secretstore.h"
#include "setuplogging.h"
#include "store.h"

#include <QPointer>

namespace Proto {

LlmProviders::LlmProviders(
    Store *store, SecretStore *secrets, std::shared_ptr<const PriceTable> prices, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_secrets(secrets)
    , m_prices(std::move(prices))
{
    // Take every known key out of the environment before any child process starts.
    const QList<ProviderConfig> all = settings().providers();
    for (const ProviderConfig &config : all) {
        if (!config.keyEnv.isEmpty())
            ApiKeyProvider::takeEnvironmentKey(config.keyEnv);
    }
}

LlmProviders::~LlmProviders() = default;

AgentSettings LlmProviders::settings() const
{
    return AgentSettings::read(*m_store);
}

QString LlmProviders::keyFor(const ProviderConfig &config)
{
    if (const auto given = m_givenKeys.constFind(config.name); given != m_givenKeys.cend())
        return *given;
    if (!config.keyEnv.isEmpty()) {
        const QString fromEnv = ApiKeyProvider::takeEnvironmentKey(config.keyEnv);
        if (!fromEnv.isEmpty())
            return fromEnv;
    }
    return m_keychainKeys.value(config.name);
}

LlmClient *LlmProviders::client(const QString &provider)
{
    const AgentSettings current = settings();
    const auto config = current.provider(provider);
    if (!config)
        return nullptr;
    const QString id = config->name;
    auto it = m_clients.find(id);
    if (it == m_clients.end() || m_kinds.value(config->name) != config->kind) {
        std::unique_ptr<LlmClient> made;
        if (config->kind == ProviderConfig::Kind::Anthropic)
            made = std::make_unique<AnthropicClient>(&m_network);
        else
            made = std::make_unique<OpenAiClient>(&m_network);
        made->setPriceTable(m_prices);
        if (m_retryPolicy)
            made->setRetryPolicy(*m_retryPolicy);
        m_kinds.insert(config->name, config->kind);
        it = m_clients.insert_or_assign(id, std::move(made)).first;
        qCDebug(lcAgentSetup) << "client for provider" << config->name
                              << ProviderConfig::kindName(config->kind);
    }
    LlmClient *client = it->second.get();
    client->setBaseUrl(config->url());
    QList<std::pair<QByteArray, QByteArray>> headers;
    for (const auto &[name, value] : config->headers)
        headers.append({ name.toUtf8(), value.toUtf8() });
    client->setExtraHeaders(headers);
    client->setApiKey(keyFor(*config));
    return client;
}

QString LlmProviders::defaultModel(const QString &provider) const
{
    return settings().modelFor(provider);
}

void LlmProviders::setKey(const QString &provider, const QString &key)
{
    if (key.isEmpty())
        m_givenKeys.remove(provider);
    else
        m_givenKeys.insert(provider, key);
    Q_EMIT keysChanged();
}

bool LlmProviders::hasKey(const QString &provider)
{
    const auto config = settings().provider(provider);
    return config && !keyFor(*config).isEmpty();
}

void LlmProviders::loadKeys(QObject *context, std::function<void()> done)
{
    QStringList wanted;
    const QList<ProviderConfig> all = settings().providers();
    for (const ProviderConfig &config : all) {
        if (config.keyEnv.isEmpty() || ApiKeyProvider::takeEnvironmentKey(config.keyEnv).isEmpty())
            wanted.append(config.name);
    }
    if (!m_secrets || wanted.isEmpty()) {
        QPointer<QObject> guard(context);
        QMetaObject::invokeMethod(
            context,
            [guard, done] {
                if (guard && done)
                    done();
            },
            Qt::QueuedConnection);
        return;
    }
    auto remaining = std::make_shared<qsizetype>(wanted.size());
    QPointer<LlmProviders> self(this);
    for (const QString &name : std::as_const(wanted)) {
        m_secrets->read(name + QStringLiteral("-api-key"), context, // ProviderConfig::keychainKey()
            [self, name, remaining, done](const SecretResult &secret) {
                if (self) {
                    if (secret.ok() && !secret.value.isEmpty())
                        self->m_keychainKeys.insert(name, secret.value);
                    else if (secret.ok() || secret.error == SecretResult::Error::NotFound)
                        self->m_keychainKeys.remove(name);
                    else
                        self->m_keychainProblem = secret.errorString;
                    qCDebug(lcAgentSetup) << "keychain key for" << name
                                          << (self->m_keychainKeys.contains(name) ? "found" : "not found");
                }
                if (--*remaining == 0) {
                    if (self)
                        Q_EMIT self->keysChanged();
                    if (done)
                        done();
                }
            });
    }
}

LlmModelListJob *LlmProviders::listModels(const QString &provider, QObject *parent)
{
    LlmClient *c = client(provider);
    return c ? c->listModels(parent) : nullptr;
}

} // namespace Proto
