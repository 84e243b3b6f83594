#include "textfileops.h"

#include "machine.h"
#include "textdiff.h"
#include "textfiles.h"
#include "tooljob.h"
#include "toolpaths.h"

#include <QCoreApplication>
#include <QCryptographicHash>

#include <memory>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("TextFileOps", text);
}

QString snippet(const QString &text, qsizetype offset, qsizetype insertedLength, const ToolLimits &limits)
{
    const QStringList lines = TextFiles::lines(text);
    const int first = TextFiles::lineOfOffset(text, offset);
    const int last = TextFiles::lineOfOffset(text, offset + insertedLength);
    const qsizetype from = std::max(0, first - 1 - 4);
    const qsizetype to = std::min<qsizetype>(lines.size(), last + 4);
    qsizetype shown = 0;
    QString out
        = TextFiles::numbered(lines, from, to - from, limits.maxLineChars, limits.maxReadChars, &shown);
    if (shown < to - from)
        out += tr("(The snippet stops at line %1 of %2-%3; view the rest with a view_range.)")
                   .arg(from + shown)
                   .arg(from + 1)
                   .arg(to);
    return out;
}

// Line endings of the file: an edit written with "\n" lands as "\r\n" in a CRLF file.
QString matchLineEndings(const QString &text, const QString &fragment)
{
    if (!text.contains(QStringLiteral("\r\n")) || fragment.contains(QStringLiteral("\r\n")))
        return fragment;
    QString converted = fragment;
    converted.replace(u'\n', QStringLiteral("\r\n"));
    return converted;
}

void failWithState(ToolJob *job, const QString &message, const QByteArray &state)
{
    ToolResult result = ToolResult::error(message);
    result.fileState = state;
    job->finish(result);
}

struct Listing
{
    QStringList lines;
    int pending = 0;
    int shown = 0;
    bool capped = false;
    QString error;
};

} // namespace

void TextFileOps::view(
    ToolJob *job, const ToolContext &context, const QString &path, qint64 offset, qint64 limit)
{
    const ToolLimits limits = context.limits;
    Machine *machine = context.machine;
    ToolPaths::resolve(job, context, path, [=](const QString &absolute, const QString &root) {
        const QString shown = ToolPaths::display(absolute, root);
        // No stat first: the read itself tells a directory or a missing file, one round trip less.
        const qint64 cap = offset > 1 ? limits.maxEditBytes : limits.maxReadBytes;
        job->await<FileJob>(machine->readFile(absolute, 0, cap + 1), [=](FileJob *rd) {
            if (rd->error() == MachineJob::Error::NotFound) {
                job->fail(tr("File not found: %1").arg(shown));
                return;
            }
            if (rd->error() == MachineJob::Error::IsADirectory) {
                job->fail(tr("%1 is a directory, not a file. List it with glob (or the text editor's view).")
                        .arg(shown));
                return;
            }
            if (rd->error() != MachineJob::Error::None) {
                job->fail(tr("Cannot read %1: %2").arg(shown, rd->errorString()));
                return;
            }
            QByteArray data = rd->data();
            const bool cut = data.size() > cap;
            if (cut)
                data.truncate(cap);
            if (TextFiles::isBinary(data)) {
                job->fail(tr("%1 is a binary file; it cannot be shown as text. Inspect it with bash "
                             "(for example: file, xxd | head).")
                        .arg(shown));
                return;
            }
            const QString text = TextFiles::decode(data);
            QStringList lines = TextFiles::lines(text);
            if (cut && !text.endsWith(u'\n') && !lines.isEmpty())
                lines.removeLast(); // a partial last line
            if (lines.isEmpty()) {
                job->finish(
                    ToolResult::success(tr("(%1 is empty)").arg(shown), tr("Read %1 (empty)").arg(shown)));
                return;
            }
            const qsizetype first = qsizetype(std::max<qint64>(1, offset)) - 1;
            if (first >= lines.size()) {
                job->fail(tr("%1 has %2 lines; offset %3 is past the end.")
                        .arg(shown)
                        .arg(lines.size())
                        .arg(offset));
                return;
            }
            const qsizetype count = limit > 0 ? qsizetype(limit) : limits.maxReadLines;
            qsizetype shownLines = 0;
            QString out = TextFiles::numbered(
                lines, first, count, limits.maxLineChars, limits.maxReadChars, &shownLines);
            const qsizetype last = first + shownLines;
            const bool charCapped = last < std::min(lines.size(), first + count);
            if (last < lines.size() || cut) {
                out += u'\n';
                if (charCapped)
                    out += tr("(Stopped at %1 characters: showing lines %2-%3 of %4%5. Use offset=%6 to read "
                              "on.)")
                               .arg(limits.maxReadChars)
                               .arg(first + 1)
                               .arg(last)
                               .arg(lines.size())
                               .arg(cut ? tr(" loaded") : QString())
                               .arg(last + 1);
                else if (last < lines.size())
                    out += tr("(Showing lines %1-%2 of %3%4. Use offset=%5 to read on.)")
                               .arg(first + 1)
                               .arg(last)
                               .arg(lines.size())
                               .arg(cut ? tr(" loaded") : QString())
                               .arg(last + 1);
                if (cut)
                    out += tr("(Only the first %1 of the file were loaded.)")
                               .arg(TextFiles::describeSize(cap));
            }
            job->finish(
                ToolResult::success(out, tr("Read %1 (lines %2-%3)").arg(shown).arg(first + 1).arg(last)));
        });
    });
}

