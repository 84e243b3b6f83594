#pragma once

#include "llmtypes.h"

#include <QByteArray>
#include <QDateTime>
#include <QNetworkReply>

namespace Proto {

// The retry-relevant headers of one HTTP response.
struct LlmRetryHeaders
{
    QByteArray shouldRetry; // x-should-retry
    QByteArray retryAfterMs; // retry-after-ms
    QByteArray retryAfter; // retry-after: seconds or an HTTP date
};

// Pure rules shared by the HTTP clients: error classification and the official SDKs' retry
// behaviour. Kept free of networking so tests can check every rule directly.
class LlmHttp final
{
public:
    // Classifies a non-2xx response from its status and body. Understands Anthropic
    // ({type:"error", error:{type,message}}) and OpenAI ({error:{message,type,code}}) bodies.
    static LlmError errorFromResponse(int httpStatus, const QByteArray &body, const QString &requestId = {});
    // Classifies an `event: error` payload received after HTTP 200.
    static LlmError errorFromStreamEvent(const QJsonObject &payload);
    // Classifies a transport failure (no HTTP status).
    static LlmError errorFromNetwork(QNetworkReply::NetworkError code, const QString &message);

    // Whether a failed attempt may be retried: never on 400/401/403/404/413/422 nor on a spend
    // limit, whatever x-should-retry says; otherwise `x-should-retry: true|false` decides when
    // present; otherwise 408, 409, 429, >= 500 and transport failures are retried.
    static bool shouldRetry(const LlmError &error, const LlmRetryHeaders &headers);

    // Delay before retry number `retryIndex` (0 for the first retry): `retry-after-ms`, else
    // `retry-after` (seconds or HTTP date) when it lies in [0, policy.maxRetryAfterMs); else
    // min(initial * 2^retryIndex, max) * (1 - jitter * 0.25) with jitter in [0, 1).
    static int retryDelayMs(int retryIndex, const LlmRetryHeaders &headers, const LlmRetryPolicy &policy,
        const QDateTime &now, double jitter);

    static bool isSpendLimitMessage(const QString &message);
};

} // namespace Proto
