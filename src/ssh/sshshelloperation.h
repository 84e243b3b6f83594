#pragma once

#include "sshhandles.h"
#include "sshoperation.h"

#include <QByteArray>

namespace Proto {

// The connection-thread side of an SshShell.
class SshShellOperation final : public SshOperation
{
public:
    // command empty: the login shell ("shell" request); else an exec request with the pty.
    SshShellOperation(int columns, int rows, const QByteArray &term, const QByteArray &command = {});

    void write(const QByteArray &data) { m_input += data; }
    void resize(int columns, int rows);

    bool step(SshContext &ctx) override;
    void cancel(SshContext &ctx) override;
    void abort(SshContext &ctx, MachineJob::Error error, const QString &message) override;
    bool needsSessionSlot() const override { return true; }

private:
    SshHandles::Channel m_channel;
    QByteArray m_term;
    QByteArray m_command;
    QByteArray m_input;
    QByteArray m_buffer;
    int m_columns;
    int m_rows;
    bool m_resizePending = false;
};

} // namespace Proto
