#pragma once

#include <QMetaType>
#include <QString>

namespace Proto {

struct LlmError;

// Why an agent turn could not go on, typed so the UI and proto-cli can react (open the key
// settings, show the spend limit, the kill switch...). message is one translated line.
struct AgentError
{
    enum class Kind
    {
        None,
        NoApiKey, // no key for the provider
        Auth, // the key was rejected (401/403)
        SpendLimit, // our limit or the provider's credit limit
        RateLimit, // our actions-per-minute limit or the provider's 429 after retries
        KillSwitch, // engaged
        Network, // cannot connect, timeout, connection lost
        Server, // 5xx, overloaded
        InvalidRequest, // 400/404: model unknown, bad request...
        TooLarge, // 413 / request_too_large: the conversation no longer fits in a request
        Api, // any other error the provider reported
        Busy, // a turn is already running
        Machine, // the session's machine is not usable
        Internal,
    };

    Kind kind = Kind::None;
    QString message;

    bool isError() const { return kind != Kind::None; }
    static QString kindName(Kind kind); // "no_api_key", "auth", "spend_limit", ...
    static AgentError fromLlm(const LlmError &error);
};

} // namespace Proto

Q_DECLARE_METATYPE(Proto::AgentError)
