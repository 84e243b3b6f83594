#pragma once

#include <QObject>
#include <QString>

namespace Proto {

// A way to reach targetHost:targetPort as the machine sees it, from this computer: connect to
// host():port() once listening() has been emitted. Over SSH that is a local forward (a listener
// on 127.0.0.1, every connection carried over the machine's connection); on this computer it is
// the target itself. Made by Machine::openTunnel(); deleting it (or close()) ends it.
class MachineTunnel : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MachineTunnel)

public:
    using QObject::QObject;
    ~MachineTunnel() override = default;

    virtual QString targetHost() const = 0;
    virtual quint16 targetPort() const = 0;
    // Where to connect here: valid once isListening().
    virtual QString host() const = 0;
    virtual quint16 port() const = 0;
    virtual bool isListening() const = 0;
    // True when the connections cross a real network (an SSH link), whatever host() says.
    virtual bool crossesNetwork() const = 0;
    // Connections accepted and carried so far (0 where the tunnel does not carry them itself).
    virtual int acceptedConnections() const { return 0; }
    virtual QString errorString() const = 0;
    virtual void close() = 0;

Q_SIGNALS:
    void listening(quint16 port);
    // A carried connection could not be opened (the far side refused, nothing listens there).
    void connectionFailed(const QString &message);
    // The tunnel stopped: closed, or the machine's connection was lost (errorString() says why).
    void closed();
};

} // namespace Proto
