#pragma once

#include "machine.h"
#include "sshhandles.h"
#include "sshjumprelay.h"
#include "sshlogin.h"
#include "sshmachineconfig.h"
#include "sshoperation.h"
#include "sshproxycommand.h"

#include <QMutex>
#include <QWaitCondition>

#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace Proto {

class SshConnection;

// The connection thread of one SshConnection: owns the libssh session and everything made from
// it, runs the operations, and talks to the SshConnection only through queued calls.
class SshWorker final
    : public SshContext
    , private SshLogin::Prompter
{
public:
    using Command = std::function<void(SshWorker &)>;

    SshWorker(SshConnection *facade, const SshMachineConfig &config);
    ~SshWorker() override; // stops and joins the thread

    void startThread();
    void stopThread();
    // From any thread: queue a command for the connection thread.
    void post(Command command);
    void answer(quint64 promptId, std::optional<QByteArray> answer);

    // On the connection thread (inside commands).
    void addOperation(std::unique_ptr<SshOperation> operation);
    SshOperation *find(quint64 id);
    void requestConnect();
    void requestDisconnect();

    // SshContext
    ssh_session session() override { return m_session.get(); }
    sftp_session sftp(QString *error) override;
    sftp_session sftpLane(int lane, QString *error) override;
    void post(quint64 operationId, SshEvent event) override;
    bool sessionAlive() override;
    QString lastError() override;
    void runDetached(const QByteArray &command) override;

private:
    enum class Phase
    {
        Idle,
        Connecting,
        Connected,
        Backoff,
        Failed,
        Stopping
    };

    void run();
    void drainCommands();
    void connectOnce();
    bool stepOperations();
    void waitForActivity(int timeoutMs);
    void connectionLost(const QString &why);
    void closeSession();
    void abortAll(MachineJob::Error error, const QString &message);
    void killRemoteCommands();
    void publishState(Machine::State state, SshError error, const QString &message);
    void fetchHomeIfIdle();
    bool keepalive(); // false when the server stopped answering
    bool receivedSinceLastTick();

    bool askHostKey(SshHostKeyPrompt prompt) override;
    std::optional<QByteArray> askSecret(SshSecretPrompt prompt) override;
    bool stopping() override { return m_stop; }
    std::optional<QByteArray> waitForAnswer(quint64 id);

    SshConnection *m_facade;
    const SshMachineConfig m_config;
    std::thread m_thread;
    std::atomic<bool> m_stop { false };
    int m_wakeRead = -1;
    int m_wakeWrite = -1;

    QMutex m_mutex; // guards m_commands and m_answers
    QWaitCondition m_answered;
    std::deque<Command> m_commands;
    std::map<quint64, std::optional<QByteArray>> m_answers;
    std::atomic<quint64> m_nextPromptId { 1 };

    // Connection thread only.
    Phase m_phase = Phase::Idle;
    std::vector<std::unique_ptr<SshJumpRelay>> m_relays; // the jump hops under m_session
    std::unique_ptr<SshProxyCommand> m_proxyCommand; // the ProxyCommand under m_session
    SshHandles::Session m_session;
    SshHandles::Event m_event;
    SshHandles::Sftp m_sftp;
    std::vector<SshHandles::Sftp> m_sftpLanes; // lanes 1.. (sftpLane)
    bool m_sftpLanesRefused = false;
    SshOperation::Clock::time_point m_sftpLanesUsedAt;
    static constexpr auto kSftpLaneIdle = std::chrono::seconds(10);
    SshSecretCache m_secrets;
    std::vector<std::unique_ptr<SshOperation>> m_operations;
    bool m_everConnected = false;
    bool m_homeFetched = false;
    int m_attempt = 0;
    SshOperation::Clock::time_point m_retryAt;
    SshOperation::Clock::time_point m_nextKeepalive;
    int m_missedKeepalives = 0;
    bool m_sawIncoming = false;
    SshError m_lastError = SshError::None;
    QString m_lastErrorString;
};

} // namespace Proto
