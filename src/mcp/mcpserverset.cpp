#include "mcpserverset.h"

#include "filejob.h"
#include "httprpctransport.h"
#include "machine.h"
#include "mcpclient.h"
#include "mcplogging.h"
#include "mcptool.h"
#include "secretstore.h"
#include "shellquote.h"
#include "stdiorpctransport.h"
#include "store.h"
#include "toolregistry.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QMetaObject>
#include <QProcessEnvironment>
#include <QUrl>

#include <memory>

namespace Proto {

namespace {

QString approvalKey(const QString &folder)
{
    const QByteArray path = QDir::cleanPath(folder).toUtf8();
    return QStringLiteral("mcp/approved/")
        + QString::fromLatin1(QCryptographicHash::hash(path, QCryptographicHash::Sha256).toHex());
}

QString contentHash(const QByteArray &content)
{
    return QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
}

QMap<QString, QString> processEnvironment()
{
    QMap<QString, QString> map;
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &key : environment.keys())
        map.insert(key, environment.value(key));
    return map;
}

} // namespace

McpServerSet::McpServerSet(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{ }

McpServerSet::~McpServerSet() = default;

QString McpServerSet::userConfigPath()
{
    return QDir(Store::dataDirectory()).filePath(QStringLiteral("mcp.json"));
}

bool McpServerSet::isProjectApproved(const Store &store, const QString &folder, const QByteArray &content)
{
    return store.setting(approvalKey(folder)).toString() == contentHash(content);
}

void McpServerSet::approveProject(Store &store, const QString &folder, const QByteArray &content)
{
    store.setSetting(approvalKey(folder), contentHash(content));
}

void McpServerSet::start(std::function<void()> settled)
{
    QFile user(userConfigPath());
    if (user.exists()) {
        if (user.open(QIODevice::ReadOnly)) {
            const McpConfigFile file
                = McpConfigFile::parse(user.read(4 * 1024 * 1024), McpServerConfig::Scope::User);
            for (const QString &error : file.errors)
                m_warnings.append(QStringLiteral("%1: %2").arg(userConfigPath(), error));
            for (const McpServerConfig &config : file.servers)
                m_entries.append(Entry { config, nullptr, {} });
        } else {
            m_warnings.append(QStringLiteral("%1: %2").arg(userConfigPath(), user.errorString()));
        }
    }
    if (m_options.folder.isEmpty() || !m_options.machine) {
        launch(std::move(settled));
        return;
    }
    FileJob *job = m_options.machine->readFile(
        QDir(m_options.folder).filePath(projectConfigName()), 0, 4 * 1024 * 1024);
    connect(job, &MachineJob::finished, this, [this, job, settled = std::move(settled)]() mutable {
        job->deleteLater();
        if (job->error() == MachineJob::Error::None) {
            onProjectFile(job->data(), true, std::move(settled));
        } else {
            if (job->error() != MachineJob::Error::NotFound)
                m_warnings.append(QStringLiteral("%1/%2: %3")
                        .arg(m_options.folder, projectConfigName(), job->errorString()));
            onProjectFile({}, false, std::move(settled));
        }
    });
}

void McpServerSet::onProjectFile(const QByteArray &content, bool found, std::function<void()> settled)
{
    if (found) {
        const McpConfigFile file = McpConfigFile::parse(content, McpServerConfig::Scope::Project);
        const QString where = QDir(m_options.folder).filePath(projectConfigName());
        for (const QString &error : file.errors)
            m_warnings.append(QStringLiteral("%1: %2").arg(where, error));
        if (!file.servers.isEmpty()) {
            m_projectContent = content;
            bool approved = m_options.store && isProjectApproved(*m_options.store, m_options.folder, content);
            if (!approved && m_options.approveProject && m_options.store) {
                approveProject(*m_options.store, m_options.folder, content);
                approved = true;
            }
            if (approved) {
                for (const McpServerConfig &config : file.servers) {
                    // The project's entry wins over the user's of the same name (as in Claude Code).
                    m_entries.removeIf([&](const Entry &e) { return e.config.name == config.name; });
                    m_entries.append(Entry { config, nullptr, {} });
                }
            } else {
                m_projectNeedsApproval = true;
                m_warnings.append(
                    QStringLiteral("%1 starts %2 MCP server(s), which run programs; they were not started "
                                   "because this version of the file is not approved for this folder")
                        .arg(where)
                        .arg(file.servers.size()));
            }
        }
    }
    launch(std::move(settled));
}

void McpServerSet::startServers(const QList<McpServerConfig> &servers, std::function<void()> settled)
{
    for (const McpServerConfig &config : servers)
        m_entries.append(Entry { config, nullptr, {} });
    launch(std::move(settled));
}

void McpServerSet::launch(std::function<void()> settled)
{
    m_settled = std::move(settled);
    QStringList keys;
    for (const Entry &entry : std::as_const(m_entries)) {
        for (const QString &key : mcpKeychainReferences(entry.config)) {
            if (!keys.contains(key))
                keys.append(key);
        }
    }
    if (keys.isEmpty() || !m_options.secrets) {
        for (Entry &entry : m_entries)
            startEntry(entry, {});
        QMetaObject::invokeMethod(this, [this] { checkSettled(); }, Qt::QueuedConnection);
        return;
    }
    auto secrets = std::make_shared<QMap<QString, QString>>();
    auto remaining = std::make_shared<int>(int(keys.size()));
    for (const QString &key : std::as_const(keys)) {
        m_options.secrets->read(key, this, [this, key, secrets, remaining](const SecretResult &result) {
            if (result.ok())
                secrets->insert(key, result.value);
            if (--*remaining > 0)
                return;
            for (Entry &entry : m_entries)
                startEntry(entry, *secrets);
            checkSettled();
        });
    }
}

void McpServerSet::startEntry(Entry &entry, const QMap<QString, QString> &secrets)
{
    if (entry.client)
        return;
    const QMap<QString, QString> environment = processEnvironment();
    QStringList missing;
    const auto expand
        = [&](const QString &value) { return expandMcpValue(value, environment, secrets, &missing); };
    const McpServerConfig &config = entry.config;
    RpcTransport *transport = nullptr;
    if (config.transport == McpServerConfig::Transport::Stdio) {
        if (!m_options.machine) {
            entry.error = QStringLiteral("no machine to run it on");
            return;
        }
        QStringList argv { expand(config.command) };
        for (const QString &arg : config.args)
            argv.append(expand(arg));
        CommandSpec spec;
        spec.command = shellJoin(argv);
        spec.workingDirectory = m_options.folder;
        for (auto it = config.env.cbegin(); it != config.env.cend(); ++it)
            spec.environment.insert(it.key(), expand(it.value()));
        transport = new StdioRpcTransport(m_options.machine, spec);
    } else {
        const QUrl url(expand(config.url));
        QMap<QByteArray, QByteArray> headers;
        for (auto it = config.headers.cbegin(); it != config.headers.cend(); ++it)
            headers.insert(it.key().toUtf8(), expand(it.value()).toUtf8());
        if (!m_options.network) {
            entry.error = QStringLiteral("no network access");
            return;
        }
        transport = new HttpRpcTransport(m_options.network, url, headers);
    }
    if (!missing.isEmpty()) {
        delete transport;
        entry.error = QStringLiteral("not started: it needs %1, which is not set")
                          .arg(missing.join(QStringLiteral(", ")));
        return;
    }
    auto *client = new McpClient(config.name, transport, this);
    entry.client = client;
    connect(client, &McpClient::ready, this, [this, client] {
        addTools(client);
        checkSettled();
    });
    connect(client, &McpClient::failed, this, [this] { checkSettled(); });
    connect(client, &McpClient::toolsChanged, this, [this, client] { addTools(client); });
    client->start(m_options.startTimeoutMs);
}

void McpServerSet::checkSettled()
{
    if (!m_settled)
        return;
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.client && entry.client->state() == McpClient::State::Connecting)
            return;
    }
    std::exchange(m_settled, {})();
}

