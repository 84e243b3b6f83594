#include "agentsettings.h"

#include "store.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Proto {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Proto::AgentSettings", text);
}

QJsonArray storedProviders(const Store &store)
{
    const QVariant value = store.setting(AgentSettings::providersKey());
    if (value.typeId() == QMetaType::QJsonArray)
        return value.toJsonArray();
    return QJsonDocument::fromJson(value.toString().toUtf8()).array();
}
} // namespace

QString AgentSettings::defaultProviderKey()
{
    return u"model/provider"_s;
}

QString AgentSettings::defaultModelKey()
{
    return u"model/default"_s;
}

QString AgentSettings::providersKey()
{
    return u"providers/custom"_s;
}

AgentSettings AgentSettings::read(const Store &store)
{
    AgentSettings settings;
    const QString provider = store.setting(defaultProviderKey()).toString().trimmed();
    if (!provider.isEmpty())
        settings.defaultProvider = provider;
    settings.defaultModel = store.setting(defaultModelKey()).toString().trimmed();
    for (const QJsonValue &value : storedProviders(store)) {
        QString error;
        const auto config = ProviderConfig::fromJson(value.toObject(), &error);
        if (!config)
            settings.problems.append(error);
        else if (!ProviderConfig::isBuiltInName(config->name))
            settings.customProviders.append(*config);
    }
    return settings;
}

QList<ProviderConfig> AgentSettings::providers() const
{
    return ProviderConfig::builtIns() + customProviders;
}

std::optional<ProviderConfig> AgentSettings::provider(const QString &name) const
{
    const QString wanted = providerName(name);
    const QList<ProviderConfig> all = providers();
    for (const ProviderConfig &config : all) {
        if (config.name == wanted)
            return config;
    }
    return std::nullopt;
}

QString AgentSettings::modelFor(const QString &name) const
{
    const QString wanted = providerName(name);
    if (wanted == defaultProvider && !defaultModel.isEmpty())
        return defaultModel;
    const auto config = provider(wanted);
    if (config && !config->models.isEmpty())
        return config->models.first();
    return {};
}

void AgentSettings::setDefaultProvider(Store &store, const QString &name)
{
    store.setSetting(defaultProviderKey(), name.trimmed());
}

void AgentSettings::setDefaultModel(Store &store, const QString &model)
{
    store.setSetting(defaultModelKey(), model.trimmed());
}

void AgentSettings::setCustomProviders(Store &store, const QList<ProviderConfig> &providers)
{
    QJsonArray list;
    for (const ProviderConfig &config : providers) {
        if (!config.builtIn && !ProviderConfig::isBuiltInName(config.name))
            list.append(config.toJson());
    }
    store.setSetting(providersKey(), QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact)));
}

bool AgentSettings::addProvider(Store &store, const ProviderConfig &provider, QString *error)
{
    if (ProviderConfig::isBuiltInName(provider.name)) {
        *error = tr("\"%1\" is a built-in provider; choose another name.").arg(provider.name);
        return false;
    }
    const QString problem = provider.problem();
    if (!problem.isEmpty()) {
        *error = problem;
        return false;
    }
    QList<ProviderConfig> list = read(store).customProviders;
    bool replaced = false;
    for (ProviderConfig &existing : list) {
        if (existing.name == provider.name) {
            existing = provider;
            replaced = true;
        }
    }
    if (!replaced)
        list.append(provider);
    setCustomProviders(store, list);
    return true;
}

bool AgentSettings::removeProvider(Store &store, const QString &name, QString *error)
{
    if (ProviderConfig::isBuiltInName(name)) {
        *error = tr("\"%1\" is a built-in provider and cannot be removed.").arg(name);
        return false;
    }
    QList<ProviderConfig> list = read(store).customProviders;
    const qsizetype removed
        = list.removeIf([&name](const ProviderConfig &config) { return config.name == name; });
    if (removed == 0) {
        *error = tr("No provider named \"%1\".").arg(name);
        return false;
    }
    setCustomProviders(store, list);
    return true;
}

} // namespace Proto
