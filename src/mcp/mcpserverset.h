#pragma once

#include "mcpserverconfig.h"

#include <QList>
#include <QObject>
#include <QString>

#include <functional>

class QNetworkAccessManager;

namespace Proto {

class Machine;
class McpClient;
class SecretStore;
class Store;
class ToolRegistry;

// The MCP servers of one place to work (a machine and a folder): the user's servers
// (<data folder>/mcp.json) and the project's (.mcp.json in the folder, read through the
// Machine), started together: stdio servers run on that machine in that folder, http ones are
// reached from here. A project file runs code, so it is used only once approved for that
// folder and that exact content (McpServerSet::approveProject); otherwise its servers are
// skipped and projectNeedsApproval() says so. Their tools go into a ToolRegistry as
// mcp__SERVER__TOOL, and again when a server says its list changed.
class McpServerSet final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpServerSet)

public:
    struct Options
    {
        Machine *machine = nullptr; // where stdio servers run (required)
        QString folder; // the session's folder on that machine: .mcp.json, and stdio servers' cwd
        Store *store = nullptr; // project approvals (required)
        SecretStore *secrets = nullptr; // ${keychain:NAME}; null: such references stay unresolved
        QNetworkAccessManager *network = nullptr; // http servers (required for them)
        bool approveProject = false; // proto-cli --approve auto: the project file counts as approved
        int startTimeoutMs = 30000;
    };

    struct Status
    {
        QString name;
        McpServerConfig::Scope scope = McpServerConfig::Scope::User;
        bool ready = false;
        QString error; // why it is not ready
        int toolCount = 0;
    };

    McpServerSet(const Options &options, QObject *parent = nullptr);
    ~McpServerSet() override;

    static QString userConfigPath(); // <data folder>/mcp.json
    static QString projectConfigName() { return QStringLiteral(".mcp.json"); }
    // Project approval, keyed by the folder and a hash of the file's bytes (settings
    // "mcp/approved/..."), so an edited file is asked about again.
    static bool isProjectApproved(const Store &store, const QString &folder, const QByteArray &content);
    static void approveProject(Store &store, const QString &folder, const QByteArray &content);

    // Reads both files, starts every usable server and calls settled once each is ready or
    // failed. Problems with the files are in warnings().
    void start(std::function<void()> settled);
    // Starts the given servers only (mcp list's connect check).
    void startServers(const QList<McpServerConfig> &servers, std::function<void()> settled);
    void registerTools(ToolRegistry *registry);
    void closeAll();

    QList<Status> statuses() const;
    QStringList warnings() const { return m_warnings; }
    bool projectNeedsApproval() const { return m_projectNeedsApproval; }
    QByteArray projectContent() const { return m_projectContent; }
    McpClient *client(const QString &name) const;

private:
    struct Entry
    {
        McpServerConfig config;
        McpClient *client = nullptr;
        QString error;
    };

    void onProjectFile(const QByteArray &content, bool found, std::function<void()> settled);
    void launch(std::function<void()> settled);
    void startEntry(Entry &entry, const QMap<QString, QString> &secrets);
    void checkSettled();
    void addTools(McpClient *client);

    Options m_options;
    QList<Entry> m_entries;
    QStringList m_warnings;
    QByteArray m_projectContent;
    ToolRegistry *m_registry = nullptr;
    std::function<void()> m_settled;
    bool m_projectNeedsApproval = false;
};

} // namespace Proto
