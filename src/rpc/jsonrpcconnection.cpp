#include "jsonrpcconnection.h"

#include "rpclogging.h"
#include "rpctransport.h"

#include <QJsonArray>

namespace Proto {

namespace {

const QString kVersion = QStringLiteral("2.0");

bool isIntegralId(const QJsonValue &id)
{
    return id.isDouble() && double(qint64(id.toDouble())) == id.toDouble();
}

// An id the peer may use: a string or a number (null only in error responses).
bool isValidRequestId(const QJsonValue &id)
{
    return id.isString() || id.isDouble();
}

} // namespace

JsonRpcConnection::Responder::Responder(JsonRpcConnection *connection, const QJsonValue &id)
    : m_connection(connection)
    , m_id(id)
{ }

JsonRpcConnection::Responder::Responder(Responder &&other) noexcept
    : m_connection(std::move(other.m_connection))
    , m_id(std::move(other.m_id))
    , m_done(std::exchange(other.m_done, true))
{ }

JsonRpcConnection::Responder::~Responder()
{
    if (!m_done)
        fail(InternalError, QStringLiteral("the request was not answered"));
}

void JsonRpcConnection::Responder::respond(const QJsonValue &result)
{
    if (m_done)
        return;
    m_done = true;
    if (m_connection)
        m_connection->sendResponse(
            m_id, { { QStringLiteral("result"), result.isUndefined() ? QJsonObject() : result } });
}

void JsonRpcConnection::Responder::fail(int code, const QString &message, const QJsonValue &data)
{
    if (m_done)
        return;
    m_done = true;
    QJsonObject error { { QStringLiteral("code"), code }, { QStringLiteral("message"), message } };
    if (!data.isUndefined() && !data.isNull())
        error.insert(QStringLiteral("data"), data);
    if (m_connection)
        m_connection->sendResponse(m_id, { { QStringLiteral("error"), error } });
}

JsonRpcConnection::JsonRpcConnection(RpcTransport *transport, QObject *parent)
    : JsonRpcConnection(transport, Options {}, parent)
{ }

JsonRpcConnection::JsonRpcConnection(RpcTransport *transport, const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_transport(transport)
{
    m_transport->setParent(this);
    connect(m_transport, &RpcTransport::opened, this, [this] {
        m_open = true;
        Q_EMIT opened();
    });
    connect(m_transport, &RpcTransport::messageReceived, this, &JsonRpcConnection::onMessage);
    connect(m_transport, &RpcTransport::garbageReceived, this, &JsonRpcConnection::onGarbage);
    connect(m_transport, &RpcTransport::closed, this, &JsonRpcConnection::onClosed);
}

JsonRpcConnection::~JsonRpcConnection()
{
    m_transport->disconnect(this);
    failAll(RpcCall::Error::Closed, QStringLiteral("the connection was closed"));
    if (m_transport->isOpen())
        m_transport->close();
}

void JsonRpcConnection::start()
{
    m_transport->start();
}

void JsonRpcConnection::close()
{
    if (m_closed)
        return;
    for (const auto &[id, pending] : m_pending)
        sendCancel(id, QStringLiteral("the client is closing the connection"));
    m_transport->close();
}

RpcCall *JsonRpcConnection::request(const QString &method, const QJsonValue &params, int timeoutMs)
{
    const qint64 id = m_nextId++;
    auto *call = new RpcCall(id, method);
    if (m_closed) {
        call->finishWithError(RpcCall::Error::Closed, m_closeReason);
        return call;
    }
    QJsonObject message { { QStringLiteral("jsonrpc"), kVersion }, { QStringLiteral("id"), id },
        { QStringLiteral("method"), method } };
    if (!params.isUndefined() && !params.isNull())
        message.insert(QStringLiteral("params"), params);

    Pending pending;
    pending.call = call;
    const int timeout = timeoutMs < 0 ? m_options.defaultTimeoutMs : timeoutMs;
    if (timeout > 0) {
        pending.timer = std::make_unique<QTimer>();
        pending.timer->setSingleShot(true);
        connect(pending.timer.get(), &QTimer::timeout, this, [this, id] { onTimeout(id); });
        pending.timer->start(timeout);
    }
    // A caller that deletes its call early: forget it (a late answer is then ignored).
    connect(call, &QObject::destroyed, this, [this, id] { m_pending.erase(id); });
    m_pending.emplace(id, std::move(pending));
    m_transport->send(message);
    return call;
}

void JsonRpcConnection::notify(const QString &method, const QJsonValue &params)
{
    if (m_closed)
        return;
    QJsonObject message { { QStringLiteral("jsonrpc"), kVersion }, { QStringLiteral("method"), method } };
    if (!params.isUndefined() && !params.isNull())
        message.insert(QStringLiteral("params"), params);
    m_transport->send(message);
}

void JsonRpcConnection::cancel(RpcCall *call, const QString &reason)
{
    if (!call || call->isFinished())
        return;
    const qint64 id = call->id();
    if (m_pending.erase(id) > 0)
        sendCancel(id, reason);
    call->finishWithError(
        RpcCall::Error::Cancelled, reason.isEmpty() ? QStringLiteral("the request was cancelled") : reason);
}

void JsonRpcConnection::sendCancel(qint64 id, const QString &reason)
{
    if (m_options.cancelNotification.isEmpty())
        return;
    QJsonObject params { { QStringLiteral("requestId"), id } };
    if (!reason.isEmpty())
        params.insert(QStringLiteral("reason"), reason);
    notify(m_options.cancelNotification, params);
}

void JsonRpcConnection::onTimeout(qint64 id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    QPointer<RpcCall> call = it->second.call;
    m_pending.erase(it);
    qCInfo(lcRpc) << "request" << id << "timed out";
    sendCancel(id, QStringLiteral("timed out"));
    if (call)
        call->finishWithError(
            RpcCall::Error::Timeout, QStringLiteral("%1 got no answer in time").arg(call->method()));
}

void JsonRpcConnection::onMessage(const QJsonObject &message)
{
    if (message.value(QStringLiteral("jsonrpc")).toString() != kVersion) {
        onGarbage(QStringLiteral("a message without \"jsonrpc\": \"2.0\""));
        return;
    }
    const bool hasMethod = message.contains(QStringLiteral("method"));
    const bool hasId = message.contains(QStringLiteral("id"));
    if (hasMethod) {
        if (!message.value(QStringLiteral("method")).isString()) {
            onGarbage(QStringLiteral("a message whose method is not a string"));
            return;
        }
        if (hasId) {
            onRequest(message);
        } else {
            Q_EMIT notificationReceived(
                message.value(QStringLiteral("method")).toString(), message.value(QStringLiteral("params")));
        }
        return;
    }
    if (hasId && (message.contains(QStringLiteral("result")) || message.contains(QStringLiteral("error")))) {
        onResponse(message);
        return;
    }
    onGarbage(QStringLiteral("a message that is neither a request, a notification nor a response"));
}

void JsonRpcConnection::onRequest(const QJsonObject &message)
{
    const QJsonValue id = message.value(QStringLiteral("id"));
    if (!isValidRequestId(id)) {
        sendResponse(QJsonValue::Null,
            { { QStringLiteral("error"),
                QJsonObject { { QStringLiteral("code"), InvalidRequest },
                    { QStringLiteral("message"),
                        QStringLiteral("the id must be a string or a number") } } } });
        return;
    }
    auto responder = std::make_shared<Responder>(this, id);
    const QString method = message.value(QStringLiteral("method")).toString();
    if (!m_requestHandler) {
        responder->fail(MethodNotFound, QStringLiteral("method not found: %1").arg(method));
        return;
    }
    m_requestHandler(method, message.value(QStringLiteral("params")), responder);
}

void JsonRpcConnection::onResponse(const QJsonObject &message)
{
    const QJsonValue idValue = message.value(QStringLiteral("id"));
    if (!isIntegralId(idValue)) {
        // Our ids are integers; a string id or null id belongs to no request of ours (a peer's
        // error about a message it could not parse).
        const QJsonObject error = message.value(QStringLiteral("error")).toObject();
        onGarbage(error.isEmpty() ? QStringLiteral("a response to a request that was never sent")
                                  : QStringLiteral("an error not tied to a request: %1")
                                        .arg(error.value(QStringLiteral("message")).toString().left(200)));
        return;
    }
    auto it = m_pending.find(qint64(idValue.toDouble()));
    if (it == m_pending.end())
        return; // cancelled or timed out meanwhile: late answers are dropped
    QPointer<RpcCall> call = it->second.call;
    m_pending.erase(it);
    if (!call)
        return;
    if (message.contains(QStringLiteral("error"))) {
        const QJsonObject error = message.value(QStringLiteral("error")).toObject();
        QString text = error.value(QStringLiteral("message")).toString();
        if (text.isEmpty())
            text = QStringLiteral("the server reported an error without a message");
        call->finishWithError(RpcCall::Error::Remote, text, error.value(QStringLiteral("code")).toInt(),
            error.value(QStringLiteral("data")));
        return;
    }
    call->finishWithResult(message.value(QStringLiteral("result")));
}

void JsonRpcConnection::onGarbage(const QString &description)
{
    ++m_garbage;
    m_lastGarbage = description;
    qCInfo(lcRpc) << "peer sent something that is not JSON-RPC:" << description.left(200);
    if (m_garbage > m_options.maxGarbageMessages) {
        const QString reason
            = QStringLiteral("the server sent %1 messages that are not JSON-RPC (the last: %2)")
                  .arg(m_garbage)
                  .arg(description.left(200));
        m_transport->close();
        onClosed(reason);
    }
}

void JsonRpcConnection::onClosed(const QString &reason)
{
    if (m_closed)
        return;
    m_closed = true;
    m_open = false;
    m_closeReason = reason;
    if (m_garbage > 0 && !reason.contains(m_lastGarbage))
        m_closeReason += QStringLiteral(" (before that it sent something that is not JSON-RPC: %1)")
                             .arg(m_lastGarbage.left(200));
    qCInfo(lcRpc) << "connection closed:" << m_closeReason;
    failAll(RpcCall::Error::Closed, m_closeReason);
    Q_EMIT closed(m_closeReason);
}

void JsonRpcConnection::failAll(RpcCall::Error error, const QString &message)
{
    const auto pending = std::exchange(m_pending, {});
    for (const auto &[id, entry] : pending) {
        if (entry.call)
            entry.call->finishWithError(error, message);
    }
}

void JsonRpcConnection::sendResponse(const QJsonValue &id, const QJsonObject &payload)
{
    if (m_closed)
        return;
    QJsonObject message = payload;
    message.insert(QStringLiteral("jsonrpc"), kVersion);
    message.insert(QStringLiteral("id"), id);
    m_transport->send(message);
}

} // namespace Proto
