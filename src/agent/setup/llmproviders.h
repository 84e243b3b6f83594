#pragma once

#include "agentsettings.h"
#include "llmtypes.h"

#include <QHash>
#include <QNetworkAccessManager>
#include <QObject>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace Proto {

class LlmClient;
class LlmModelListJob;
class PriceTable;
class SecretStore;
class Store;

// The LLM clients of every provider (AgentSettings: built-ins and the user's), made on demand
// from the settings as they are at each call: client() at every request picks up a changed
// base URL, headers or kind. Keys come from the provider's environment variable, else its
// keychain entry (looked up asynchronously by loadKeys()). A key read from the environment is
// taken out of this process's environment at once, so no child process (tool commands, MCP
// servers, agents) inherits it; keys are never logged or stored in the database.
class LlmProviders final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LlmProviders)

public:
    // secrets may be null (no keychain: tests, or a caller that must not touch one).
    LlmProviders(Store *store, SecretStore *secrets, std::shared_ptr<const PriceTable> prices,
        QObject *parent = nullptr);
    ~LlmProviders() override;

    AgentSettings settings() const;
    // The client of a provider ("" = the default); null when no such provider exists.
    LlmClient *client(const QString &provider);
    QString defaultModel(const QString &provider) const;

    // Looks up every provider's key in the keychain (those without one in the environment),
    // then calls done (on context's thread). Safe to call again after a key changed.
    void loadKeys(QObject *context, std::function<void()> done);
    // A key given directly (a test, or one just entered); "" forgets it.
    void setKey(const QString &provider, const QString &key);
    bool hasKey(const QString &provider);
    QString keychainProblem() const { return m_keychainProblem; }

    // Lists the provider's models (GET /v1/models on both kinds); null for an unknown provider.
    LlmModelListJob *listModels(const QString &provider, QObject *parent);
    // For tests: the retry policy of every client made from now on.
    void setRetryPolicy(const LlmRetryPolicy &policy) { m_retryPolicy = policy; }

Q_SIGNALS:
    void keysChanged();

private:
    QString keyFor(const ProviderConfig &config);

    Store *m_store;
    SecretStore *m_secrets;
    std::shared_ptr<const PriceTable> m_prices;
    QNetworkAccessManager m_network;
    std::optional<LlmRetryPolicy> m_retryPolicy;
    std::map<QString, std::unique_ptr<LlmClient>> m_clients; // by provider name
    QHash<QString, ProviderConfig::Kind> m_kinds;
    QHash<QString, QString> m_keychainKeys; // provider name -> key from the keychain
    QHash<QString, QString> m_givenKeys; // setKey()
    QString m_keychainProblem;
};

} // namespace Proto
