#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Proto {

// Everything needed to reach one machine over SSH. Secrets are not part of it: passphrases and
// passwords are asked for through the connection's prompts (and the keychain, by the UI).
struct SshMachineConfig
{
    enum class HostKeyPolicy
    {
        Strict, // only keys already in known_hosts; unknown hosts are refused
        Prompt, // ask the user about unknown keys (the default, as OpenSSH's "ask")
        AcceptNew, // add unknown keys to known_hosts without asking (OpenSSH's "accept-new")
    };

    QString name; // shown to the user; defaults to user@host
    QString host;
    quint16 port = 22;
    QString user; // empty: the local user name
    QString identityFile; // empty: the default keys in sshDirectory (id_ed25519, id_ecdsa, id_rsa)
    QStringList moreIdentityFiles; // tried in order after identityFile (OpenSSH: every IdentityFile)
    bool identitiesOnly = false; // only the identity files: no agent, no default keys
    QString knownHostsPath; // empty: sshDirectory/known_hosts; new keys are written here
    QStringList moreKnownHostsPaths; // also consulted (UserKnownHostsFile with several files)
    QString hostKeyAlias; // looked up in known_hosts instead of the host name (HostKeyAlias)
    bool hashKnownHosts = false; // new entries written hashed, as OpenSSH's HashKnownHosts yes
    QString sshDirectory; // empty: ~/.ssh
    HostKeyPolicy hostKeyPolicy = HostKeyPolicy::Prompt;
    bool useAgent = true; // try ssh-agent first when SSH_AUTH_SOCK is set
    bool allowPassword = true;
    // Jump hosts, OpenSSH's ProxyJump form: "[USER@]HOST[:PORT][,...]", the first hop first. Each
    // hop uses this machine's keys, known_hosts and host key policy with its own user, host, port.
    QString proxyJump;
    // OpenSSH's ProxyCommand (with %h %p %r %n): the connection runs over the command's stdin and
    // stdout instead of a TCP socket. Not together with proxyJump.
    QString proxyCommand;
    // OpenSSH user certificates (CertificateFile), tried with the identity whose key they
    // certify; KEY-cert.pub beside an identity file is tried as well, as OpenSSH does.
    QStringList certificateFiles;
    // The ssh-agent socket to use (IdentityAgent): empty or "SSH_AUTH_SOCK" for the environment's,
    // "none" for no agent, else a path (~ and $VAR / ${VAR} expanded).
    QString identityAgent;
    // Algorithm lists as OpenSSH writes them (a list, or +append, -remove, ^prefer); empty for
    // the defaults (ciphers: AES-GCM first).
    QString ciphers;
    QString kexAlgorithms;
    QString hostKeyAlgorithms;
    int connectTimeoutMs = 15000;
    int keepaliveIntervalMs = 15000; // 0: none
    int keepaliveCountMax = 3; // keepalives missed before the link counts as dropped
    int reconnectAttempts = 6; // after a drop; 0: fail at once

    // An empty string when the configuration can be used, else what is wrong with it.
    QString validate() const;
    QString displayName() const;
    QString effectiveUser() const;
    QString effectiveSshDirectory() const;
    QString effectiveKnownHostsPath() const;
    QStringList identityFiles() const; // identityFile then moreIdentityFiles
    QStringList knownHostsPaths() const; // effectiveKnownHostsPath() then moreKnownHostsPaths
    // The agent socket to use, or empty for none (identityAgent resolved, SSH_AUTH_SOCK).
    QByteArray effectiveAgentSocket() const;
    // The hops of proxyJump as configurations of their own (empty for "none" or no jump);
    // *error says what is wrong with the text when it does not parse.
    QList<SshMachineConfig> jumpHops(QString *error = nullptr) const;
};

} // namespace Proto
