#include "sshconfigfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <functional>

namespace Proto {

namespace {

struct Block
{
    QStringList patterns; // empty: global (before any Host line)
    bool isMatch = false;
    QList<QPair<QString, QStringList>> options; // keyword lower-case, arguments
};

bool blockApplies(const Block &block, const QString &host)
{
    if (block.isMatch)
        return false;
    if (block.patterns.isEmpty())
        return true;
    bool matched = false;
    for (const QString &pattern : block.patterns) {
        if (pattern.startsWith(QLatin1Char('!'))) {
            if (SshConfigFile::patternMatches(pattern.mid(1), host))
                return false;
        } else if (SshConfigFile::patternMatches(pattern, host)) {
            matched = true;
        }
    }
    return matched;
}

QString expand(
    QString value, const QString &home, const QString &user, const QString &host, const QString &remoteUser)
{
    if (value.startsWith(QLatin1String("~/")) || value == QLatin1String("~"))
        value = home + value.mid(1);
    QString out;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value.at(i);
        if (c != QLatin1Char('%') || i + 1 >= value.size()) {
            out += c;
            continue;
        }
        const QChar t = value.at(++i);
        if (t == QLatin1Char('%'))
            out += QLatin1Char('%');
        else if (t == QLatin1Char('d'))
            out += home;
        else if (t == QLatin1Char('u'))
            out += user;
        else if (t == QLatin1Char('h'))
            out += host;
        else if (t == QLatin1Char('r'))
            out += remoteUser;
        else
            out += QLatin1Char('%') + t;
    }
    return out;
}

bool isYes(const QString &value)
{
    return value.compare(QLatin1String("yes"), Qt::CaseInsensitive) == 0;
}

} // namespace

SshMachineConfig SshConfigHost::toMachineConfig() const
{
    SshMachineConfig config;
    config.name = alias;
    config.host = hostName.isEmpty() ? alias : hostName;
    config.port = port ? port : 22;
    config.user = user;
    if (!identityFiles.isEmpty())
        config.identityFile = identityFiles.first();
    config.moreIdentityFiles = identityFiles.mid(1);
    config.identitiesOnly = identitiesOnly;
    config.proxyJump = proxyJump;
    if (strictHostKeyChecking == QLatin1String("yes"))
        config.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::Strict;
    else if (strictHostKeyChecking == QLatin1String("accept-new")
        || strictHostKeyChecking == QLatin1String("no"))
        config.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::AcceptNew; // a changed key is still refused
    if (!userKnownHostsFiles.isEmpty()) {
        config.knownHostsPath = userKnownHostsFiles.first();
        config.moreKnownHostsPaths = userKnownHostsFiles.mid(1);
    }
    config.hostKeyAlias = hostKeyAlias;
    config.hashKnownHosts = hashKnownHosts;
    config.proxyCommand = proxyCommand;
    config.certificateFiles = certificateFiles;
    config.identityAgent = identityAgent;
    config.ciphers = ciphers;
    config.kexAlgorithms = kexAlgorithms;
    config.hostKeyAlgorithms = hostKeyAlgorithms;
    if (connectTimeoutSeconds > 0)
        config.connectTimeoutMs = qMin(connectTimeoutSeconds, 600) * 1000;
    if (serverAliveIntervalSeconds >= 0)
        config.keepaliveIntervalMs = qMin(serverAliveIntervalSeconds, 3600) * 1000;
    if (serverAliveCountMax > 0)
        config.keepaliveCountMax = qMin(serverAliveCountMax, 100);
    return config;
}

