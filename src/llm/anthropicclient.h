#pragma once

#include "llmclient.h"

namespace Proto {

// Anthropic Messages API: POST {base}/v1/messages with `stream: true`, GET {base}/v1/models.
// Headers: x-api-key (the only place the key goes), anthropic-version 2023-06-01, and
// anthropic-beta with the request's betas plus those its tools need (computer use).
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

    // The JSON body sent for `request`: stream on, thinking, temperature, and (when
    // request.promptCaching) `cache_control: {type: ephemeral}` on the system prompt, the last
    // tool and the last block of the last user turn; other cache_control marks in the messages
    // are removed so the API's limit of four breakpoints holds. Thinking blocks stay unchanged.
    static QJsonObject requestBody(const LlmRequest &request);
    // The anthropic-beta values: request.betas plus those the tools need, deduplicated.
    static QStringList betasFor(const LlmRequest &request);

private:
    QNetworkRequest baseRequest(const QString &path) const;
};

} // namespace Proto
