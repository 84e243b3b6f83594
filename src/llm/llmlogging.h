#pragma once

#include <QLoggingCategory>

namespace Proto {
// "proto.llm": requests, statuses, retries. API keys and message contents are never logged.
Q_DECLARE_LOGGING_CATEGORY(lcLlm)
} // namespace Proto
