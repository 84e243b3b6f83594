#pragma once

#include "commandjob.h"
#include "sshtypes.h"

#include <QPointer>

namespace Proto {

class SshConnection;

// The CommandJob of an SshMachine: stdout/stderr/exit arrive as events from the connection.
class SshCommandJob final
    : public CommandJob
    , public SshEventReceiver
{
    Q_OBJECT

public:
    explicit SshCommandJob(SshConnection *connection);
    void setOperationId(quint64 id) { m_id = id; }

    void writeStdin(const QByteArray &data) override;
    void closeStdin() override;
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
