#pragma once

#include <QString>

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
    QString knownHostsPath; // empty: sshDirectory/known_hosts
    QString sshDirectory; // empty: ~/.ssh
    HostKeyPolicy hostKeyPolicy = HostKeyPolicy::Prompt;
    bool useAgent = true; // try ssh-agent first when SSH_AUTH_SOCK is set
    bool allowPassword = true;
    QString proxyJump; // not supported yet: validate() says so
    int connectTimeoutMs = 15000;
    int keepaliveIntervalMs = 15000; // 0: none
    int reconnectAttempts = 6; // after a drop; 0: fail at once

    // An empty string when the configuration can be used, else what is wrong with it.
    QString validate() const;
    QString displayName() const;
    QString effectiveUser() const;
    QString effectiveSshDirectory() const;
    QString effectiveKnownHostsPath() const;
};

} // namespace Proto
