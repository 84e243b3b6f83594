#include "localcommandjob.h"

#include "childenvironment.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <csignal>
#include <unistd.h>

namespace Proto {

namespace {

// Signals every process of session `sid` that is not in process group `sid` (that group gets
// kill(-sid) of its own). Linux: /proc/PID/stat holds pgrp and session after the command name.
void signalSession(pid_t sid, int signal)
{
#ifdef __linux__
    if (sid <= 1 || sid == ::getsid(0))
        return;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool numeric = false;
        const pid_t pid = pid_t(entry.toInt(&numeric));
        if (!numeric || pid <= 1)
            continue;
        QFile file(QStringLiteral("/proc/%1/stat").arg(entry));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray stat = file.read(4096);
        const qsizetype close = stat.lastIndexOf(')');
        if (close < 0)
            continue;
        const QList<QByteArray> fields = stat.mid(close + 2).split(' '); // state ppid pgrp session
        if (fields.size() < 4)
            continue;
        if (fields.at(3).toLongLong() == sid && fields.at(2).toLongLong() != sid)
            ::kill(pid, signal);
    }
#else
    Q_UNUSED(sid);
    Q_UNUSED(signal);
#endif
}

} // namespace

LocalCommandJob::LocalCommandJob(const CommandSpec &spec, int killGraceMs, QObject *parent)
    : CommandJob(parent)
{
    m_timeout.setSingleShot(true);
    m_killTimer.setSingleShot(true);
    m_killTimer.setInterval(killGraceMs);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        setTimedOut(true);
        terminateGroup();
    });
    connect(&m_killTimer, &QTimer::timeout, this, &LocalCommandJob::killGroup);
    connect(&m_process, &QProcess::readyReadStandardOutput, this,
        [this] { Q_EMIT stdoutData(m_process.readAllStandardOutput()); });
    connect(&m_process, &QProcess::readyReadStandardError, this,
        [this] { Q_EMIT stderrData(m_process.readAllStandardError()); });
    connect(&m_process, &QProcess::finished, this, &LocalCommandJob::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, &LocalCommandJob::onError);
    start(spec);
}

LocalCommandJob::~LocalCommandJob()
{
    // The caller let go while the command runs: end the whole group now, not just the shell.
    if (m_process.state() != QProcess::NotRunning || m_stopping) {
        killGroup();
        m_process.disconnect(this);
        m_process.waitForFinished(1000);
    }
}

void LocalCommandJob::start(const CommandSpec &spec)
{
    m_workingDirectory = spec.workingDirectory.isEmpty() ? QDir::homePath() : spec.workingDirectory;
    // Without the app's secrets: an agent reads whatever its commands print.
    QProcessEnvironment environment
        = ChildEnvironment::clean(QProcessEnvironment::systemEnvironment(), ChildEnvironment::For::Agent);
    for (auto it = spec.environment.cbegin(); it != spec.environment.cend(); ++it)
        environment.insert(it.key(), it.value());
    m_process.setProcessEnvironment(environment);
    m_process.setWorkingDirectory(m_workingDirectory);
    // A new session (setsid) makes the shell a process-group leader, so the whole group can be
    // signalled. Default signal dispositions (the app may ignore SIGPIPE; `yes | head` must
    // still end) and no inherited descriptors (database, sockets). Qt does all of this after
    // vfork, without the cost of a full fork that a child-process modifier would force.
    QProcess::UnixProcessParameters parameters;
    parameters.flags = QProcess::UnixProcessFlag::CreateNewSession
        | QProcess::UnixProcessFlag::ResetSignalHandlers | QProcess::UnixProcessFlag::CloseFileDescriptors
        | QProcess::UnixProcessFlag::UseVFork;
    m_process.setUnixProcessParameters(parameters);
    const QByteArray stdinData = spec.stdinData;
    const bool keepOpen = spec.keepStdinOpen;
    connect(&m_process, &QProcess::started, this, [this, stdinData, keepOpen] {
        m_group = m_process.processId();
        if (!stdinData.isEmpty())
            m_process.write(stdinData);
        if (!keepOpen)
            m_process.closeWriteChannel();
        if (m_timeout.interval() > 0)
            m_timeout.start();
    });
    if (spec.timeoutMs > 0)
        m_timeout.setInterval(spec.timeoutMs);
    else
        m_timeout.setInterval(0);
    m_process.start(QStringLiteral("/bin/sh"), { QStringLiteral("-c"), spec.command });
    m_group = m_process.processId(); // forked already; 0 when it could not start
}

void LocalCommandJob::writeStdin(const QByteArray &data)
{
    if (m_process.state() != QProcess::NotRunning)
        m_process.write(data); // buffered until the process has started
}

void LocalCommandJob::closeStdin()
{
    m_process.closeWriteChannel();
}

void LocalCommandJob::doCancel()
{
    if (m_process.state() == QProcess::NotRunning) {
        finish(Error::Cancelled);
        return;
    }
    terminateGroup();
}

bool LocalCommandJob::isRunning() const
{
    return m_process.state() != QProcess::NotRunning || m_stopping;
}

void LocalCommandJob::setKillGraceMs(int ms)
{
    m_killTimer.setInterval(std::max(0, ms));
    if (m_killTimer.isActive())
        m_killTimer.start();
}

void LocalCommandJob::killNow()
{
    m_timeout.stop();
    if (m_process.state() != QProcess::NotRunning)
        m_stopping = true; // finished() reports Cancelled
    killGroup();
}

void LocalCommandJob::terminateGroup()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_timeout.stop();
    if (m_group > 0) {
        ::kill(pid_t(-m_group), SIGTERM);
        signalSession(pid_t(m_group), SIGTERM);
    } else {
        m_process.terminate();
    }
    m_killTimer.start();
}

void LocalCommandJob::killGroup()
{
    if (m_group > 0) {
        ::kill(pid_t(-m_group), SIGKILL);
        signalSession(pid_t(m_group), SIGKILL);
    } else if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
    }
}

void LocalCommandJob::onFinished(int exitCode, QProcess::ExitStatus status)
{
    m_timeout.stop();
    // Drain what the shell wrote last.
    const QByteArray out = m_process.readAllStandardOutput();
    if (!out.isEmpty())
        Q_EMIT stdoutData(out);
    const QByteArray err = m_process.readAllStandardError();
    if (!err.isEmpty())
        Q_EMIT stderrData(err);
    if (status == QProcess::CrashExit)
        setExit(-1, exitCode);
    else
        setExit(exitCode, 0);
    if (m_stopping) {
        // The shell is gone; whatever it left in its group ignores SIGTERM or is on its way out.
        m_killTimer.stop();
        killGroup();
        m_stopping = false;
        if (timedOut())
            finish(Error::Timeout,
                tr("Timed out after %1 s; the command and its children were killed")
                    .arg(double(m_timeout.interval()) / 1000.0));
        else
            finish(Error::Cancelled);
        return;
    }
    finish(Error::None);
}

void LocalCommandJob::onError(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart)
        return; // crashes and read/write errors end in finished()
    m_timeout.stop();
    if (!QFileInfo(m_workingDirectory).isDir())
        finish(Error::NotFound, tr("Working directory does not exist: %1").arg(m_workingDirectory));
    else
        finish(Error::Failed, tr("Could not start /bin/sh: %1").arg(m_process.errorString()));
}

} // namespace Proto