void TextFileOps::viewDirectory(ToolJob *job, const ToolContext &context, const QString &path)
{
    const ToolLimits limits = context.limits;
    Machine *machine = context.machine;
    ToolPaths::resolve(job, context, path, [=](const QString &absolute, const QString &root) {
        const QString shown = ToolPaths::display(absolute, root);
        auto listing = std::make_shared<Listing>();
        auto finishIfDone = [=] {
            if (listing->pending > 0)
                return;
            if (!listing->error.isEmpty()) {
                job->fail(listing->error);
                return;
            }
            listing->lines.sort();
            QString out
                = tr("Files and directories up to 2 levels deep in %1, hidden items left out:\n").arg(shown);
            out += listing->lines.join(u'\n');
            if (listing->capped)
                out += u'\n' + tr("(Stopped after %1 entries.)").arg(limits.maxResults);
            job->finish(ToolResult::success(out, tr("Listed %1").arg(shown)));
        };
        // Pending listings hold the walker alive; it holds itself only weakly (no cycle).
        using ListDir = std::function<void(const QString &, int)>;
        auto listDir = std::make_shared<ListDir>();
        std::weak_ptr<ListDir> weakListDir = listDir;
        *listDir = [=](const QString &dir, int depth) {
            ++listing->pending;
            job->await<FileJob>(machine->list(dir), [=, self = weakListDir.lock()](FileJob *ls) {
                --listing->pending;
                if (ls->error() != MachineJob::Error::None) {
                    if (depth == 1)
                        listing->error = ls->error() == MachineJob::Error::NotADirectory
                            ? tr("%1 is not a directory.").arg(shown)
                            : tr("Cannot list %1: %2").arg(shown, ls->errorString());
                    finishIfDone();
                    return;
                }
                for (const FileInfo &entry : ls->entries()) {
                    if (entry.name.startsWith(u'.'))
                        continue;
                    if (listing->shown >= limits.maxResults) {
                        listing->capped = true;
                        break;
                    }
                    ++listing->shown;
                    const QString relative = ToolPaths::display(entry.path, root);
                    listing->lines.append(entry.isDir() ? relative + u'/' : relative);
                    if (entry.isDir() && depth < 2)
                        (*self)(entry.path, depth + 1);
                }
                finishIfDone();
            });
        };
        (*listDir)(absolute, 1);
    });
}

QByteArray TextFileOps::fileState(const QString &absolutePath, bool existed, const QByteArray &content)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(absolutePath.toUtf8());
    hash.addData(QByteArrayView("\0", 1));
    if (!existed)
        return QByteArrayLiteral("absent:") + hash.result().toHex();
    hash.addData(content);
    return QByteArrayLiteral("sha256:") + hash.result().toHex();
}

