#include "llmlogging.h"

namespace Proto {
Q_LOGGING_CATEGORY(lcLlm, "proto.llm")
} // namespace Proto
