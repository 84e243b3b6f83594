#pragma once

#include <QJsonObject>
#include <QObject>
#include <QString>

namespace Proto {

// Carries JSON-RPC 2.0 messages to a peer and back: a process's stdin/stdout
// (StdioRpcTransport) or MCP's Streamable HTTP (HttpRpcTransport). It only frames; ids,
// pending requests and timeouts belong to JsonRpcConnection. Nothing here blocks.
class RpcTransport : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RpcTransport)

public:
    using QObject::QObject;
    ~RpcTransport() override = default;

    virtual void start() = 0; // opened() or closed() follows
    virtual void send(const QJsonObject &message) = 0;
    // Ends the link (a process: stdin closed, then its process group ended); closed() follows
    // unless it was already closed.
    virtual void close() = 0;
    virtual bool isOpen() const = 0;
    // What the peer printed outside the protocol (a process's stderr, the tail of it).
    virtual QString diagnostics() const { return {}; }

Q_SIGNALS:
    void opened();
    void messageReceived(const QJsonObject &message);
    // Input that is not a JSON-RPC message (garbage on stdout, an unreadable HTTP body); the
    // transport stays open, JsonRpcConnection decides what to do about it.
    void garbageReceived(const QString &description);
    // The link is gone (the process exited, the session was refused); reason says why in a
    // sentence a person can act on. Emitted once.
    void closed(const QString &reason);
};

} // namespace Proto
