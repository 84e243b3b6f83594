#include "sshmachineconfig.h"

#include <QCoreApplication>
#include <QDir>

#include <pwd.h>
#include <unistd.h>

namespace Proto {

QString SshMachineConfig::validate() const
{
    if (host.trimmed().isEmpty())
        return QCoreApplication::translate("SshMachineConfig", "No host name is set.");
    if (host.contains(QLatin1Char(' ')) || host.contains(QChar(0)) || host.startsWith(QLatin1Char('-')))
        return QCoreApplication::translate("SshMachineConfig", "The host name \"%1\" is not valid.")
            .arg(host);
    if (port == 0)
        return QCoreApplication::translate("SshMachineConfig", "The port must be between 1 and 65535.");
    if (user.contains(QChar(0)) || user.contains(QLatin1Char('\n')))
        return QCoreApplication::translate("SshMachineConfig", "The user name is not valid.");
    if (!proxyCommand.trimmed().isEmpty() && !jumpHops().isEmpty())
        return QCoreApplication::translate(
            "SshMachineConfig", "A machine uses either a jump host or a ProxyCommand, not both.");
    if (proxyCommand.contains(QChar(0)) || proxyCommand.contains(QLatin1Char('\n')))
        return QCoreApplication::translate("SshMachineConfig", "The ProxyCommand is not valid.");
    for (const QString &list : { ciphers, kexAlgorithms, hostKeyAlgorithms }) {
        for (const QChar c : list) {
            if (!(c.isLetterOrNumber() || QStringLiteral(",-_.@+^").contains(c)))
                return QCoreApplication::translate(
                    "SshMachineConfig", "The algorithm list \"%1\" is not valid.")
                    .arg(list);
        }
    }
    QString jumpError;
    jumpHops(&jumpError);
    return jumpError;
}

QString SshMachineConfig::displayName() const
{
    if (!name.isEmpty())
        return name;
    QString text = effectiveUser() + QLatin1Char('@') + host;
    if (port != 22)
        text += QLatin1Char(':') + QString::number(port);
    return text;
}

QString SshMachineConfig::effectiveUser() const
{
    if (!user.isEmpty())
        return user;
    if (const passwd *pw = ::getpwuid(::geteuid()))
        return QString::fromLocal8Bit(pw->pw_name);
    return qEnvironmentVariable("USER");
}

QString SshMachineConfig::effectiveSshDirectory() const
{
    return sshDirectory.isEmpty() ? QDir::homePath() + QStringLiteral("/.ssh") : sshDirectory;
}

QString SshMachineConfig::effectiveKnownHostsPath() const
{
    return knownHostsPath.isEmpty() ? effectiveSshDirectory() + QStringLiteral("/known_hosts")
                                    : knownHostsPath;
}

} // namespace Proto

namespace Proto {

QByteArray SshMachineConfig::effectiveAgentSocket() const
{
    const QString agent = identityAgent.trimmed();
    if (agent.isEmpty() || agent == QLatin1String("SSH_AUTH_SOCK"))
        return qgetenv("SSH_AUTH_SOCK");
    if (agent.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return {};
    QString path;
    for (qsizetype i = 0; i < agent.size(); ++i) {
        const QChar c = agent.at(i);
        if (c == QLatin1Char('~') && i == 0 && (agent.size() == 1 || agent.at(1) == QLatin1Char('/'))) {
            path += QDir::homePath();
        } else if (c == QLatin1Char('$') && i + 1 < agent.size()) {
            qsizetype end = i + 1;
            const bool braced = agent.at(end) == QLatin1Char('{');
            if (braced)
                ++end;
            const qsizetype nameStart = end;
            while (
                end < agent.size() && (agent.at(end).isLetterOrNumber() || agent.at(end) == QLatin1Char('_')))
                ++end;
            const QString name = agent.mid(nameStart, end - nameStart);
            if (braced && (end >= agent.size() || agent.at(end) != QLatin1Char('}')))
                return {}; // unclosed ${: no agent rather than a guess
            path += qEnvironmentVariable(name.toLatin1().constData());
            i = braced ? end : end - 1;
        } else {
            path += c;
        }
    }
    return path.toLocal8Bit();
}

QStringList SshMachineConfig::identityFiles() const
{
    QStringList files;
    if (!identityFile.isEmpty())
        files << identityFile;
    for (const QString &file : moreIdentityFiles) {
        if (!file.isEmpty() && !files.contains(file))
            files << file;
    }
    return files;
}

QStringList SshMachineConfig::knownHostsPaths() const
{
    QStringList files { effectiveKnownHostsPath() };
    for (const QString &file : moreKnownHostsPaths) {
        if (!file.isEmpty() && !files.contains(file))
            files << file;
    }
    return files;
}

QList<SshMachineConfig> SshMachineConfig::jumpHops(QString *error) const
{
    const QString text = proxyJump.trimmed();
    if (text.isEmpty() || text.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return {};
    static constexpr int kMaxHops = 8;
    QList<SshMachineConfig> hops;
    const QStringList parts = text.split(QLatin1Char(','));
    auto bad = [&](const QString &why) {
        if (error)
            *error = why;
        return QList<SshMachineConfig> {};
    };
    if (parts.size() > kMaxHops)
        return bad(QCoreApplication::translate("SshMachineConfig", "At most %1 jump hosts are supported.")
                .arg(kMaxHops));
    for (const QString &rawPart : parts) {
        QString part = rawPart.trimmed();
        if (part.startsWith(QLatin1String("ssh://")))
            part = part.mid(6);
        SshMachineConfig hop = *this;
        hop.name.clear();
        hop.proxyJump.clear();
        hop.proxyCommand.clear();
        hop.hostKeyAlias.clear();
        hop.user.clear();
        hop.port = 22;
        const qsizetype at = part.lastIndexOf(QLatin1Char('@'));
        if (at >= 0) {
            hop.user = part.left(at);
            part = part.mid(at + 1);
        }
        QString portText;
        if (part.startsWith(QLatin1Char('['))) {
            const qsizetype close = part.indexOf(QLatin1Char(']'));
            hop.host = close > 0 ? part.mid(1, close - 1) : QString();
            if (close > 0 && part.mid(close + 1).startsWith(QLatin1Char(':')))
                portText = part.mid(close + 2);
        } else if (part.count(QLatin1Char(':')) == 1) {
            hop.host = part.section(QLatin1Char(':'), 0, 0);
            portText = part.section(QLatin1Char(':'), 1);
        } else {
            hop.host = part;
        }
        if (!portText.isNull()) {
            bool ok = false;
            const uint port = portText.toUInt(&ok);
            hop.port = ok && port > 0 && port < 65536 ? quint16(port) : quint16(0);
        }
        const bool badHost = hop.host.isEmpty() || hop.host.startsWith(QLatin1Char('-'))
            || hop.host.contains(QLatin1Char(' ')) || hop.host.contains(QChar(0));
        if (badHost || hop.port == 0 || hop.user.contains(QChar(0)) || hop.user.contains(QLatin1Char(' ')))
            return bad(QCoreApplication::translate(
                "SshMachineConfig", "The jump host \"%1\" is not [USER@]HOST[:PORT].")
                    .arg(rawPart.trimmed()));
        hops << hop;
    }
    return hops;
}

} // namespace Proto
