#include "llmtypes.h"

#include <QCoreApplication>

#include <algorithm>

namespace Proto {

void LlmUsage::mergeAnthropic(const QJsonObject &usage)
{
    const auto take = [&usage](const char *name, qint64 &field) {
        const QJsonValue value = usage.value(QLatin1String(name));
        if (value.isDouble())
            field = value.toInteger();
    };
    take("input_tokens", inputTokens);
    take("output_tokens", outputTokens);
    take("cache_creation_input_tokens", cacheCreationInputTokens);
    take("cache_read_input_tokens", cacheReadInputTokens);
    const QJsonValue creation = usage.value(QLatin1String("cache_creation"));
    if (creation.isObject()) {
        const QJsonValue oneHour = creation.toObject().value(QLatin1String("ephemeral_1h_input_tokens"));
        if (oneHour.isDouble())
            cacheCreation1hInputTokens = oneHour.toInteger();
    }
}

QJsonObject LlmUsage::toJson() const
{
    return QJsonObject {
        { QStringLiteral("input_tokens"), inputTokens },
        { QStringLiteral("output_tokens"), outputTokens },
        { QStringLiteral("cache_creation_input_tokens"), cacheCreationInputTokens },
        { QStringLiteral("cache_read_input_tokens"), cacheReadInputTokens },
        { QStringLiteral("cache_creation"),
            QJsonObject {
                { QStringLiteral("ephemeral_5m_input_tokens"),
                    std::max<qint64>(0, cacheCreationInputTokens - cacheCreation1hInputTokens) },
                { QStringLiteral("ephemeral_1h_input_tokens"), cacheCreation1hInputTokens },
            } },
    };
}

std::optional<LlmThinking> LlmThinking::parse(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("off") || t == QLatin1String("none"))
        return off();
    if (t == QLatin1String("adaptive"))
        return adaptive();
    bool ok = false;
    const int tokens = t.toInt(&ok);
    if (ok && tokens >= 1024 && tokens <= 1000000)
        return budget(tokens);
    return std::nullopt;
}

QString LlmThinking::toString() const
{
    switch (mode) {
    case Mode::Off:
        return QStringLiteral("off");
    case Mode::Adaptive:
        return QStringLiteral("adaptive");
    case Mode::Budget:
        return QString::number(budgetTokens);
    }
    return {};
}

QString llmEffortName(LlmEffort effort)
{
    switch (effort) {
    case LlmEffort::Default:
        return {};
    case LlmEffort::Low:
        return QStringLiteral("low");
    case LlmEffort::Medium:
        return QStringLiteral("medium");
    case LlmEffort::High:
        return QStringLiteral("high");
    case LlmEffort::XHigh:
        return QStringLiteral("xhigh");
    case LlmEffort::Max:
        return QStringLiteral("max");
    }
    return {};
}

std::optional<LlmEffort> parseLlmEffort(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("default"))
        return LlmEffort::Default;
    for (LlmEffort e :
        { LlmEffort::Low, LlmEffort::Medium, LlmEffort::High, LlmEffort::XHigh, LlmEffort::Max }) {
        if (t == llmEffortName(e))
            return e;
    }
    return std::nullopt;
}

QString LlmError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return QStringLiteral("none");
    case Kind::NoApiKey:
        return QStringLiteral("no_api_key");
    case Kind::InvalidApiKey:
        return QStringLiteral("invalid_api_key");
    case Kind::PermissionDenied:
        return QStringLiteral("permission_denied");
    case Kind::NotFound:
        return QStringLiteral("not_found");
    case Kind::InvalidRequest:
        return QStringLiteral("invalid_request");
    case Kind::RequestTooLarge:
        return QStringLiteral("request_too_large");
    case Kind::RateLimited:
        return QStringLiteral("rate_limited");
    case Kind::SpendLimit:
        return QStringLiteral("spend_limit");
    case Kind::Overloaded:
        return QStringLiteral("overloaded");
    case Kind::ServerError:
        return QStringLiteral("server_error");
    case Kind::Timeout:
        return QStringLiteral("timeout");
    case Kind::Network:
        return QStringLiteral("network");
    case Kind::ConnectionLost:
        return QStringLiteral("connection_lost");
    case Kind::MalformedStream:
        return QStringLiteral("malformed_stream");
    case Kind::ApiError:
        return QStringLiteral("api_error");
    }
    return QStringLiteral("unknown");
}

QString LlmError::toString() const
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("Proto::LlmError", text); };
    QString summary;
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::NoApiKey:
        summary = tr("No API key is configured.");
        break;
    case Kind::InvalidApiKey:
        summary = tr("The API key was rejected.");
        break;
    case Kind::PermissionDenied:
        summary = tr("The API key may not use this resource.");
        break;
    case Kind::NotFound:
        summary = tr("The model or endpoint was not found.");
        break;
    case Kind::InvalidRequest:
        summary = tr("The server rejected the request.");
        break;
    case Kind::RequestTooLarge:
        summary = tr("The request is too large.");
        break;
    case Kind::RateLimited:
        summary = tr("Rate limit reached.");
        break;
    case Kind::SpendLimit:
        summary = tr("Spend or credit limit reached.");
        break;
    case Kind::Overloaded:
        summary = tr("The service is overloaded.");
        break;
    case Kind::ServerError:
        summary = tr("The server failed.");
        break;
    case Kind::Timeout:
        summary = tr("The server stopped responding.");
        break;
    case Kind::Network:
        summary = tr("Network error.");
        break;
    case Kind::ConnectionLost:
        summary = tr("The connection was lost in the middle of the reply.");
        break;
    case Kind::MalformedStream:
        summary = tr("The server sent a malformed stream.");
        break;
    case Kind::ApiError:
        summary = tr("The server reported an error.");
        break;
    }
    if (httpStatus > 0)
        summary
            += QLatin1Char(' ') + QCoreApplication::translate("Proto::LlmError", "(HTTP %1)").arg(httpStatus);
    if (!message.isEmpty())
        summary += QLatin1Char(' ') + message;
    return summary;
}

} // namespace Proto
