#pragma once

#include "machinetunnel.h"
#include "records.h"

#include <QObject>
#include <QPointer>
#include <QString>

namespace Proto {

class Machine;

// Where to connect a VNC client to see a machine's screen: the one place that turns a machine
// record's VNC settings (vncHost, vncPort, vncViaSsh) into a host:port here. Directly when the
// VNC server is reachable from this computer; through Machine::openTunnel when vncViaSsh (the
// host and port as the machine sees them, over SSH a forward of its connection). The Computer
// panel and proto-cli use it alike. Used on the thread it was created on.
class ScreenEndpoint final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScreenEndpoint)

public:
    explicit ScreenEndpoint(QObject *parent = nullptr);
    ~ScreenEndpoint() override;

    // Empty when the record has a usable VNC endpoint, else why not (for the person).
    static QString problem(const MachineRecord &record);
    static bool hasScreen(const MachineRecord &record) { return !record.vncHost.trimmed().isEmpty(); }

    // Starts resolving the record's endpoint: ready() follows (at once from the event loop when
    // direct), or failed(). machine is the record's live machine, needed only when vncViaSsh
    // (null then fails). Opening again first closes what was open.
    void open(const MachineRecord &record, Machine *machine);
    void close();

    bool isReady() const { return m_ready; }
    QString host() const { return m_host; }
    quint16 port() const { return m_port; }
    // True when the VNC connection crosses a real network though it ends on 127.0.0.1 (encode
    // for a network, not for loopback).
    bool crossesNetwork() const { return m_crossesNetwork; }
    MachineTunnel *tunnel() const { return m_tunnel; }
    QString errorString() const { return m_errorString; }

Q_SIGNALS:
    void ready(const QString &host, quint16 port);
    // The endpoint could not be had, or the tunnel to it closed (message says why).
    void failed(const QString &message);

private:
    void fail(const QString &message);

    QPointer<MachineTunnel> m_tunnel;
    QString m_host;
    quint16 m_port = 0;
    bool m_ready = false;
    bool m_crossesNetwork = false;
    QString m_name;
    QString m_errorString;
    quint64 m_generation = 0;
};

} // namespace Proto
