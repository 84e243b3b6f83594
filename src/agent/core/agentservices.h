#pragma once

#include "policy.h"

#include <QString>

#include <functional>

namespace Proto {

class AgentCatalog;
class ApprovalBroker;
class AuditLog;
class KillSwitch;
class LlmClient;
class RateLimiter;
class SpendLimiter;
class Store;
class ToolRegistry;

// What every AgentRunner of a process shares, passed in (never global). The owner (the app's
// main window, proto-cli's main) creates these once and keeps them alive longer than any
// runner. Optional ones may be null: no rate limit, no spend limit, no audit.
struct AgentServices
{
    Store *store = nullptr; // required
    LlmClient *llm = nullptr; // required unless clientFor is set
    // The client of a session's provider ("" = the default provider), asked at every request so
    // a changed provider setting applies to the next one; null when the provider is unknown.
    // Unset: llm serves every session.
    std::function<LlmClient *(const QString &provider)> clientFor;
    // The model of a session that names none, asked at every request; unset or empty:
    // defaultModel.
    std::function<QString(const QString &provider)> defaultModelFor;
    ToolRegistry *tools = nullptr; // required; registerCoreTools() adds planning
    ApprovalBroker *approvals = nullptr; // required
    KillSwitch *killSwitch = nullptr; // required
    const AgentCatalog *agents = nullptr; // required for delegation
    RateLimiter *rateLimiter = nullptr;
    SpendLimiter *spendLimiter = nullptr;
    AuditLog *audit = nullptr;

    Policy policy; // the user's rules (settings "agent/policy") and approval mode
    QString defaultModel = QStringLiteral("claude-sonnet-4-5");
    int maxTokens = 8192;
    int maxDelegationDepth = 2; // a delegate may delegate once more, no deeper
    int maxContinuations = 3; // max_tokens stops continued in a row
    bool allowOutsideRoot = false; // tools may touch files outside the working folder

    // Adds the core's own tools (planning) to a registry.
    static void registerCoreTools(ToolRegistry &registry);
    // The user's rules from the store's settings ("agent/policy", a JSON object in Policy's
    // format); errors are described in *errors.
    static Policy policyFromSettings(const Store &store, QStringList *errors = nullptr);
    // Adds an "allow always" rule to the stored user policy.
    static void rememberRule(Store &store, const PolicyRule &rule);
};

} // namespace Proto
