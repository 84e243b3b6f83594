#pragma once

#include "tool.h"

namespace Proto {

// The plan of a session, kept in its working folder on its machine (through Machine only):
// .proto/planning/overview.md, requirements.md and tasks.json (see PlanningTasks).
//
// Input: {"action": "read" | "add_task" | "update_task" | "remove_task" | "write_overview" |
//          "write_requirements", "id", "title", "status", "notes", "content"}
// read returns the three files as one markdown text; the others change one file and return
// the updated task list (or the file written). A malformed tasks.json is reported, never
// overwritten.
class PlanningTool final : public Tool
{
public:
    PlanningTool() = default;

    QString name() const override { return QStringLiteral("planning"); }
    QString description() const override;
    QJsonObject inputSchema() const override;
    ToolJob *run(const QJsonObject &input, const ToolContext &context) override;

    static QString folder(const QString &root); // root + "/.proto/planning"
};

} // namespace Proto
