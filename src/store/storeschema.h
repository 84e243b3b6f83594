#pragma once

#include <QSqlDatabase>
#include <QString>

namespace Proto {

// The versioned schema. Each migration is a row of a table (version, statements, optional
// step in C++); the database records the version it reached in PRAGMA user_version.
// Adding v2 means appending one row; a migration never changes once released.
class StoreSchema final
{
public:
    StoreSchema() = delete;

    static int latestVersion();
    // Applies every migration newer than `fromVersion` and sets user_version, inside the
    // caller's transaction. False with *error set on the first failure.
    static bool migrate(QSqlDatabase &db, int fromVersion, QString *error);
};

} // namespace Proto
