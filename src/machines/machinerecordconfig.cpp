#include "machinerecordconfig.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonValue>

namespace Proto::MachineRecordConfig {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("MachineRecordConfig", text);
}

const QLatin1String kPolicy("hostKeyPolicy");
const QLatin1String kKnownHosts("knownHostsPath");
const QLatin1String kSshDirectory("sshDirectory");
const QLatin1String kUseAgent("useAgent");
const QLatin1String kAllowPassword("allowPassword");
const QLatin1String kConnectTimeout("connectTimeoutMs");
const QLatin1String kKeepalive("keepaliveIntervalMs");
const QLatin1String kKeepaliveCount("keepaliveCountMax");
const QLatin1String kMoreIdentities("moreIdentityFiles");
const QLatin1String kIdentitiesOnly("identitiesOnly");
const QLatin1String kMoreKnownHosts("moreKnownHostsPaths");
const QLatin1String kHostKeyAlias("hostKeyAlias");
const QLatin1String kHashKnownHosts("hashKnownHosts");
const QLatin1String kProxyCommand("proxyCommand");
const QLatin1String kCertificates("certificateFiles");
const QLatin1String kIdentityAgent("identityAgent");
const QLatin1String kCiphers("ciphers");
const QLatin1String kKex("kexAlgorithms");
const QLatin1String kHostKeyAlgorithms("hostKeyAlgorithms");

QStringList stringList(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray()) {
        if (item.isString() && !item.toString().isEmpty())
            list << item.toString();
    }
    return list;
}

bool validHostText(const QString &host)
{
    if (host.isEmpty() || host.startsWith(u'-'))
        return false;
    for (const QChar c : host) {
        if (c.isSpace() || c.unicode() < 0x20 || c == u'@' || c == u'/' || c == u'\\')
            return false;
    }
    return true;
}

} // namespace

QString policyName(SshMachineConfig::HostKeyPolicy policy)
{
    switch (policy) {
    case SshMachineConfig::HostKeyPolicy::Strict:
        return QStringLiteral("strict");
    case SshMachineConfig::HostKeyPolicy::AcceptNew:
        return QStringLiteral("accept-new");
    case SshMachineConfig::HostKeyPolicy::Prompt:
        break;
    }
    return QStringLiteral("prompt");
}

bool policyFromName(const QString &name, SshMachineConfig::HostKeyPolicy *policy)
{
    if (name == QLatin1String("prompt") || name.isEmpty())
        *policy = SshMachineConfig::HostKeyPolicy::Prompt;
    else if (name == QLatin1String("strict"))
        *policy = SshMachineConfig::HostKeyPolicy::Strict;
    else if (name == QLatin1String("accept-new"))
        *policy = SshMachineConfig::HostKeyPolicy::AcceptNew;
    else
        return false;
    return true;
}

SshMachineConfig toSshConfig(const MachineRecord &record)
{
    SshMachineConfig config;
    config.name = record.name;
    config.host = record.host;
    config.port = record.port > 0 && record.port <= 65535 ? quint16(record.port) : quint16(0);
    config.user = record.user;
    config.identityFile = record.identityFile;
    config.proxyJump = record.jumpHost;
    const QJsonObject &o = record.options;
    policyFromName(o.value(kPolicy).toString(), &config.hostKeyPolicy);
    config.knownHostsPath = o.value(kKnownHosts).toString();
    config.sshDirectory = o.value(kSshDirectory).toString();
    config.useAgent = o.value(kUseAgent).toBool(true);
    config.allowPassword = o.value(kAllowPassword).toBool(true);
    if (o.contains(kConnectTimeout))
        config.connectTimeoutMs
            = qBound(1000, o.value(kConnectTimeout).toInt(config.connectTimeoutMs), 600000);
    if (o.contains(kKeepalive))
        config.keepaliveIntervalMs
            = qBound(0, o.value(kKeepalive).toInt(config.keepaliveIntervalMs), 3600000);
    if (o.contains(kKeepaliveCount))
        config.keepaliveCountMax = qBound(1, o.value(kKeepaliveCount).toInt(config.keepaliveCountMax), 100);
    config.moreIdentityFiles = stringList(o.value(kMoreIdentities));
    config.identitiesOnly = o.value(kIdentitiesOnly).toBool(false);
    config.moreKnownHostsPaths = stringList(o.value(kMoreKnownHosts));
    config.hostKeyAlias = o.value(kHostKeyAlias).toString();
    config.hashKnownHosts = o.value(kHashKnownHosts).toBool(false);
    config.proxyCommand = o.value(kProxyCommand).toString();
    config.certificateFiles = stringList(o.value(kCertificates));
    config.identityAgent = o.value(kIdentityAgent).toString();
    config.ciphers = o.value(kCiphers).toString();
    config.kexAlgorithms = o.value(kKex).toString();
    config.hostKeyAlgorithms = o.value(kHostKeyAlgorithms).toString();
    return config;
}

