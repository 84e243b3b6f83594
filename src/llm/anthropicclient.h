#pragma once

#include "llmclient.h"

namespace Proto {

// Anthropic Messages API: POST {base}/v1/messages with `stream: true`, GET {base}/v1/models.
// Headers: x-api-key (the only place the key goes), anthropic-version 2023-06-01, and
// anthropic-beta with the request's betas plus those its tools and settings need (computer use,
// effort, a long context, interleaved thinking), as the model catalog says.
class AnthropicClient final : public LlmClient
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AnthropicClient)

public:
    static constexpr const char *kApiVersion = "2023-06-01";

    // Base URL from ANTHROPIC_BASE_URL, else https://api.anthropic.com.
    explicit AnthropicClient(QNetworkAccessManager *network = nullptr, QObject *parent = nullptr);
    ~AnthropicClient() override;

    static QUrl defaultBaseUrl();

    QString providerId() const override { return QStringLiteral("anthropic"); }
    bool requiresApiKey() const override { return true; }
    LlmStream *stream(const LlmRequest &request, QObject *parent = nullptr) override;
    LlmModelListJob *listModels(QObject *parent = nullptr) override;

    // The JSON body sent for `request`, written for the model as `catalog` describes it:
    //  - thinking: Adaptive -> {type: adaptive} where the model has it, else {type: enabled,
    //    budget_tokens} with a budget from the effort; Budget -> {type: enabled, budget_tokens}
    //    where budgets are accepted (max_tokens raised above the budget), else adaptive; Off ->
    //    nothing, or {type: disabled} for models that think unless told not to; nothing at all
    //    for models without thinking. thinking.display is added when the request sets one.
    //  - effort: output_config.effort, the nearest level the model accepts; none if it takes none;
    //    at most high with {type: disabled}, which the API rejects above it.
    //  - max_tokens capped at the model's maximum output; temperature dropped while thinking
    //    (the API rejects it) and for models that reject sampling parameters.
    // Also stream on and (when
    // request.promptCaching) `cache_control: {type: ephemeral}` on the system prompt, the last
    // tool and the last block of the last user turn; other cache_control marks in the messages
    // are removed so the API's limit of four breakpoints holds. Thinking blocks stay unchanged.
    static QJsonObject requestBody(const LlmRequest &request, const ModelCatalog &catalog);
    static QJsonObject requestBody(const LlmRequest &request)
    {
        return requestBody(request, *ModelCatalog::shared());
    }
    // The anthropic-beta values: request.betas plus those the tools (computer use), the effort,
    // a long context and budget thinking need for the model, deduplicated.
    static QStringList betasFor(const LlmRequest &request, const ModelCatalog &catalog);
    static QStringList betasFor(const LlmRequest &request)
    {
        return betasFor(request, *ModelCatalog::shared());
    }
    // The thinking budget used when adaptive thinking is asked of a model that only takes
    // budgets: by effort, 4096 (low) to 32000 (max), 16000 by default.
    static int defaultBudget(LlmEffort effort);

private:
    QNetworkRequest baseRequest(const QString &path) const;
};

} // namespace Proto
