#pragma once

#include "textfileops.h"
#include "tool.h"

namespace Proto {

// Anthropic's text editor (text_editor_20250728): view, create, str_replace, insert, over the same code as
// read/write/edit.
class TextEditorTool final : public Tool
{
public:
    QString name() const override { return QStringLiteral("str_replace_based_edit_tool"); }
    QString description() const override;
    QJsonObject inputSchema() const override;
    QString anthropicType() const override { return QStringLiteral("text_editor_20250728"); }
    ToolJob *run(const QJsonObject &input, const ToolContext &context) override;
    // create, str_replace and insert: the change they would make (every command but view).
    bool previews(const QJsonObject &input) const override;
    ToolJob *preview(const QJsonObject &input, const ToolContext &context) override;

private:
    static ToolJob *change(const QJsonObject &input, const ToolContext &context, TextFileOps::Mode mode);
};

} // namespace Proto
