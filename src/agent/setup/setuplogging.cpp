#include "setuplogging.h"

Q_LOGGING_CATEGORY(lcAgentSetup, "proto.agent.setup")
