#pragma once

#include <QLoggingCategory>

namespace Proto {
// "proto.secrets": key names and outcomes only, never values.
Q_DECLARE_LOGGING_CATEGORY(lcSecrets)
} // namespace Proto
