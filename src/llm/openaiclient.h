#pragma once

#include "llmclient.h"

namespace Proto {

// OpenAI-compatible chat completions (OpenAI, llama.cpp, vLLM, Ollama, LM Studio...):
// POST {base}/v1/chat/completions with `stream: true` and `stream_options.include_usage`.
// Requests in Anthropic's shape are converted (tool_use -> tool_calls, tool_result -> role
// "tool" messages, input_schema -> function parameters, images -> data URLs; thinking blocks
// and Anthropic-defined tools without an input_schema are dropped) and the stream comes back as
// Anthropic-shaped blocks, so the same tool loop runs against a local model server.
// Base URL from OPENAI_BASE_URL (default https://api.openai.com; a trailing /v1 is accepted);
// the key (OPENAI_API_KEY) is optional and goes in `Authorization: Bearer` only.
class OpenAiClient final : public LlmClient
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpenAiClient)

public:
    explicit OpenAiClient(QNetworkAccessManager *network = nullptr, QObject *parent = nullptr);
    ~OpenAiClient() override;

    static QUrl defaultBaseUrl();

    QString providerId() const override { return QStringLiteral("openai"); }
    bool requiresApiKey() const override { return false; }
    LlmStream *stream(const LlmRequest &request, QObject *parent = nullptr) override;
    LlmModelListJob *listModels(QObject *parent = nullptr) override;

    // The chat-completions body for an Anthropic-shaped request. *dropped (optional) receives a
    // note for every part that has no OpenAI equivalent. request.effort becomes
    // reasoning_effort (max as xhigh, the highest OpenAI documents); request.thinking is ignored.
    static QJsonObject requestBody(const LlmRequest &request, QStringList *dropped = nullptr);
    // finish_reason -> Anthropic stop_reason.
    static QString stopReasonFor(const QString &finishReason);

private:
    QNetworkRequest baseRequest(const QString &path) const;
};

} // namespace Proto
