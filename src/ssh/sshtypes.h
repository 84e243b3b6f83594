#pragma once

#include "fileinfo.h"
#include "machinejob.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

namespace Proto {

// Why a connection could not be made or was lost; each has its own clear message.
enum class SshError
{
    None,
    HostUnreachable, // no route, name does not resolve
    ConnectionRefused, // nothing listens on that port
    Timeout, // no answer within the connect timeout
    HandshakeFailed, // not an SSH server, no common algorithm
    HostKeyUnknown, // not in known_hosts and the policy or the user said no
    HostKeyChanged, // known_hosts holds another key of the same type: possible attack, refused
    HostKeyOther, // known_hosts holds a key of another type only, and it was not accepted
    AuthFailed, // every method was tried and refused
    KeyUnreadable, // the identity file is missing, unreadable or not a key
    WrongPassphrase, // the passphrase did not decrypt the key
    ConnectionLost, // the connection dropped and could not be re-established
    InvalidConfig, // the machine configuration is incomplete or asks for an unsupported feature
    Cancelled,
};

// Asks the user whether to trust a server's host key (unknown key, or a key of another type
// than the one known). Answer with SshConnection::answerHostKey(id, accept).
struct SshHostKeyPrompt
{
    enum class Reason
    {
        Unknown,
        NoKnownHostsFile,
        OtherTypeKnown
    };
    quint64 id = 0;
    Reason reason = Reason::Unknown;
    QString host;
    quint16 port = 22;
    QString keyType; // "ssh-ed25519", "ecdsa-sha2-nistp256", ...
    QString fingerprint; // "SHA256:..." as OpenSSH prints it
    QString knownHostsPath;
};

// Asks the user for a secret: the passphrase of a key, or the account's password. Answer with
// SshConnection::answerSecret(id, text) or cancelSecret(id). The answer is kept in memory for
// reconnecting only, never written anywhere.
struct SshSecretPrompt
{
    enum class Kind
    {
        KeyPassphrase,
        Password
    };
    quint64 id = 0;
    Kind kind = Kind::Password;
    QString user;
    QString host;
    QString keyPath; // for KeyPassphrase
    QString prompt; // a ready-made question for the user
    int attempt = 1; // 2, 3: the previous answer was wrong
};

// One result travelling from the connection thread to the object that asked (a job, a shell,
// a tunnel). Delivered on that object's thread, in order.
struct SshEvent
{
    enum class Type
    {
        Stdout, // data
        Stderr, // data
        Progress, // a = done, b = total
        Exit, // a = exit code, b = signal number (0 when it exited)
        Info, // info: a stat's or a write's resulting file; text: home directory
        Entries, // entries
        Data, // data: a whole file read
        Listening, // a = the local port of a tunnel
        TunnelConnections, // a = open connections, b = accepted so far
        Opened, // a shell channel is ready
        Finished, // error / message; the operation is over
    };
    Type type = Type::Finished;
    QByteArray data;
    qint64 a = 0;
    qint64 b = 0;
    MachineJob::Error error = MachineJob::Error::None;
    QString message;
    FileInfo info;
    QList<FileInfo> entries;
    bool timedOut = false;
};

// Implemented by the objects that receive SshEvents from a connection.
class SshEventReceiver
{
public:
    virtual ~SshEventReceiver() = default;
    virtual void sshEvent(const SshEvent &event) = 0;
};

} // namespace Proto

Q_DECLARE_METATYPE(Proto::SshHostKeyPrompt)
Q_DECLARE_METATYPE(Proto::SshSecretPrompt)
