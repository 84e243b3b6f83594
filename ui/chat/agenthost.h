#pragma once

#include "agentservices.h"

#include <QObject>
#include <QString>

#include <memory>

namespace Proto {

class AgentServicesBuilder;
class ApiKeyProvider;
class ApprovalBroker;
class KillSwitch;
class LlmProviders;
class Store;

// The desktop app's front over the core's one assembly (AgentServicesBuilder, the same as
// proto-cli's): one per process, made in main(). The providers' keys are looked up
// asynchronously (the environment, then the keychain); reloadApiKey() after the user changed
// one.
class AgentHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentHost)

public:
    // store must outlive the host. With lookUpKey false no keychain is touched (tests set keys
    // with setApiKey()).
    explicit AgentHost(Store *store, bool lookUpKey = true, QObject *parent = nullptr);
    ~AgentHost() override;

    const AgentServices *services() const;
    KillSwitch *killSwitch() const;
    ApprovalBroker *approvals() const;
    LlmProviders *providers() const;
    ApiKeyProvider *keys() const { return m_keys.get(); }

    bool hasApiKey() const; // the default provider's
    QString keychainProblem() const;
    void setApiKey(const QString &key, const QString &provider = QStringLiteral("anthropic"));
    void reloadApiKey();

Q_SIGNALS:
    void apiKeyChanged(bool present);

private:
    std::unique_ptr<AgentServicesBuilder> m_built;
    std::unique_ptr<ApiKeyProvider> m_keys;
};

} // namespace Proto
