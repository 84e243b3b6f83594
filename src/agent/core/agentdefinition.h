#pragma once

#include "agentlimits.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Proto {

// An agent as data: what it is told, which tools it may call, which model it uses, which rules
// its tool calls go through and which agents it may hand work to.
//
// {
//   "name": "coder",                      // [a-z0-9_-]{1,64}, unique
//   "description": "Writes and changes code",
//   "system_prompt": "You are ...",       // or "system_prompt_lines": ["...", "..."]
//   "tools": ["bash", "read", "write"],   // "*" for every tool; may name planning, delegate
//   "model": "claude-sonnet-4-5",         // optional: else the session's / the default model
//   "max_tokens": 8192,                   // optional
//   "policy": { "allow": [...], "ask": [...], "deny": [...], "defaults": {...} },
//   "delegates": ["reviewer"],            // agents the delegate tool may run
//   "limits": { "max_session_usd": 2, "tools": { "bash": { "per_session": 40 } } }  // AgentLimits
// }
struct AgentDefinition
{
    QString name;
    QString description;
    QString systemPrompt;
    QStringList tools;
    QString model;
    int maxTokens = 0; // 0: the default
    QJsonObject policy;
    QStringList delegates;
    AgentLimits limits;
    QString source; // "built-in" or the file it came from

    // nullopt with *error set on bad input (names the field).
    static std::optional<AgentDefinition> fromJson(const QJsonObject &json, QString *error = nullptr);
    QJsonObject toJson() const;

    bool allowsTool(const QString &tool) const;
    bool mayDelegateTo(const QString &agent) const;
};

// The agents there are: the built-in ones (resources/agents/*.json, compiled in) and the user's
// (<data folder>/agents/*.json), a user file replacing a built-in agent of the same name.
class AgentCatalog final
{
public:
    AgentCatalog() = default;

    // Loads built-ins and the user's folder (may be empty or missing). Bad files are skipped and
    // described in *errors (file name and reason); everything else is loaded.
    static AgentCatalog load(const QString &userFolder, QStringList *errors = nullptr);
    static AgentCatalog builtIn();

    void add(const AgentDefinition &agent); // replaces one of the same name
    std::optional<AgentDefinition> find(const QString &name) const;
    QStringList names() const;
    QList<AgentDefinition> agents() const { return m_agents; }
    // "general", else the first one.
    AgentDefinition defaultAgent() const;

    static constexpr const char *DefaultAgentName = "general";

private:
    QList<AgentDefinition> m_agents;
};

} // namespace Proto
