#pragma once

#include "tool.h"
#include "toolresult.h"

#include <QPointer>

namespace Proto {

class McpClient;
struct McpToolInfo;

// One tool of an MCP server as the model sees it: named mcp__SERVER__TOOL (characters outside
// [A-Za-z0-9_-] become '_', at most 64 in all), its description and input schema passed through.
// ToolRegistry checks the input against that schema's basics (required, types) before run();
// run() sends tools/call and turns the answer into a tool result (text, images, resources,
// isError). Stop and the kill switch cancel the call (notifications/cancelled).
class McpTool final : public Tool
{
public:
    McpTool(McpClient *client, const McpToolInfo &info);

    static QString qualifiedName(const QString &server, const QString &tool);
    // A tools/call result as a ToolResult, its text capped at maxChars.
    static ToolResult convertResult(const QJsonObject &result, int maxChars);

    QString name() const override { return m_name; }
    QString description() const override { return m_description; }
    QJsonObject inputSchema() const override { return m_schema; }
    ToolJob *run(const QJsonObject &input, const ToolContext &context) override;
    QString describeCall(const QJsonObject &input) const override;

    QString serverName() const { return m_server; }
    QString toolName() const { return m_tool; }

private:
    QPointer<McpClient> m_client;
    QString m_server;
    QString m_tool;
    QString m_name;
    QString m_description;
    QJsonObject m_schema;
};

} // namespace Proto
