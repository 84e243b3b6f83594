#include "greptool.h"

#include "cappedtext.h"
#include "globtool.h"
#include "machine.h"
#include "shellquote.h"
#include "textfiles.h"
#include "toolpaths.h"
#include "treewalker.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <map>
#include <memory>
#include <optional>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("GrepTool", text);
}

const char *RipgrepProperty = "proto.tools.hasRipgrep";

struct Query
{
    QString pattern;
    QString glob;
    int context = 0;
    bool caseInsensitive = false;
    bool filesOnly = false;
    int maxResults = 200;
    int maxLineChars = 2000;
    ProtectedPaths protectedPaths;
};

// Lines found in one file: line number → (is a match, text).
using FileHits = std::map<qint64, std::pair<bool, QString>>;

struct Search
{
    std::map<QString, FileHits> files; // sorted by path
    int matches = 0;
    bool capped = false;
};

QString format(const Search &search, const QString &root, const Query &query)
{
    QStringList out;
    for (const auto &[path, hits] : search.files) {
        const QString shown = ToolPaths::display(path, root);
        if (query.filesOnly) {
            out.append(shown);
            continue;
        }
        qint64 previous = -1;
        for (const auto &[line, hit] : hits) {
            if (!out.isEmpty() && (previous < 0 || line != previous + 1) && query.context > 0)
                out.append(QStringLiteral("--"));
            QString text = hit.second;
            if (text.size() > query.maxLineChars)
                text = text.left(query.maxLineChars) + tr(" [... line cut]");
            out.append(
                shown + (hit.first ? u':' : u'-') + QString::number(line) + (hit.first ? u':' : u'-') + text);
            previous = line;
        }
    }
    return out.join(u'\n');
}

void finishSearch(ToolJob *job, Search search, const QString &root, const QString &shownBase,
    const Query &query, const QStringList &errors)
{
    // Protected files (keys, credentials, .env) never reach the model through a search.
    qsizetype withheld = 0;
    for (auto it = search.files.begin(); it != search.files.end();) {
        const QString absolute = it->first.startsWith(u'/') ? it->first : root + u'/' + it->first;
        if (!query.protectedPaths.match(absolute).isEmpty()) {
            ++withheld;
            it = search.files.erase(it);
        } else {
            ++it;
        }
    }
    const QString withheldNote = withheld == 0 ? QString()
                                               : u'\n'
            + QCoreApplication::translate("GrepTool",
                "(%n protected file(s) with matches left out: keys, credentials or .env files are shown only "
                "through read, with the person's approval.)",
                nullptr, int(withheld));
    if (search.files.empty()) {
        QString text = tr("No matches for %1 in %2.").arg(query.pattern, shownBase) + withheldNote;
        if (!errors.isEmpty())
            text += u'\n'
                + tr("Some files could not be searched: %1").arg(errors.mid(0, 5).join(QStringLiteral("; ")));
        job->finish(ToolResult::success(text, tr("grep %1: no matches").arg(query.pattern)));
        return;
    }
    QString text = format(search, root, query) + withheldNote;
    if (search.capped)
        text += u'\n'
            + tr("(Stopped after %1 matching lines; narrow the search with path or glob.)")
                  .arg(query.maxResults);
    job->finish(ToolResult::success(text,
        tr("grep %1: %2 matches in %3 files")
            .arg(query.pattern)
            .arg(search.matches)
            .arg(search.files.size())));
}

QString jsonText(const QJsonObject &field)
{
    if (field.contains(QStringLiteral("text")))
        return field.value(QStringLiteral("text")).toString();
    return QString::fromUtf8(
        QByteArray::fromBase64(field.value(QStringLiteral("bytes")).toString().toLatin1()));
}

