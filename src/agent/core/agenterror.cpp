#include "agenterror.h"

#include "llmtypes.h"

namespace Proto {

QString AgentError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return QStringLiteral("none");
    case Kind::NoApiKey:
        return QStringLiteral("no_api_key");
    case Kind::Auth:
        return QStringLiteral("auth");
    case Kind::SpendLimit:
        return QStringLiteral("spend_limit");
    case Kind::RateLimit:
        return QStringLiteral("rate_limit");
    case Kind::KillSwitch:
        return QStringLiteral("kill_switch");
    case Kind::Network:
        return QStringLiteral("network");
    case Kind::Server:
        return QStringLiteral("server");
    case Kind::InvalidRequest:
        return QStringLiteral("invalid_request");
    case Kind::TooLarge:
        return QStringLiteral("too_large");
    case Kind::Api:
        return QStringLiteral("api");
    case Kind::Busy:
        return QStringLiteral("busy");
    case Kind::Machine:
        return QStringLiteral("machine");
    case Kind::Internal:
        return QStringLiteral("internal");
    }
    return {};
}

AgentError AgentError::fromLlm(const LlmError &error)
{
    AgentError out;
    out.message = error.toString();
    switch (error.kind) {
    case LlmError::Kind::None:
        out.kind = Kind::None;
        break;
    case LlmError::Kind::NoApiKey:
        out.kind = Kind::NoApiKey;
        break;
    case LlmError::Kind::InvalidApiKey:
    case LlmError::Kind::PermissionDenied:
        out.kind = Kind::Auth;
        break;
    case LlmError::Kind::SpendLimit:
        out.kind = Kind::SpendLimit;
        break;
    case LlmError::Kind::RateLimited:
        out.kind = Kind::RateLimit;
        break;
    case LlmError::Kind::Timeout:
    case LlmError::Kind::Network:
    case LlmError::Kind::ConnectionLost:
        out.kind = Kind::Network;
        break;
    case LlmError::Kind::Overloaded:
    case LlmError::Kind::ServerError:
        out.kind = Kind::Server;
        break;
    case LlmError::Kind::NotFound:
    case LlmError::Kind::InvalidRequest:
        out.kind = Kind::InvalidRequest;
        break;
    case LlmError::Kind::RequestTooLarge:
        out.kind = Kind::TooLarge;
        break;
    case LlmError::Kind::MalformedStream:
    case LlmError::Kind::ApiError:
        out.kind = Kind::Api;
        break;
    }
    return out;
}

} // namespace Proto
