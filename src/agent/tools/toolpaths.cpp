#include "toolpaths.h"

#include "machine.h"
#include "tooljob.h"

#include <QCoreApplication>
#include <QDir>

#include <memory>

namespace Proto {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("ToolPaths", text);
}
} // namespace

QString ToolPaths::root(const ToolContext &context)
{
    QString root = context.root;
    if (root.isEmpty() && context.machine)
        root = context.machine->homePath();
    return QDir::cleanPath(root.isEmpty() ? QStringLiteral("/") : root);
}

QString ToolPaths::absolute(const ToolContext &context, const QString &path)
{
    QString p = path;
    if (p == u"~" || p.startsWith(QStringLiteral("~/")))
        p = (context.machine ? context.machine->homePath() : QString()) + p.mid(1);
    if (!p.startsWith(u'/'))
        p = root(context) + u'/' + p;
    return QDir::cleanPath(p);
}

bool ToolPaths::isInside(const QString &path, const QString &root)
{
    if (root == u"/")
        return path.startsWith(u'/');
    return path == root || (path.startsWith(root) && path.at(root.size()) == u'/');
}

QString ToolPaths::display(const QString &path, const QString &root)
{
    if (path == root)
        return QStringLiteral(".");
    if (isInside(path, root))
        return root == u"/" ? path : path.mid(root.size() + 1);
    return path;
}

void ToolPaths::resolve(ToolJob *job, const ToolContext &context, const QString &path,
    std::function<void(const QString &, const QString &)> done)
{
    if (path.trimmed().isEmpty()) {
        job->fail(tr("The path is empty."));
        return;
    }
    if (path.contains(QChar(0))) {
        job->fail(tr("The path contains a NUL character."));
        return;
    }
    struct State
    {
        QString path;
        QString root;
        int pending = 2;
        QString error;
    };
    auto state = std::make_shared<State>();
    const bool allowOutside = context.allowOutsideRoot;
    const QString requested = path;
    auto complete = [job, state, allowOutside, requested, done] {
        if (--state->pending > 0)
            return;
        if (!state->error.isEmpty()) {
            job->fail(state->error);
            return;
        }
        if (!allowOutside && !isInside(state->path, state->root)) {
            job->fail(tr("%1 resolves to %2, which is outside the session folder %3; "
                         "paths must stay inside it.")
                    .arg(requested, state->path, state->root));
            return;
        }
        done(state->path, state->root);
    };
    const QString absolutePath = absolute(context, path);
    const QString rootPath = root(context);
    job->await<FileJob>(
        context.machine->canonicalPath(absolutePath), [state, complete, absolutePath](FileJob *f) {
            if (f->error() != MachineJob::Error::None)
                state->error = tr("Cannot resolve %1: %2").arg(absolutePath, f->errorString());
            else
                state->path = f->info().path;
            complete();
        });
    job->await<FileJob>(context.machine->canonicalPath(rootPath), [state, complete, rootPath](FileJob *f) {
        if (f->error() != MachineJob::Error::None)
            state->error = tr("The session folder %1 is not usable: %2").arg(rootPath, f->errorString());
        else
            state->root = f->info().path;
        complete();
    });
}

} // namespace Proto
