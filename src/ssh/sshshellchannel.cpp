#include "sshshellchannel.h"

#include "shellquote.h"
#include "sshmachine.h"
#include "sshshell.h"

namespace Proto {

SshShellChannel::SshShellChannel(SshMachine *machine, int columns, int rows, const QString &term,
    const QString &workingDirectory, QObject *parent)
    : ShellChannel(parent)
    , m_workingDirectory(workingDirectory)
{
    m_shell = machine->openSshShell(columns, rows, term);
    m_shell->setParent(this);
    connect(m_shell, &SshShell::opened, this, [this] {
        if (!m_workingDirectory.isEmpty()) {
            // The SSH shell request has no working folder: change to it first thing. The
            // leading space keeps it out of the history of shells that honour ignorespace.
            m_shell->write(QByteArrayLiteral(" cd -- ") + shellQuote(m_workingDirectory).toUtf8()
                + QByteArrayLiteral(" && clear\n"));
        }
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

SshShellChannel::~SshShellChannel()
{
    if (m_shell)
        disconnect(m_shell, nullptr, this, nullptr);
}

void SshShellChannel::sendInput(const QByteArray &data)
{
    m_shell->write(data);
}

void SshShellChannel::resize(int columns, int rows)
{
    m_shell->resize(columns, rows);
}

void SshShellChannel::close()
{
    m_shell->close();
}

ShellOpener SshShellChannel::opener(SshMachine *machine)
{
    QPointer<SshMachine> guarded(machine);
    return [guarded](int columns, int rows, const QString &term, const QString &workingDirectory,
               QObject *parent) -> ShellChannel * {
        if (!guarded)
            return nullptr;
        return new SshShellChannel(guarded, columns, rows, term, workingDirectory, parent);
    };
}

} // namespace Proto
