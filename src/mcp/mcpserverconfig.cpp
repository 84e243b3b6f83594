#include "mcpserverconfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace Proto {

namespace {

const QRegularExpression &referencePattern()
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(\$\{([A-Za-z_][A-Za-z0-9_]*|keychain:[^}]+)(:-([^}]*))?\})"));
    return pattern;
}

bool readStringMap(const QJsonValue &value, QMap<QString, QString> *out)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isObject())
        return false;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString())
            return false;
        out->insert(it.key(), it.value().toString());
    }
    return true;
}

QJsonObject mapToJson(const QMap<QString, QString> &map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

} // namespace

bool McpServerConfig::isValidName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_-]{1,40}$"));
    return pattern.match(name).hasMatch();
}

QJsonObject McpServerConfig::toJson() const
{
    QJsonObject object;
    if (transport == Transport::Http) {
        object.insert(QStringLiteral("type"), QStringLiteral("http"));
        object.insert(QStringLiteral("url"), url);
        if (!headers.isEmpty())
            object.insert(QStringLiteral("headers"), mapToJson(headers));
    } else {
        object.insert(QStringLiteral("command"), command);
        object.insert(QStringLiteral("args"), QJsonArray::fromStringList(args));
        if (!env.isEmpty())
            object.insert(QStringLiteral("env"), mapToJson(env));
    }
    return object;
}

McpServerConfig McpServerConfig::fromJson(
    const QString &name, const QJsonObject &object, Scope scope, QString *error)
{
    McpServerConfig config;
    config.name = name;
    config.scope = scope;
    error->clear();
    if (!isValidName(name)) {
        *error = QStringLiteral("\"%1\": a server name may hold letters, digits, '_' and '-' (at most 40)")
                     .arg(name.left(60));
        return config;
    }
    const QString type = object.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("http") || type == QLatin1String("streamable-http")
        || (type.isEmpty() && object.contains(QStringLiteral("url")))) {
        config.transport = Transport::Http;
        config.url = object.value(QStringLiteral("url")).toString();
        if (config.url.isEmpty())
            *error = QStringLiteral("%1: an http server needs a \"url\"").arg(name);
        else if (!readStringMap(object.value(QStringLiteral("headers")), &config.headers))
            *error = QStringLiteral("%1: \"headers\" must map names to strings").arg(name);
        return config;
    }
    if (!type.isEmpty() && type != QLatin1String("stdio")) {
        *error = QStringLiteral("%1: the transport \"%2\" is not supported (stdio and http are)")
                     .arg(name, type.left(40));
        return config;
    }
    config.command = object.value(QStringLiteral("command")).toString();
    const QJsonValue args = object.value(QStringLiteral("args"));
    if (config.command.isEmpty()) {
        *error = QStringLiteral("%1: a stdio server needs a \"command\"").arg(name);
        return config;
    }
    if (!args.isUndefined() && !args.isArray()) {
        *error = QStringLiteral("%1: \"args\" must be a list of strings").arg(name);
        return config;
    }
    for (const QJsonValue &arg : args.toArray()) {
        if (!arg.isString()) {
            *error = QStringLiteral("%1: \"args\" must be a list of strings").arg(name);
            return config;
        }
        config.args.append(arg.toString());
    }
    if (!readStringMap(object.value(QStringLiteral("env")), &config.env))
        *error = QStringLiteral("%1: \"env\" must map names to strings").arg(name);
    return config;
}

McpConfigFile McpConfigFile::parse(const QByteArray &data, McpServerConfig::Scope scope)
{
    McpConfigFile file;
    if (data.trimmed().isEmpty())
        return file;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (!document.isObject()) {
        file.errors.append(parseError.error != QJsonParseError::NoError
                ? QStringLiteral("not JSON: %1").arg(parseError.errorString())
                : QStringLiteral("not a JSON object"));
        return file;
    }
    const QJsonValue servers = document.object().value(QStringLiteral("mcpServers"));
    if (servers.isUndefined())
        return file;
    if (!servers.isObject()) {
        file.errors.append(QStringLiteral("\"mcpServers\" is not an object"));
        return file;
    }
    const QJsonObject object = servers.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        QString error;
        const McpServerConfig config
            = McpServerConfig::fromJson(it.key(), it.value().toObject(), scope, &error);
        if (!it.value().isObject())
            error = QStringLiteral("%1: not an object").arg(it.key().left(60));
        if (error.isEmpty())
            file.servers.append(config);
        else
            file.errors.append(error);
    }
    return file;
}

QByteArray McpConfigFile::withServer(const QByteArray &data, const McpServerConfig &server, QString *error)
{
    QJsonObject root;
    if (!data.trimmed().isEmpty()) {
        const QJsonDocument document = QJsonDocument::fromJson(data);
        if (!document.isObject()) {
            *error = QStringLiteral("the file is not a JSON object");
            return data;
        }
        root = document.object();
    }
    QJsonObject servers = root.value(QStringLiteral("mcpServers")).toObject();
    servers.insert(server.name, server.toJson());
    root.insert(QStringLiteral("mcpServers"), servers);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray McpConfigFile::withoutServer(
    const QByteArray &data, const QString &name, bool *removed, QString *error)
{
    *removed = false;
    const QJsonDocument document = QJsonDocument::fromJson(data);
    if (!document.isObject()) {
        if (!data.trimmed().isEmpty())
            *error = QStringLiteral("the file is not a JSON object");
        return data;
    }
    QJsonObject root = document.object();
    QJsonObject servers = root.value(QStringLiteral("mcpServers")).toObject();
    if (!servers.contains(name))
        return data;
    servers.remove(name);
    *removed = true;
    root.insert(QStringLiteral("mcpServers"), servers);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QString expandMcpValue(const QString &value, const QMap<QString, QString> &environment,
    const QMap<QString, QString> &secrets, QStringList *missing)
{
    QString out;
    qsizetype last = 0;
    auto it = referencePattern().globalMatch(value);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        out += value.mid(last, match.capturedStart() - last);
        last = match.capturedEnd();
        const QString name = match.captured(1);
        const bool hasDefault = match.capturedLength(2) > 0;
        if (name.startsWith(QLatin1String("keychain:"))) {
            const QString key = name.mid(9);
            if (secrets.contains(key))
                out += secrets.value(key);
            else if (hasDefault)
                out += match.captured(3);
            else if (missing)
                missing->append(QStringLiteral("the keychain entry %1").arg(key));
        } else if (environment.contains(name)) {
            out += environment.value(name);
        } else if (hasDefault) {
            out += match.captured(3);
        } else if (missing) {
            missing->append(QStringLiteral("the environment variable %1").arg(name));
        }
    }
    out += value.mid(last);
    return out;
}

QStringList mcpKeychainReferences(const McpServerConfig &server)
{
    QStringList values { server.command, server.url };
    values += server.args;
    values += server.env.values();
    values += server.headers.values();
    QStringList keys;
    for (const QString &value : std::as_const(values)) {
        auto it = referencePattern().globalMatch(value);
        while (it.hasNext()) {
            const QString name = it.next().captured(1);
            if (name.startsWith(QLatin1String("keychain:")) && !keys.contains(name.mid(9)))
                keys.append(name.mid(9));
        }
    }
    return keys;
}

} // namespace Proto
