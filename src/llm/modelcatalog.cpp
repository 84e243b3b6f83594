#include "modelcatalog.h"

#include "llmdatafile.h"
#include "llmlogging.h"
#include "modelid.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>

namespace Proto {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Proto::ModelCatalog", text);
}

const QList<std::pair<ModelCapabilities::Thinking, QLatin1String>> kThinkingNames {
    { ModelCapabilities::Thinking::None, QLatin1String("none") },
    { ModelCapabilities::Thinking::Budget, QLatin1String("budget") },
    { ModelCapabilities::Thinking::Adaptive, QLatin1String("adaptive") },
    { ModelCapabilities::Thinking::AdaptiveOnly, QLatin1String("adaptive_only") },
    { ModelCapabilities::Thinking::DefaultOn, QLatin1String("default_on") },
    { ModelCapabilities::Thinking::AlwaysOn, QLatin1String("always") },
};

bool stringList(const QJsonValue &value, QStringList *out)
{
    if (value.isUndefined())
        return true;
    if (!value.isArray())
        return false;
    out->clear();
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString() || item.toString().isEmpty())
            return false;
        out->append(item.toString());
    }
    return true;
}

// Parses one entry; fields left out keep `caps`'s values.
bool parseEntry(const QJsonObject &entry, ModelCapabilities &caps, QString *why)
{
    const auto count = [&entry, why](const char *name, auto &out, qint64 min) {
        const QJsonValue value = entry.value(QLatin1String(name));
        if (value.isUndefined())
            return true;
        const double v = value.toDouble(-1);
        if (!value.isDouble() || v < double(min) || v > 1e9 || v != double(qint64(v))) {
            *why = tr("\"%1\" must be a whole number").arg(QLatin1String(name));
            return false;
        }
        out = decltype(out + 0)(v);
        return true;
    };
    const auto text = [&entry, why](const char *name, QString &out) {
        const QJsonValue value = entry.value(QLatin1String(name));
        if (value.isUndefined())
            return true;
        if (!value.isString()) {
            *why = tr("\"%1\" must be a string").arg(QLatin1String(name));
            return false;
        }
        out = value.toString();
        return true;
    };
    if (!count("context_window", caps.contextWindow, 1)
        || !count("long_context_window", caps.longContextWindow, 0)
        || !count("max_output_tokens", caps.maxOutputTokens, 0)
        || !text("long_context_beta", caps.longContextBeta)
        || !text("interleaved_thinking_beta", caps.interleavedThinkingBeta)
        || !text("effort_beta", caps.effortBeta))
        return false;
    const QJsonValue thinking = entry.value(u"thinking");
    if (!thinking.isUndefined()) {
        bool found = false;
        for (const auto &[mode, name] : kThinkingNames) {
            if (thinking.toString() == name) {
                caps.thinking = mode;
                found = true;
            }
        }
        if (!found) {
            *why
                = tr("\"thinking\" must be one of none, budget, adaptive, adaptive_only, default_on, always");
            return false;
        }
    }
    if (!stringList(entry.value(u"efforts"), &caps.efforts)) {
        *why = tr("\"efforts\" must be a list of effort names");
        return false;
    }
    for (const QString &effort : std::as_const(caps.efforts)) {
        const std::optional<LlmEffort> parsed = parseLlmEffort(effort);
        if (!parsed || *parsed == LlmEffort::Default) {
            *why = tr("unknown effort \"%1\"").arg(effort.left(40));
            return false;
        }
    }
    if (!stringList(entry.value(u"computer_use"), &caps.computerUse)) {
        *why = tr("\"computer_use\" must be a list of tool types");
        return false;
    }
    const QJsonValue sampling = entry.value(u"sampling");
    if (!sampling.isUndefined()) {
        if (!sampling.isBool()) {
            *why = tr("\"sampling\" must be true or false");
            return false;
        }
        caps.sampling = sampling.toBool();
    }
    return true;
}
} // namespace

LlmEffort ModelCapabilities::effortFor(LlmEffort wanted) const
{
    if (wanted == LlmEffort::Default || efforts.isEmpty())
        return LlmEffort::Default;
    static const QList<LlmEffort> order { LlmEffort::Low, LlmEffort::Medium, LlmEffort::High,
        LlmEffort::XHigh, LlmEffort::Max };
    const qsizetype at = order.indexOf(wanted);
    for (qsizetype i = at; i >= 0; --i) {
        if (efforts.contains(llmEffortName(order.at(i))))
            return order.at(i);
    }
    for (qsizetype i = at + 1; i < order.size(); ++i) {
        if (efforts.contains(llmEffortName(order.at(i))))
            return order.at(i);
    }
    return LlmEffort::Default;
}

