#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QMap>
#include <QString>

#include <functional>
#include <optional>

namespace Proto {

// Limits an agent definition carries, enforced by its AgentRunner on top of the user's global
// ones (LimitSettings; the stricter one applies):
//
// "limits": {
//   "max_session_usd": 2.0,                  // the session may have spent at most this much
//                                            //   when this agent makes a request or a call
//   "tools": {                               // per action type: a tool's name, or "*" for
//     "bash": { "per_session": 40, "per_hour": 20 },   //   every tool call together
//     "*": { "per_session": 200 }
//   }
// }
//
// Tool calls are counted per agent and session from the audit log's "started" rows, so they
// count across runs and restarts of the session; a call over a limit is refused (the model is
// told why) and the turn goes on.
struct AgentLimits
{
    struct Calls
    {
        int perSession = 0; // 0: no limit
        int perHour = 0; // in the last 60 minutes
    };

    double maxSessionUsd = 0; // 0: no limit of the agent's own
    QMap<QString, Calls> tools;

    bool isEmpty() const { return maxSessionUsd <= 0 && tools.isEmpty(); }

    // nullopt with *error (naming the field) on bad input; undefined/null: no limits.
    static std::optional<AgentLimits> fromJson(const QJsonValue &json, QString *error = nullptr);
    QJsonObject toJson() const;

    // How many calls of `tool` ("*": of every tool) the agent started since `since` (invalid:
    // ever) in the session.
    using Counter = std::function<int(const QString &tool, const QDateTime &since)>;
    // Empty when the agent may call `tool` once more, else the translated reason.
    QString toolRefusal(
        const QString &agent, const QString &tool, const Counter &count, const QDateTime &now) const;
};

} // namespace Proto