void TextFileOps::load(ToolJob *job, const ToolContext &context, const QString &absolute,
    const QString &shown, bool mayBeMissing,
    std::function<void(bool, const QString &, const QByteArray &)> done)
{
    Machine *machine = context.machine;
    const qint64 maxBytes = context.limits.maxEditBytes;
    job->await<FileJob>(machine->stat(absolute), [=](FileJob *st) {
        if (st->error() == MachineJob::Error::NotFound) {
            if (mayBeMissing)
                done(false, QString(), fileState(absolute, false, {}));
            else
                failWithState(job, tr("File not found: %1").arg(shown), fileState(absolute, false, {}));
            return;
        }
        if (st->error() != MachineJob::Error::None) {
            job->fail(tr("Cannot open %1: %2").arg(shown, st->errorString()));
            return;
        }
        const FileInfo info = st->info();
        if (info.isDir()) {
            job->fail(tr("%1 is a directory, not a file.").arg(shown));
            return;
        }
        if (info.size > maxBytes) {
            job->fail(tr("%1 is too large to edit here (%2; the limit is %3).")
                    .arg(shown, TextFiles::describeSize(info.size), TextFiles::describeSize(maxBytes)));
            return;
        }
        job->await<FileJob>(machine->readFile(absolute, 0, maxBytes + 1), [=](FileJob *rd) {
            if (rd->error() != MachineJob::Error::None) {
                job->fail(tr("Cannot read %1: %2").arg(shown, rd->errorString()));
                return;
            }
            const QByteArray data = rd->data();
            if (data.size() > maxBytes) {
                job->fail(tr("%1 is too large to edit here (the limit is %2).")
                        .arg(shown, TextFiles::describeSize(maxBytes)));
                return;
            }
            if (TextFiles::isBinary(data)) {
                job->fail(tr("%1 is a binary file; text tools do not change binary files.").arg(shown));
                return;
            }
            done(true, TextFiles::decode(data), fileState(absolute, true, data));
        });
    });
}

ToolResult TextFileOps::describe(bool existed, const QString &oldText, const QString &newText,
    const QString &shown, const QString &message, Mode mode)
{
    TextDiff::Stats stats;
    ToolResult result = ToolResult::success(message);
    result.diff = TextDiff::unified(oldText, newText,
        existed ? QStringLiteral("a/") + shown : QStringLiteral("/dev/null"), QStringLiteral("b/") + shown, 3,
        &stats);
    if (mode == Mode::Preview)
        result.summary = existed && result.diff.isEmpty()
            ? tr("No change: %1 already has this content").arg(shown)
            : existed ? tr("Changes %1 (+%2 -%3)").arg(shown).arg(stats.added).arg(stats.removed)
                      : tr("Creates %1 (%2 lines)").arg(shown).arg(stats.added);
    else
        result.summary = existed ? tr("Edited %1 (+%2 -%3)").arg(shown).arg(stats.added).arg(stats.removed)
                                 : tr("Created %1 (%2 lines)").arg(shown).arg(stats.added);
    return result;
}

void TextFileOps::save(ToolJob *job, const ToolContext &context, const QString &absolute,
    const QString &shown, bool existed, const QString &oldText, const QString &newText,
    const QString &message)
{
    Machine::WriteOptions options;
    options.atomic = true;
    options.createParents = true;
    job->await<FileJob>(context.machine->writeFile(absolute, newText.toUtf8(), options), [=](FileJob *wr) {
        if (wr->error() != MachineJob::Error::None) {
            job->fail(tr("Could not write %1: %2").arg(shown, wr->errorString()));
            return;
        }
        job->finish(describe(existed, oldText, newText, shown, message, Mode::Apply));
    });
}

void TextFileOps::change(
    ToolJob *job, const ToolContext &context, const QString &path, bool mayBeMissing, Mode mode, Planner plan)
{
    ToolPaths::resolve(job, context, path, [=](const QString &absolute, const QString &root) {
        const QString shown = ToolPaths::display(absolute, root);
        load(job, context, absolute, shown, mayBeMissing,
            [=](bool existed, const QString &text, const QByteArray &state) {
                // Approved from a preview: the file must still be what the person saw changed.
                if (mode == Mode::Apply && !context.expectedFileState.isEmpty()
                    && state != context.expectedFileState) {
                    failWithState(job,
                        tr("%1 is not as it was when this change was shown for approval (it changed since, "
                           "or "
                           "could not be read then); nothing was written. View it again and retry.")
                            .arg(shown),
                        state);
                    return;
                }
                const Change planned = plan(existed, text, shown);
                if (!planned.error.isEmpty()) {
                    failWithState(job, planned.error, state);
                    return;
                }
                if (mode == Mode::Preview) {
                    ToolResult result
                        = describe(existed, text, planned.updated, shown, planned.message, mode);
                    result.fileState = state;
                    job->finish(result);
                    return;
                }
                save(job, context, absolute, shown, existed, text, planned.updated, planned.message);
            });
    });
}

