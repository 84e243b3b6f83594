#include "agentdefinition.h"

#include "policy.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("AgentDefinition", text);
}

bool stringList(const QJsonObject &json, const char *key, QStringList *out, QString *error)
{
    const QJsonValue value = json.value(QLatin1String(key));
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isArray()) {
        *error = tr("\"%1\" must be a list of strings").arg(QLatin1String(key));
        return false;
    }
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array) {
        if (!item.isString() || item.toString().trimmed().isEmpty()) {
            *error = tr("\"%1\" must be a list of non-empty strings").arg(QLatin1String(key));
            return false;
        }
        out->append(item.toString().trimmed());
    }
    return true;
}

} // namespace

std::optional<AgentDefinition> AgentDefinition::fromJson(const QJsonObject &json, QString *error)
{
    QString problem;
    auto fail = [&](const QString &message) -> std::optional<AgentDefinition> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    AgentDefinition agent;
    agent.name = json.value(QLatin1String("name")).toString();
    static const QRegularExpression nameRe(QStringLiteral("^[a-z0-9][a-z0-9_-]{0,63}$"));
    if (!nameRe.match(agent.name).hasMatch())
        return fail(tr("\"name\" must be 1-64 lowercase letters, digits, - or _"));
    agent.description = json.value(QLatin1String("description")).toString();

    const QJsonValue prompt = json.value(QLatin1String("system_prompt"));
    const QJsonValue lines = json.value(QLatin1String("system_prompt_lines"));
    if (prompt.isString()) {
        agent.systemPrompt = prompt.toString();
    } else if (lines.isArray()) {
        QStringList parts; // empty lines are fine in a prompt
        const QJsonArray array = lines.toArray();
        for (const QJsonValue &line : array) {
            if (!line.isString())
                return fail(tr("\"system_prompt_lines\" must be a list of strings"));
            parts.append(line.toString());
        }
        agent.systemPrompt = parts.join(u'\n');
    } else if (!prompt.isUndefined() || !lines.isUndefined()) {
        return fail(tr("\"system_prompt\" must be a string"));
    }
    if (agent.systemPrompt.trimmed().isEmpty())
        return fail(tr("\"system_prompt\" is missing or empty"));

    if (!json.contains(QLatin1String("tools")))
        return fail(tr("\"tools\" is missing (use [\"*\"] for every tool)"));
    if (!stringList(json, "tools", &agent.tools, &problem))
        return fail(problem);
    if (!stringList(json, "delegates", &agent.delegates, &problem))
        return fail(problem);

    const QJsonValue model = json.value(QLatin1String("model"));
    if (!model.isUndefined() && !model.isNull() && !model.isString())
        return fail(tr("\"model\" must be a string"));
    agent.model = model.toString().trimmed();

    const QJsonValue maxTokens = json.value(QLatin1String("max_tokens"));
    if (!maxTokens.isUndefined()) {
        const double v = maxTokens.toDouble(-1);
        if (!maxTokens.isDouble() || v < 1 || v > 1000000 || v != double(qint64(v)))
            return fail(tr("\"max_tokens\" must be a whole number from 1 to 1000000"));
        agent.maxTokens = int(v);
    }

    const QJsonValue policy = json.value(QLatin1String("policy"));
    if (!policy.isUndefined() && !policy.isObject())
        return fail(tr("\"policy\" must be an object"));
    QStringList policyErrors;
    Policy::fromJson(policy.toObject(), &policyErrors);
    if (!policyErrors.isEmpty())
        return fail(tr("\"policy\": %1").arg(policyErrors.join(QStringLiteral("; "))));
    agent.policy = policy.toObject();

    const std::optional<AgentLimits> limits
        = AgentLimits::fromJson(json.value(QLatin1String("limits")), &problem);
    if (!limits)
        return fail(problem);
    agent.limits = *limits;
    return agent;
}

