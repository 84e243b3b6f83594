#pragma once

#include "tool.h"

namespace Proto {

// Finds files by glob pattern (** for any depth, {a,b}, [..]); newest first.
class GlobTool final : public Tool
{
public:
    QString name() const override { return QStringLiteral("glob"); }
    QString description() const override;
    QJsonObject inputSchema() const override;

    ToolJob *run(const QJsonObject &input, const ToolContext &context) override;

    // A glob (relative, '/'-separated) as an anchored regular expression: "**/" any folders
    // (or none), "**" anything, "*" and "?" within one name, "[...]" classes ("[!...]"
    // negated), "{a,b}" alternatives. Literal everything else.
    static QString toRegularExpression(const QString &glob);
};

} // namespace Proto
