#include "rpclogging.h"

namespace Proto {
Q_LOGGING_CATEGORY(lcRpc, "proto.rpc")
} // namespace Proto
