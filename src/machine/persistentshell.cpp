#include "persistentshell.h"

#include "machine.h"

#include <QCoreApplication>
#include <QDir>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcShell, "proto.machine.shell")

namespace Proto {

namespace {

constexpr qsizetype kMaxStray = 64 * 1024;

bool inside(const QString &path, const QString &root)
{
    const QString r = QDir::cleanPath(root);
    const QString p = QDir::cleanPath(path);
    return p == r || p.startsWith(r == u'/' ? r : r + u'/');
}

} // namespace

// --- ShellCommandJob ---------------------------------------------------------------------------

ShellCommandJob::ShellCommandJob(PersistentShell *shell, int timeoutMs)
    : m_shell(shell)
{
    m_timeout.setSingleShot(true);
    if (timeoutMs > 0) {
        m_timeout.setInterval(timeoutMs);
        connect(&m_timeout, &QTimer::timeout, this, [this] {
            setTimedOut(true);
            if (m_shell)
                m_shell->interrupt(this, PersistentShell::Stop::Timeout);
        });
        m_timeout.start();
    }
}

ShellCommandJob::~ShellCommandJob()
{
    // Let go while it runs: stop it, so the shell is free for the next command.
    if (!isFinished() && m_shell)
        m_shell->interrupt(this, PersistentShell::Stop::Cancel);
}

void ShellCommandJob::doCancel()
{
    if (m_shell)
        m_shell->interrupt(this, PersistentShell::Stop::Cancel);
    else
        complete(-1, Error::Cancelled);
}

void ShellCommandJob::deliver(const QByteArray &data)
{
    if (!data.isEmpty())
        Q_EMIT stdoutData(data);
}

void ShellCommandJob::complete(int exitCode, Error error, const QString &message)
{
    if (isFinished())
        return;
    m_timeout.stop();
    setExit(exitCode, 0);
    finish(error, message);
}

// --- PersistentShell ---------------------------------------------------------------------------

PersistentShell::PersistentShell(Machine *machine, const QString &root, QObject *parent)
    : QObject(parent)
    , m_machine(machine)
    , m_root(root)
{
    m_escalation.setSingleShot(true);
    connect(&m_escalation, &QTimer::timeout, this, &PersistentShell::escalate);
}

PersistentShell::~PersistentShell()
{
    forget(tr("the shell was closed"));
}

QString PersistentShell::currentDirectory() const
{
    if (!m_stateKnown || m_directory.isEmpty() || !inside(m_directory, m_root))
        return m_root;
    return m_directory;
}

bool PersistentShell::isBusy() const
{
    for (const Pending &p : m_pending) {
        if (p.job)
            return true;
    }
    return false;
}

CommandJob *PersistentShell::run(
    const QString &command, int timeoutMs, const QMap<QString, QString> &environment)
{
    auto *job = new ShellCommandJob(this, timeoutMs);
    if (isBusy()) {
        job->complete(-1, MachineJob::Error::Failed, tr("The shell is still running the previous command."));
        return job;
    }
    if (!m_machine) {
        job->complete(-1, MachineJob::Error::Failed, tr("The machine is gone."));
        return job;
    }
    if (!m_job && !startShell(environment)) {
        job->complete(-1, MachineJob::Error::Failed, tr("The shell could not start."));
        return job;
    }
    // A shell that left the folder it works in (or whose report could not be read) goes back
    // before the command: the policy decided on the command for the folder it starts in.
    QString cdFirst;
    if ((!m_directory.isEmpty() && currentDirectory() != m_directory) || !m_stateKnown)
        cdFirst = m_root;
    const QByteArray nonce = ShellFraming::newNonce();
    Pending pending { std::make_unique<ShellFraming>(nonce), job };
    m_pending.push_back(std::move(pending));
    m_stop = Stop::None;
    m_stage = 0;
    if (!m_stray.isEmpty()) {
        job->deliver(m_stray); // queued: the caller connects before the event loop runs
        m_stray.clear();
    }
    const QByteArray wrapped = ShellFraming::wrap(command, nonce, cdFirst);
    if (m_signals.isEmpty())
        m_job->writeStdin(wrapped);
    else
        m_deferred = wrapped;
    return job;
}

bool PersistentShell::startShell(const QMap<QString, QString> &environment)
{
    CommandSpec spec;
    // bash reads its commands from stdin (not a terminal: no job control, no prompts, no history).
    spec.command = QStringLiteral(
        "exec 2>&1; if command -v bash >/dev/null 2>&1; then exec bash --noprofile --norc; fi; "
        "echo 'bash was not found on this machine'; exit 127");
    spec.workingDirectory = m_root;
    spec.environment = environment;
    spec.keepStdinOpen = true;
    // Over SSH the shell lives under a supervisor on the server: a dropped link or a sleeping
    // laptop does not end it (nor the command it runs); its output goes on after the reconnect.
    spec.survivesDisconnect = true;
    CommandJob *job = m_machine->run(spec);
    if (!job)
        return false;
    job->setParent(this);
    m_job = job;
    m_pid = 0;
    m_directory.clear();
    m_path.clear();
    m_initialPath.clear();
    m_stateKnown = true;
    connect(job, &CommandJob::stdoutData, this, &PersistentShell::onOutput);
    connect(job, &CommandJob::stderrData, this, &PersistentShell::onOutput);
    connect(job, &MachineJob::finished, this, &PersistentShell::onShellFinished);
    // The shell's own set-up, framed like a command: its report gives the PID (for interrupts)
    // and the PATH it started with. A trapped SIGINT interrupts the foreground command, not the shell.
    const QByteArray nonce = ShellFraming::newNonce();
    m_pending.push_back(Pending { std::make_unique<ShellFraming>(nonce), nullptr });
    job->writeStdin(ShellFraming::wrap(QStringLiteral("trap : INT; unset HISTFILE"), nonce));
    qCDebug(lcShell) << "shell starting in" << m_root;
    Q_EMIT started();
    return true;
}

void PersistentShell::onOutput(const QByteArray &data)
{
    QByteArray input = data;
    while (!input.isEmpty()) {
        if (m_pending.empty()) {
            m_stray += input;
            if (m_stray.size() > kMaxStray)
                m_stray = m_stray.right(kMaxStray);
            return;
        }
        Pending &front = m_pending.front();
        const QByteArray out = front.framing->feed(input);
        if (front.job)
            front.job->deliver(out);
        if (!front.framing->isDone())
            return;
        input = front.framing->rest();
        const ShellFraming::Record record = front.framing->record();
        const bool malformed = front.framing->isMalformed();
        QPointer<ShellCommandJob> job = front.job;
        m_pending.pop_front();
        if (malformed) {
            m_stateKnown = false;
            qCWarning(lcShell) << "unreadable report from the shell";
        } else {
            m_stateKnown = true;
            m_pid = record.pid;
            m_directory = record.directory;
            m_path = record.path;
            if (m_initialPath.isEmpty())
                m_initialPath = record.path;
        }
        if (job) {
            const Stop stop = m_stop;
            m_stop = Stop::None;
            m_stage = 0;
            m_escalation.stop();
            if (stop == Stop::Timeout)
                job->complete(record.status, MachineJob::Error::Timeout,
                    tr("The command was interrupted after its timeout."));
            else if (stop == Stop::Cancel)
                job->complete(record.status, MachineJob::Error::Cancelled);
            else
                job->complete(record.status, MachineJob::Error::None);
        }
    }
}

void PersistentShell::onShellFinished()
{
    CommandJob *job = m_job;
    if (!job)
        return;
    const int code = job->exitCode();
    const MachineJob::Error error = job->error();
    QString why;
    if (error == MachineJob::Error::None)
        why = tr("The shell exited with code %1.").arg(code);
    else
        why = tr("The shell ended: %1")
                  .arg(job->errorString().isEmpty() ? MachineJob::describe(error) : job->errorString());
    job->disconnect(this);
    job->deleteLater();
    m_job = nullptr;
    m_deferred.clear();
    const Stop stop = m_stop;
    std::deque<Pending> pending;
    pending.swap(m_pending);
    m_escalation.stop();
    m_stop = Stop::None;
    m_stage = 0;
    for (Pending &p : pending) {
        if (!p.job)
            continue;
        p.job->deliver(p.framing->feed(QByteArray())); // what was held back
        if (stop == Stop::Timeout) {
            p.job->complete(-1, MachineJob::Error::Timeout,
                tr("The command did not stop when interrupted; the shell was ended (its state is lost)."));
        } else if (stop == Stop::Cancel) {
            p.job->complete(-1, MachineJob::Error::Cancelled);
        } else if (error == MachineJob::Error::None) {
            // The command itself ended the shell (exit, exec): that is its result.
            p.job->deliver(QByteArray("\n")
                + tr("[%1 The next command starts a new shell in %2.]").arg(why, m_root).toUtf8());
            p.job->complete(code, MachineJob::Error::None);
        } else {
            p.job->complete(
                -1, error == MachineJob::Error::Cancelled ? error : MachineJob::Error::Failed, why);
        }
    }
    m_pid = 0;
    m_directory.clear();
    qCDebug(lcShell) << "shell ended:" << why;
    Q_EMIT ended(why);
}

void PersistentShell::interrupt(ShellCommandJob *job, Stop why)
{
    bool current = false;
    for (const Pending &p : m_pending)
        current = current || p.job == job;
    if (!current) {
        job->complete(-1, why == Stop::Timeout ? MachineJob::Error::Timeout : MachineJob::Error::Cancelled);
        return;
    }
    if (m_stop != Stop::None)
        return; // already on its way
    m_stop = why;
    m_stage = 0;
    escalate();
}

// Stage 1: SIGINT to the shell's process group (the shell traps it; the foreground command
// ends). Stage 2: SIGKILL to every other process of the group. Stage 3: end the shell.
void PersistentShell::escalate()
{
    if (!m_job)
        return;
    ++m_stage;
    if (m_pid > 1 && m_stage == 1) {
        const QString pid = QString::number(m_pid);
        runSignal(QStringLiteral("kill -INT -- -%1 2>/dev/null || kill -INT %1").arg(pid));
    } else if (m_pid > 1 && m_stage == 2) {
        const QString pid = QString::number(m_pid);
        runSignal(
            QStringLiteral("for p in $(pgrep -g %1 2>/dev/null); do [ \"$p\" = %1 ] || kill -KILL \"$p\"; "
                           "done 2>/dev/null; pkill -KILL -P %1 2>/dev/null; exit 0")
                .arg(pid));
    } else {
        qCInfo(lcShell) << "ending the shell: the command did not stop";
        m_job->cancel(); // its whole group and session; onShellFinished reports it
        return;
    }
    m_escalation.start(m_graceMs);
}

void PersistentShell::runSignal(const QString &command)
{
    if (!m_machine)
        return;
    CommandSpec spec;
    spec.command = command;
    spec.timeoutMs = 5000;
    CommandJob *signal = m_machine->run(spec);
    if (!signal)
        return;
    signal->setParent(this);
    m_signals.append(signal);
    connect(signal, &MachineJob::finished, this, [this, signal] {
        signal->deleteLater();
        m_signals.removeAll(signal);
        m_signals.removeAll(nullptr);
        if (m_signals.isEmpty() && !m_deferred.isEmpty() && m_job) {
            m_job->writeStdin(m_deferred);
            m_deferred.clear();
        }
    });
}

void PersistentShell::restart()
{
    forget(tr("the shell was restarted"));
}

void PersistentShell::forget(const QString &why)
{
    m_escalation.stop();
    std::deque<Pending> pending;
    pending.swap(m_pending);
    for (Pending &p : pending) {
        if (p.job)
            p.job->complete(-1, MachineJob::Error::Cancelled, why);
    }
    if (CommandJob *job = m_job) {
        m_job = nullptr;
        job->disconnect(this);
        job->cancel(); // kills the shell's group and session (local and SSH)
        job->setParent(nullptr);
        connect(job, &MachineJob::finished, job, &QObject::deleteLater);
        if (job->isFinished())
            job->deleteLater();
    }
    m_stop = Stop::None;
    m_stage = 0;
    m_pid = 0;
    m_directory.clear();
    m_path.clear();
    m_initialPath.clear();
    m_stateKnown = true;
    m_stray.clear();
    m_deferred.clear();
}

} // namespace Proto
