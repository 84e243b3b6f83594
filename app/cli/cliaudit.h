#pragma once

#include <QDateTime>
#include <QStringList>

namespace Proto {

class Store;

// proto-cli audit verify | list [--json] [--session ID] [--since TIME] | export FILE
class CliAudit final
{
public:
    CliAudit() = delete;

    static int run(Store &store, const QStringList &args);
    // TIME: an ISO 8601 date or date-time (local time unless it names a zone), or an age such
    // as 30m, 12h, 7d. Invalid on bad input.
    static QDateTime parseSince(const QString &text);
};

} // namespace Proto
