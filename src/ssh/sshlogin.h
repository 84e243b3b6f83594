#pragma once

#include "sshhandles.h"
#include "sshmachineconfig.h"
#include "sshtypes.h"

#include <QByteArray>
#include <QHash>
#include <QStringList>

#include <optional>

namespace Proto {

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

    SshHandles::Session run();
    SshError error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    // Whether trying again later may help (network trouble), as opposed to a refusal.
    bool isTransient() const;

    // errno of a failed connect() to the error the user sees.
    static SshError classifyConnectErrno(int error);
    // True when a private key file (OpenSSH or PEM format) is protected by a passphrase.
    static bool privateKeyIsEncrypted(const QByteArray &fileContents);
    static QString describeMethods(int methods);

private:
    int openSocket();
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
};

} // namespace Proto
