#include "screenendpoint.h"

#include "machine.h"

#include <QLoggingCategory>
#include <QTimer>

namespace Proto {

namespace {
Q_LOGGING_CATEGORY(lcScreen, "proto.machines.screen")
} // namespace

ScreenEndpoint::ScreenEndpoint(QObject *parent)
    : QObject(parent)
{ }

ScreenEndpoint::~ScreenEndpoint()
{
    close();
}

QString ScreenEndpoint::problem(const MachineRecord &record)
{
    if (record.vncHost.trimmed().isEmpty())
        return tr("%1 has no VNC endpoint, so there is no screen to show.\nAdd its VNC host and port "
                  "in the machine's settings to watch and steer its desktop here.")
            .arg(record.name);
    if (record.vncPort <= 0 || record.vncPort > 65535)
        return tr("The VNC port of %1 (%2) is not a valid port number.").arg(record.name).arg(record.vncPort);
    return {};
}

void ScreenEndpoint::close()
{
    ++m_generation;
    if (m_tunnel) {
        disconnect(m_tunnel, nullptr, this, nullptr);
        m_tunnel->close();
        m_tunnel->deleteLater();
    }
    m_tunnel = nullptr;
    m_ready = false;
    m_host.clear();
    m_port = 0;
    m_crossesNetwork = false;
    m_errorString.clear();
}

void ScreenEndpoint::fail(const QString &message)
{
    m_ready = false;
    m_errorString = message;
    qCDebug(lcScreen) << "screen of" << m_name << "unavailable:" << message;
    Q_EMIT failed(message);
}

void ScreenEndpoint::open(const MachineRecord &record, Machine *machine)
{
    close();
    m_name = record.name;
    const quint64 generation = m_generation;
    const QString host = record.vncHost.trimmed();
    const QString why = problem(record);
    if (!why.isEmpty()) {
        QTimer::singleShot(0, this, [this, generation, why] {
            if (generation == m_generation)
                fail(why);
        });
        return;
    }
    const quint16 port = quint16(record.vncPort);
    if (!record.vncViaSsh) {
        QTimer::singleShot(0, this, [this, generation, host, port] {
            if (generation != m_generation)
                return;
            m_host = host;
            m_port = port;
            m_ready = true;
            Q_EMIT ready(m_host, m_port);
        });
        return;
    }
    if (!machine) {
        const QString message
            = tr("The screen of %1 is reached through its SSH connection, which is not available here.")
                  .arg(record.name);
        QTimer::singleShot(0, this, [this, generation, message] {
            if (generation == m_generation)
                fail(message);
        });
        return;
    }
    m_tunnel = machine->openTunnel(host, port, this);
    auto onListening = [this, generation](quint16) {
        if (generation != m_generation || !m_tunnel)
            return;
        m_host = m_tunnel->host();
        m_port = m_tunnel->port();
        m_crossesNetwork = m_tunnel->crossesNetwork();
        m_ready = true;
        Q_EMIT ready(m_host, m_port);
    };
    connect(m_tunnel, &MachineTunnel::listening, this, onListening);
    connect(m_tunnel, &MachineTunnel::closed, this, [this, generation] {
        if (generation != m_generation || !m_tunnel)
            return;
        const QString error = m_tunnel->errorString();
        fail(error.isEmpty() ? tr("The tunnel to the screen of %1 closed.").arg(m_name)
                             : tr("The tunnel to the screen of %1 closed: %2").arg(m_name, error));
    });
    if (m_tunnel->isListening())
        QTimer::singleShot(0, this, [onListening] { onListening(0); });
}

} // namespace Proto
