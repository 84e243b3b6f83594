#include "agentservicesbuilder.h"

#include "approvalbroker.h"
#include "auditkey.h"
#include "auditlog.h"
#include "killswitch.h"
#include "limitsettings.h"
#include "llmproviders.h"
#include "pricetable.h"
#include "ratelimiter.h"
#include "secretstore.h"
#include "setuplogging.h"
#include "spendlimiter.h"
#include "store.h"
#include "toolregistry.h"

#include <QDir>
#include <QPointer>

namespace Proto {

AgentServicesBuilder::AgentServicesBuilder(Store *store, const Options &options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_options(options)
    , m_secrets(std::make_unique<SecretStore>())
    , m_prices(std::make_shared<PriceTable>())
    , m_tools(ToolRegistry::createStandard())
    , m_approvals(std::make_unique<ApprovalBroker>())
    , m_killSwitch(std::make_unique<KillSwitch>())
    , m_rateLimiter(std::make_unique<RateLimiter>(LimitSettings::read(*store).actionsPerMinute))
    , m_spendLimiter(std::make_unique<SpendLimiter>(
          SpendLimiter::storeSource(store), SpendLimits::fromStore(*store, options.maxCostUsd)))
    , m_audit(std::make_unique<AuditLog>(store))
{
    QString priceError;
    if (!m_prices->loadOverrides(PriceTable::defaultOverridePath(), &priceError))
        warn(tr("price overrides: %1").arg(priceError));
    m_providers
        = std::make_unique<LlmProviders>(store, options.useKeychain ? m_secrets.get() : nullptr, m_prices);
    for (const QString &problem : m_providers->settings().problems)
        warn(tr("provider setting skipped: %1").arg(problem));

    // The limits follow the stored settings (LimitSettings) at every check.
    m_rateLimiter->setLimitSource([store] { return LimitSettings::read(*store).actionsPerMinute; });
    m_spendLimiter->setSettingsSource(SpendLimiter::settingsSource(store));
    AgentServices::registerCoreTools(*m_tools);
    m_killSwitch->attachStore(store);
    QStringList agentErrors;
    m_agents
        = AgentCatalog::load(QDir(Store::dataDirectory()).filePath(QStringLiteral("agents")), &agentErrors);
    for (const QString &problem : std::as_const(agentErrors))
        warn(tr("agent definition skipped: %1").arg(problem));

    m_services.store = store;
    LlmProviders *providers = m_providers.get();
    m_services.llm = nullptr;
    m_services.clientFor = [providers](const QString &provider) { return providers->client(provider); };
    m_services.defaultModelFor
        = [providers](const QString &provider) { return providers->defaultModel(provider); };
    m_services.tools = m_tools.get();
    m_services.approvals = m_approvals.get();
    m_services.killSwitch = m_killSwitch.get();
    m_services.agents = &m_agents;
    m_services.rateLimiter = m_rateLimiter.get();
    m_services.spendLimiter = m_spendLimiter.get();
    m_services.audit = m_audit.get();
    QStringList policyErrors;
    m_services.policy = AgentServices::policyFromSettings(*store, &policyErrors);
    for (const QString &problem : std::as_const(policyErrors))
        warn(tr("policy setting: %1").arg(problem));
}

AgentServicesBuilder::~AgentServicesBuilder()
{
    m_approvals->cancelAll(tr("the agent services are closing"));
}

void AgentServicesBuilder::warn(const QString &text) const
{
    qCWarning(lcAgentSetup).noquote() << text;
    if (m_options.warn)
        m_options.warn(text);
}

void AgentServicesBuilder::load(std::function<void()> ready)
{
    // The audit anchor's key: the keychain, else a 0600 file next to the database (the file
    // only when no keychain may be touched); then the providers' keys.
    QPointer<AgentServicesBuilder> self(this);
    AuditKey::load(m_options.useKeychain ? m_secrets.get() : nullptr, AuditKey::keyFileFor(m_store->path()),
        true, this, [self, ready](const AuditKeyResult &key) {
            if (!self)
                return;
            if (!key.problem.isEmpty())
                self->warn(tr("audit key: %1").arg(key.problem));
            self->m_audit->setKey(key.key, key.isNew);
            self->m_providers->loadKeys(self, [ready] {
                if (ready)
                    ready();
            });
        });
}

} // namespace Proto
