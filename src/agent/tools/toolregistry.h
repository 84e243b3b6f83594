#pragma once

#include "tool.h"

#include <QJsonArray>
#include <QStringList>

#include <memory>
#include <vector>

namespace Proto {

// The tools an agent may call. Agent definitions are data: they name the tools they allow
// (allowed lists below; "*" allows all). run() validates the input against the tool's schema
// first, so a malformed call from the model becomes an is_error result, never a crash.
class ToolRegistry final
{
    Q_DISABLE_COPY_MOVE(ToolRegistry)

public:
    enum class Flavor
    {
        Anthropic, // Anthropic-defined types where they exist (bash_20250124, text_editor_20250728)
        OpenAi, // plain JSON-schema function tools
    };

    ToolRegistry();
    ~ToolRegistry();

    // bash, read, write, edit, str_replace_based_edit_tool, glob, grep, git.
    static std::unique_ptr<ToolRegistry> createStandard();

    void add(std::unique_ptr<Tool> tool); // replaces a tool of the same name
    Tool *tool(const QString &name) const;
    QStringList names() const; // in registration order

    static bool isAllowed(const QString &name, const QStringList &allowed);
    // The request's "tools" array.
    QJsonArray definitions(Flavor flavor, const QStringList &allowed = { QStringLiteral("*") }) const;

    // Validates and starts a call. Unknown, disallowed or invalid calls return a job that
    // finishes with an is_error result naming the problem. Never null.
    ToolJob *run(const QString &name, const QJsonObject &input, const ToolContext &context,
        const QStringList &allowed = { QStringLiteral("*") }) const;
    // The tool's preview of a call (Tool::preview) after the same checks as run(): null when
    // the tool is unknown or unavailable or has nothing to preview for this call, else a job
    // (failing with the reason run() would give when the machine or the input is not right).
    ToolJob *preview(const QString &name, const QJsonObject &input, const ToolContext &context,
        const QStringList &allowed = { QStringLiteral("*") }) const;
    // The validation step alone: empty when input suits the tool.
    QString validate(const QString &name, const QJsonObject &input) const;

private:
    struct Entry
    {
        std::unique_ptr<Tool> tool;
        QJsonObject schema; // built once: validation runs on every call
    };
    const Entry *entry(const QString &name) const;
    // Why a call cannot start (unknown, not allowed, no machine, invalid input); empty if it can.
    QString refusal(const Entry *e, const QString &name, const QJsonObject &input, const ToolContext &context,
        const QStringList &allowed) const;

    std::vector<Entry> m_tools;
};

} // namespace Proto
