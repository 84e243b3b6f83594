#include "mcptool.h"

#include "jsonrpcconnection.h"
#include "mcpclient.h"
#include "rpccall.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Proto {

namespace {

QString sanitize(const QString &part)
{
    QString out = part;
    for (QChar &c : out) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_')
            || c == QLatin1Char('-');
        if (!ok)
            c = QLatin1Char('_');
    }
    return out;
}

QString resourceText(const QJsonObject &resource)
{
    const QString uri = resource.value(QStringLiteral("uri")).toString();
    const QString mime = resource.value(QStringLiteral("mimeType")).toString();
    const QString header = mime.isEmpty() ? QStringLiteral("Resource %1").arg(uri)
                                          : QStringLiteral("Resource %1 (%2)").arg(uri, mime);
    if (resource.contains(QStringLiteral("text")))
        return header + QStringLiteral(":\n") + resource.value(QStringLiteral("text")).toString();
    const qsizetype bytes
        = QByteArray::fromBase64(resource.value(QStringLiteral("blob")).toString().toLatin1()).size();
    return header + QStringLiteral(": %1 bytes of binary data, not shown").arg(bytes);
}

} // namespace

McpTool::McpTool(McpClient *client, const McpToolInfo &info)
    : m_client(client)
    , m_server(client->serverName())
    , m_tool(info.name)
    , m_name(qualifiedName(client->serverName(), info.name))
    , m_schema(info.inputSchema)
{
    m_description = info.description.isEmpty() ? info.title : info.description;
    m_description = m_description.left(4000);
    if (m_description.isEmpty())
        m_description
            = QStringLiteral("The %1 tool of the MCP server %2").arg(info.name, client->serverName());
}

QString McpTool::qualifiedName(const QString &server, const QString &tool)
{
    return QString(QStringLiteral("mcp__") + sanitize(server) + QStringLiteral("__") + sanitize(tool))
        .left(64);
}

ToolResult McpTool::convertResult(const QJsonObject &result, int maxChars)
{
    ToolResult out;
    out.isError = result.value(QStringLiteral("isError")).toBool();
    QString text;
    const auto addText = [&](const QString &piece) {
        if (!text.isEmpty())
            text += QLatin1Char('\n');
        text += piece;
    };
    for (const QJsonValue &value : result.value(QStringLiteral("content")).toArray()) {
        const QJsonObject block = value.toObject();
        const QString type = block.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("text")) {
            addText(block.value(QStringLiteral("text")).toString());
        } else if (type == QLatin1String("image")) {
            const QByteArray data
                = QByteArray::fromBase64(block.value(QStringLiteral("data")).toString().toLatin1());
            const QString mime = block.value(QStringLiteral("mimeType")).toString();
            static const QStringList images { QStringLiteral("image/png"), QStringLiteral("image/jpeg"),
                QStringLiteral("image/gif"), QStringLiteral("image/webp") };
            if (!data.isEmpty() && images.contains(mime))
                out.content.append(ToolContent::fromImage(data, mime));
            else
                addText(QStringLiteral("[an image of type %1 that cannot be shown]").arg(mime.left(60)));
        } else if (type == QLatin1String("audio")) {
            addText(QStringLiteral("[audio of type %1, not shown]")
                    .arg(block.value(QStringLiteral("mimeType")).toString().left(60)));
        } else if (type == QLatin1String("resource")) {
            addText(resourceText(block.value(QStringLiteral("resource")).toObject()));
        } else if (type == QLatin1String("resource_link")) {
            addText(QStringLiteral("Link to resource %1 (%2)")
                    .arg(block.value(QStringLiteral("uri")).toString(),
                        block.value(QStringLiteral("name")).toString()));
        } else {
            addText(QStringLiteral("[content of type %1 that is not understood]").arg(type.left(40)));
        }
    }
    if (text.isEmpty() && out.content.isEmpty() && result.contains(QStringLiteral("structuredContent")))
        text = QString::fromUtf8(QJsonDocument(result.value(QStringLiteral("structuredContent")).toObject())
                .toJson(QJsonDocument::Compact));
    if (text.size() > maxChars)
        text = text.left(maxChars)
            + QStringLiteral("\n[... cut: the result had %1 characters]").arg(text.size());
    if (!text.isEmpty() || out.content.isEmpty())
        out.content.prepend(ToolContent::fromText(text.isEmpty() ? QStringLiteral("(no output)") : text));
    out.summary = out.isError ? QStringLiteral("MCP tool reported an error") : QString();
    return out;
}

ToolJob *McpTool::run(const QJsonObject &input, const ToolContext &context)
{
    auto *job = new ToolJob;
    McpClient *client = m_client;
    if (!client || client->state() != McpClient::State::Ready) {
        job->fail(QStringLiteral("The MCP server %1 is not connected%2.")
                .arg(m_server,
                    client && !client->failureReason().isEmpty()
                        ? QStringLiteral(": ") + client->failureReason()
                        : QString()));
        return job;
    }
    RpcCall *call = client->callTool(m_tool, input, context.limits.maxTimeoutMs);
    call->setParent(job);
    QPointer<JsonRpcConnection> connection = client->connection();
    const int maxChars = context.limits.maxReadChars;
    job->setCancelHandler([job, call, connection] {
        if (connection)
            connection->cancel(call, QStringLiteral("stopped by the person"));
        job->fail(QStringLiteral("Stopped: the call was cancelled."));
    });
    QObject::connect(call, &RpcCall::finished, job, [tool = m_tool, server = m_server, job, call, maxChars] {
        if (job->isFinished())
            return;
        if (call->error() == RpcCall::Error::None) {
            job->finish(convertResult(call->result().toObject(), maxChars));
            return;
        }
        QString reason = call->errorMessage();
        if (call->error() == RpcCall::Error::Remote)
            reason
                = QStringLiteral("the server answered with error %1: %2").arg(call->errorCode()).arg(reason);
        job->fail(QStringLiteral("The MCP tool %1 of %2 failed: %3").arg(tool, server, reason));
    });
    return job;
}

QString McpTool::describeCall(const QJsonObject &input) const
{
    const QString args = QString::fromUtf8(QJsonDocument(input).toJson(QJsonDocument::Compact));
    return QStringLiteral("MCP server %1, tool %2: %3").arg(m_server, m_tool, args.left(300));
}

} // namespace Proto
