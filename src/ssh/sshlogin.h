#pragma once

#include "sshhandles.h"
#include "sshmachineconfig.h"
#include "sshtypes.h"

#include <QByteArray>
#include <QHash>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace Proto {

class SshJumpRelay;
class SshProxyCommand;

// Secrets the user typed during this connection's life, kept in memory only so that a
// reconnect does not ask again. Never written anywhere.
struct SshSecretCache
{
    QHash<QString, QByteArray> passphrases; // by key path
    QByteArray password;
    void clear();
};

// Opens one authenticated libssh session: TCP connect with a timeout (errors told apart:
// unreachable, refused, timeout), SSH handshake, host key check against known_hosts by the
// configured policy, then authentication (agent, identity files, password, keyboard-interactive).
// Runs on the connection thread; prompts go through the Prompter, which waits for the user.
class SshLogin final
{
public:
    class Prompter
    {
    public:
        virtual ~Prompter() = default;
        virtual bool askHostKey(SshHostKeyPrompt prompt) = 0; // true: trust it
        virtual std::optional<QByteArray> askSecret(SshSecretPrompt prompt) = 0; // nullopt: cancelled
        virtual bool stopping() = 0; // the connection is being shut down: give up at once
    };

    SshLogin(const SshMachineConfig &config, Prompter &prompter, SshSecretCache &secrets);
    ~SshLogin();

    SshHandles::Session run();
    SshError error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    // Whether trying again later may help (network trouble), as opposed to a refusal.
    bool isTransient() const;
    // The jump hops the session runs through (config.proxyJump); they must outlive the session.
    std::vector<std::unique_ptr<SshJumpRelay>> takeRelays();
    // The ProxyCommand the session runs over (config.proxyCommand); it must outlive the session.
    std::unique_ptr<SshProxyCommand> takeProxyCommand();

    // errno of a failed connect() to the error the user sees.
    static SshError classifyConnectErrno(int error);
    // True when a private key file (OpenSSH or PEM format) is protected by a passphrase.
    static bool privateKeyIsEncrypted(const QByteArray &fileContents);
    static QString describeMethods(int methods);
    // A known_hosts line for `host` ("[host]:port" when port is not 22), hashed as OpenSSH's
    // HashKnownHosts does (|1|base64 salt|base64 HMAC-SHA1(salt, host)) when `hashed`.
    static QByteArray knownHostsLine(const QString &host, quint16 port, const QByteArray &keyType,
        const QByteArray &keyBase64, bool hashed);

private:
    int openSocket();
    int openThroughJumps(const QList<SshMachineConfig> &hops);
    int openThroughProxyCommand();
    bool addKnownHost(ssh_session session, ssh_key key, const QString &path, const QString &where);
    bool verifyHostKey(ssh_session session);
    bool authenticate(ssh_session session);
    // Returns SSH_AUTH_SUCCESS / SSH_AUTH_PARTIAL / SSH_AUTH_DENIED / SSH_AUTH_ERROR.
    int tryIdentityFile(ssh_session session, const QString &path, bool explicitFile);
    int tryPassword(ssh_session session);
    int tryKeyboardInteractive(ssh_session session);
    void fail(SshError error, const QString &message);

    const SshMachineConfig &m_config;
    Prompter &m_prompter;
    SshSecretCache &m_secrets;
    SshError m_error = SshError::None;
    QString m_errorString;
    QStringList m_tried;
    SshError m_keyError = SshError::None;
    QString m_keyErrorString;
    bool m_passwordRefused = false;
    int m_viaFd = -1; // a socket to the host made by a jump (instead of connecting directly)
    std::vector<std::unique_ptr<SshJumpRelay>> m_relays;
    std::unique_ptr<SshProxyCommand> m_proxy;
};

} // namespace Proto