QJsonObject AgentDefinition::toJson() const
{
    QJsonObject json;
    json.insert(QLatin1String("name"), name);
    json.insert(QLatin1String("description"), description);
    json.insert(QLatin1String("system_prompt"), systemPrompt);
    json.insert(QLatin1String("tools"), QJsonArray::fromStringList(tools));
    if (!model.isEmpty())
        json.insert(QLatin1String("model"), model);
    if (maxTokens > 0)
        json.insert(QLatin1String("max_tokens"), maxTokens);
    if (!policy.isEmpty())
        json.insert(QLatin1String("policy"), policy);
    if (!delegates.isEmpty())
        json.insert(QLatin1String("delegates"), QJsonArray::fromStringList(delegates));
    if (!limits.isEmpty())
        json.insert(QLatin1String("limits"), limits.toJson());
    return json;
}

bool AgentDefinition::allowsTool(const QString &tool) const
{
    return tools.contains(QStringLiteral("*")) || tools.contains(tool);
}

bool AgentDefinition::mayDelegateTo(const QString &agent) const
{
    return allowsTool(QStringLiteral("delegate")) && agent != name
        && (delegates.contains(agent) || delegates.contains(QStringLiteral("*")));
}

AgentCatalog AgentCatalog::builtIn()
{
    AgentCatalog catalog;
    QDirIterator it(QStringLiteral(":/proto/agents"), { QStringLiteral("*.json") }, QDir::Files);
    QStringList files;
    while (it.hasNext())
        files.append(it.next());
    files.sort();
    for (const QString &path : std::as_const(files)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        QString error;
        auto agent = AgentDefinition::fromJson(QJsonDocument::fromJson(file.readAll()).object(), &error);
        if (!agent) {
            qWarning("built-in agent %s is invalid: %s", qPrintable(path), qPrintable(error));
            continue;
        }
        agent->source = QStringLiteral("built-in");
        catalog.add(*agent);
    }
    return catalog;
}

AgentCatalog AgentCatalog::load(const QString &userFolder, QStringList *errors)
{
    AgentCatalog catalog = builtIn();
    if (userFolder.isEmpty() || !QFileInfo(userFolder).isDir())
        return catalog;
    QStringList files
        = QDir(userFolder).entryList({ QStringLiteral("*.json") }, QDir::Files | QDir::Readable, QDir::Name);
    for (const QString &name : std::as_const(files)) {
        const QString path = QDir(userFolder).filePath(name);
        QFile file(path);
        auto report = [&](const QString &message) {
            if (errors)
                errors->append(QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(path), message));
        };
        if (file.size() > 1024 * 1024) {
            report(tr("larger than 1 MiB"));
            continue;
        }
        if (!file.open(QIODevice::ReadOnly)) {
            report(file.errorString());
            continue;
        }
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            report(parseError.error != QJsonParseError::NoError ? tr("not valid JSON at offset %1: %2")
                                                                      .arg(parseError.offset)
                                                                      .arg(parseError.errorString())
                                                                : tr("must hold one JSON object"));
            continue;
        }
        QString error;
        auto agent = AgentDefinition::fromJson(doc.object(), &error);
        if (!agent) {
            report(error);
            continue;
        }
        agent->source = path;
        catalog.add(*agent);
    }
    return catalog;
}

void AgentCatalog::add(const AgentDefinition &agent)
{
    for (AgentDefinition &existing : m_agents) {
        if (existing.name == agent.name) {
            existing = agent;
            return;
        }
    }
    m_agents.append(agent);
}

std::optional<AgentDefinition> AgentCatalog::find(const QString &name) const
{
    for (const AgentDefinition &agent : m_agents) {
        if (agent.name == name)
            return agent;
    }
    return std::nullopt;
}

QStringList AgentCatalog::names() const
{
    QStringList list;
    for (const AgentDefinition &agent : m_agents)
        list.append(agent.name);
    return list;
}

AgentDefinition AgentCatalog::defaultAgent() const
{
    if (auto agent = find(QLatin1String(DefaultAgentName)))
        return *agent;
    return m_agents.isEmpty() ? AgentDefinition {} : m_agents.first();
}

} // namespace Proto