void runRipgrep(ToolJob *job, const ToolContext &context, const QString &absolute, const QString &root,
    const QString &shownBase, const Query &query)
{
    QStringList args { QStringLiteral("rg"), QStringLiteral("--json"), QStringLiteral("--sort"),
        QStringLiteral("path"), QStringLiteral("--hidden"), QStringLiteral("--glob"),
        QStringLiteral("!.git") };
    if (query.caseInsensitive)
        args << QStringLiteral("-i");
    if (query.context > 0 && !query.filesOnly)
        args << QStringLiteral("-C") << QString::number(query.context);
    if (!query.glob.isEmpty())
        args << QStringLiteral("--glob") << query.glob;
    args << QStringLiteral("-e") << query.pattern << QStringLiteral("--") << absolute;
    CommandSpec spec;
    spec.command = shellJoin(args);
    spec.workingDirectory = root;
    spec.timeoutMs = context.limits.defaultTimeoutMs;
    CommandJob *command = context.machine->run(spec);
    auto search = std::make_shared<Search>();
    auto pending = std::make_shared<QByteArray>();
    auto stderrText = std::make_shared<CappedText>(4000);
    QObject::connect(command, &CommandJob::stderrData, job,
        [stderrText](const QByteArray &data) { stderrText->append(QString::fromUtf8(data)); });
    QObject::connect(
        command, &CommandJob::stdoutData, job, [search, pending, query, command](const QByteArray &data) {
            if (search->capped)
                return;
            pending->append(data);
            qsizetype start = 0;
            for (;;) {
                const qsizetype newline = pending->indexOf('\n', start);
                if (newline < 0)
                    break;
                const QJsonObject event = QJsonDocument::fromJson(
                    QByteArrayView(*pending).mid(start, newline - start).toByteArray())
                                              .object();
                start = newline + 1;
                const QString type = event.value(QStringLiteral("type")).toString();
                if (type != u"match" && type != u"context")
                    continue;
                const QJsonObject d = event.value(QStringLiteral("data")).toObject();
                const bool isMatch = type == u"match";
                if (isMatch && search->matches >= query.maxResults) {
                    search->capped = true;
                    command->cancel(); // enough: stop rg
                    break;
                }
                QString text = jsonText(d.value(QStringLiteral("lines")).toObject());
                while (text.endsWith(u'\n') || text.endsWith(u'\r'))
                    text.chop(1);
                FileHits &hits = search->files[jsonText(d.value(QStringLiteral("path")).toObject())];
                hits[d.value(QStringLiteral("line_number")).toInteger()] = { isMatch, text };
                if (isMatch)
                    ++search->matches;
            }
            pending->remove(0, start);
        });
    job->setCancelHandler([command] { command->cancel(); });
    job->await<CommandJob>(command, [=](CommandJob *c) {
        if (job->isCancelRequested()) {
            job->fail(tr("Cancelled by the user."));
            return;
        }
        if (!search->capped && c->error() != MachineJob::Error::None) {
            job->fail(tr("The search failed: %1").arg(c->errorString()));
            return;
        }
        // rg: 0 found, 1 nothing found, 2 an error (possibly after some results).
        if (!search->capped && c->exitCode() == 2 && search->files.empty()) {
            job->fail(tr("The search failed: %1").arg(stderrText->text().trimmed()));
            return;
        }
        const QStringList errors
            = c->exitCode() == 2 ? QStringList { stderrText->text().trimmed() } : QStringList();
        finishSearch(job, *search, root, shownBase, query, errors);
    });
}

