#pragma once

#include <QString>

namespace Proto {

// Files and folders that only their owner may read: the data folder (0700), the database and its
// -wal/-shm files (0600), ~/.ssh (0700) and known_hosts (0600). Today's other local users must not
// read a session's conversation, its audit log or the hosts it trusts.
class PrivateFiles final
{
public:
    // Creates `path` (and its parents, as mkpath does) and makes the folder itself 0700. An
    // existing folder is tightened too, unless it is not one of ours to tighten: the home folder,
    // the root, a folder of another user or a shared sticky folder such as /tmp.
    static bool makeFolder(const QString &path, QString *error = nullptr);
    // Makes an existing file 0600, or creates it empty with 0600 when createEmpty is set (SQLite
    // gives its -wal and -shm files the mode of the database file).
    static bool makeFile(const QString &path, bool createEmpty, QString *error = nullptr);
    // Whether others (group or world) may read or enter it.
    static bool isPrivate(const QString &path);
};

} // namespace Proto
