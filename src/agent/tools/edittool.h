#pragma once

#include "textfileops.h"
#include "tool.h"

namespace Proto {

// Replaces text that occurs exactly once (or every occurrence with replace_all).
class EditTool final : public Tool
{
public:
    QString name() const override { return QStringLiteral("edit"); }
    QString description() const override;
    QJsonObject inputSchema() const override;

    ToolJob *run(const QJsonObject &input, const ToolContext &context) override;
    bool previews(const QJsonObject &) const override { return true; }
    ToolJob *preview(const QJsonObject &input, const ToolContext &context) override;

private:
    static ToolJob *start(const QJsonObject &input, const ToolContext &context, TextFileOps::Mode mode);
};

} // namespace Proto
