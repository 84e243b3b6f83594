#include "treewalker.h"

#include "machine.h"
#include "tooljob.h"

#include <QCoreApplication>

#include <deque>
#include <memory>

namespace Proto {

namespace {

struct Walk
{
    ToolJob *job = nullptr;
    Machine *machine = nullptr;
    QString base;
    TreeWalker::Options options;
    std::function<bool(const FileInfo &, const QString &)> onEntry;
    std::function<void(bool, const QStringList &)> done;
    std::deque<std::pair<QString, int>> queue; // folder, depth of its entries
    int inFlight = 0;
    int visited = 0;
    bool capped = false;
    bool stopped = false;
    bool finished = false;
    QStringList errors;
};

void pump(const std::shared_ptr<Walk> &walk)
{
    while (!walk->stopped && !walk->queue.empty() && walk->inFlight < walk->options.maxInFlight) {
        const auto [folder, depth] = walk->queue.front();
        walk->queue.pop_front();
        ++walk->inFlight;
        walk->job->await<FileJob>(walk->machine->list(folder), [walk, folder, depth](FileJob *ls) {
            --walk->inFlight;
            if (ls->error() != MachineJob::Error::None) {
                if (folder == walk->base) {
                    walk->finished = true;
                    walk->job->fail(QCoreApplication::translate("TreeWalker", "Cannot list %1: %2")
                            .arg(folder, ls->errorString()));
                    return;
                }
                walk->errors.append(ls->errorString());
            } else {
                for (const FileInfo &entry : ls->entries()) {
                    if (walk->stopped)
                        break;
                    if (++walk->visited > walk->options.maxEntries) {
                        walk->capped = walk->stopped = true;
                        break;
                    }
                    if (!walk->options.includeHidden && entry.name.startsWith(u'.'))
                        continue;
                    if (!walk->options.includeGit && entry.name == u".git")
                        continue;
                    const QString relative = entry.path.mid(walk->base == u"/" ? 1 : walk->base.size() + 1);
                    if (!walk->onEntry(entry, relative)) {
                        walk->stopped = true;
                        break;
                    }
                    if (entry.type == FileInfo::Type::Directory
                        && (walk->options.maxDepth < 0 || depth < walk->options.maxDepth))
                        walk->queue.emplace_back(entry.path, depth + 1);
                }
            }
            if (walk->finished)
                return;
            pump(walk);
            if (walk->inFlight == 0 && (walk->queue.empty() || walk->stopped)) {
                walk->finished = true;
                walk->done(walk->capped, walk->errors);
            }
        });
    }
}

} // namespace

void TreeWalker::walk(ToolJob *job, Machine *machine, const QString &base, const Options &options,
    std::function<bool(const FileInfo &, const QString &)> onEntry,
    std::function<void(bool, const QStringList &)> done)
{
    auto walk = std::make_shared<Walk>();
    walk->job = job;
    walk->machine = machine;
    walk->base = base;
    walk->options = options;
    walk->onEntry = std::move(onEntry);
    walk->done = std::move(done);
    walk->queue.emplace_back(base, 1);
    pump(walk);
}

} // namespace Proto
