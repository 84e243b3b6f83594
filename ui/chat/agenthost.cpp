#include "agenthost.h"

#include "agentservicesbuilder.h"
#include "apikeyprovider.h"
#include "llmproviders.h"

namespace Proto {

AgentHost::AgentHost(Store *store, bool lookUpKey, QObject *parent)
    : QObject(parent)
{
    AgentServicesBuilder::Options options;
    options.useKeychain = lookUpKey;
    m_built = std::make_unique<AgentServicesBuilder>(store, options);
    m_keys = std::make_unique<ApiKeyProvider>(m_built->secrets());
    connect(m_built->providers(), &LlmProviders::keysChanged, this,
        [this] { Q_EMIT apiKeyChanged(hasApiKey()); });
    m_built->load({});
}

AgentHost::~AgentHost() = default;

const AgentServices *AgentHost::services() const
{
    return &m_built->services();
}

KillSwitch *AgentHost::killSwitch() const
{
    return m_built->killSwitch();
}

ApprovalBroker *AgentHost::approvals() const
{
    return m_built->approvals();
}

LlmProviders *AgentHost::providers() const
{
    return m_built->providers();
}

bool AgentHost::hasApiKey() const
{
    return m_built->providers()->hasKey({});
}

QString AgentHost::keychainProblem() const
{
    return m_built->providers()->keychainProblem();
}

void AgentHost::setApiKey(const QString &key, const QString &provider)
{
    m_built->providers()->setKey(provider, key);
}

void AgentHost::reloadApiKey()
{
    m_built->providers()->loadKeys(this, {});
}

} // namespace Proto
