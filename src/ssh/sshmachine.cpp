#include "sshmachine.h"

#include "sshcommandjob.h"
#include "sshconnection.h"
#include "sshexecoperation.h"
#include "sshfilejob.h"
#include "sshsftpoperation.h"
#include "sshsftptransfer.h"
#include "sshshell.h"
#include "sshshellchannel.h"
#include "sshtunnel.h"

namespace Proto {

SshMachine::SshMachine(const SshMachineConfig &config, QObject *parent)
    : Machine(parent)
    , m_config(config)
    , m_connection(new SshConnection(config, this))
{
    connect(m_connection, &SshConnection::stateChanged, this, &Machine::stateChanged);
}

SshMachine::~SshMachine() = default;

void SshMachine::connectToHost()
{
    m_connection->connectToHost();
}

void SshMachine::disconnectFromHost()
{
    m_connection->disconnectFromHost();
}

Machine::State SshMachine::state() const
{
    return m_connection->state();
}

QString SshMachine::stateMessage() const
{
    return m_connection->errorString();
}

QString SshMachine::homePath() const
{
    return m_connection->homePath();
}

CommandJob *SshMachine::run(const CommandSpec &spec)
{
    auto *job = new SshCommandJob(m_connection);
    job->setOperationId(m_connection->start(std::make_unique<SshExecOperation>(spec), job));
    m_commands.removeIf([](const QPointer<SshCommandJob> &j) { return !j || j->isFinished(); });
    m_commands.append(job);
    return job;
}

void SshMachine::killCommands()
{
    // Each cancel kills its remote process group through the connection thread at once.
    const QList<QPointer<SshCommandJob>> commands = std::exchange(m_commands, {});
    for (const QPointer<SshCommandJob> &job : commands)
        if (job && !job->isFinished())
            job->cancel();
}

FileJob *SshMachine::startFileJob(std::unique_ptr<SshOperation> operation)
{
    auto *job = new SshFileJob(m_connection);
    job->setOperationId(m_connection->start(std::move(operation), job));
    return job;
}

FileJob *SshMachine::readFile(const QString &path, qint64 offset, qint64 length)
{
    return startFileJob(SshSftpTransfer::read(path, offset, length));
}

FileJob *SshMachine::writeFile(const QString &path, const QByteArray &data, const WriteOptions &options)
{
    return startFileJob(SshSftpTransfer::write(path, data, options));
}

FileJob *SshMachine::list(const QString &directory)
{
    return startFileJob(std::make_unique<SshSftpOperation>(SshSftpOperation::Kind::List, directory));
}

FileJob *SshMachine::stat(const QString &path)
{
    return startFileJob(std::make_unique<SshSftpOperation>(SshSftpOperation::Kind::Stat, path));
}

FileJob *SshMachine::makeDirectory(const QString &path, bool parents)
{
    return startFileJob(
        std::make_unique<SshSftpOperation>(SshSftpOperation::Kind::MakeDirectory, path, QString(), parents));
}

FileJob *SshMachine::remove(const QString &path, bool recursive)
{
    return startFileJob(
        std::make_unique<SshSftpOperation>(SshSftpOperation::Kind::Remove, path, QString(), recursive));
}

FileJob *SshMachine::rename(const QString &from, const QString &to)
{
    return startFileJob(std::make_unique<SshSftpOperation>(SshSftpOperation::Kind::Rename, from, to));
}

FileJob *SshMachine::canonicalPath(const QString &path)
{
    return startFileJob(std::make_unique<SshSftpOperation>(SshSftpOperation::Kind::Canonical, path));
}

FileJob *SshMachine::download(const QString &remotePath, const QString &localPath)
{
    return startFileJob(SshSftpTransfer::download(remotePath, localPath));
}

FileJob *SshMachine::upload(const QString &localPath, const QString &remotePath)
{
    return startFileJob(SshSftpTransfer::upload(localPath, remotePath));
}

ShellChannel *SshMachine::openShell(int columns, int rows, const QString &term,
    const QString &workingDirectory, QObject *parent, const QString &resumeName)
{
    return new SshShellChannel(this, columns, rows, term, workingDirectory, resumeName, parent);
}

void SshMachine::forgetShell(const QString &resumeName)
{
    if (!SshShellChannel::validResumeName(resumeName))
        return;
    CommandSpec spec;
    spec.command = SshShellChannel::tmuxKillCommand(resumeName);
    spec.timeoutMs = 10000;
    CommandJob *job = run(spec);
    job->setParent(this);
    connect(job, &MachineJob::finished, job, &QObject::deleteLater);
}

SshShell *SshMachine::openSshShell(int columns, int rows, const QString &term, const QByteArray &command)
{
    return new SshShell(m_connection, columns, rows, term, command);
}

SshTunnel *SshMachine::openTunnel(const QString &remoteHost, quint16 remotePort, QObject *parent)
{
    // A screen asked for after a failed login tries again, as the person expects.
    if (state() == State::Disconnected || state() == State::Failed)
        connectToHost();
    return new SshTunnel(m_connection, remoteHost, remotePort, parent);
}

} // namespace Proto
