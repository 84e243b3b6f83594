#pragma once

#include <QHash>
#include <QObject>
#include <QString>

namespace Proto {

class VncClient;

// One VncClient per machine, shared by every session on that machine: the Computer panels
// show it and the sessions' computer-use tools drive it (PanelContext::vncClientFor). Clients
// are created on first use and live as long as the pool.
class VncClientPool final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VncClientPool)

public:
    explicit VncClientPool(QObject *parent = nullptr);
    ~VncClientPool() override;

    VncClient *clientFor(const QString &machineId); // null for an empty id
    VncClient *existing(const QString &machineId) const;
    // Disconnects and deletes a machine's client (the machine was removed or its endpoint changed).
    void release(const QString &machineId);
    int size() const { return int(m_clients.size()); }
    // The kill switch: VncClient::dropInput on every client.
    void dropAllInput();

private:
    QHash<QString, VncClient *> m_clients;
};

} // namespace Proto
