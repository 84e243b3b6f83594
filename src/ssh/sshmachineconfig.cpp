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
    if (!proxyJump.trimmed().isEmpty() && proxyJump.trimmed() != QLatin1String("none"))
        return QCoreApplication::translate("SshMachineConfig",
            "Jump hosts (ProxyJump %1) are not supported yet: connect to a host that is directly reachable.")
            .arg(proxyJump);
    return {};
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
