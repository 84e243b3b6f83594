#pragma once

#include "machinetunnel.h"

namespace Proto {

// The "tunnel" of this computer: the target is reached as it is, nothing is forwarded.
// listening() follows from the event loop (as an SSH forward's would), with the target's port.
class DirectTunnel final : public MachineTunnel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DirectTunnel)

public:
    DirectTunnel(const QString &targetHost, quint16 targetPort, QObject *parent = nullptr);

    QString targetHost() const override { return m_host; }
    quint16 targetPort() const override { return m_port; }
    QString host() const override { return m_host; }
    quint16 port() const override { return m_listening ? m_port : 0; }
    bool isListening() const override { return m_listening && !m_closed; }
    bool crossesNetwork() const override { return false; }
    QString errorString() const override { return {}; }
    void close() override;

private:
    QString m_host;
    quint16 m_port;
    bool m_listening = false;
    bool m_closed = false;
};

} // namespace Proto
