#include "sshshellchannel.h"

#include "commandjob.h"
#include "shellquote.h"
#include "sshmachine.h"
#include "sshshell.h"

#include <QRegularExpression>

namespace Proto {

SshShellChannel::SshShellChannel(SshMachine *machine, int columns, int rows, const QString &term,
    const QString &workingDirectory, const QString &resumeName, QObject *parent)
    : ShellChannel(parent)
    , m_machine(machine)
    , m_term(term)
    , m_workingDirectory(workingDirectory)
    , m_resumeName(resumeName)
    , m_columns(columns)
    , m_rows(rows)
{
    if (resumeName.isEmpty() || tmuxCommand(resumeName, workingDirectory).isEmpty()) {
        open(false);
        return;
    }
    // Is there a tmux to keep the shell in? (One short command on the same connection.)
    CommandSpec probe;
    probe.command = QStringLiteral("command -v tmux >/dev/null 2>&1 && tmux -V >/dev/null 2>&1");
    probe.timeoutMs = 15000;
    m_probe = machine->run(probe);
    m_probe->setParent(this);
    connect(m_probe, &MachineJob::finished, this, [this] {
        const bool found = m_probe->error() == MachineJob::Error::None && m_probe->exitCode() == 0;
        const bool lost = m_probe->error() == MachineJob::Error::ConnectionLost
            || m_probe->error() == MachineJob::Error::Failed;
        const QString why = m_probe->errorString();
        m_probe->deleteLater();
        m_probe = nullptr;
        if (m_closed)
            return;
        if (lost && !found) {
            Q_EMIT finished(-1, why.isEmpty() ? tr("The connection failed.") : why);
            return;
        }
        open(found);
    });
}

SshShellChannel::~SshShellChannel()
{
    if (m_shell)
        disconnect(m_shell, nullptr, this, nullptr);
}

bool SshShellChannel::validResumeName(const QString &name)
{
    static const QRegularExpression word(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9-]{0,63}$"));
    return word.match(name).hasMatch();
}

QByteArray SshShellChannel::tmuxCommand(const QString &resumeName, const QString &workingDirectory)
{
    if (!validResumeName(resumeName))
        return {};
    // The login shell reads this line (bash, zsh, fish and csh alike): plain words and one
    // single-quoted folder; a folder with a newline or csh's `!` is left out (tmux then starts
    // in the login directory, and the tab says where it is).
    QByteArray line = "exec tmux new-session -A -s " + resumeName.toLatin1();
    if (!workingDirectory.isEmpty() && !workingDirectory.contains(u'\n') && !workingDirectory.contains(u'!')
        && !workingDirectory.contains(QChar(0)))
        line += " -c " + shellQuote(workingDirectory).toUtf8();
    line += " ';' set-option status off ';' set-option mouse on";
    return line;
}

QString SshShellChannel::tmuxKillCommand(const QString &resumeName)
{
    if (!validResumeName(resumeName))
        return QStringLiteral("exit 0");
    return QStringLiteral("tmux kill-session -t =%1 >/dev/null 2>&1; exit 0").arg(resumeName);
}

void SshShellChannel::open(bool tmux)
{
    if (!m_machine) {
        Q_EMIT finished(-1, tr("The machine is gone."));
        return;
    }
    m_tmux = tmux;
    m_shell = m_machine->openSshShell(
        m_columns, m_rows, m_term, tmux ? tmuxCommand(m_resumeName, m_workingDirectory) : QByteArray());
    m_shell->setParent(this);
    connect(m_shell, &SshShell::opened, this, [this] {
        if (!m_tmux && !m_workingDirectory.isEmpty()) {
            // The SSH shell request has no working folder: change to it first thing. The
            // leading space keeps it out of the history of shells that honour ignorespace.
            m_shell->write(QByteArrayLiteral(" cd -- ") + shellQuote(m_workingDirectory).toUtf8()
                + QByteArrayLiteral(" && clear\n"));
        }
        if (!m_pendingInput.isEmpty())
            m_shell->write(std::exchange(m_pendingInput, {}));
        Q_EMIT started();
    });
    connect(m_shell, &SshShell::dataReceived, this, &ShellChannel::output);
    connect(m_shell, &SshShell::finished, this, [this] {
        QString error = m_shell->errorString();
        if (error.isEmpty() && m_shell->exitSignal() != 0)
            error = tr("killed by signal %1").arg(m_shell->exitSignal());
        Q_EMIT finished(m_shell->exitCode(), error);
    });
}

void SshShellChannel::sendInput(const QByteArray &data)
{
    if (m_shell)
        m_shell->write(data);
    else
        m_pendingInput += data;
}

void SshShellChannel::resize(int columns, int rows)
{
    m_columns = columns;
    m_rows = rows;
    if (m_shell)
        m_shell->resize(columns, rows);
}

void SshShellChannel::close()
{
    m_closed = true;
    if (m_shell) {
        m_shell->close();
    } else if (m_probe) {
        m_probe->cancel();
        Q_EMIT finished(-1, {});
    }
}

bool SshShellChannel::connectionLost() const
{
    if (m_shell)
        return m_shell->error() == MachineJob::Error::ConnectionLost;
    return false;
}

ShellOpener SshShellChannel::opener(SshMachine *machine)
{
    QPointer<SshMachine> guarded(machine);
    return [guarded](int columns, int rows, const QString &term, const QString &workingDirectory,
               QObject *parent, const QString &resumeName) -> ShellChannel * {
        if (!guarded)
            return nullptr;
        return new SshShellChannel(guarded, columns, rows, term, workingDirectory, resumeName, parent);
    };
}

} // namespace Proto
