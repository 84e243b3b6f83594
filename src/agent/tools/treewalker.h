#pragma once

#include "fileinfo.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace Proto {

class Machine;
class ToolJob;

// Walks a directory tree on a machine with Machine::list, a few listings in flight at once,
// for glob and the built-in grep. Symlinked directories are not followed (no loops); .git
// folders are skipped unless asked for.
class TreeWalker final
{
public:
    struct Options
    {
        int maxDepth = -1; // -1: unlimited; 1: the base folder's entries only
        bool includeHidden = true;
        bool includeGit = false;
        int maxEntries = 200000; // entries looked at before giving up (capped = true)
        int maxInFlight = 8;
    };

    // onEntry(entry, path relative to base) for every file and folder; return false to stop.
    // done(capped, errors) once the walk is over. A base that cannot be listed fails the job.
    static void walk(ToolJob *job, Machine *machine, const QString &base, const Options &options,
        std::function<bool(const FileInfo &, const QString &)> onEntry,
        std::function<void(bool capped, const QStringList &errors)> done);
};

} // namespace Proto
