#include "httprpctransport.h"

#include "rpclogging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace Proto {

namespace {

const QByteArray kSessionHeader = QByteArrayLiteral("Mcp-Session-Id");
const QByteArray kVersionHeader = QByteArrayLiteral("MCP-Protocol-Version");

} // namespace

HttpRpcTransport::HttpRpcTransport(QNetworkAccessManager *network, const QUrl &url,
    const QMap<QByteArray, QByteArray> &headers, QObject *parent)
    : HttpRpcTransport(network, url, headers, Limits {}, parent)
{ }

HttpRpcTransport::HttpRpcTransport(QNetworkAccessManager *network, const QUrl &url,
    const QMap<QByteArray, QByteArray> &headers, const Limits &limits, QObject *parent)
    : RpcTransport(parent)
    , m_network(network)
    , m_url(url)
    , m_headers(headers)
    , m_limits(limits)
{ }

HttpRpcTransport::~HttpRpcTransport()
{
    const QList<Exchange *> exchanges = std::exchange(m_exchanges, {});
    for (Exchange *exchange : exchanges) {
        if (exchange->reply) {
            exchange->reply->disconnect(this);
            exchange->reply->abort();
            exchange->reply->deleteLater();
        }
        delete exchange;
    }
}

void HttpRpcTransport::start()
{
    if (m_open || m_closed)
        return;
    const bool usable = m_network && m_url.isValid()
        && (m_url.scheme() == QLatin1String("http") || m_url.scheme() == QLatin1String("https"));
    // Open at once (messages sent right after start() go out); the signals follow queued.
    m_open = usable;
    QMetaObject::invokeMethod(
        this,
        [this, usable] {
            if (m_closed)
                return;
            if (!usable) {
                m_closed = true;
                Q_EMIT closed(QStringLiteral("%1 is not an http or https URL")
                        .arg(m_url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery)));
                return;
            }
            Q_EMIT opened();
        },
        Qt::QueuedConnection);
}

QNetworkRequest HttpRpcTransport::baseRequest() const
{
    QNetworkRequest request(m_url);
    for (auto it = m_headers.cbegin(); it != m_headers.cend(); ++it)
        request.setRawHeader(it.key(), it.value());
    if (!m_sessionId.isEmpty())
        request.setRawHeader(kSessionHeader, m_sessionId);
    if (!m_protocolVersion.isEmpty())
        request.setRawHeader(kVersionHeader, m_protocolVersion);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setTransferTimeout(0); // an SSE answer may take as long as the tool runs
    return request;
}

void HttpRpcTransport::openEventStream()
{
    if (!m_open || !m_network)
        return;
    QNetworkRequest request = baseRequest();
    request.setRawHeader("Accept", "text/event-stream");
    auto *exchange = new Exchange;
    exchange->sse = SseParser(SseParser::Limits { m_limits.maxMessageBytes, m_limits.maxMessageBytes });
    QNetworkReply *reply = m_network->get(request);
    exchange->reply = reply;
    m_exchanges.append(exchange);
    connect(reply, &QNetworkReply::readyRead, this, [this, exchange] { onReadyRead(exchange); });
    connect(reply, &QNetworkReply::finished, this, [this, exchange] { onFinished(exchange); });
}

void HttpRpcTransport::send(const QJsonObject &message)
{
    if (!m_open || !m_network)
        return;
    QNetworkRequest request = baseRequest();
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json, text/event-stream");

    auto *exchange = new Exchange;
    exchange->sse = SseParser(SseParser::Limits { m_limits.maxMessageBytes, m_limits.maxMessageBytes });
    if (message.contains(QStringLiteral("method")) && message.contains(QStringLiteral("id")))
        exchange->requestId = message.value(QStringLiteral("id"));
    QNetworkReply *reply = m_network->post(request, QJsonDocument(message).toJson(QJsonDocument::Compact));
    exchange->reply = reply;
    m_exchanges.append(exchange);
    connect(reply, &QNetworkReply::readyRead, this, [this, exchange] { onReadyRead(exchange); });
    connect(reply, &QNetworkReply::finished, this, [this, exchange] { onFinished(exchange); });
}

void HttpRpcTransport::close()
{
    if (m_closed)
        return;
    m_closed = true;
    m_open = false;
    // An aborted reply finishes at once and removes its own exchange: walk a copy.
    const QList<Exchange *> exchanges = m_exchanges;
    for (Exchange *exchange : exchanges) {
        if (m_exchanges.contains(exchange) && exchange->reply)
            exchange->reply->abort();
    }
    if (!m_sessionId.isEmpty() && m_network) {
        // Ends the session on the server; nobody waits for the answer.
        QNetworkReply *reply = m_network->deleteResource(baseRequest());
        connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }
    QMetaObject::invokeMethod(
        this, [this] { Q_EMIT closed(QStringLiteral("the connection was closed")); }, Qt::QueuedConnection);
}

