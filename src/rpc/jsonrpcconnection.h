#pragma once

#include "rpccall.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <functional>
#include <memory>
#include <unordered_map>

namespace Proto {

class RpcTransport;

// A JSON-RPC 2.0 conversation with one peer over a transport: requests both ways,
// notifications, per-request timeouts and cancellation. Everything is asynchronous; a peer
// that dies, stalls or prints garbage ends the calls waiting on it with an error that says so,
// never a hang.
class JsonRpcConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonRpcConnection)

public:
    // Standard error codes (JSON-RPC 2.0, section 5.1).
    static constexpr int ParseError = -32700;
    static constexpr int InvalidRequest = -32600;
    static constexpr int MethodNotFound = -32601;
    static constexpr int InvalidParams = -32602;
    static constexpr int InternalError = -32603;

    struct Options
    {
        int defaultTimeoutMs = 60000; // 0: none
        // Lines that are not JSON-RPC tolerated before the connection gives up on the peer
        // (servers that log to stdout by mistake print a few).
        int maxGarbageMessages = 16;
        // Sent when a call is cancelled or times out ({"requestId": id, "reason": ...}); empty:
        // nothing is sent. MCP: notifications/cancelled.
        QString cancelNotification = QStringLiteral("notifications/cancelled");
    };

    // An answer to a request from the peer, for the request handler. Call exactly one of
    // respond()/fail(), now or later; a handler that drops it answers InternalError.
    class Responder
    {
    public:
        Responder(JsonRpcConnection *connection, const QJsonValue &id);
        ~Responder();
        Responder(Responder &&) noexcept;
        Responder &operator=(Responder &&) = delete;
        Q_DISABLE_COPY(Responder)

        void respond(const QJsonValue &result);
        void fail(int code, const QString &message, const QJsonValue &data = {});

    private:
        QPointer<JsonRpcConnection> m_connection;
        QJsonValue m_id;
        bool m_done = false;
    };
    using RequestHandler = std::function<void(
        const QString &method, const QJsonValue &params, std::shared_ptr<Responder> responder)>;

    // Takes ownership of the transport.
    explicit JsonRpcConnection(RpcTransport *transport, QObject *parent = nullptr);
    JsonRpcConnection(RpcTransport *transport, const Options &options, QObject *parent = nullptr);
    ~JsonRpcConnection() override;

    RpcTransport *transport() const { return m_transport; }
    void start();
    void close();
    bool isOpen() const { return m_open; }
    QString closeReason() const { return m_closeReason; }

    // timeoutMs: -1 uses Options::defaultTimeoutMs, 0 none. Never null; the caller owns the call.
    RpcCall *request(const QString &method, const QJsonValue &params = {}, int timeoutMs = -1);
    void notify(const QString &method, const QJsonValue &params = {});
    // Ends the call with Cancelled and tells the peer (Options::cancelNotification).
    void cancel(RpcCall *call, const QString &reason = {});

    // Requests from the peer; without a handler they are answered with MethodNotFound.
    void setRequestHandler(RequestHandler handler) { m_requestHandler = std::move(handler); }

Q_SIGNALS:
    void opened();
    void notificationReceived(const QString &method, const QJsonValue &params);
    void closed(const QString &reason);

private:
    struct Pending
    {
        QPointer<RpcCall> call;
        std::unique_ptr<QTimer> timer;
    };

    void onMessage(const QJsonObject &message);
    void onGarbage(const QString &description);
    void onClosed(const QString &reason);
    void onResponse(const QJsonObject &message);
    void onRequest(const QJsonObject &message);
    void onTimeout(qint64 id);
    void sendResponse(const QJsonValue &id, const QJsonObject &payload);
    void sendCancel(qint64 id, const QString &reason);
    void failAll(RpcCall::Error error, const QString &message);

    Options m_options;
    RpcTransport *m_transport;
    RequestHandler m_requestHandler;
    std::unordered_map<qint64, Pending> m_pending;
    QString m_closeReason;
    QString m_lastGarbage;
    qint64 m_nextId = 1;
    int m_garbage = 0;
    bool m_open = false;
    bool m_closed = false;
};

} // namespace Proto
