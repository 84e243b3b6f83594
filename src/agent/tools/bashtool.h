#pragma once

#include "tool.h"

namespace Proto {

// Runs a shell command in the session folder (bash_20250124): streaming output, exit code, timeout, process
// group killed on cancel or timeout.
class BashTool final : public Tool
{
public:
    QString name() const override { return QStringLiteral("bash"); }
    QString description() const override;
    QJsonObject inputSchema() const override;
    QString anthropicType() const override { return QStringLiteral("bash_20250124"); }
    ToolJob *run(const QJsonObject &input, const ToolContext &context) override;
};

} // namespace Proto