QString ModelCapabilities::thinkingName(Thinking thinking)
{
    for (const auto &[mode, name] : kThinkingNames) {
        if (mode == thinking)
            return name;
    }
    return {};
}

ModelCatalog::ModelCatalog()
{
    QFile builtIn(QStringLiteral(":/proto/llm/models.json"));
    if (builtIn.open(QIODevice::ReadOnly)) {
        const QByteArray json = builtIn.readAll();
        QString error;
        if (!mergeJson(json, &error))
            qCWarning(lcLlm).noquote() << "built-in models.json:" << error;
        m_checked = QJsonDocument::fromJson(json).object().value(u"checked").toString();
    }
}

QString ModelCatalog::defaultOverridePath()
{
    return LlmDataFile::pathInDataFolder(QStringLiteral("models.json"));
}

std::shared_ptr<const ModelCatalog> ModelCatalog::shared()
{
    static QMutex mutex;
    static std::shared_ptr<const ModelCatalog> catalog;
    const QMutexLocker lock(&mutex);
    if (!catalog) {
        auto loaded = std::make_shared<ModelCatalog>();
        QString error;
        if (!loaded->loadOverrides(defaultOverridePath(), &error))
            qCWarning(lcLlm).noquote() << error;
        catalog = std::move(loaded);
    }
    return catalog;
}

bool ModelCatalog::loadOverrides(const QString &path, QString *error)
{
    return LlmDataFile::mergeOverride(
        path, [this](const QByteArray &json, QString *why) { return mergeJson(json, why); }, error);
}

bool ModelCatalog::mergeJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    const QJsonObject root = doc.object();
    const QJsonValue models = root.value(u"models");
    if (!doc.isObject() || !(models.isObject() || models.isUndefined())) {
        if (error)
            *error = parseError.error != QJsonParseError::NoError
                ? parseError.errorString()
                : tr("expected an object with a \"models\" object");
        return false;
    }
    QString why;
    ModelCapabilities defaults = m_default;
    if (root.contains(u"default") && !parseEntry(root.value(u"default").toObject(), defaults, &why)) {
        if (error)
            *error = tr("\"default\": %1").arg(why);
        return false;
    }
    QHash<QString, ModelCapabilities> parsed;
    const QJsonObject table = models.toObject();
    for (auto it = table.begin(); it != table.end(); ++it) {
        // A new entry starts from the default entry; an override of a known one from that one.
        ModelCapabilities caps = m_models.value(it.key(), defaults);
        if (it.key().isEmpty() || !it.value().isObject() || !parseEntry(it.value().toObject(), caps, &why)) {
            if (error)
                *error = tr("model \"%1\": %2").arg(it.key(), why.isEmpty() ? tr("expected an object") : why);
            return false;
        }
        caps.matched = it.key();
        caps.known = true;
        parsed.insert(it.key(), caps);
    }
    QHash<QString, QString> betas;
    const QJsonObject toolBetas = root.value(u"tool_betas").toObject();
    for (auto it = toolBetas.begin(); it != toolBetas.end(); ++it) {
        if (!it.value().isString()) {
            if (error)
                *error = tr("\"tool_betas\" values must be strings");
            return false;
        }
        betas.insert(it.key(), it.value().toString());
    }
    m_default = defaults;
    m_default.matched.clear();
    m_default.known = false;
    m_models.insert(parsed);
    m_toolBetas.insert(betas);
    return true;
}

ModelCapabilities ModelCatalog::capabilities(const QString &model) const
{
    const ModelCapabilities *best = nullptr;
    qsizetype bestLength = 0;
    for (auto it = m_models.cbegin(); it != m_models.cend(); ++it) {
        if (it.key().size() > bestLength && ModelId::matchesKey(model, it.key())) {
            best = &it.value();
            bestLength = it.key().size();
        }
    }
    if (best)
        return *best;
    const ModelId::Family family = ModelId::family(model);
    if (family.isValid()) {
        ModelId::Family newest;
        for (auto it = m_models.cbegin(); it != m_models.cend(); ++it) {
            const ModelId::Family entry = ModelId::family(it.key());
            if (entry.name != family.name)
                continue;
            if (!best || entry.newerThan(newest)
                || (!newest.newerThan(entry) && it.key().size() < best->matched.size())) {
                best = &it.value();
                newest = entry;
            }
        }
    }
    return best ? *best : m_default;
}

} // namespace Proto