void applySshConfig(const SshMachineConfig &config, MachineRecord *record)
{
    record->kind = QStringLiteral("ssh");
    record->host = config.host;
    record->port = config.port;
    record->user = config.user;
    record->identityFile = config.identityFile;
    record->jumpHost = config.proxyJump;
    QJsonObject &o = record->options;
    o.insert(kPolicy, policyName(config.hostKeyPolicy));
    auto setOrRemove = [&o](QLatin1String key, const QString &value) {
        if (value.isEmpty())
            o.remove(key);
        else
            o.insert(key, value);
    };
    setOrRemove(kKnownHosts, config.knownHostsPath);
    setOrRemove(kSshDirectory, config.sshDirectory);
    if (!config.useAgent)
        o.insert(kUseAgent, false);
    else
        o.remove(kUseAgent);
    if (!config.allowPassword)
        o.insert(kAllowPassword, false);
    else
        o.remove(kAllowPassword);
    const SshMachineConfig defaults;
    auto setIfNot = [&o](QLatin1String key, int value, int defaultValue) {
        if (value == defaultValue)
            o.remove(key);
        else
            o.insert(key, value);
    };
    setIfNot(kConnectTimeout, config.connectTimeoutMs, defaults.connectTimeoutMs);
    setIfNot(kKeepalive, config.keepaliveIntervalMs, defaults.keepaliveIntervalMs);
    setIfNot(kKeepaliveCount, config.keepaliveCountMax, defaults.keepaliveCountMax);
    auto setList = [&o](QLatin1String key, const QStringList &list) {
        if (list.isEmpty())
            o.remove(key);
        else
            o.insert(key, QJsonArray::fromStringList(list));
    };
    setList(kMoreIdentities, config.moreIdentityFiles);
    setList(kMoreKnownHosts, config.moreKnownHostsPaths);
    setOrRemove(kHostKeyAlias, config.hostKeyAlias);
    setOrRemove(kProxyCommand, config.proxyCommand);
    setList(kCertificates, config.certificateFiles);
    setOrRemove(kIdentityAgent, config.identityAgent);
    setOrRemove(kCiphers, config.ciphers);
    setOrRemove(kKex, config.kexAlgorithms);
    setOrRemove(kHostKeyAlgorithms, config.hostKeyAlgorithms);
    auto setFlag = [&o](QLatin1String key, bool value) {
        if (value)
            o.insert(key, true);
        else
            o.remove(key);
    };
    setFlag(kIdentitiesOnly, config.identitiesOnly);
    setFlag(kHashKnownHosts, config.hashKnownHosts);
}