bool SshConfigFile::patternMatches(const QString &pattern, const QString &host)
{
    // Iterative glob with backtracking on the last '*': linear in practice, no recursion.
    qsizetype p = 0, h = 0, star = -1, mark = 0;
    while (h < host.size()) {
        if (p < pattern.size()
            && (pattern.at(p) == QLatin1Char('?') || pattern.at(p).toLower() == host.at(h).toLower())) {
            ++p;
            ++h;
        } else if (p < pattern.size() && pattern.at(p) == QLatin1Char('*')) {
            star = p++;
            mark = h;
        } else if (star >= 0) {
            p = star + 1;
            h = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern.at(p) == QLatin1Char('*'))
        ++p;
    return p == pattern.size();
}

QStringList SshConfigFile::splitArguments(const QString &text)
{
    QStringList args;
    QString current;
    bool inQuotes = false;
    bool hasToken = false;
    for (const QChar c : text) {
        if (c == QLatin1Char('"')) {
            inQuotes = !inQuotes;
            hasToken = true;
        } else if (!inQuotes && (c == QLatin1Char(' ') || c == QLatin1Char('\t'))) {
            if (hasToken)
                args << current;
            current.clear();
            hasToken = false;
        } else {
            current += c;
            hasToken = true;
        }
    }
    if (hasToken)
        args << current;
    return args;
}

QList<SshConfigHost> SshConfigFile::parse(
    const QByteArray &text, const QString &homePath, const QString &localUser)
{
    static const QRegularExpression keywordSplit(
        QStringLiteral("^([A-Za-z][A-Za-z0-9]*)\\s*(?:=\\s*|\\s+)(.*)$"));
    const QString home = homePath.isEmpty() ? QDir::homePath() : homePath;
    QList<Block> blocks;
    blocks.append(Block {});
    QStringList aliases;
    int includedFiles = 0;
    std::function<void(const QByteArray &, int)> read = [&](const QByteArray &contents, int depth) {
        const QList<QByteArray> lines = contents.split('\n');
        for (const QByteArray &rawLine : lines) {
            if (rawLine.size() > kMaxLineLength)
                continue;
            QString line = QString::fromUtf8(rawLine).trimmed();
            line.remove(QChar(0));
            if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
                continue;
            const QRegularExpressionMatch m = keywordSplit.match(line);
            if (!m.hasMatch())
                continue;
            const QString keyword = m.captured(1).toLower();
            // ProxyCommand is a shell command line: kept as written, quotes and all.
            const QStringList args = keyword == QLatin1String("proxycommand")
                ? QStringList { m.captured(2).trimmed() }
                : splitArguments(m.captured(2).trimmed());
            if (args.isEmpty())
                continue;
            if (keyword == QLatin1String("include")) {
                if (depth >= kMaxIncludeDepth)
                    continue;
                for (const QString &pattern : args) {
                    QString path = expand(pattern, home, localUser, {}, {});
                    if (QDir::isRelativePath(path))
                        path = home + QStringLiteral("/.ssh/") + path;
                    const QFileInfo info(path);
                    QDir dir = info.dir();
                    const QStringList names = info.fileName().contains(QLatin1Char('*'))
                            || info.fileName().contains(QLatin1Char('?'))
                            || info.fileName().contains(QLatin1Char('['))
                        ? dir.entryList({ info.fileName() }, QDir::Files | QDir::Readable, QDir::Name)
                        : QStringList { info.fileName() };
                    for (const QString &name : names) {
                        if (++includedFiles > kMaxIncludedFiles)
                            return;
                        QFile file(dir.filePath(name));
                        if (file.open(QIODevice::ReadOnly))
                            read(file.read(16 * 1024 * 1024), depth + 1);
                    }
                }
                continue;
            }
            if (keyword == QLatin1String("host")) {
                if (blocks.size() > kMaxHosts)
                    return;
                Block block;
                block.patterns = args;
                blocks.append(block);
                for (const QString &pattern : args) {
                    if (pattern.startsWith(QLatin1Char('!')) || pattern.contains(QLatin1Char('*'))
                        || pattern.contains(QLatin1Char('?')) || aliases.contains(pattern)
                        || aliases.size() >= kMaxHosts)
                        continue;
                    aliases << pattern;
                }
                continue;
            }
            if (keyword == QLatin1String("match")) {
                Block block;
                block.isMatch = true;
                blocks.append(block);
                continue;
            }
            blocks.last().options.append({ keyword, args });
        }
    };
    read(text, 0);

    QList<SshConfigHost> hosts;
    for (const QString &alias : std::as_const(aliases)) {
        SshConfigHost host;
        host.alias = alias;
        bool haveHostName = false, havePort = false, haveUser = false, haveJump = false;
        QSet<QString> seen; // the other single-valued keywords: the first value wins
        for (const Block &block : std::as_const(blocks)) {
            if (!blockApplies(block, alias))
                continue;
            for (const auto &[keyword, args] : block.options) {
                const QString &value = args.first();
                if (keyword == QLatin1String("hostname") && !haveHostName) {
                    host.hostName = value.contains(QLatin1String("%h"))
                        ? QString(value).replace(QLatin1String("%h"), alias)
                        : value;
                    haveHostName = true;
                } else if (keyword == QLatin1String("port") && !havePort) {
                    bool ok = false;
                    const uint port = value.toUInt(&ok);
                    if (ok && port > 0 && port < 65536) {
                        host.port = quint16(port);
                        havePort = true;
                    }
                } else if (keyword == QLatin1String("user") && !haveUser) {
                    host.user = value;
                    haveUser = true;
                } else if (keyword == QLatin1String("proxyjump") && !haveJump) {
                    host.proxyJump
                        = value.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0 ? QString() : value;
                    haveJump = true;
                } else if (keyword == QLatin1String("proxycommand") && !haveJump) {
                    // As OpenSSH: ProxyJump and ProxyCommand, whichever comes first.
                    host.proxyCommand
                        = value.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0 ? QString() : value;
                    haveJump = true;
                } else if (keyword == QLatin1String("certificatefile")) {
                    const QString target = host.hostName.isEmpty() ? alias : host.hostName;
                    const QString path = expand(value, home, localUser, target, host.user);
                    if (!host.certificateFiles.contains(path))
                        host.certificateFiles << path;
                } else if (keyword == QLatin1String("userknownhostsfile")) {
                    if (!seen.contains(keyword)) {
                        const QString target = host.hostName.isEmpty() ? alias : host.hostName;
                        for (const QString &file : args) {
                            if (file.compare(QLatin1String("none"), Qt::CaseInsensitive) != 0)
                                host.userKnownHostsFiles << expand(file, home, localUser, target, host.user);
                        }
                    }
                    seen.insert(keyword);
                } else if (seen.contains(keyword)) {
                    continue;
                } else if (keyword == QLatin1String("identitiesonly")) {
                    host.identitiesOnly = isYes(value);
                    seen.insert(keyword);
                } else if (keyword == QLatin1String("stricthostkeychecking")) {
                    const QString v = value.toLower();
                    host.strictHostKeyChecking = v == QLatin1String("off") ? QStringLiteral("no") : v;
                    seen.insert(keyword);
                } else if (keyword == QLatin1String("hostkeyalias")) {
                    host.hostKeyAlias = value;
                    seen.insert(keyword);
                } else if (keyword == QLatin1String("identityagent")) {
                    host.identityAgent = value.startsWith(QLatin1Char('~'))
                        ? expand(value, home, localUser, host.hostName.isEmpty() ? alias : host.hostName,
                              host.user)
                        : value;
                    seen.insert(keyword);
                } else if (keyword == QLatin1String("ciphers")) {
                    host.ciphers = value;
                    seen.insert(keyword);
                } else if (keyword == QLatin1String("kexalgorithms")) {
                    host.kexAlgorithms = value;
                    seen.insert(keyword);
                } else if (keyword == QLatin1String("hostkeyalgorithms")) {
                    host.hostKeyAlgorithms = value;
                    seen.insert(keyword);
                } else if (keyword == QLatin1String("hashknownhosts")) {
                    host.hashKnownHosts = isYes(value);
                    seen.insert(keyword);
                } else if (keyword == QLatin1String("connecttimeout")) {
                    host.connectTimeoutSeconds = qMax(0, value.toInt());
                    seen.insert(keyword);
                } else if (keyword == QLatin1String("serveraliveinterval")) {
                    host.serverAliveIntervalSeconds = qMax(0, value.toInt());
                    seen.insert(keyword);
                } else if (keyword == QLatin1String("serveralivecountmax")) {
                    host.serverAliveCountMax = qMax(0, value.toInt());
                    seen.insert(keyword);
                } else if (keyword == QLatin1String("identityfile")) {
                    const QString target = host.hostName.isEmpty() ? alias : host.hostName;
                    const QString path = expand(value, home, localUser, target, host.user);
                    if (!host.identityFiles.contains(path))
                        host.identityFiles << path;
                }
            }
        }
        hosts << host;
    }
    // A hop naming another Host alias is reached as that alias says (HostName, User, Port). The
    // hops are resolved against the aliases as parsed, before any of them was rewritten here.
    const QList<SshConfigHost> parsed = hosts;
    for (SshConfigHost &host : hosts) {
        if (host.proxyJump.isEmpty())
            continue;
        QStringList hops;
        for (const QString &rawHop : host.proxyJump.split(QLatin1Char(','))) {
            QString hop = rawHop.trimmed();
            QString user;
            const qsizetype at = hop.lastIndexOf(QLatin1Char('@'));
            if (at >= 0) {
                user = hop.left(at);
                hop = hop.mid(at + 1);
            }
            QString portText;
            if (hop.count(QLatin1Char(':')) == 1) {
                portText = hop.section(QLatin1Char(':'), 1);
                hop = hop.section(QLatin1Char(':'), 0, 0);
            }
            const auto other = std::find_if(parsed.cbegin(), parsed.cend(),
                [&hop](const SshConfigHost &candidate) { return candidate.alias == hop; });
            if (other == parsed.cend() || other->alias == host.alias) {
                hops << rawHop.trimmed();
                continue;
            }
            // The hop signs in with the same key list (its own files last): one list per machine.
            for (const QString &file : other->identityFiles) {
                if (!host.identityFiles.contains(file))
                    host.identityFiles << file;
            }
            if (user.isEmpty())
                user = other->user;
            if (portText.isEmpty() && other->port && other->port != 22)
                portText = QString::number(other->port);
            QString resolved = other->hostName.isEmpty() ? other->alias : other->hostName;
            if (resolved.contains(QLatin1Char(':')) && !portText.isEmpty())
                resolved = QLatin1Char('[') + resolved + QLatin1Char(']');
            if (!user.isEmpty())
                resolved.prepend(user + QLatin1Char('@'));
            if (!portText.isEmpty())
                resolved += QLatin1Char(':') + portText;
            hops << resolved;
        }
        host.proxyJump = hops.join(QLatin1Char(','));
    }
    return hosts;
}

QList<SshConfigHost> SshConfigFile::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QCoreApplication::translate("SshConfigFile", "Cannot read %1: %2")
                         .arg(path, file.errorString());
        return {};
    }
    return parse(file.read(16 * 1024 * 1024));
}

} // namespace Proto
