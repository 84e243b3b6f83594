#include "vncclientpool.h"

#include "vncclient.h"

namespace Proto {

VncClientPool::VncClientPool(QObject *parent)
    : QObject(parent)
{ }

VncClientPool::~VncClientPool()
{
    qDeleteAll(m_clients);
}

VncClient *VncClientPool::clientFor(const QString &machineId)
{
    if (machineId.isEmpty())
        return nullptr;
    VncClient *&client = m_clients[machineId];
    if (!client)
        client = new VncClient;
    return client;
}

VncClient *VncClientPool::existing(const QString &machineId) const
{
    return m_clients.value(machineId, nullptr);
}

void VncClientPool::dropAllInput()
{
    for (VncClient *client : std::as_const(m_clients))
        if (client)
            client->dropInput();
}

void VncClientPool::release(const QString &machineId)
{
    if (VncClient *client = m_clients.take(machineId)) {
        client->disconnectFromHost();
        client->deleteLater();
    }
}

} // namespace Proto