void HttpRpcTransport::handleHeaders(Exchange *exchange)
{
    if (exchange->headersSeen)
        return;
    exchange->headersSeen = true;
    QNetworkReply *reply = exchange->reply;
    const QByteArray session = reply->rawHeader(kSessionHeader);
    if (!session.isEmpty()) {
        // Visible ASCII only (the spec's rule); anything else is not sent back.
        const bool visible
            = std::all_of(session.cbegin(), session.cend(), [](char c) { return c >= 0x21 && c <= 0x7e; });
        if (visible && session.size() <= 1024)
            m_sessionId = session;
    }
    const QByteArray type = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray().toLower();
    exchange->isEventStream = type.startsWith("text/event-stream");
}

void HttpRpcTransport::onReadyRead(Exchange *exchange)
{
    QNetworkReply *reply = exchange->reply;
    if (!reply)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status < 200 || status >= 300)
        return; // read whole in onFinished for the error message
    handleHeaders(exchange);
    const QByteArray data = reply->readAll();
    if (exchange->isEventStream) {
        QList<SseEvent> events;
        const bool ok = exchange->sse.feed(data, events);
        for (const SseEvent &event : std::as_const(events)) {
            if (event.event == "message" && !event.data.trimmed().isEmpty())
                deliver(exchange, event.data);
            if (!exchange->reply)
                return;
        }
        if (!ok) {
            failRequest(exchange,
                QStringLiteral("the server's event stream broke: %1").arg(exchange->sse.errorString()));
            reply->abort();
        }
        return;
    }
    if (exchange->body.size() + data.size() > m_limits.maxMessageBytes) {
        failRequest(exchange,
            QStringLiteral("the server's answer is larger than %1 bytes").arg(m_limits.maxMessageBytes));
        reply->abort();
        return;
    }
    exchange->body.append(data);
}

void HttpRpcTransport::onFinished(Exchange *exchange)
{
    QNetworkReply *reply = exchange->reply;
    if (!reply) {
        removeExchange(exchange);
        return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() == QNetworkReply::OperationCanceledError && m_closed) {
        removeExchange(exchange);
        return;
    }
    if (status >= 200 && status < 300) {
        onReadyRead(exchange);
        if (!exchange->isEventStream && !exchange->body.trimmed().isEmpty())
            deliver(exchange, exchange->body);
        if (!exchange->requestId.isUndefined() && !exchange->answered)
            failRequest(exchange,
                status == 202 ? QStringLiteral("the server accepted the request but sent no answer")
                              : QStringLiteral("the server ended its answer before responding"));
    } else if (status == 404 && !m_sessionId.isEmpty()) {
        // The session expired on the server: a client starts a new one with initialize.
        m_sessionId.clear();
        failRequest(exchange, QStringLiteral("the server ended the session (HTTP 404)"));
        if (!exchange->requestId.isUndefined()) {
            m_open = false;
            m_closed = true;
            removeExchange(exchange);
            Q_EMIT closed(QStringLiteral("the server ended the session (HTTP 404)"));
            return;
        }
    } else if (status != 0) {
        const QByteArray body = reply->readAll().left(300);
        QString detail = QString::fromUtf8(body).simplified();
        // A JSON-RPC error body (the SDK answers a bad session that way) says more.
        const QJsonObject error
            = QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toObject();
        if (!error.isEmpty())
            detail = error.value(QStringLiteral("message")).toString();
        failRequest(exchange,
            QStringLiteral("the server answered HTTP %1%2")
                .arg(status)
                .arg(detail.isEmpty() ? QString() : QStringLiteral(": ") + detail));
    } else {
        failRequest(exchange, QStringLiteral("could not reach the server: %1").arg(reply->errorString()));
    }
    removeExchange(exchange);
}

void HttpRpcTransport::deliver(Exchange *exchange, const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    QList<QJsonObject> messages;
    if (document.isObject()) {
        messages.append(document.object());
    } else if (document.isArray()) {
        for (const QJsonValue &element : document.array())
            messages.append(element.toObject());
    } else {
        Q_EMIT garbageReceived(QStringLiteral("an answer that is not JSON-RPC (%1 bytes)").arg(json.size()));
        return;
    }
    for (const QJsonObject &message : std::as_const(messages)) {
        if (!exchange->requestId.isUndefined() && !message.contains(QStringLiteral("method"))
            && message.value(QStringLiteral("id")) == exchange->requestId)
            exchange->answered = true;
        Q_EMIT messageReceived(message);
    }
}

void HttpRpcTransport::failRequest(Exchange *exchange, const QString &message)
{
    if (exchange->requestId.isUndefined() || exchange->answered)
        return;
    exchange->answered = true;
    qCInfo(lcRpc) << "HTTP request failed:" << message;
    Q_EMIT messageReceived(QJsonObject { { QStringLiteral("jsonrpc"), QStringLiteral("2.0") },
        { QStringLiteral("id"), exchange->requestId },
        { QStringLiteral("error"),
            QJsonObject { { QStringLiteral("code"), -32000 }, { QStringLiteral("message"), message } } } });
}

void HttpRpcTransport::removeExchange(Exchange *exchange)
{
    m_exchanges.removeOne(exchange);
    if (exchange->reply)
        exchange->reply->deleteLater();
    delete exchange;
}

} // namespace Proto