void McpServerSet::registerTools(ToolRegistry *registry)
{
    m_registry = registry;
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.client && entry.client->state() == McpClient::State::Ready)
            addTools(entry.client);
    }
}

void McpServerSet::addTools(McpClient *client)
{
    if (!m_registry)
        return;
    for (const McpToolInfo &info : client->tools())
        m_registry->add(std::make_unique<McpTool>(client, info));
}

void McpServerSet::closeAll()
{
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.client)
            entry.client->close();
    }
}

QList<McpServerSet::Status> McpServerSet::statuses() const
{
    QList<Status> out;
    for (const Entry &entry : m_entries) {
        Status status;
        status.name = entry.config.name;
        status.scope = entry.config.scope;
        status.error = entry.error;
        if (entry.client) {
            status.ready = entry.client->state() == McpClient::State::Ready;
            status.toolCount = int(entry.client->tools().size());
            if (!status.ready)
                status.error = entry.client->failureReason().isEmpty() ? QStringLiteral("still connecting")
                                                                       : entry.client->failureReason();
        }
        out.append(status);
    }
    return out;
}

McpClient *McpServerSet::client(const QString &name) const
{
    for (const Entry &entry : m_entries) {
        if (entry.config.name == name)
            return entry.client;
    }
    return nullptr;
}

} // namespace Proto
