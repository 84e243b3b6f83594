#pragma once

#include "providerconfig.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Proto {

class Store;

// The agent settings both apps use, typed, over the store's settings table (one set of keys:
// the desktop app's Settings dialog writes them, proto-cli reads the same):
//   model/provider    the default provider's name for new sessions ("" = "anthropic")
//   model/default     the default model id of the default provider ("" = its first model, else
//                     the core's default)
//   providers/custom  the user's providers, a JSON array of ProviderConfig objects
// read() is cheap enough to call at every request, which is how a change in the dialog takes
// effect on the next request without a restart.
class AgentSettings final
{
public:
    static QString defaultProviderKey();
    static QString defaultModelKey();
    static QString providersKey();

    QString defaultProvider = QStringLiteral("anthropic");
    QString defaultModel;
    QList<ProviderConfig> customProviders;
    QStringList problems; // unreadable stored providers, skipped (translated)

    static AgentSettings read(const Store &store);

    // Built-ins first, then the user's.
    QList<ProviderConfig> providers() const;
    // By name; "" = the default provider.
    std::optional<ProviderConfig> provider(const QString &name) const;
    QString providerName(const QString &name) const { return name.isEmpty() ? defaultProvider : name; }
    // The model a session of this provider uses when it names none ("" = the core's default).
    QString modelFor(const QString &provider) const;

    static void setDefaultProvider(Store &store, const QString &name);
    static void setDefaultModel(Store &store, const QString &model);
    static void setCustomProviders(Store &store, const QList<ProviderConfig> &providers);
    // Adds or replaces a user's provider; false with *error when it is not valid or names a
    // built-in.
    static bool addProvider(Store &store, const ProviderConfig &provider, QString *error);
    static bool removeProvider(Store &store, const QString &name, QString *error);
};

} // namespace Proto
