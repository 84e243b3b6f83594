#include "agentlimits.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <cmath>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("AgentLimits", text);
}

bool wholeNumber(const QJsonValue &value, int *out)
{
    if (value.isUndefined() || value.isNull()) {
        *out = 0;
        return true;
    }
    const double v = value.toDouble(-1);
    if (!value.isDouble() || v < 0 || v > 1e9 || v != std::floor(v))
        return false;
    *out = int(v);
    return true;
}

} // namespace

std::optional<AgentLimits> AgentLimits::fromJson(const QJsonValue &json, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<AgentLimits> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    AgentLimits limits;
    if (json.isUndefined() || json.isNull())
        return limits;
    if (!json.isObject())
        return fail(tr("\"limits\" must be an object"));
    const QJsonObject object = json.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() != QLatin1String("max_session_usd") && it.key() != QLatin1String("tools"))
            return fail(tr("\"limits\" has an unknown field \"%1\"").arg(it.key().left(100)));
    }
    const QJsonValue usd = object.value(QLatin1String("max_session_usd"));
    if (!usd.isUndefined() && !usd.isNull()) {
        if (!usd.isDouble() || !std::isfinite(usd.toDouble()) || usd.toDouble() < 0 || usd.toDouble() > 1e6)
            return fail(tr("\"limits.max_session_usd\" must be an amount from 0 to 1000000"));
        limits.maxSessionUsd = usd.toDouble();
    }
    const QJsonValue tools = object.value(QLatin1String("tools"));
    if (!tools.isUndefined() && !tools.isNull()) {
        if (!tools.isObject())
            return fail(tr("\"limits.tools\" must be an object of tool names"));
        const QJsonObject table = tools.toObject();
        for (auto it = table.begin(); it != table.end(); ++it) {
            const QString name = it.key().left(100);
            if (!it.value().isObject())
                return fail(tr("\"limits.tools.%1\" must be an object").arg(name));
            const QJsonObject entry = it.value().toObject();
            Calls calls;
            for (auto field = entry.begin(); field != entry.end(); ++field) {
                if (field.key() != QLatin1String("per_session") && field.key() != QLatin1String("per_hour"))
                    return fail(tr("\"limits.tools.%1\" has an unknown field \"%2\"")
                            .arg(name, field.key().left(100)));
            }
            if (!wholeNumber(entry.value(QLatin1String("per_session")), &calls.perSession)
                || !wholeNumber(entry.value(QLatin1String("per_hour")), &calls.perHour))
                return fail(
                    tr("\"limits.tools.%1\": per_session and per_hour must be whole numbers").arg(name));
            if (calls.perSession > 0 || calls.perHour > 0)
                limits.tools.insert(it.key(), calls);
        }
    }
    return limits;
}

QJsonObject AgentLimits::toJson() const
{
    QJsonObject json;
    if (maxSessionUsd > 0)
        json.insert(QLatin1String("max_session_usd"), maxSessionUsd);
    if (!tools.isEmpty()) {
        QJsonObject table;
        for (auto it = tools.begin(); it != tools.end(); ++it) {
            QJsonObject entry;
            if (it->perSession > 0)
                entry.insert(QLatin1String("per_session"), it->perSession);
            if (it->perHour > 0)
                entry.insert(QLatin1String("per_hour"), it->perHour);
            table.insert(it.key(), entry);
        }
        json.insert(QLatin1String("tools"), table);
    }
    return json;
}

QString AgentLimits::toolRefusal(
    const QString &agent, const QString &tool, const Counter &count, const QDateTime &now) const
{
    for (const QString &key : { tool, QStringLiteral("*") }) {
        const auto it = tools.constFind(key);
        if (it == tools.cend())
            continue;
        const QString what = key == QLatin1String("*") ? tr("tool calls") : tr("%1 calls").arg(key);
        if (it->perSession > 0 && count(key, {}) >= it->perSession)
            return tr("Limit reached: the agent %1 may make at most %2 %3 per session. Do without this "
                      "tool, or finish and tell the person what is left.")
                .arg(agent)
                .arg(it->perSession)
                .arg(what);
        if (it->perHour > 0 && count(key, now.addSecs(-3600)) >= it->perHour)
            return tr("Limit reached: the agent %1 may make at most %2 %3 per hour. Do without this tool "
                      "for now, or finish and tell the person what is left.")
                .arg(agent)
                .arg(it->perHour)
                .arg(what);
    }
    return {};
}

} // namespace Proto
