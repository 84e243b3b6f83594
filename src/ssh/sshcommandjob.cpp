#include "sshcommandjob.h"

#include "sshconnection.h"
#include "sshexecoperation.h"

namespace Proto {

SshCommandJob::SshCommandJob(SshConnection *connection)
    : m_connection(connection)
{ }

void SshCommandJob::writeStdin(const QByteArray &data)
{
    if (!m_connection || isFinished() || data.isEmpty())
        return;
    m_connection->invoke(m_id,
        [data](SshOperation &op, SshContext &) { static_cast<SshExecOperation &>(op).writeStdin(data); });
}

void SshCommandJob::closeStdin()
{
    if (!m_connection || isFinished())
        return;
    m_connection->invoke(
        m_id, [](SshOperation &op, SshContext &) { static_cast<SshExecOperation &>(op).closeStdin(); });
}

void SshCommandJob::sshEvent(const SshEvent &event)
{
    if (isCancelRequested() && event.type != SshEvent::Type::Finished)
        return;
    switch (event.type) {
    case SshEvent::Type::Stdout:
        Q_EMIT stdoutData(event.data);
        break;
    case SshEvent::Type::Stderr:
        Q_EMIT stderrData(event.data);
        break;
    case SshEvent::Type::Exit:
        setExit(int(event.a), int(event.b));
        setTimedOut(event.timedOut);
        break;
    case SshEvent::Type::Finished:
        finish(event.error, event.message);
        break;
    default:
        break;
    }
}

void SshCommandJob::doCancel()
{
    if (m_connection)
        m_connection->cancel(m_id);
}

} // namespace Proto