QString parseSshTarget(const QString &text, QString *user, QString *host, quint16 *port)
{
    QString rest = text.trimmed();
    user->clear();
    *port = 22;
    const qsizetype at = rest.lastIndexOf(u'@');
    if (at >= 0) {
        *user = rest.left(at);
        rest = rest.mid(at + 1);
        if (user->isEmpty())
            return tr("The user name before @ is empty in \"%1\".").arg(text);
    }
    QString portText;
    if (rest.startsWith(u'[')) {
        const qsizetype close = rest.indexOf(u']');
        if (close < 0)
            return tr("\"%1\" has an unclosed [.").arg(text);
        *host = rest.mid(1, close - 1);
        const QString after = rest.mid(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(u':'))
                return tr("\"%1\" is not USER@HOST[:PORT].").arg(text);
            portText = after.mid(1);
        }
    } else if (rest.count(u':') == 1) {
        const qsizetype colon = rest.indexOf(u':');
        *host = rest.left(colon);
        portText = rest.mid(colon + 1);
    } else {
        *host = rest; // a bare IPv6 address has several colons and no port
    }
    if (!validHostText(*host))
        return tr("\"%1\" is not a valid host name.").arg(host->isEmpty() ? text : *host);
    if (!portText.isNull()) {
        bool ok = false;
        const uint value = portText.toUInt(&ok);
        if (!ok || value == 0 || value > 65535)
            return tr("The port \"%1\" is not a number between 1 and 65535.").arg(portText);
        *port = quint16(value);
    }
    for (const QChar c : std::as_const(*user)) {
        if (c.isSpace() || c.unicode() < 0x20)
            return tr("The user name \"%1\" is not valid.").arg(*user);
    }
    return {};
}

QString parseHostPort(const QString &text, QString *host, int *port)
{
    QString user;
    quint16 value = 0;
    const QString trimmed = text.trimmed();
    if (trimmed.contains(u'@'))
        return tr("\"%1\" is not HOST:PORT.").arg(text);
    QString problem = parseSshTarget(trimmed, &user, host, &value);
    if (!problem.isEmpty())
        return problem;
    const bool hasPort
        = trimmed.startsWith(u'[') ? trimmed.contains(QLatin1String("]:")) : trimmed.count(u':') == 1;
    *port = hasPort ? value : 5900;
    return {};
}

MachineRecord fromSshConfigHost(const SshConfigHost &host)
{
    MachineRecord record;
    record.name = host.alias;
    applySshConfig(host.toMachineConfig(), &record);
    record.name = host.alias;
    return record;
}

QString validate(const MachineRecord &record)
{
    const QString name = record.name.trimmed();
    if (name.isEmpty())
        return tr("The machine needs a name.");
    if (name != record.name || name.size() > 100)
        return tr("The name \"%1\" is not valid: no leading or trailing spaces, at most 100 characters.")
            .arg(record.name);
    for (const QChar c : name) {
        if (c.unicode() < 0x20)
            return tr("The name must not contain control characters.");
    }
    if (record.kind == QLatin1String("local"))
        return {};
    if (record.kind != QLatin1String("ssh"))
        return tr("Unknown machine kind \"%1\".").arg(record.kind);
    if (!validHostText(record.host.trimmed()))
        return record.host.trimmed().isEmpty() ? tr("No host name is set.")
                                               : tr("The host name \"%1\" is not valid.").arg(record.host);
    if (record.port <= 0 || record.port > 65535)
        return tr("The port must be between 1 and 65535.");
    SshMachineConfig::HostKeyPolicy policy = SshMachineConfig::HostKeyPolicy::Prompt;
    if (!policyFromName(record.options.value(QLatin1String("hostKeyPolicy")).toString(), &policy))
        return tr("Unknown host key policy \"%1\".")
            .arg(record.options.value(QLatin1String("hostKeyPolicy")).toString());
    if (!record.vncHost.isEmpty()) {
        if (!validHostText(record.vncHost.trimmed()))
            return tr("The VNC host \"%1\" is not valid.").arg(record.vncHost);
        if (record.vncPort <= 0 || record.vncPort > 65535)
            return tr("The VNC port must be between 1 and 65535.");
    }
    const QString problem = toSshConfig(record).validate();
    return problem;
}

} // namespace Proto::MachineRecordConfig
