#pragma once

#include <QStringList>

namespace Proto {

class Store;

namespace CliProvider {

// `proto-cli provider add|list|remove|models|default ...` over the same settings as the desktop
// app's Providers page (AgentSettings); returns the exit code. Keys are never printed.
int run(Store &store, QStringList args);

} // namespace CliProvider
} // namespace Proto
