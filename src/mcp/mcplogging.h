#pragma once

#include <QLoggingCategory>

namespace Proto {
// "proto.mcp": MCP servers connecting, their versions and tool counts, failures. Tool arguments,
// results and the servers' environment and headers are never logged.
Q_DECLARE_LOGGING_CATEGORY(lcMcp)
} // namespace Proto
