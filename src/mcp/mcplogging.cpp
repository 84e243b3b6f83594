#include "mcplogging.h"

namespace Proto {
Q_LOGGING_CATEGORY(lcMcp, "proto.mcp")
} // namespace Proto
