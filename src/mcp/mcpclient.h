#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace Proto {

class JsonRpcConnection;
class RpcCall;
class RpcTransport;

// One tool a server offers (tools/list).
struct McpToolInfo
{
    QString name;
    QString title;
    QString description;
    QJsonObject inputSchema;
};

// The client side of one MCP server connection: initialize (offering the newest protocol
// version we speak and accepting any other one we speak that the server answers with; a version
// we do not speak ends the connection with a sentence saying so), notifications/initialized,
// tools/list across every page, a fresh list on notifications/tools/list_changed, tools/call,
// and answers to the server's ping. Everything is asynchronous.
class McpClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpClient)

public:
    enum class State
    {
        Idle,
        Connecting,
        Ready,
        Failed, // failureReason() says why; also after the server went away
    };
    Q_ENUM(State)

    static QStringList supportedVersions(); // newest first
    static constexpr int maxToolPages = 100;
    static constexpr int maxTools = 1000;

    // Takes ownership of the transport.
    McpClient(const QString &serverName, RpcTransport *transport, QObject *parent = nullptr);
    ~McpClient() override;

    QString serverName() const { return m_serverName; }
    State state() const { return m_state; }
    QString failureReason() const { return m_failureReason; }
    QString protocolVersion() const { return m_protocolVersion; }
    QString serverTitle() const { return m_serverTitle; } // serverInfo name and version
    QString instructions() const { return m_instructions; }
    const QList<McpToolInfo> &tools() const { return m_tools; }
    JsonRpcConnection *connection() const { return m_connection; }

    void start(int timeoutMs = 30000); // ready() or failed() follows
    void close();
    // tools/call; the caller owns the call (cancel through connection()->cancel()).
    RpcCall *callTool(const QString &name, const QJsonObject &arguments, int timeoutMs = -1);

Q_SIGNALS:
    void ready();
    void failed(const QString &reason);
    void toolsChanged();

private:
    void onInitialized(RpcCall *call);
    void listTools(const QString &cursor, QList<McpToolInfo> collected, int page);
    void fail(const QString &reason);

    QString m_serverName;
    JsonRpcConnection *m_connection;
    State m_state = State::Idle;
    QString m_failureReason;
    QString m_protocolVersion;
    QString m_serverTitle;
    QString m_instructions;
    QList<McpToolInfo> m_tools;
    int m_startTimeoutMs = 30000;
    int m_listGeneration = 0;
};

} // namespace Proto
