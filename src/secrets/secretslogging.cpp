#include "secretslogging.h"

namespace Proto {
Q_LOGGING_CATEGORY(lcSecrets, "proto.secrets")
} // namespace Proto
