#pragma once

#include "agentdefinition.h"
#include "agentservices.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace Proto {

class ApprovalBroker;
class AuditLog;
class KillSwitch;
class LlmProviders;
class PriceTable;
class RateLimiter;
class SecretStore;
class SpendLimiter;
class Store;
class ToolRegistry;

// The one assembly of an agent's services, for the desktop app and proto-cli alike: the
// providers' LLM clients (AgentSettings, LlmProviders), the price table with its overrides, the
// standard and core tools, the approval broker, the kill switch (shared through the store), the
// rate and spend limits (LimitSettings, read again at every check), the audit log with its
// anchor key, the agent catalog (built-in plus <data folder>/agents) and the user's policy. It
// owns them all; services() describes them for the runners and stays valid while it lives.
class AgentServicesBuilder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentServicesBuilder)

public:
    struct Options
    {
        bool useKeychain = true; // false: no keychain is touched (the audit key goes to a file)
        double maxCostUsd = 0; // a run's own spend cap (proto-cli --max-cost), 0 = none
        // Problems worth telling the person (a skipped agent definition, a bad policy setting).
        std::function<void(const QString &)> warn;
    };

    AgentServicesBuilder(Store *store, const Options &options, QObject *parent = nullptr);
    ~AgentServicesBuilder() override;

    // Loads the audit anchor's key and the providers' keys, then calls ready (once).
    void load(std::function<void()> ready);

    const AgentServices &services() const { return m_services; }
    Store *store() const { return m_store; }
    LlmProviders *providers() const { return m_providers.get(); }
    ToolRegistry *tools() const { return m_tools.get(); }
    ApprovalBroker *approvals() const { return m_approvals.get(); }
    KillSwitch *killSwitch() const { return m_killSwitch.get(); }
    SpendLimiter *spendLimiter() const { return m_spendLimiter.get(); }
    AuditLog *audit() const { return m_audit.get(); }
    SecretStore *secrets() const { return m_secrets.get(); }
    const AgentCatalog &agents() const { return m_agents; }

private:
    void warn(const QString &text) const;

    Store *m_store;
    Options m_options;
    std::unique_ptr<SecretStore> m_secrets;
    std::shared_ptr<PriceTable> m_prices;
    std::unique_ptr<LlmProviders> m_providers;
    std::unique_ptr<ToolRegistry> m_tools;
    std::unique_ptr<ApprovalBroker> m_approvals;
    std::unique_ptr<KillSwitch> m_killSwitch;
    AgentCatalog m_agents;
    std::unique_ptr<RateLimiter> m_rateLimiter;
    std::unique_ptr<SpendLimiter> m_spendLimiter;
    std::unique_ptr<AuditLog> m_audit;
    AgentServices m_services;
};

} // namespace Proto
