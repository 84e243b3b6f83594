#pragma once

#include "textfileops.h"
#include "tool.h"

namespace Proto {

// Creates or overwrites a text file; the result carries a diff against the old content.
class WriteTool final : public Tool
{
public:
    QString name() const override { return QStringLiteral("write"); }
    QString description() const override;
    QJsonObject inputSchema() const override;

    ToolJob *run(const QJsonObject &input, const ToolContext &context) override;
    bool previews(const QJsonObject &) const override { return true; }
    ToolJob *preview(const QJsonObject &input, const ToolContext &context) override;

private:
    static ToolJob *start(const QJsonObject &input, const ToolContext &context, TextFileOps::Mode mode);
};

} // namespace Proto
