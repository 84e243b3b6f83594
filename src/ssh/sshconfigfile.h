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
    bool identitiesOnly = false;
    // Hops naming another Host alias are resolved to its [user@]hostname[:port], and its
    // IdentityFiles are appended to identityFiles (every hop signs in with the machine's keys).
    QString proxyJump;
    QString proxyCommand; // as written (%h %p %r %n expanded when connecting)
    QStringList certificateFiles;
    QString identityAgent;
    QString ciphers;
    QString kexAlgorithms;
    QString hostKeyAlgorithms;
    QString strictHostKeyChecking; // lower-case: yes, ask, accept-new, no (empty: not set)
    QStringList userKnownHostsFiles;
    QString hostKeyAlias;
    bool hashKnownHosts = false;
    int connectTimeoutSeconds = 0; // 0: not set
    int serverAliveIntervalSeconds = -1; // -1: not set, 0: off
    int serverAliveCountMax = 0; // 0: not set

    SshMachineConfig toMachineConfig() const;
};

// A small parser for importing machines from ~/.ssh/config (libssh offers no way to enumerate
// Host entries). It never fails: lines it does not understand are skipped. Match blocks are
// skipped (they depend on runtime state). Include is followed as OpenSSH does: globs, paths
// relative to ~/.ssh, at the place of the Include line, at most kMaxIncludeDepth deep.
class SshConfigFile final
{
public:
    static constexpr int kMaxHosts = 4096;
    static constexpr qsizetype kMaxLineLength = 16 * 1024;
    static constexpr int kMaxIncludeDepth = 16;
    static constexpr int kMaxIncludedFiles = 256;

    // homePath and localUser expand ~, %d, %u in IdentityFile.
    static QList<SshConfigHost> parse(
        const QByteArray &text, const QString &homePath = {}, const QString &localUser = {});
    static QList<SshConfigHost> load(const QString &path, QString *error);
    static bool patternMatches(const QString &pattern, const QString &host);
    // Splits a config line's arguments, honouring double quotes.
    static QStringList splitArguments(const QString &text);
};

} // namespace Proto
