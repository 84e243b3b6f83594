#pragma once

#include "filejob.h"
#include "sshtypes.h"

#include <QPointer>

namespace Proto {

class SshConnection;

// The FileJob of an SshMachine.
class SshFileJob final
    : public FileJob
    , public SshEventReceiver
{
    Q_OBJECT

public:
    explicit SshFileJob(SshConnection *connection);
    void setOperationId(quint64 id) { m_id = id; }
    void sshEvent(const SshEvent &event) override;

protected:
    void doCancel() override;
    // The connection thread reports Cancelled once the remote process group is killed, or
    // the partial file removed.
    bool cancelFinishesLater() const override { return true; }

private:
    QPointer<SshConnection> m_connection;
    quint64 m_id = 0;
};

} // namespace Proto
