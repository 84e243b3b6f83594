#pragma once

#include "fileinfo.h"
#include "toolcontext.h"
#include "toolresult.h"

#include <QByteArray>
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
    // Apply changes the file; Preview does everything but the write and finishes with the
    // diff that Apply would make (ToolResult::diff, a summary such as "Changes a.txt (+2 -1)")
    // and the file's state (ToolResult::fileState), or with the error Apply would report.
    // With ToolContext::expectedFileState set, Apply refuses unless the file is still in that
    // state: a change approved from a preview is the change that lands.
    enum class Mode
    {
        Apply,
        Preview
    };

    // Creates or overwrites; the result carries a diff against the old content.
    static void write(ToolJob *job, const ToolContext &context, const QString &path, const QString &content,
        Mode mode = Mode::Apply);
    // Replaces oldText, which must occur exactly once unless replaceAll.
    static void replace(ToolJob *job, const ToolContext &context, const QString &path, const QString &oldText,
        const QString &newText, bool replaceAll, Mode mode = Mode::Apply);
    // Inserts text after line `afterLine` (0: at the top).
    static void insert(ToolJob *job, const ToolContext &context, const QString &path, qint64 afterLine,
        const QString &text, Mode mode = Mode::Apply);

    // What a change saw of its file: the absolute path, whether it existed and a SHA-256 of
    // its bytes ("sha256:<hex>" or "absent:<hex>").
    static QByteArray fileState(const QString &absolutePath, bool existed, const QByteArray &content);

private:
    struct Change
    {
        QString updated; // the new content
        QString message; // for the model
        QString error; // set: the change cannot be made
    };
    // Computes the change from the current content (empty and existed false for a new file).
    using Planner = std::function<Change(bool existed, const QString &text, const QString &shownPath)>;

    // Resolves the path, loads the file, plans the change, then saves it (Apply) or reports it
    // (Preview).
    static void change(ToolJob *job, const ToolContext &context, const QString &path, bool mayBeMissing,
        Mode mode, Planner plan);
    // Loads a text file for changing it: done(existed, text, state). A missing file is an error
    // (carrying its state) unless mayBeMissing.
    static void load(ToolJob *job, const ToolContext &context, const QString &absolutePath,
        const QString &shownPath, bool mayBeMissing,
        std::function<void(bool existed, const QString &text, const QByteArray &state)> done);
    // Writes newText and finishes the job with a diff against oldText.
    static void save(ToolJob *job, const ToolContext &context, const QString &absolutePath,
        const QString &shownPath, bool existed, const QString &oldText, const QString &newText,
        const QString &message);
    static ToolResult describe(bool existed, const QString &oldText, const QString &newText,
        const QString &shownPath, const QString &message, Mode mode);
};

} // namespace Proto
