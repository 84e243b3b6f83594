#include "agentservices.h"

#include "planningtool.h"
#include "store.h"
#include "toolregistry.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Proto {

namespace {
const QString PolicyKey = QStringLiteral("agent/policy");

QJsonObject storedPolicy(const Store &store)
{
    const QVariant value = store.setting(PolicyKey);
    if (value.typeId() == QMetaType::QJsonObject)
        return value.toJsonObject();
    return QJsonDocument::fromJson(value.toString().toUtf8()).object();
}
} // namespace

void AgentServices::registerCoreTools(ToolRegistry &registry)
{
    registry.add(std::make_unique<PlanningTool>());
}

Policy AgentServices::policyFromSettings(const Store &store, QStringList *errors)
{
    return Policy::fromJson(storedPolicy(store), errors);
}

void AgentServices::rememberRule(Store &store, const PolicyRule &rule)
{
    QJsonObject json = storedPolicy(store);
    const QString key = policyActionName(rule.action);
    QJsonArray list = json.value(key).toArray();
    if (!list.contains(rule.toString()))
        list.append(rule.toString());
    json.insert(key, list);
    store.setSetting(PolicyKey, QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)));
}

} // namespace Proto
