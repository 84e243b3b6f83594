#pragma once

#include "tool.h"

namespace Proto {

// git status, diff, log, commit and branch with validated arguments, every one quoted for sh -c.
class GitTool final : public Tool
{
public:
    QString name() const override { return QStringLiteral("git"); }
    QString description() const override;
    QJsonObject inputSchema() const override;

    ToolJob *run(const QJsonObject &input, const ToolContext &context) override;
};

} // namespace Proto
