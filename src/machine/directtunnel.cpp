#include "directtunnel.h"

#include <QTimer>

namespace Proto {

DirectTunnel::DirectTunnel(const QString &targetHost, quint16 targetPort, QObject *parent)
    : MachineTunnel(parent)
    , m_host(targetHost)
    , m_port(targetPort)
{
    QTimer::singleShot(0, this, [this] {
        if (m_closed)
            return;
        m_listening = true;
        Q_EMIT listening(m_port);
    });
}

void DirectTunnel::close()
{
    if (m_closed)
        return;
    m_closed = true;
    Q_EMIT closed();
}

} // namespace Proto
