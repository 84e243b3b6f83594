#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace Proto {

// Token counts of one assistant message. Anthropic reports cumulative counts, so merging a
// `message_delta` usage overwrites the fields it names.
struct LlmUsage
{
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cacheCreationInputTokens = 0;
    qint64 cacheReadInputTokens = 0;
    // The part of cacheCreationInputTokens written with the 1-hour lifetime (Anthropic's
    // usage.cache_creation.ephemeral_1h_input_tokens); the rest are 5-minute writes.
    qint64 cacheCreation1hInputTokens = 0;

    // Overwrites the fields present in an Anthropic `usage` object.
    void mergeAnthropic(const QJsonObject &usage);
    QJsonObject toJson() const;
    qint64 totalInputTokens() const { return inputTokens + cacheCreationInputTokens + cacheReadInputTokens; }
    bool operator==(const LlmUsage &other) const = default;
};

// A typed failure of a request or stream. `retryable` says whether the transport retried (or
// would retry) it; the retries are done by the stream itself.
struct LlmError
{
    enum class Kind
    {
        None,
        NoApiKey, // no key configured for a provider that needs one
        InvalidApiKey, // 401
        PermissionDenied, // 403
        NotFound, // 404: unknown model or endpoint
        InvalidRequest, // 400 and 422, with the server's message
        RequestTooLarge, // 413
        RateLimited, // 429 rate limit (retried)
        SpendLimit, // 429/400 saying a spend or credit limit was reached (never retried)
        Overloaded, // 529 or an `overloaded_error` event
        ServerError, // other 5xx, `api_error`
        Timeout, // no data for the transfer timeout
        Network, // could not connect, TLS, DNS...
        ConnectionLost, // the stream was cut after content arrived
        MalformedStream, // bad SSE / JSON / event order
        ApiError, // any other error the server reported
    };

    Kind kind = Kind::None;
    int httpStatus = 0;
    QString type; // the server's error type, e.g. "overloaded_error"
    QString message; // the server's message or our explanation
    QString requestId;
    bool retryable = false;

    bool isError() const { return kind != Kind::None; }
    static QString kindName(Kind kind); // stable identifier, e.g. "rate_limited"
    // A translated one-line summary for the UI, e.g. "The API key was rejected (HTTP 401): ...".
    QString toString() const;
};

// Extended thinking asked for a request. What reaches the API depends on the model
// (ModelCatalog): adaptive thinking where the model has it, else a budget; nothing where the
// model has no thinking.
struct LlmThinking
{
    enum class Mode
    {
        Off, // no thinking (models that always think keep thinking)
        Adaptive, // the model decides how much to think (a default budget on budget-only models)
        Budget, // at most budgetTokens thinking tokens (adaptive on models without budgets)
    };
    // thinking.display: whether the thinking text comes back. Since Claude Opus 4.7 the API's
    // default is "omitted" (thinking blocks with an empty text and a signature); Summarized asks
    // for the text, e.g. to show it in the chat. Default sends nothing.
    enum class Display
    {
        Default,
        Summarized,
        Omitted,
    };
    Mode mode = Mode::Off;
    int budgetTokens = 0; // Budget only; the API's minimum is 1024
    Display display = Display::Default;

    static LlmThinking off() { return {}; }
    static LlmThinking adaptive() { return { Mode::Adaptive, 0, Display::Default }; }
    static LlmThinking budget(int tokens) { return { Mode::Budget, tokens, Display::Default }; }
    // "off", "adaptive" or a whole number of tokens (>= 1024), as --thinking takes them.
    static std::optional<LlmThinking> parse(const QString &text);
    QString toString() const; // "off", "adaptive", "16000"
    bool isOn() const { return mode != Mode::Off; }
    bool operator==(const LlmThinking &other) const = default;
};

// output_config.effort: how much the model spends on a response (thinking, text and tool calls).
// Default sends nothing (the model's own default); a level the model lacks is sent as the
// nearest one it has (ModelCapabilities::effortFor).
enum class LlmEffort
{
    Default,
    Low,
    Medium,
    High,
    XHigh,
    Max,
};
QString llmEffortName(LlmEffort effort); // "low"... ; empty for Default
std::optional<LlmEffort> parseLlmEffort(const QString &text); // "low"|"medium"|"high"|"xhigh"|"max"|"default"

// One request in Anthropic's shape; OpenAI-compatible clients convert it.
struct LlmRequest
{
    QString model;
    QString system; // empty: none
    QJsonArray messages; // [{role, content: string | [content blocks]}]
    QJsonArray tools; // Anthropic tool definitions (input_schema or Anthropic-defined types)
    int maxTokens = 4096;
    LlmThinking thinking;
    LlmEffort effort = LlmEffort::Default;
    bool longContext = false; // ask for the model's long context window (a beta header on some)
    std::optional<double> temperature; // dropped while thinking and for models without sampling
    QStringList betas; // anthropic-beta values
    bool promptCaching = true; // cache_control breakpoints (Anthropic only)
    QJsonObject extraBody; // merged into the body last (e.g. tool_choice, metadata)
};

// One entry of a provider's model list.
struct LlmModelInfo
{
    QString id;
    QString displayName;
    QString createdAt;
    bool operator==(const LlmModelInfo &other) const = default;
};

// Retry behaviour, as in the official SDKs: exponential backoff with jitter.
struct LlmRetryPolicy
{
    int maxRetries = 2;
    int initialDelayMs = 500;
    int maxDelayMs = 8000;
    int maxRetryAfterMs = 60000; // server-suggested waits at or above this are ignored
};

} // namespace Proto

Q_DECLARE_METATYPE(Proto::LlmUsage)
Q_DECLARE_METATYPE(Proto::LlmError)
