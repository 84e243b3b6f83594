#pragma once

#include "tool.h"

namespace Proto {

// Reads a text file as numbered lines (offset/limit in lines); refuses binary files.
class ReadTool final : public Tool
{
public:
    QString name() const override { return QStringLiteral("read"); }
    QString description() const override;
    QJsonObject inputSchema() const override;

    ToolJob *run(const QJsonObject &input, const ToolContext &context) override;
};

} // namespace Proto
