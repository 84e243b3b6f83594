#pragma once

#include "machine.h"
#include "sshmachineconfig.h"
#include "sshtypes.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

namespace Proto {

class SshOperation;
class SshContext;
class SshWorker;

// One SSH connection to one machine. The libssh session lives on a thread of its own, owned by
// a worker that polls the socket (150 ms at most, checking a stop flag) and drains a queue of
// small commands; results come back as queued events to the objects that asked. Nothing here
// blocks the calling thread. Several operations (exec, shell, SFTP, tunnels) share the one
// authenticated connection at once.
//
// Connecting: through the jump hosts first when config.proxyJump names some (each hop logged in
// the same way, the next connection inside its direct-tcpip channel, see SshJumpRelay); host
// key checked against every known_hosts file with OpenSSH's rules (unknown: prompt, refuse or
// accept-new by policy; changed: refused, known_hosts untouched; new entries hashed under
// HashKnownHosts), then ssh-agent, every identity file in order (passphrase asked through
// secretPrompt), then password (asked the same way).
// A dropped connection fails the operations in flight with ConnectionLost, and is
// re-established with backoff (state Reconnecting); Failed when that gives up.
class SshConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshConnection)

public:
    explicit SshConnection(const SshMachineConfig &config, QObject *parent = nullptr);
    ~SshConnection() override; // stops the thread (cleanly, without terminate)

    const SshMachineConfig &config() const { return m_config; }
    Machine::State state() const { return m_state; }
    SshError error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    QString homePath() const { return m_homePath; }

    // Starts connecting (also done by the first operation); harmless when already connected.
    void connectToHost();
    // Closes the connection; operations in flight finish with Cancelled.
    void disconnectFromHost();

    // Prompt answers, from any thread. A prompt nobody listens to is refused at once.
    void answerHostKey(quint64 promptId, bool accept);
    void answerSecret(quint64 promptId, const QString &secret);
    void cancelSecret(quint64 promptId);

    // Runs an operation on the connection thread; its events go to `receiver` (which must also
    // be an SshEventReceiver) on the receiver's thread. Connects first if needed.
    quint64 start(std::unique_ptr<SshOperation> operation, QObject *receiver);
    // Stops an operation; it then reports Finished (Cancelled) once it has cleaned up.
    void cancel(quint64 operationId);
    // Runs `call` on the connection thread with the operation, if it still exists.
    void invoke(quint64 operationId, std::function<void(SshOperation &, SshContext &)> call);

Q_SIGNALS:
    void stateChanged(Proto::Machine::State state);
    void hostKeyPrompt(const Proto::SshHostKeyPrompt &prompt);
    void secretPrompt(const Proto::SshSecretPrompt &prompt);

private:
    friend class SshWorker;
    // Called (queued) by the worker.
    void deliver(quint64 operationId, const SshEvent &event);
    void setState(Machine::State state, SshError error, const QString &message);
    void raiseHostKeyPrompt(const SshHostKeyPrompt &prompt);
    void raiseSecretPrompt(const SshSecretPrompt &prompt);
    void setHomePath(const QString &path) { m_homePath = path; }

    struct Receiver
    {
        QPointer<QObject> object;
        SshEventReceiver *receiver = nullptr;
    };

    SshMachineConfig m_config;
    std::unique_ptr<SshWorker> m_worker;
    QHash<quint64, Receiver> m_receivers;
    Machine::State m_state = Machine::State::Disconnected;
    SshError m_error = SshError::None;
    QString m_errorString;
    QString m_homePath;
};

} // namespace Proto
