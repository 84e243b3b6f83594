#pragma once

#include "rpctransport.h"
#include "sseparser.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace Proto {

// MCP's Streamable HTTP transport (2025-06-18 and later): every message is a POST to one URL
// with `Accept: application/json, text/event-stream`; the server answers a request with a JSON
// body or an SSE stream that carries the response (and any requests or notifications it sends
// first), and a notification or response with 202. `Mcp-Session-Id` from the server is sent back
// on every later request (and a DELETE ends the session on close); `MCP-Protocol-Version` is
// sent once set. An HTTP failure of a request comes back as that request's JSON-RPC error, so
// callers see one kind of failure. Header values are never logged.
class HttpRpcTransport final : public RpcTransport
{
    Q_OBJECT

public:
    struct Limits
    {
        qsizetype maxMessageBytes = 16 * 1024 * 1024; // a JSON body or one SSE event
    };

    HttpRpcTransport(QNetworkAccessManager *network, const QUrl &url,
        const QMap<QByteArray, QByteArray> &headers, QObject *parent = nullptr);
    HttpRpcTransport(QNetworkAccessManager *network, const QUrl &url,
        const QMap<QByteArray, QByteArray> &headers, const Limits &limits, QObject *parent = nullptr);
    ~HttpRpcTransport() override;

    void start() override;
    void send(const QJsonObject &message) override;
    void close() override;
    bool isOpen() const override { return m_open; }

    // The negotiated MCP protocol version, sent as MCP-Protocol-Version from now on.
    void setProtocolVersion(const QByteArray &version) { m_protocolVersion = version; }
    QByteArray sessionId() const { return m_sessionId; }
    // Opens the server's standalone event stream (a GET), which carries what the server sends
    // outside any request (notifications/tools/list_changed). A server without one (405) is fine.
    void openEventStream();

private:
    struct Exchange
    {
        QPointer<QNetworkReply> reply;
        QJsonValue requestId; // undefined for notifications and responses
        SseParser sse;
        QByteArray body;
        bool isEventStream = false;
        bool headersSeen = false;
        bool answered = false; // the response to requestId arrived
    };

    void onReadyRead(Exchange *exchange);
    void onFinished(Exchange *exchange);
    void handleHeaders(Exchange *exchange);
    QNetworkRequest baseRequest() const;
    void deliver(Exchange *exchange, const QByteArray &json);
    void failRequest(Exchange *exchange, const QString &message);
    void removeExchange(Exchange *exchange);

    QPointer<QNetworkAccessManager> m_network;
    QUrl m_url;
    QMap<QByteArray, QByteArray> m_headers;
    Limits m_limits;
    QByteArray m_sessionId;
    QByteArray m_protocolVersion;
    QList<Exchange *> m_exchanges;
    bool m_open = false;
    bool m_closed = false;
};

} // namespace Proto