void runBuiltIn(ToolJob *job, const ToolContext &context, const QString &absolute, const QString &root,
    const QString &shownBase, const Query &query)
{
    QRegularExpression::PatternOptions options = QRegularExpression::UseUnicodePropertiesOption;
    if (query.caseInsensitive)
        options |= QRegularExpression::CaseInsensitiveOption;
    const QRegularExpression regex(query.pattern, options);
    if (!regex.isValid()) {
        job->fail(tr("Invalid regular expression %1: %2").arg(query.pattern, regex.errorString()));
        return;
    }
    // rg's --glob: a pattern without '/' matches the file name at any depth.
    QRegularExpression globMatcher;
    const bool globOnName = !query.glob.contains(u'/');
    if (!query.glob.isEmpty())
        globMatcher.setPattern(GlobTool::toRegularExpression(query.glob));
    Machine *machine = context.machine;
    const qint64 maxFileBytes = context.limits.maxSearchFileBytes;
    auto files = std::make_shared<QStringList>();
    TreeWalker::Options walkOptions;
    walkOptions.maxEntries = context.limits.maxVisitedEntries;
    // Search one file's content in order, honouring the match cap.
    auto scan = [regex, query](const QString &path, const QByteArray &data, Search &search) {
        if (data.contains('\0'))
            return; // binary: skipped, as rg does
        const QStringList lines = TextFiles::lines(QString::fromUtf8(data));
        FileHits hits;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (!regex.match(lines.at(i)).hasMatch())
                continue;
            if (search.matches >= query.maxResults) {
                search.capped = true;
                break;
            }
            ++search.matches;
            hits[i + 1] = { true, lines.at(i) };
            if (query.filesOnly)
                break;
            const qsizetype last = std::min(lines.size() - 1, i + query.context);
            for (qsizetype c = std::max<qsizetype>(0, i - query.context); c <= last; ++c) {
                if (!hits.count(c + 1))
                    hits[c + 1] = { false, lines.at(c) };
            }
        }
        if (!hits.empty())
            search.files[path] = std::move(hits);
    };
    auto searchFiles = [=](bool walkCapped, const QStringList &walkErrors) {
        files->sort();
        // Several reads in flight (a round trip each over SSH), results consumed in path
        // order so the match cap keeps the same lines as rg --sort path would.
        struct Scan
        {
            Search search;
            QStringList errors;
            QList<std::optional<QByteArray>> pending; // read data by file index, until consumed
            qsizetype nextToRead = 0;
            qsizetype nextToScan = 0;
            bool done = false;
        };
        auto state = std::make_shared<Scan>();
        state->errors = walkErrors;
        state->pending.resize(files->size());
        using Pump = std::function<void()>;
        auto pump = std::make_shared<Pump>();
        std::weak_ptr<Pump> weakPump = pump;
        *pump = [=] {
            if (state->done)
                return;
            while (state->nextToScan < files->size() && state->pending.at(state->nextToScan).has_value()
                && !state->search.capped) {
                scan(files->at(state->nextToScan), *state->pending.at(state->nextToScan), state->search);
                state->pending[state->nextToScan].reset();
                ++state->nextToScan;
            }
            if (state->search.capped || state->nextToScan >= files->size()) {
                state->done = true;
                state->search.capped = state->search.capped || walkCapped;
                finishSearch(job, state->search, root, shownBase, query, state->errors);
                return;
            }
            while (state->nextToRead < files->size() && state->nextToRead - state->nextToScan < 8) {
                const qsizetype index = state->nextToRead++;
                job->await<FileJob>(machine->readFile(files->at(index), 0, maxFileBytes),
                    [state, index, self = weakPump.lock()](FileJob *rd) {
                        if (rd->error() != MachineJob::Error::None) {
                            state->errors.append(rd->errorString());
                            state->pending[index] = QByteArray();
                        } else {
                            state->pending[index] = rd->data();
                        }
                        (*self)();
                    });
            }
        };
        (*pump)();
    };
    // A single file is searched as it is.
    job->await<FileJob>(machine->stat(absolute), [=](FileJob *st) {
        if (st->error() != MachineJob::Error::None) {
            job->fail(tr("Cannot search %1: %2").arg(shownBase, st->errorString()));
            return;
        }
        if (!st->info().isDir()) {
            files->append(absolute);
            searchFiles(false, {});
            return;
        }
        TreeWalker::walk(
            job, machine, absolute, walkOptions,
            [=](const FileInfo &entry, const QString &relative) {
                if (entry.type != FileInfo::Type::File)
                    return true;
                if (!query.glob.isEmpty()
                    && !globMatcher.match(globOnName ? entry.name : relative).hasMatch())
                    return true;
                if (!query.protectedPaths.match(entry.path).isEmpty())
                    return true; // never read; finishSearch says so when rg would have matched
                files->append(entry.path);
                return true;
            },
            searchFiles);
    });
}

} // namespace