void TextFileOps::write(
    ToolJob *job, const ToolContext &context, const QString &path, const QString &content, Mode mode)
{
    change(job, context, path, true, mode, [content](bool existed, const QString &, const QString &shown) {
        Change c;
        c.updated = content;
        c.message = existed
            ? tr("Wrote %1 (%2, replacing the previous content).")
                  .arg(shown, TextFiles::describeSize(content.toUtf8().size()))
            : tr("Created %1 (%2).").arg(shown, TextFiles::describeSize(content.toUtf8().size()));
        return c;
    });
}

void TextFileOps::replace(ToolJob *job, const ToolContext &context, const QString &path,
    const QString &oldText, const QString &newText, bool replaceAll, Mode mode)
{
    if (oldText.isEmpty()) {
        job->fail(tr("old_str is empty. Give the exact text to replace (to add text, use insert or write)."));
        return;
    }
    if (oldText == newText) {
        job->fail(tr("old_str and new_str are the same; nothing would change."));
        return;
    }
    const ToolLimits limits = context.limits;
    change(job, context, path, false, mode, [=](bool, const QString &text, const QString &shown) {
        Change c;
        QString from = oldText;
        QString to = newText;
        int count = TextFiles::countOccurrences(text, from);
        if (count == 0) {
            const QString crlf = matchLineEndings(text, from);
            if (crlf != from) {
                from = crlf;
                to = matchLineEndings(text, to);
                count = TextFiles::countOccurrences(text, from);
            }
        }
        if (count == 0) {
            c.error = tr("old_str was not found in %1. It must match the file exactly, including whitespace "
                         "and indentation; view the file to check.")
                          .arg(shown);
            return c;
        }
        if (count > 1 && !replaceAll) {
            c.error = tr("old_str occurs %1 times in %2; it must occur exactly once. Include more of the "
                         "surrounding lines to make it unique%3.")
                          .arg(count)
                          .arg(shown)
                          .arg(tr(", or set replace_all to change every occurrence"));
            return c;
        }
        QString updated = text;
        const qsizetype at = text.indexOf(from);
        if (replaceAll)
            updated.replace(from, to);
        else
            updated.replace(at, from.size(), to);
        c.message = tr("The file %1 has been edited (%2 replaced). A snippet of the result "
                       "(cat -n):\n%3")
                        .arg(shown)
                        .arg(count == 1 ? tr("1 occurrence") : tr("%1 occurrences").arg(count))
                        .arg(snippet(updated, at, to.size(), limits));
        c.updated = updated;
        return c;
    });
}

void TextFileOps::insert(ToolJob *job, const ToolContext &context, const QString &path, qint64 afterLine,
    const QString &insertText, Mode mode)
{
    const ToolLimits limits = context.limits;
    change(job, context, path, false, mode, [=](bool, const QString &text, const QString &shown) {
        Change c;
        const qsizetype lineCount = TextFiles::lines(text).size();
        if (afterLine < 0 || afterLine > lineCount) {
            c.error = tr("insert_line %1 is out of range: %2 has %3 lines (use 0 to insert at the top).")
                          .arg(afterLine)
                          .arg(shown)
                          .arg(lineCount);
            return c;
        }
        qsizetype at = 0;
        for (qint64 line = 0; line < afterLine; ++line) {
            const qsizetype newline = text.indexOf(u'\n', at);
            at = newline < 0 ? text.size() : newline + 1;
        }
        QString piece = matchLineEndings(text, insertText);
        const QString eol
            = text.contains(QStringLiteral("\r\n")) ? QStringLiteral("\r\n") : QStringLiteral("\n");
        if (!piece.endsWith(u'\n'))
            piece += eol;
        QString updated = text;
        if (at == text.size() && !text.isEmpty() && !text.endsWith(u'\n')) {
            updated += eol; // the last line had no newline
            at = updated.size();
        }
        updated.insert(at, piece);
        c.message = tr("Inserted %1 line(s) after line %2 of %3. A snippet of the result (cat -n):\n%4")
                        .arg(TextFiles::lines(piece).size())
                        .arg(afterLine)
                        .arg(shown)
                        .arg(snippet(updated, at, piece.size() - 1, limits));
        c.updated = updated;
        return c;
    });
}

} // namespace Proto
