#pragma once

#include "protectedpaths.h"

#include <QByteArray>
#include <QMap>
#include <QString>

namespace Proto {

class Machine;
class PersistentShell;

// Caps that keep one tool call from flooding the model's context or running forever.
struct ToolLimits
{
    int outputCapChars = 30000; // bash/git output kept for the model (head + tail)
    int defaultTimeoutMs = 120000; // bash when the input gives none
    int maxTimeoutMs = 600000; // the most a bash input may ask for
    qint64 maxReadBytes = 2 * 1024 * 1024; // read/view: bytes loaded from one file
    int maxReadLines = 2000; // read/view: lines shown when no limit is given
    int maxLineChars = 2000; // longer lines are cut in read/view output
    int maxReadChars = 100000; // read/view/edit snippets: characters returned to the model
    qint64 maxEditBytes = 10 * 1024 * 1024; // edit/write/insert: largest file changed
    int maxResults = 200; // glob paths, grep lines, directory entries
    int maxVisitedEntries = 200000; // glob/grep: directory entries walked before stopping
    qint64 maxSearchFileBytes = 8 * 1024 * 1024; // built-in grep skips larger files
};

// Where and how a tool runs: the session's machine and working folder. Paths given to
// tools are relative to root (or absolute); anything resolving outside root (after ".."
// and symlinks) is refused unless allowOutsideRoot.
struct ToolContext
{
    Machine *machine = nullptr;
    // The session's persistent bash on that machine (cd, export and functions carry over between
    // bash calls); null: every call runs in a fresh shell.
    PersistentShell *shell = nullptr;
    QString root;
    bool allowOutsideRoot = false;
    ToolLimits limits;
    QMap<QString, QString> environment; // added to every command's environment
    // Places whose contents grep and glob leave out of their results (a person approves reading
    // them one by one, through read); the runner fills it from the policy.
    ProtectedPaths protectedPaths;
    // A call approved from its preview (Tool::preview): the file-changing tools refuse unless
    // the file is still in the state the preview saw (TextFileOps::fileState). A value no file
    // can be in ("unpreviewed") always refuses.
    QByteArray expectedFileState;
};

} // namespace Proto
