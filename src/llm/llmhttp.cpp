#include "llmhttp.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLocale>
#include <QTimeZone>

#include <cmath>

namespace Proto {

namespace {
using Kind = LlmError::Kind;

QString tr(const char *text)
{
    return QCoreApplication::translate("Proto::LlmHttp", text);
}

Kind kindFromType(const QString &type)
{
    if (type == u"authentication_error")
        return Kind::InvalidApiKey;
    if (type == u"permission_error")
        return Kind::PermissionDenied;
    if (type == u"not_found_error")
        return Kind::NotFound;
    if (type == u"invalid_request_error")
        return Kind::InvalidRequest;
    if (type == u"request_too_large")
        return Kind::RequestTooLarge;
    if (type == u"rate_limit_error")
        return Kind::RateLimited;
    if (type == u"overloaded_error")
        return Kind::Overloaded;
    if (type == u"api_error" || type == u"server_error")
        return Kind::ServerError;
    if (type == u"billing_error")
        return Kind::SpendLimit;
    return Kind::ApiError;
}

Kind kindFromStatus(int status)
{
    switch (status) {
    case 400:
    case 422:
        return Kind::InvalidRequest;
    case 401:
        return Kind::InvalidApiKey;
    case 403:
        return Kind::PermissionDenied;
    case 404:
        return Kind::NotFound;
    case 408:
        return Kind::Timeout;
    case 413:
        return Kind::RequestTooLarge;
    case 429:
        return Kind::RateLimited;
    case 529:
        return Kind::Overloaded;
    default:
        return status >= 500 ? Kind::ServerError : Kind::ApiError;
    }
}

bool neverRetriedStatus(int status)
{
    return status == 400 || status == 401 || status == 403 || status == 404 || status == 413 || status == 422;
}

// Fills type and message from either provider's error body; returns false when it is not one.
bool parseErrorBody(const QByteArray &body, LlmError &error)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return false;
    const QJsonValue inner = doc.object().value(u"error");
    if (inner.isObject()) {
        const QJsonObject object = inner.toObject();
        error.type = object.value(u"type").toString();
        if (error.type.isEmpty())
            error.type = object.value(u"code").toVariant().toString();
        error.message = object.value(u"message").toString();
        if (error.requestId.isEmpty())
            error.requestId = doc.object().value(u"request_id").toString();
        return true;
    }
    if (inner.isString()) { // some OpenAI-compatible servers: {"error": "text"}
        error.message = inner.toString();
        return true;
    }
    return false;
}
} // namespace

bool LlmHttp::isSpendLimitMessage(const QString &message)
{
    const QString lower = message.toLower();
    return lower.contains(u"credit balance") || lower.contains(u"spend limit")
        || lower.contains(u"credit limit") || lower.contains(u"usage limits") || lower.contains(u"billing")
        || lower.contains(u"insufficient_quota") || lower.contains(u"exceeded your current quota");
}

LlmError LlmHttp::errorFromResponse(int httpStatus, const QByteArray &body, const QString &requestId)
{
    LlmError error;
    error.httpStatus = httpStatus;
    error.requestId = requestId;
    if (!parseErrorBody(body, error)) {
        const QByteArray trimmed = body.trimmed().left(300);
        error.message = QString::fromUtf8(trimmed);
    }
    error.kind = kindFromStatus(httpStatus);
    if (error.kind == Kind::ApiError && !error.type.isEmpty())
        error.kind = kindFromType(error.type);
    if (error.type == u"overloaded_error")
        error.kind = Kind::Overloaded;
    if ((httpStatus == 429 || httpStatus == 400 || httpStatus == 402 || httpStatus == 403)
        && (error.type == u"billing_error" || error.type == u"insufficient_quota"
            || isSpendLimitMessage(error.message)))
        error.kind = Kind::SpendLimit;
    error.retryable = shouldRetry(error, {});
    return error;
}

LlmError LlmHttp::errorFromStreamEvent(const QJsonObject &payload)
{
    LlmError error;
    const QJsonObject inner = payload.value(u"error").toObject();
    error.type = inner.value(u"type").toString();
    error.message = inner.value(u"message").toString();
    error.requestId = payload.value(u"request_id").toString();
    error.kind = kindFromType(error.type);
    if (error.kind == Kind::RateLimited && isSpendLimitMessage(error.message))
        error.kind = Kind::SpendLimit;
    if (error.message.isEmpty())
        error.message = tr("The stream ended with an error event of type \"%1\".").arg(error.type);
    error.retryable = error.kind == Kind::Overloaded || error.kind == Kind::ServerError
        || error.kind == Kind::RateLimited;
    return error;
}

LlmError LlmHttp::errorFromNetwork(QNetworkReply::NetworkError code, const QString &message)
{
    LlmError error;
    error.kind = code == QNetworkReply::TimeoutError ? Kind::Timeout : Kind::Network;
    error.message = message;
    error.retryable = true;
    return error;
}

bool LlmHttp::shouldRetry(const LlmError &error, const LlmRetryHeaders &headers)
{
    if (error.kind == Kind::SpendLimit || error.kind == Kind::NoApiKey || error.kind == Kind::MalformedStream)
        return false;
    if (neverRetriedStatus(error.httpStatus))
        return false;
    const QByteArray hint = headers.shouldRetry.trimmed().toLower();
    if (hint == "true")
        return true;
    if (hint == "false")
        return false;
    if (error.httpStatus == 0 || (error.httpStatus >= 200 && error.httpStatus < 300))
        return error.kind == Kind::Network || error.kind == Kind::Timeout
            || error.kind == Kind::ConnectionLost || error.kind == Kind::Overloaded
            || error.kind == Kind::ServerError || error.kind == Kind::RateLimited;
    const int s = error.httpStatus;
    return s == 408 || s == 409 || s == 429 || s >= 500;
}

int LlmHttp::retryDelayMs(int retryIndex, const LlmRetryHeaders &headers, const LlmRetryPolicy &policy,
    const QDateTime &now, double jitter)
{
    double suggested = std::nan("");
    bool ok = false;
    if (!headers.retryAfterMs.isEmpty()) {
        const double ms = headers.retryAfterMs.trimmed().toDouble(&ok);
        if (ok && std::isfinite(ms))
            suggested = ms;
    }
    if (std::isnan(suggested) && !headers.retryAfter.isEmpty()) {
        const QByteArray value = headers.retryAfter.trimmed();
        const double seconds = value.toDouble(&ok);
        if (ok && std::isfinite(seconds)) {
            suggested = seconds * 1000.0;
        } else {
            QDateTime when = QLocale::c().toDateTime(
                QString::fromLatin1(value), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
            if (when.isValid()) {
                when.setTimeZone(QTimeZone::UTC);
                suggested = double(now.msecsTo(when));
            }
        }
    }
    if (!std::isnan(suggested) && suggested >= 0 && suggested < policy.maxRetryAfterMs)
        return int(std::lround(suggested));
    const int exponent = std::clamp(retryIndex, 0, 30);
    const double base
        = std::min(double(policy.initialDelayMs) * std::pow(2.0, exponent), double(policy.maxDelayMs));
    const double factor = 1.0 - std::clamp(jitter, 0.0, 1.0) * 0.25;
    return int(std::lround(base * factor));
}

} // namespace Proto