GrepTool::GrepTool(Backend backend)
    : m_backend(backend)
{ }

QString GrepTool::description() const
{
    return tr(
        "Search file contents with a regular expression (ripgrep syntax). Returns matching lines as "
        "path:line:text, sorted by path. Options: path (file or folder, default the session folder), glob "
        "(filter file names, e.g. \"*.cpp\"), context (lines around each match), case_insensitive, "
        "files_only "
        "(list matching files only).");
}

QJsonObject GrepTool::inputSchema() const
{
    auto property = [](const QString &type, const QString &description) {
        return QJsonObject { { QStringLiteral("type"), type },
            { QStringLiteral("description"), description } };
    };
    QJsonObject contextProperty = property(QStringLiteral("integer"), QStringLiteral("Lines of context"));
    contextProperty.insert(QStringLiteral("minimum"), 0);
    contextProperty.insert(QStringLiteral("maximum"), 20);
    QJsonObject patternProperty = property(QStringLiteral("string"), QStringLiteral("Regular expression"));
    patternProperty.insert(QStringLiteral("minLength"), 1);
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("properties"),
            QJsonObject {
                { QStringLiteral("pattern"), patternProperty },
                { QStringLiteral("path"),
                    property(QStringLiteral("string"), QStringLiteral("File or folder")) },
                { QStringLiteral("glob"),
                    property(QStringLiteral("string"), QStringLiteral("File name filter")) },
                { QStringLiteral("context"), contextProperty },
                { QStringLiteral("case_insensitive"),
                    property(QStringLiteral("boolean"), QStringLiteral("Ignore case")) },
                { QStringLiteral("files_only"),
                    property(QStringLiteral("boolean"), QStringLiteral("List files only")) },
            } },
        { QStringLiteral("required"), QJsonArray { QStringLiteral("pattern") } },
        { QStringLiteral("additionalProperties"), false },
    };
}

ToolJob *GrepTool::run(const QJsonObject &input, const ToolContext &context)
{
    auto *job = new ToolJob;
    Query query;
    query.pattern = input.value(QStringLiteral("pattern")).toString();
    query.glob = input.value(QStringLiteral("glob")).toString();
    query.context = input.value(QStringLiteral("context")).toInt(0);
    query.caseInsensitive = input.value(QStringLiteral("case_insensitive")).toBool(false);
    query.filesOnly = input.value(QStringLiteral("files_only")).toBool(false);
    query.maxResults = context.limits.maxResults;
    query.maxLineChars = context.limits.maxLineChars;
    query.protectedPaths = context.protectedPaths;
    QString path = input.value(QStringLiteral("path")).toString();
    if (path.isEmpty())
        path = QStringLiteral(".");
    const Backend backend = m_backend;
    ToolPaths::resolve(job, context, path, [=](const QString &absolute, const QString &root) {
        const QString shownBase = ToolPaths::display(absolute, root);
        Machine *machine = context.machine;
        const QVariant known = machine->property(RipgrepProperty);
        if (backend == Backend::BuiltIn || (backend == Backend::Auto && known.isValid() && !known.toBool())) {
            runBuiltIn(job, context, absolute, root, shownBase, query);
            return;
        }
        if (backend == Backend::Ripgrep || known.toBool()) {
            runRipgrep(job, context, absolute, root, shownBase, query);
            return;
        }
        // First search on this machine: is rg there? Remembered on the machine object.
        CommandSpec probe;
        probe.command = QStringLiteral("command -v rg");
        job->await<CommandJob>(machine->run(probe), [=](CommandJob *c) {
            const bool hasRipgrep = c->error() == MachineJob::Error::None && c->exitCode() == 0;
            machine->setProperty(RipgrepProperty, hasRipgrep);
            if (hasRipgrep)
                runRipgrep(job, context, absolute, root, shownBase, query);
            else
                runBuiltIn(job, context, absolute, root, shownBase, query);
        });
    });
    return job;
}

} // namespace Proto
