#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace Proto {

// One MCP server as Claude Code's configuration files describe it:
//   {"command": PROGRAM, "args": [...], "env": {K: V}}               (stdio, "type": "stdio" optional)
//   {"type": "http", "url": URL, "headers": {K: V}}                    (Streamable HTTP)
// Values in env, headers, url, command and args may name environment variables as ${VAR} or
// ${VAR:-default} and keychain entries as ${keychain:NAME}; they are expanded when the server
// starts, never written back.
struct McpServerConfig
{
    enum class Transport
    {
        Stdio,
        Http,
    };
    enum class Scope
    {
        User, // <data folder>/mcp.json
        Project, // .mcp.json in the session's folder
    };

    QString name;
    Transport transport = Transport::Stdio;
    Scope scope = Scope::User;
    QString command;
    QStringList args;
    QMap<QString, QString> env;
    QString url;
    QMap<QString, QString> headers;

    static bool isValidName(const QString &name); // letters, digits, '_' and '-', at most 40
    QJsonObject toJson() const;
    // Parses one entry; empty *error when it is usable.
    static McpServerConfig fromJson(
        const QString &name, const QJsonObject &object, Scope scope, QString *error);
};

// A file of servers in Claude Code's format: {"mcpServers": {NAME: {...}, ...}}. Entries that
// cannot be used are left out and described in errors; a file that is not that JSON is one error.
struct McpConfigFile
{
    QList<McpServerConfig> servers;
    QStringList errors;

    static McpConfigFile parse(const QByteArray &data, McpServerConfig::Scope scope);
    // The file with `server` added (or replacing the one of that name) or removed, other keys of
    // the JSON kept as they were. *error is set (and data returned unchanged) when data is not a
    // config file.
    static QByteArray withServer(const QByteArray &data, const McpServerConfig &server, QString *error);
    static QByteArray withoutServer(
        const QByteArray &data, const QString &name, bool *removed, QString *error);
};

// Expands ${VAR}, ${VAR:-default} (from `environment`) and ${keychain:NAME} (from `secrets`) in a
// value; a reference that cannot be resolved is named in *missing and expands to nothing.
QString expandMcpValue(const QString &value, const QMap<QString, QString> &environment,
    const QMap<QString, QString> &secrets, QStringList *missing);
// The keychain entries a server's values name.
QStringList mcpKeychainReferences(const McpServerConfig &server);

} // namespace Proto
