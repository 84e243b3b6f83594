#include "sshfilejob.h"

#include "sshconnection.h"

namespace Proto {

SshFileJob::SshFileJob(SshConnection *connection)
    : m_connection(connection)
{ }

void SshFileJob::sshEvent(const SshEvent &event)
{
    if (isCancelRequested() && event.type != SshEvent::Type::Finished)
        return;
    switch (event.type) {
    case SshEvent::Type::Progress:
        Q_EMIT progress(event.a, event.b);
        break;
    case SshEvent::Type::Info:
        setInfo(event.info);
        break;
    case SshEvent::Type::Entries:
        setEntries(event.entries);
        break;
    case SshEvent::Type::Data:
        setData(event.data);
        break;
    case SshEvent::Type::Finished:
        finish(event.error, event.message);
        break;
    default:
        break;
    }
}

void SshFileJob::doCancel()
{
    if (m_connection)
        m_connection->cancel(m_id);
}

} // namespace Proto
