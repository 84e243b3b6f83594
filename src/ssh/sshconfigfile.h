#pragma once

#include "sshmachineconfig.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Proto {

// One concrete Host alias of an OpenSSH client config (~/.ssh/config), with the settings that
// apply to it resolved as ssh does: blocks in order, patterns with * ? and !negation, the first
// value of each keyword wins (IdentityFile accumulates).
struct SshConfigHost
{
    QString alias;
    QString hostName; // empty: the alias itself
    quint16 port = 0; // 0: not set (22)
    QString user;
    QStringList identityFiles;
    QString proxyJump;

    SshMachineConfig toMachineConfig() const;
};

// A small, pure parser for importing machines from ~/.ssh/config. It never fails: lines it does
// not understand are skipped. Match blocks are skipped (they depend on runtime state) and
// Include is not followed.
class SshConfigFile final
{
public:
    static constexpr int kMaxHosts = 4096;
    static constexpr qsizetype kMaxLineLength = 16 * 1024;

    // homePath and localUser expand ~, %d, %u in IdentityFile.
    static QList<SshConfigHost> parse(
        const QByteArray &text, const QString &homePath = {}, const QString &localUser = {});
    static QList<SshConfigHost> load(const QString &path, QString *error);
    static bool patternMatches(const QString &pattern, const QString &host);
    // Splits a config line's arguments, honouring double quotes.
    static QStringList splitArguments(const QString &text);
};

} // namespace Proto
