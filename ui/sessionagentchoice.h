#pragma once

namespace Proto {

class AgentCatalog;
class LlmProviders;
class NewSessionDialog;
struct SessionRecord;

namespace SessionAgentChoice {

// Offers the providers (AgentSettings: built-ins and the user's, with their default models),
// the models each lists (GET /v1/models, asked when the provider is chosen) and the agents of
// the catalog with their descriptions. current: the session being changed (null for a new one,
// which starts from the settings' defaults). providers or agents may be null (not offered).
void fill(NewSessionDialog &dialog, LlmProviders *providers, const AgentCatalog *agents,
    const SessionRecord *current);

} // namespace SessionAgentChoice
} // namespace Proto
