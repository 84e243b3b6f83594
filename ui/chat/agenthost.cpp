#include "agenthost.h"

#include "anthropicclient.h"
#include "apikeyprovider.h"
#include "approvalbroker.h"
#include "auditkey.h"
#include "auditlog.h"
#include "killswitch.h"
#include "limitsettings.h"
#include "pricetable.h"
#include "ratelimiter.h"
#include "secretstore.h"
#include "spendlimiter.h"
#include "store.h"
#include "toolregistry.h"

#include <QDir>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcChat, "proto.chat")

namespace Proto {

AgentHost::AgentHost(Store *store, bool lookUpKey, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_llm(std::make_unique<AnthropicClient>())
    , m_tools(ToolRegistry::createStandard())
    , m_approvals(std::make_unique<ApprovalBroker>())
    , m_killSwitch(std::make_unique<KillSwitch>())
    , m_rateLimiter(std::make_unique<RateLimiter>(LimitSettings::read(*store).actionsPerMinute))
    , m_spendLimiter(
          std::make_unique<SpendLimiter>(SpendLimiter::storeSource(store), SpendLimits::fromStore(*store)))
    , m_audit(std::make_unique<AuditLog>(store))
    , m_secrets(std::make_unique<SecretStore>())
    , m_keys(std::make_unique<ApiKeyProvider>(m_secrets.get()))
{
    auto prices = std::make_shared<PriceTable>();
    QString priceError;
    if (!prices->loadOverrides(PriceTable::defaultOverridePath(), &priceError))
        qCWarning(lcChat) << "price overrides:" << priceError;
    m_llm->setPriceTable(prices);

    // The limits follow the stored settings (LimitSettings) at every check.
    m_rateLimiter->setLimitSource([store] { return LimitSettings::read(*store).actionsPerMinute; });
    m_spendLimiter->setSettingsSource(SpendLimiter::settingsSource(store));
    // The audit anchor's key: the keychain, else a 0600 file next to the database (the file
    // only when no keychain may be touched).
    AuditKey::load(lookUpKey ? m_secrets.get() : nullptr, AuditKey::keyFileFor(store->path()), true, this,
        [this](const AuditKeyResult &key) {
            if (!key.problem.isEmpty())
                qCWarning(lcChat).noquote() << "audit key:" << key.problem;
            m_audit->setKey(key.key, key.isNew);
        });

    AgentServices::registerCoreTools(*m_tools);
    m_killSwitch->attachStore(store);
    QStringList agentErrors;
    m_agents
        = AgentCatalog::load(QDir(Store::dataDirectory()).filePath(QStringLiteral("agents")), &agentErrors);
    for (const QString &problem : std::as_const(agentErrors))
        qCWarning(lcChat) << "agent definition skipped:" << problem;

    m_services.store = store;
    m_services.llm = m_llm.get();
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
        qCWarning(lcChat) << "policy setting:" << problem;
    const QString defaultModel = store->setting(QStringLiteral("llm/defaultModel")).toString();
    if (!defaultModel.isEmpty())
        m_services.defaultModel = defaultModel;

    if (lookUpKey)
        reloadApiKey();
}

AgentHost::~AgentHost()
{
    m_approvals->cancelAll(tr("the application is closing"));
}

KillSwitch *AgentHost::killSwitch() const
{
    return m_killSwitch.get();
}

ApprovalBroker *AgentHost::approvals() const
{
    return m_approvals.get();
}

bool AgentHost::hasApiKey() const
{
    return m_llm->hasApiKey();
}

void AgentHost::setApiKey(const QString &key)
{
    m_llm->setApiKey(key);
    Q_EMIT apiKeyChanged(!key.isEmpty());
}

void AgentHost::reloadApiKey()
{
    m_keys->lookup(ApiKeyProvider::Provider::Anthropic, this, [this](const ApiKeyLookup &lookup) {
        m_keychainProblem = lookup.keychainProblem;
        setApiKey(lookup.key);
    });
}

} // namespace Proto
