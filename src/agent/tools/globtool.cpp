#include "globtool.h"

#include "machine.h"
#include "toolpaths.h"
#include "treewalker.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>
#include <memory>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("GlobTool", text);
}

bool hasWildcard(const QString &part)
{
    for (const QChar c : part) {
        if (c == u'*' || c == u'?' || c == u'[' || c == u'{')
            return true;
    }
    return false;
}

struct Found
{
    QString path;
    QDateTime modified;
};

} // namespace

QString GlobTool::toRegularExpression(const QString &glob)
{
    QString rx;
    int braces = 0;
    for (qsizetype i = 0; i < glob.size(); ++i) {
        const QChar c = glob.at(i);
        if (c == u'*') {
            if (i + 1 < glob.size() && glob.at(i + 1) == u'*') {
                const bool atStart = i == 0 || glob.at(i - 1) == u'/';
                if (atStart && i + 2 < glob.size() && glob.at(i + 2) == u'/') {
                    rx += QStringLiteral("(?:[^/]*/)*"); // "**/": any folders, or none
                    i += 2;
                } else {
                    rx += QStringLiteral(".*");
                    ++i;
                }
            } else {
                rx += QStringLiteral("[^/]*");
            }
        } else if (c == u'?') {
            rx += QStringLiteral("[^/]");
        } else if (c == u'[') {
            const qsizetype close = glob.indexOf(u']', i + 2);
            if (close < 0) {
                rx += QStringLiteral("\\[");
                continue;
            }
            QString cls = glob.mid(i + 1, close - i - 1);
            const bool negated = cls.startsWith(u'!') || cls.startsWith(u'^');
            if (negated)
                cls.remove(0, 1);
            cls.replace(u'\\', QStringLiteral("\\\\"));
            cls.replace(u'[', QStringLiteral("\\["));
            rx += (negated ? QStringLiteral("[^/") : QStringLiteral("[")) + cls + u']';
            i = close;
        } else if (c == u'{') {
            ++braces;
            rx += QStringLiteral("(?:");
        } else if (c == u'}' && braces > 0) {
            --braces;
            rx += u')';
        } else if (c == u',' && braces > 0) {
            rx += u'|';
        } else {
            rx += QRegularExpression::escape(QString(c));
        }
    }
    while (braces-- > 0)
        rx += u')';
    return QRegularExpression::anchoredPattern(rx);
}

QString GlobTool::description() const
{
    return tr(
        "Find files by name pattern, newest first. Patterns: ** matches any folders, * and ? within a name, "
        "[abc] classes, {a,b} alternatives (e.g. \"src/**/*.{cpp,h}\"). path (default: the session folder) "
        "is "
        "where the search starts. Hidden files only match patterns that name them; .git is skipped.");
}

QJsonObject GlobTool::inputSchema() const
{
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("properties"),
            QJsonObject {
                { QStringLiteral("pattern"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("string") },
                        { QStringLiteral("minLength"), 1 },
                        { QStringLiteral("description"), QStringLiteral("Glob pattern") } } },
                { QStringLiteral("path"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("string") },
                        { QStringLiteral("description"), QStringLiteral("Folder to search in") } } },
            } },
        { QStringLiteral("required"), QJsonArray { QStringLiteral("pattern") } },
        { QStringLiteral("additionalProperties"), false },
    };
}

ToolJob *GlobTool::run(const QJsonObject &input, const ToolContext &context)
{
    auto *job = new ToolJob;
    QString pattern = input.value(QStringLiteral("pattern")).toString();
    QString base = input.value(QStringLiteral("path")).toString();
    if (base.isEmpty())
        base = QStringLiteral(".");
    // Leading literal folders of the pattern narrow where the walk starts.
    if (pattern.startsWith(u'/')) {
        base = QStringLiteral("/");
        pattern.remove(0, 1);
    }
    QStringList parts = pattern.split(u'/', Qt::SkipEmptyParts);
    QStringList prefix;
    while (parts.size() > 1 && !hasWildcard(parts.first()))
        prefix.append(parts.takeFirst());
    if (!prefix.isEmpty())
        base += u'/' + prefix.join(u'/');
    const QString rest = parts.join(u'/');
    const QRegularExpression matcher(toRegularExpression(rest));
    if (!matcher.isValid()) {
        job->fail(tr("Invalid pattern %1: %2").arg(pattern, matcher.errorString()));
        return job;
    }
    TreeWalker::Options options;
    options.maxDepth = rest.contains(QStringLiteral("**")) ? -1 : int(parts.size());
    options.includeHidden = rest.startsWith(u'.') || rest.contains(QStringLiteral("/."));
    options.includeGit = rest.contains(QStringLiteral(".git"));
    options.maxEntries = context.limits.maxVisitedEntries;
    const int maxResults = context.limits.maxResults;
    Machine *machine = context.machine;
    const QString shownPattern = input.value(QStringLiteral("pattern")).toString();
    const ProtectedPaths protectedPaths = context.protectedPaths;
    ToolPaths::resolve(job, context, base, [=](const QString &absolute, const QString &root) {
        auto found = std::make_shared<QList<Found>>();
        auto withheld = std::make_shared<qsizetype>(0);
        TreeWalker::walk(
            job, machine, absolute, options,
            [found, matcher, withheld, protectedPaths](const FileInfo &entry, const QString &relative) {
                if (entry.type != FileInfo::Type::Directory && matcher.match(relative).hasMatch()) {
                    // Protected files (keys, credentials, .env) are not listed.
                    if (!protectedPaths.match(entry.path).isEmpty())
                        ++*withheld;
                    else
                        found->append({ entry.path, entry.modified });
                }
                return true;
            },
            [=](bool capped, const QStringList &) {
                std::sort(found->begin(), found->end(), [](const Found &a, const Found &b) {
                    return a.modified != b.modified ? a.modified > b.modified : a.path < b.path;
                });
                const QString withheldNote = *withheld == 0 ? QString()
                                                            : u'\n'
                        + QCoreApplication::translate("GlobTool",
                            "(%n protected file(s) left out: keys, credentials or .env files are shown only "
                            "through read, with the person's approval.)",
                            nullptr, int(*withheld));
                if (found->isEmpty()) {
                    job->finish(ToolResult::success(
                        tr("No files match %1 in %2.").arg(shownPattern, ToolPaths::display(absolute, root))
                            + withheldNote,
                        tr("Glob %1: no matches").arg(shownPattern)));
                    return;
                }
                QStringList lines;
                for (qsizetype i = 0; i < found->size() && i < maxResults; ++i)
                    lines.append(ToolPaths::display(found->at(i).path, root));
                QString out = lines.join(u'\n') + withheldNote;
                if (found->size() > maxResults)
                    out += u'\n'
                        + tr("(%1 more files not shown; narrow the pattern.)")
                              .arg(found->size() - maxResults);
                if (capped)
                    out += u'\n'
                        + tr("(The search stopped after looking at %1 entries; results may be incomplete.)")
                              .arg(options.maxEntries);
                job->finish(
                    ToolResult::success(out, tr("Glob %1: %2 files").arg(shownPattern).arg(found->size())));
            });
    });
    return job;
}

} // namespace Proto
