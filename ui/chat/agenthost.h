#pragma once

#include "agentdefinition.h"
#include "agentservices.h"

#include <QObject>
#include <QString>

#include <memory>

namespace Proto {

class AnthropicClient;
class ApiKeyProvider;
class ApprovalBroker;
class AuditLog;
class KillSwitch;
class RateLimiter;
class SecretStore;
class SpendLimiter;
class Store;
class ToolRegistry;

// What the desktop app's agent runners share (one per process, made in main()): the LLM client
// with the user's key, the tools, the approval broker, the kill switch (shared with proto-cli
// through the store), limits and audit log. The API key is looked up asynchronously (the
// environment, then the keychain); reloadApiKey() after the user changed it.
class AgentHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentHost)

public:
    // store must outlive the host. With lookUpKey false no keychain is touched (tests set the
    // key with setApiKey()).
    explicit AgentHost(Store *store, bool lookUpKey = true, QObject *parent = nullptr);
    ~AgentHost() override;

    const AgentServices *services() const { return &m_services; }
    KillSwitch *killSwitch() const;
    ApprovalBroker *approvals() const;
    ApiKeyProvider *keys() const { return m_keys.get(); }

    bool hasApiKey() const;
    QString keychainProblem() const { return m_keychainProblem; }
    void setApiKey(const QString &key);
    void reloadApiKey();

Q_SIGNALS:
    void apiKeyChanged(bool present);

private:
    Store *m_store;
    std::unique_ptr<AnthropicClient> m_llm;
    std::unique_ptr<ToolRegistry> m_tools;
    std::unique_ptr<ApprovalBroker> m_approvals;
    std::unique_ptr<KillSwitch> m_killSwitch;
    AgentCatalog m_agents;
    std::unique_ptr<RateLimiter> m_rateLimiter;
    std::unique_ptr<SpendLimiter> m_spendLimiter;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<ApiKeyProvider> m_keys;
    AgentServices m_services;
    QString m_keychainProblem;
};

} // namespace Proto
