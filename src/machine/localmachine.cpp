#include "localmachine.h"

#include "directtunnel.h"
#include "localcommandjob.h"
#include "localfilejob.h"

#include <QDir>

namespace Proto {

using namespace LocalFileOps;

LocalMachine::LocalMachine(QObject *parent)
    : Machine(parent)
{
    // I/O bound work: a few threads so one slow transfer does not hold up a listing.
    m_pool.setMaxThreadCount(4);
    m_pool.setExpiryTimeout(30000);
    m_pool.setObjectName(QStringLiteral("LocalMachine I/O"));
}

LocalMachine::~LocalMachine()
{
    // Nothing this machine started outlives it (the app or proto-cli quitting, a run ended by
    // the kill switch while its job was still being reaped).
    const QList<QPointer<LocalCommandJob>> commands = liveCommands();
    for (const QPointer<LocalCommandJob> &job : commands)
        job->killNow();
    // Jobs deleted before us have cancelled their work; what is left ends soon.
    m_pool.waitForDone();
}

QString LocalMachine::name() const
{
    return tr("This computer");
}

QString LocalMachine::homePath() const
{
    return QDir::homePath();
}

CommandJob *LocalMachine::run(const CommandSpec &spec)
{
    auto *job = new LocalCommandJob(spec, m_killGraceMs);
    m_commands = liveCommands();
    m_commands.append(job);
    return job;
}

QList<QPointer<LocalCommandJob>> LocalMachine::liveCommands()
{
    QList<QPointer<LocalCommandJob>> live;
    for (const QPointer<LocalCommandJob> &job : std::as_const(m_commands))
        if (job && job->isRunning())
            live.append(job);
    return live;
}

void LocalMachine::killCommands()
{
    constexpr int kKillSwitchGraceMs = 300;
    const QList<QPointer<LocalCommandJob>> commands = liveCommands();
    for (const QPointer<LocalCommandJob> &job : commands) {
        if (!job)
            continue; // a slot run by an earlier cancel deleted it
        job->setKillGraceMs(std::min(m_killGraceMs, kKillSwitchGraceMs));
        job->cancel();
    }
}

FileJob *LocalMachine::readFile(const QString &path, qint64 offset, qint64 length)
{
    return new LocalFileJob(
        &m_pool,
        [path, offset, length](Control &c) { return LocalFileOps::readFile(c, path, offset, length); }, true);
}

FileJob *LocalMachine::writeFile(const QString &path, const QByteArray &data, const WriteOptions &options)
{
    return new LocalFileJob(
        &m_pool,
        [path, data, options](Control &c) { return LocalFileOps::writeFile(c, path, data, options); }, true);
}

FileJob *LocalMachine::list(const QString &directory)
{
    return new LocalFileJob(
        &m_pool, [directory](Control &c) { return LocalFileOps::list(c, directory); }, false);
}

FileJob *LocalMachine::stat(const QString &path)
{
    return new LocalFileJob(
        &m_pool, [path](Control &) { return LocalFileOps::stat(path); }, false);
}

FileJob *LocalMachine::makeDirectory(const QString &path, bool parents)
{
    return new LocalFileJob(
        &m_pool, [path, parents](Control &) { return LocalFileOps::makeDirectory(path, parents); }, false);
}

FileJob *LocalMachine::remove(const QString &path, bool recursive)
{
    return new LocalFileJob(
        &m_pool, [path, recursive](Control &c) { return LocalFileOps::remove(c, path, recursive); }, true);
}

FileJob *LocalMachine::rename(const QString &from, const QString &to)
{
    return new LocalFileJob(
        &m_pool, [from, to](Control &c) { return LocalFileOps::rename(c, from, to); }, true);
}

FileJob *LocalMachine::canonicalPath(const QString &path)
{
    return new LocalFileJob(
        &m_pool, [path](Control &) { return LocalFileOps::canonicalPath(path); }, false);
}

FileJob *LocalMachine::download(const QString &remotePath, const QString &localPath)
{
    return new LocalFileJob(
        &m_pool,
        [remotePath, localPath](Control &c) { return LocalFileOps::copyFile(c, remotePath, localPath); },
        true);
}

FileJob *LocalMachine::upload(const QString &localPath, const QString &remotePath)
{
    return new LocalFileJob(
        &m_pool,
        [localPath, remotePath](Control &c) { return LocalFileOps::copyFile(c, localPath, remotePath); },
        true);
}

MachineTunnel *LocalMachine::openTunnel(const QString &targetHost, quint16 targetPort, QObject *parent)
{
    return new DirectTunnel(targetHost, targetPort, parent);
}

} // namespace Proto
