#include "toolregistry.h"

#include "bashtool.h"
#include "edittool.h"
#include "gittool.h"
#include "globtool.h"
#include "greptool.h"
#include "machine.h"
#include "readtool.h"
#include "schemavalidator.h"
#include "texteditortool.h"
#include "writetool.h"

#include <QCoreApplication>

namespace Proto {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("ToolRegistry", text);
}
} // namespace

ToolRegistry::ToolRegistry() = default;
ToolRegistry::~ToolRegistry() = default;

std::unique_ptr<ToolRegistry> ToolRegistry::createStandard()
{
    auto registry = std::make_unique<ToolRegistry>();
    registry->add(std::make_unique<BashTool>());
    registry->add(std::make_unique<ReadTool>());
    registry->add(std::make_unique<WriteTool>());
    registry->add(std::make_unique<EditTool>());
    registry->add(std::make_unique<TextEditorTool>());
    registry->add(std::make_unique<GlobTool>());
    registry->add(std::make_unique<GrepTool>());
    registry->add(std::make_unique<GitTool>());
    return registry;
}

void ToolRegistry::add(std::unique_ptr<Tool> tool)
{
    const QJsonObject schema = tool->inputSchema();
    for (auto &existing : m_tools) {
        if (existing.tool->name() == tool->name()) {
            existing = { std::move(tool), schema };
            return;
        }
    }
    m_tools.push_back({ std::move(tool), schema });
}

const ToolRegistry::Entry *ToolRegistry::entry(const QString &name) const
{
    for (const auto &e : m_tools) {
        if (e.tool->name() == name)
            return &e;
    }
    return nullptr;
}

Tool *ToolRegistry::tool(const QString &name) const
{
    const Entry *e = entry(name);
    return e ? e->tool.get() : nullptr;
}

QStringList ToolRegistry::names() const
{
    QStringList result;
    for (const auto &e : m_tools)
        result.append(e.tool->name());
    return result;
}

bool ToolRegistry::isAllowed(const QString &name, const QStringList &allowed)
{
    return allowed.contains(QStringLiteral("*")) || allowed.contains(name);
}

QJsonArray ToolRegistry::definitions(Flavor flavor, const QStringList &allowed) const
{
    QJsonArray result;
    for (const auto &e : m_tools) {
        if (!isAllowed(e.tool->name(), allowed))
            continue;
        result.append(
            flavor == Flavor::Anthropic ? e.tool->anthropicDefinition() : e.tool->openAiDefinition());
    }
    return result;
}

QString ToolRegistry::validate(const QString &name, const QJsonObject &input) const
{
    const Entry *e = entry(name);
    if (!e)
        return tr("Unknown tool \"%1\". Available tools: %2").arg(name, names().join(QStringLiteral(", ")));
    return SchemaValidator::validate(input, e->schema);
}

QString ToolRegistry::refusal(const Entry *e, const QString &name, const QJsonObject &input,
    const ToolContext &context, const QStringList &allowed) const
{
    if (!e || !isAllowed(name, allowed)) {
        QStringList available;
        for (const auto &candidate : m_tools) {
            if (isAllowed(candidate.tool->name(), allowed))
                available.append(candidate.tool->name());
        }
        return tr("Unknown or unavailable tool \"%1\". Available tools: %2")
            .arg(name, available.isEmpty() ? tr("none") : available.join(QStringLiteral(", ")));
    }
    if (!context.machine)
        return tr("No machine is attached to this session.");
    if (context.machine->state() != Machine::State::Connected) {
        const QString why = context.machine->stateMessage();
        return tr("%1 is not connected%2; try again once it is.")
            .arg(context.machine->name(), why.isEmpty() ? QString() : QStringLiteral(" (") + why + u')');
    }
    const QString invalid = SchemaValidator::validate(input, e->schema);
    if (!invalid.isEmpty())
        return tr("Invalid input for %1: %2").arg(name, invalid);
    return {};
}

ToolJob *ToolRegistry::run(const QString &name, const QJsonObject &input, const ToolContext &context,
    const QStringList &allowed) const
{
    const Entry *e = entry(name);
    const QString error = refusal(e, name, input, context, allowed);
    if (!error.isEmpty()) {
        auto *job = new ToolJob;
        job->fail(error);
        return job;
    }
    return e->tool->run(input, context);
}

ToolJob *ToolRegistry::preview(const QString &name, const QJsonObject &input, const ToolContext &context,
    const QStringList &allowed) const
{
    const Entry *e = entry(name);
    if (!e || !isAllowed(name, allowed) || !e->tool->previews(input))
        return nullptr;
    const QString error = refusal(e, name, input, context, allowed);
    if (!error.isEmpty()) {
        auto *job = new ToolJob;
        job->fail(error);
        return job;
    }
    return e->tool->preview(input, context);
}

} // namespace Proto
