#include "mcpclient.h"

#include "httprpctransport.h"
#include "jsonrpcconnection.h"
#include "mcplogging.h"
#include "rpccall.h"
#include "rpctransport.h"

#include <QJsonArray>

namespace Proto {

namespace {

QString describe(const RpcCall *call)
{
    return call->error() == RpcCall::Error::Remote
        ? QStringLiteral("%1 (error %2)").arg(call->errorMessage()).arg(call->errorCode())
        : call->errorMessage();
}

} // namespace

QStringList McpClient::supportedVersions()
{
    return { QStringLiteral("2025-11-25"), QStringLiteral("2025-06-18"), QStringLiteral("2025-03-26") };
}

McpClient::McpClient(const QString &serverName, RpcTransport *transport, QObject *parent)
    : QObject(parent)
    , m_serverName(serverName)
    , m_connection(new JsonRpcConnection(transport, this))
{
    m_connection->setRequestHandler([](const QString &method, const QJsonValue &,
                                        std::shared_ptr<JsonRpcConnection::Responder> responder) {
        if (method == QLatin1String("ping"))
            responder->respond(QJsonObject {});
        else
            responder->fail(JsonRpcConnection::MethodNotFound,
                QStringLiteral("this client does not offer %1").arg(method));
    });
    connect(m_connection, &JsonRpcConnection::notificationReceived, this,
        [this](const QString &method, const QJsonValue &) {
            if (method == QLatin1String("notifications/tools/list_changed") && m_state == State::Ready)
                listTools({}, {}, 0);
        });
    connect(m_connection, &JsonRpcConnection::closed, this, [this](const QString &reason) { fail(reason); });
}

McpClient::~McpClient() = default;

void McpClient::start(int timeoutMs)
{
    if (m_state != State::Idle)
        return;
    m_state = State::Connecting;
    m_startTimeoutMs = timeoutMs;
    m_connection->start();
    const QJsonObject params { { QStringLiteral("protocolVersion"), supportedVersions().constFirst() },
        { QStringLiteral("capabilities"), QJsonObject {} },
        { QStringLiteral("clientInfo"),
            QJsonObject { { QStringLiteral("name"), QStringLiteral("proto-desktop") },
                { QStringLiteral("title"), QStringLiteral("Proto Desktop") },
                { QStringLiteral("version"), QStringLiteral("1") } } } };
    RpcCall *call = m_connection->request(QStringLiteral("initialize"), params, timeoutMs);
    call->setParent(this);
    connect(call, &RpcCall::finished, this, [this, call] {
        call->deleteLater();
        onInitialized(call);
    });
}

void McpClient::onInitialized(RpcCall *call)
{
    if (m_state != State::Connecting)
        return;
    if (call->error() != RpcCall::Error::None) {
        fail(QStringLiteral("initialize failed: %1").arg(describe(call)));
        return;
    }
    const QJsonObject result = call->result().toObject();
    const QString version = result.value(QStringLiteral("protocolVersion")).toString();
    if (!supportedVersions().contains(version)) {
        fail(QStringLiteral("the server speaks MCP version \"%1\"; Proto Desktop speaks %2")
                .arg(version.left(40), supportedVersions().join(QStringLiteral(", "))));
        return;
    }
    m_protocolVersion = version;
    if (auto *http = qobject_cast<HttpRpcTransport *>(m_connection->transport()))
        http->setProtocolVersion(version.toLatin1());
    const QJsonObject info = result.value(QStringLiteral("serverInfo")).toObject();
    m_serverTitle = QString(info.value(QStringLiteral("name")).toString() + QLatin1Char(' ')
        + info.value(QStringLiteral("version")).toString())
                        .trimmed()
                        .left(200);
    m_instructions = result.value(QStringLiteral("instructions")).toString().left(4000);
    m_connection->notify(QStringLiteral("notifications/initialized"));
    if (auto *http = qobject_cast<HttpRpcTransport *>(m_connection->transport()))
        http->openEventStream();
    qCInfo(lcMcp) << "MCP server" << m_serverName << "speaks" << version;
    if (!result.value(QStringLiteral("capabilities")).toObject().contains(QStringLiteral("tools"))) {
        m_state = State::Ready;
        Q_EMIT ready();
        return;
    }
    listTools({}, {}, 0);
}

void McpClient::listTools(const QString &cursor, QList<McpToolInfo> collected, int page)
{
    const int generation = page == 0 ? ++m_listGeneration : m_listGeneration;
    QJsonObject params;
    if (!cursor.isEmpty())
        params.insert(QStringLiteral("cursor"), cursor);
    RpcCall *call = m_connection->request(QStringLiteral("tools/list"), params, m_startTimeoutMs);
    call->setParent(this);
    connect(call, &RpcCall::finished, this, [this, call, collected, page, generation]() mutable {
        call->deleteLater();
        if (generation != m_listGeneration || m_state == State::Failed)
            return; // a newer listing started
        if (call->error() != RpcCall::Error::None) {
            if (m_state == State::Connecting)
                fail(QStringLiteral("tools/list failed: %1").arg(describe(call)));
            else
                qCWarning(lcMcp) << "tools/list of" << m_serverName << "failed:" << call->errorMessage();
            return;
        }
        const QJsonObject result = call->result().toObject();
        for (const QJsonValue &value : result.value(QStringLiteral("tools")).toArray()) {
            const QJsonObject tool = value.toObject();
            McpToolInfo info;
            info.name = tool.value(QStringLiteral("name")).toString();
            if (info.name.isEmpty() || collected.size() >= maxTools)
                continue;
            info.title = tool.value(QStringLiteral("title")).toString();
            info.description = tool.value(QStringLiteral("description")).toString();
            info.inputSchema = tool.value(QStringLiteral("inputSchema")).toObject();
            if (info.inputSchema.isEmpty())
                info.inputSchema = { { QStringLiteral("type"), QStringLiteral("object") } };
            collected.append(info);
        }
        const QString next = result.value(QStringLiteral("nextCursor")).toString();
        if (!next.isEmpty() && next != QLatin1String("null")) {
            if (page + 1 >= maxToolPages) {
                qCWarning(lcMcp) << "MCP server" << m_serverName << "lists more than" << maxToolPages
                                 << "pages";
            } else {
                listTools(next, collected, page + 1);
                return;
            }
        }
        m_tools = collected;
        qCInfo(lcMcp) << "MCP server" << m_serverName << "offers" << m_tools.size() << "tools";
        if (m_state == State::Connecting) {
            m_state = State::Ready;
            Q_EMIT ready();
        } else {
            Q_EMIT toolsChanged();
        }
    });
}

RpcCall *McpClient::callTool(const QString &name, const QJsonObject &arguments, int timeoutMs)
{
    return m_connection->request(QStringLiteral("tools/call"),
        QJsonObject { { QStringLiteral("name"), name }, { QStringLiteral("arguments"), arguments } },
        timeoutMs);
}

void McpClient::close()
{
    m_connection->close();
}

void McpClient::fail(const QString &reason)
{
    if (m_state == State::Failed)
        return;
    m_state = State::Failed;
    m_failureReason = reason;
    qCInfo(lcMcp) << "MCP server" << m_serverName << "failed:" << reason;
    if (m_connection->isOpen())
        m_connection->close();
    Q_EMIT failed(reason);
}

} // namespace Proto
