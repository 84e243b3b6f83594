#pragma once

#include "tool.h"

namespace Proto {

// Searches file contents by regular expression. Uses ripgrep (rg --json) when the machine
// has it, else walks and reads the files itself; either way the result reads like
// "path:line:text" (context lines "path-line-text", "--" between groups), sorted by path.
// ripgrep also honours .gitignore; the built-in search does not.
class GrepTool final : public Tool
{
public:
    enum class Backend
    {
        Auto,
        Ripgrep,
        BuiltIn
    };

    explicit GrepTool(Backend backend = Backend::Auto);

    QString name() const override { return QStringLiteral("grep"); }
    QString description() const override;
    QJsonObject inputSchema() const override;
    ToolJob *run(const QJsonObject &input, const ToolContext &context) override;

private:
    Backend m_backend;
};

} // namespace Proto
