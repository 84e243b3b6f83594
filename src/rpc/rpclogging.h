#pragma once

#include <QLoggingCategory>

namespace Proto {
// "proto.rpc": JSON-RPC peers starting and ending, framing errors, timeouts. Message contents
// (tool arguments, results, secrets in a server's environment) are never logged.
Q_DECLARE_LOGGING_CATEGORY(lcRpc)
} // namespace Proto
