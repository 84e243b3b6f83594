#pragma once

#include "fileinfo.h"
#include "toolcontext.h"

#include <QString>

#include <functional>

namespace Proto {

class ToolJob;

// The file work behind read, write, edit and str_replace_based_edit_tool, written once
// over the Machine interface. Each call resolves the path (ToolPaths), does its machine
// jobs through the ToolJob and finishes it with the result (or a clear error).
class TextFileOps final
{
public:
    // Numbered lines starting at line `offset` (1-based), at most `limit` (0: the context's
    // default). Refuses directories (readDirectories false) and binary files.
    static void view(
        ToolJob *job, const ToolContext &context, const QString &path, qint64 offset, qint64 limit);
    // A directory listing two levels deep, hidden entries left out (the text editor's view).
    static void viewDirectory(ToolJob *job, const ToolContext &context, const QString &path);
    // Creates or overwrites; the result carries a diff against the old content.
    static void write(ToolJob *job, const ToolContext &context, const QString &path, const QString &content);
    // Replaces oldText, which must occur exactly once unless replaceAll.
    static void replace(ToolJob *job, const ToolContext &context, const QString &path, const QString &oldText,
        const QString &newText, bool replaceAll);
    // Inserts text after line `afterLine` (0: at the top).
    static void insert(
        ToolJob *job, const ToolContext &context, const QString &path, qint64 afterLine, const QString &text);

    // Loads a text file for changing it: done(existed, text). A missing file is an error
    // unless mayBeMissing.
    static void load(ToolJob *job, const ToolContext &context, const QString &absolutePath,
        const QString &shownPath, bool mayBeMissing,
        std::function<void(bool existed, const QString &text)> done);
    // Writes newText and finishes the job with a diff against oldText.
    static void save(ToolJob *job, const ToolContext &context, const QString &absolutePath,
        const QString &shownPath, bool existed, const QString &oldText, const QString &newText,
        const QString &message);
};

} // namespace Proto
