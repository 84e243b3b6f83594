#pragma once

#include "llmtypes.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <memory>

namespace Proto {

// What one model accepts, from the model catalog.
struct ModelCapabilities
{
    enum class Thinking
    {
        None, // no extended thinking
        Budget, // thinking.type "enabled" with budget_tokens
        Adaptive, // thinking.type "adaptive" (a budget is still accepted)
        AdaptiveOnly, // adaptive; a budget is rejected
        DefaultOn, // adaptive unless thinking.type "disabled" is sent
        AlwaysOn, // thinks whatever is sent; "disabled" and budgets are rejected
    };

    QString matched; // the catalog entry used; empty: the catalog's default
    bool known = false; // false: the default entry (no key or family matched)
    qint64 contextWindow = 200000;
    qint64 longContextWindow = 0; // with longContextBeta when a long context is requested
    QString longContextBeta;
    int maxOutputTokens = 0; // 0: unknown
    Thinking thinking = Thinking::None;
    QString interleavedThinkingBeta; // for thinking between tool calls with a budget
    QStringList efforts; // accepted output_config.effort values
    QString effortBeta;
    QStringList computerUse; // accepted computer tool types, preferred first
    bool sampling = true; // temperature, top_p, top_k accepted

    bool supportsAdaptive() const { return thinking >= Thinking::Adaptive; }
    bool supportsBudget() const { return thinking == Thinking::Budget || thinking == Thinking::Adaptive; }
    // The effort level to send for `wanted`: itself when accepted, else the highest accepted
    // level below it, else the lowest above it; Default when the model takes no effort.
    LlmEffort effortFor(LlmEffort wanted) const;
    static QString thinkingName(Thinking thinking); // "none", "budget", ... as in models.json
};

// Model capabilities as data: the built-in catalog (`:/proto/llm/models.json`) and, when present,
// `models.json` in the data folder, whose entries replace or add to it. A model id finds its
// entry as in the price table (ModelId::matchesKey, longest key; else the newest entry of its
// family, so a newer `claude-opus-*` id gets the newest known Opus capabilities); an id of no
// known family gets the catalog's "default" entry.
class ModelCatalog final
{
public:
    ModelCatalog(); // the built-in catalog
    bool loadOverrides(const QString &path, QString *error = nullptr);
    // Parses a catalog in the models.json format; entries (and "default", "tool_betas") replace
    // existing ones. Nothing is changed when it is malformed.
    bool mergeJson(const QByteArray &json, QString *error = nullptr);

    // The data-folder override path: $PROTO_DESKTOP_HOME or AppDataLocation, + "/models.json".
    static QString defaultOverridePath();
    // The built-in catalog plus the data folder's overrides, loaded once (a malformed override
    // is logged and ignored).
    static std::shared_ptr<const ModelCatalog> shared();

    ModelCapabilities capabilities(const QString &model) const;
    // The anthropic-beta header a computer tool type needs ("" when none or unknown).
    QString toolBeta(const QString &toolType) const { return m_toolBetas.value(toolType); }
    QStringList models() const { return m_models.keys(); }
    QString checkedDate() const { return m_checked; }

private:
    QHash<QString, ModelCapabilities> m_models;
    ModelCapabilities m_default;
    QHash<QString, QString> m_toolBetas;
    QString m_checked;
};

} // namespace Proto
