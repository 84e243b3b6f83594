#include "sshworker.h"

#include "sshconnection.h"
#include "sshexecoperation.h"
#include "sshposix.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QMutexLocker>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <libssh/server.h>
#include <sys/socket.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/tcp.h>
#endif

Q_DECLARE_LOGGING_CATEGORY(lcSsh)

namespace Proto {

namespace {

constexpr int kPollIntervalMs = 150; // the longest the loop sleeps before checking its stop flag
constexpr int kMaxSessionChannels = 8; // OpenSSH's MaxSessions defaults to 10
constexpr int kShutdownKillMs = 2000; // the longest shutting down waits for remote kills to finish

QString tr(const char *text)
{
    return QCoreApplication::translate("SshConnection", text);
}

} // namespace

SshWorker::SshWorker(SshConnection *facade, const SshMachineConfig &config)
    : m_facade(facade)
    , m_config(config)
{
    int fds[2];
    if (SshPosix::makePipe(fds)) {
        m_wakeRead = fds[0];
        m_wakeWrite = fds[1];
    }
}

SshWorker::~SshWorker()
{
    stopThread();
    if (m_wakeRead >= 0)
        ::close(m_wakeRead);
    if (m_wakeWrite >= 0)
        ::close(m_wakeWrite);
}

void SshWorker::startThread()
{
    if (m_thread.joinable())
        return;
    m_thread = std::thread([this] { run(); });
}

void SshWorker::stopThread()
{
    if (!m_thread.joinable())
        return;
    m_stop = true;
    {
        QMutexLocker locker(&m_mutex);
        m_answered.wakeAll();
    }
    const char byte = 'q';
    [[maybe_unused]] const auto written = ::write(m_wakeWrite, &byte, 1);
    m_thread.join();
}

void SshWorker::post(Command command)
{
    {
        QMutexLocker locker(&m_mutex);
        m_commands.push_back(std::move(command));
    }
    const char byte = 'c';
    [[maybe_unused]] const auto written = ::write(m_wakeWrite, &byte, 1);
}

void SshWorker::answer(quint64 promptId, std::optional<QByteArray> answer)
{
    QMutexLocker locker(&m_mutex);
    m_answers[promptId] = std::move(answer);
    m_answered.wakeAll();
}

void SshWorker::drainCommands()
{
    std::deque<Command> commands;
    {
        QMutexLocker locker(&m_mutex);
        commands.swap(m_commands);
    }
    for (Command &command : commands)
        command(*this);
}

void SshWorker::addOperation(std::unique_ptr<SshOperation> operation)
{
    m_operations.push_back(std::move(operation));
    if (m_phase == Phase::Idle || m_phase == Phase::Failed)
        requestConnect();
}

SshOperation *SshWorker::find(quint64 id)
{
    for (const auto &op : m_operations)
        if (op->id() == id && !op->isDone())
            return op.get();
    return nullptr;
}

void SshWorker::requestConnect()
{
    if (m_phase == Phase::Idle || m_phase == Phase::Failed) {
        m_phase = Phase::Connecting;
        m_attempt = 0;
    }
}

void SshWorker::requestDisconnect()
{
    abortAll(MachineJob::Error::Cancelled, tr("The connection was closed."));
    closeSession();
    m_phase = Phase::Idle;
    m_everConnected = false;
    publishState(Machine::State::Disconnected, SshError::None, {});
}

void SshWorker::run()
{
    while (!m_stop) {
        drainCommands();
        if (m_stop)
            break;
        switch (m_phase) {
        case Phase::Connecting:
            connectOnce();
            break;
        case Phase::Connected: {
            const bool progress = stepOperations();
            if (!sessionAlive()) {
                connectionLost(lastError());
                break;
            }
            const auto now = SshOperation::Clock::now();
            if (m_config.keepaliveIntervalMs > 0 && now >= m_nextKeepalive) {
                m_nextKeepalive = now + std::chrono::milliseconds(m_config.keepaliveIntervalMs);
                if (!keepalive()) {
                    connectionLost(tr("the server stopped answering (no reply to %1 keepalives)")
                            .arg(qMax(1, m_config.keepaliveCountMax)));
                    break;
                }
                if (!sessionAlive()) {
                    connectionLost(lastError());
                    break;
                }
            }
            fetchHomeIfIdle();
            // Extra SFTP lanes hold session channels (sshd's MaxSessions counts them): give them
            // back once no transfer has asked for them for a while.
            if (!m_sftpLanes.empty() && now - m_sftpLanesUsedAt > kSftpLaneIdle) {
                m_sftpLanes.clear();
                m_sftpLanesRefused = false;
            }
            if (!progress) {
                auto wake = std::min(now + std::chrono::milliseconds(kPollIntervalMs), m_nextKeepalive);
                for (const auto &op : m_operations)
                    wake = std::min(wake, op->deadline());
                const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count();
                waitForActivity(int(std::clamp<qint64>(ms, 0, kPollIntervalMs)));
            }
            break;
        }
        case Phase::Backoff: {
            const auto now = SshOperation::Clock::now();
            if (now >= m_retryAt) {
                m_phase = Phase::Connecting;
                break;
            }
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(m_retryAt - now).count();
            waitForActivity(int(std::clamp<qint64>(ms, 1, kPollIntervalMs)));
            break;
        }
        case Phase::Idle:
        case Phase::Failed:
        case Phase::Stopping:
            waitForActivity(kPollIntervalMs);
            break;
        }
    }
    killRemoteCommands();
    m_phase = Phase::Stopping;
    abortAll(MachineJob::Error::Cancelled, tr("The connection was closed."));
    closeSession();
    m_secrets.clear();
}

void SshWorker::killRemoteCommands()
{
    // The connection object is going away (the app or proto-cli quits, the kill switch ended
    // a run): what its commands started must not outlive it on the server. Cancels still in
    // the queue count; then each running exec kills its process group over this connection,
    // for a bounded moment, before the session closes.
    drainCommands();
    if (m_phase != Phase::Connected || !sessionAlive())
        return;
    bool waiting = false;
    // By index: killOnShutdown may add an operation (a detached kill), which moves the vector.
    for (size_t i = 0; i < m_operations.size(); ++i) // NOLINT(modernize-loop-convert)
        if (!m_operations[i]->isDone() && m_operations[i]->killOnShutdown(*this))
            waiting = true;
    const auto giveUp = SshOperation::Clock::now() + std::chrono::milliseconds(kShutdownKillMs);
    auto pending = [this] {
        return std::any_of(m_operations.cbegin(), m_operations.cend(),
            [](const std::unique_ptr<SshOperation> &op) { return op->delaysShutdown(); });
    };
    while ((waiting || pending()) && sessionAlive() && SshOperation::Clock::now() < giveUp) {
        waiting = false;
        if (!stepOperations())
            waitForActivity(20);
    }
}

void SshWorker::connectOnce()
{
    publishState(
        m_everConnected ? Machine::State::Reconnecting : Machine::State::Connecting, SshError::None, {});
    SshLogin login(m_config, *this, m_secrets);
    SshHandles::Session session = login.run();
    if (m_stop)
        return;
    if (session) {
        m_relays = login.takeRelays();
        m_proxyCommand = login.takeProxyCommand();
        m_session = std::move(session);
        m_missedKeepalives = 0;
        m_sawIncoming = false;
        m_event.reset(ssh_event_new());
        ssh_event_add_session(m_event.get(), m_session.get());
        m_phase = Phase::Connected;
        m_attempt = 0;
        m_everConnected = true;
        m_nextKeepalive
            = SshOperation::Clock::now() + std::chrono::milliseconds(m_config.keepaliveIntervalMs);
        qCDebug(lcSsh) << "connected to" << m_config.displayName();
        publishState(Machine::State::Connected, SshError::None, {});
        return;
    }
    m_lastError = login.error();
    m_lastErrorString = login.errorString();
    qCDebug(lcSsh) << "connecting to" << m_config.displayName() << "failed:" << m_lastErrorString;
    if (login.isTransient() && m_everConnected && m_attempt < m_config.reconnectAttempts) {
        static constexpr int delays[] = { 250, 500, 1000, 2000, 4000, 8000, 15000 };
        const int delay = delays[std::min<int>(m_attempt, int(std::size(delays)) - 1)];
        ++m_attempt;
        m_retryAt = SshOperation::Clock::now() + std::chrono::milliseconds(delay);
        m_phase = Phase::Backoff;
        publishState(Machine::State::Reconnecting, m_lastError,
            tr("Reconnecting (attempt %1 of %2): %3")
                .arg(m_attempt)
                .arg(m_config.reconnectAttempts)
                .arg(m_lastErrorString));
        return;
    }
    m_phase = Phase::Failed;
    publishState(Machine::State::Failed, m_lastError, m_lastErrorString);
    abortAll(
        m_everConnected ? MachineJob::Error::ConnectionLost : MachineJob::Error::Failed, m_lastErrorString);
}

bool SshWorker::stepOperations()
{
    bool progress = false;
    int usedSlots = 0;
    for (const auto &op : m_operations)
        if (op->isStarted() && !op->isDone() && op->needsSessionSlot())
            ++usedSlots;
    // step() may add operations (runDetached): iterate by index over a stable prefix.
    const size_t count = m_operations.size();
    for (size_t i = 0; i < count && sessionAlive(); ++i) {
        SshOperation *op = m_operations[i].get();
        if (op->isDone())
            continue;
        if (!op->isStarted()) {
            if (op->needsSessionSlot()) {
                if (usedSlots >= kMaxSessionChannels)
                    continue;
                ++usedSlots;
            }
            op->setStarted();
        }
        if (op->step(*this))
            progress = true;
    }
    std::erase_if(m_operations, [](const std::unique_ptr<SshOperation> &op) { return op->isDone(); });
    return progress;
}

void SshWorker::waitForActivity(int timeoutMs)
{
    std::vector<pollfd> fds;
    fds.push_back({ m_wakeRead, POLLIN, 0 });
    const int sshFd = m_session && m_phase == Phase::Connected ? ssh_get_fd(m_session.get()) : -1;
    if (sshFd >= 0)
        fds.push_back({ sshFd, POLLIN, 0 });
    if (m_phase == Phase::Connected)
        for (const auto &op : m_operations)
            if (op->isStarted() && !op->isDone())
                op->collectPollFds(fds);
    const int rc = ::poll(fds.data(), nfds_t(fds.size()), timeoutMs);
    if (rc <= 0)
        return;
    if (fds[0].revents & POLLIN) {
        char buffer[256];
        while (::read(m_wakeRead, buffer, sizeof buffer) > 0) { }
    }
    if (sshFd >= 0 && fds[1].revents) {
        m_sawIncoming = true;
        ssh_event_dopoll(m_event.get(), 0);
    }
}

bool SshWorker::receivedSinceLastTick()
{
    bool received = m_sawIncoming;
    m_sawIncoming = false;
#ifdef __linux__
    // The kernel knows best when the server last sent anything, whoever read it.
    tcp_info info {};
    socklen_t length = sizeof info;
    if (getsockopt(ssh_get_fd(m_session.get()), IPPROTO_TCP, TCP_INFO, &info, &length) == 0)
        received = received || info.tcpi_last_data_recv <= quint32(m_config.keepaliveIntervalMs);
#endif
    return received;
}

bool SshWorker::keepalive()
{
    // Liveness as OpenSSH's ServerAliveInterval / ServerAliveCountMax: every tick without a
    // byte from the server counts as missed. keepalive@openssh.com (want-reply) makes an idle
    // but healthy server answer; it is sent without waiting for that answer. libssh keeps one
    // such request pending at a time: the first call collects an answer that arrived, the
    // second sends the next request.
    if (receivedSinceLastTick())
        m_missedKeepalives = 0;
    else
        ++m_missedKeepalives;
    {
        SshNonBlockingScope nonBlocking(m_session.get());
        ssh_send_keepalive(m_session.get());
        ssh_send_keepalive(m_session.get());
    }
    return m_missedKeepalives < qMax(1, m_config.keepaliveCountMax);
}

void SshWorker::connectionLost(const QString &why)
{
    const QString message = tr("Connection to %1 lost: %2").arg(m_config.displayName(), why);
    qCInfo(lcSsh) << message;
    if (m_config.reconnectAttempts > 0) {
        // Commands under a remote supervisor wait for the connection to come back.
        for (auto &op : m_operations)
            if (!op->isDone() && !op->suspend(*this))
                op->abort(*this, MachineJob::Error::ConnectionLost, message);
        std::erase_if(m_operations, [](const std::unique_ptr<SshOperation> &op) { return op->isDone(); });
        if (!m_operations.empty())
            qCInfo(lcSsh) << m_operations.size() << "command(s) keep running on the server";
    } else {
        abortAll(MachineJob::Error::ConnectionLost, message);
    }
    closeSession();
    m_lastError = SshError::ConnectionLost;
    m_lastErrorString = message;
    if (m_config.reconnectAttempts <= 0) {
        m_phase = Phase::Failed;
        publishState(Machine::State::Failed, SshError::ConnectionLost, message);
        return;
    }
    m_attempt = 0;
    m_phase = Phase::Connecting;
}

void SshWorker::closeSession()
{
    m_sftpLanes.clear();
    m_sftpLanesRefused = false;
    m_sftp.reset();
    m_event.reset();
    m_session.reset();
    m_relays.clear(); // after the session that runs through them
    m_proxyCommand.reset();
}

void SshWorker::abortAll(MachineJob::Error error, const QString &message)
{
    // Operations started while aborting (none should) are aborted too.
    while (!m_operations.empty()) {
        std::vector<std::unique_ptr<SshOperation>> operations;
        operations.swap(m_operations);
        for (auto &op : operations)
            if (!op->isDone())
                op->abort(*this, error, message);
    }
}

void SshWorker::publishState(Machine::State state, SshError error, const QString &message)
{
    QMetaObject::invokeMethod(
        m_facade, [facade = m_facade, state, error, message] { facade->setState(state, error, message); },
        Qt::QueuedConnection);
}

void SshWorker::fetchHomeIfIdle()
{
    if (m_homeFetched || !m_operations.empty())
        return;
    m_homeFetched = true;
    QString error;
    sftp_session s = sftp(&error);
    if (!s)
        return;
    char *path = sftp_canonicalize_path(s, ".");
    if (!path)
        return;
    const QString home = QString::fromUtf8(path);
    ssh_string_free_char(path);
    QMetaObject::invokeMethod(
        m_facade, [facade = m_facade, home] { facade->setHomePath(home); }, Qt::QueuedConnection);
}

sftp_session SshWorker::sftp(QString *error)
{
    if (m_sftp)
        return m_sftp.get();
    if (!m_session) {
        if (error)
            *error = tr("Not connected.");
        return nullptr;
    }
    SshHandles::Sftp s(sftp_new(m_session.get()));
    if (!s) {
        if (error)
            *error = tr("Cannot start SFTP: %1").arg(lastError());
        return nullptr;
    }
    if (sftp_init(s.get()) != SSH_OK) {
        if (error)
            *error = tr("The server refused SFTP: %1").arg(lastError());
        return nullptr;
    }
    m_sftp = std::move(s);
    return m_sftp.get();
}

sftp_session SshWorker::sftpLane(int lane, QString *error)
{
    if (lane <= 0)
        return sftp(error);
    m_sftpLanesUsedAt = SshOperation::Clock::now();
    if (size_t(lane) <= m_sftpLanes.size())
        return m_sftpLanes[size_t(lane) - 1].get();
    if (m_sftpLanesRefused || !m_session || !sftp(error)) {
        if (error && error->isEmpty())
            *error = tr("The server refused another SFTP session.");
        return nullptr;
    }
    while (m_sftpLanes.size() < size_t(lane)) {
        SshHandles::Sftp s(sftp_new(m_session.get()));
        if (!s || sftp_init(s.get()) != SSH_OK) {
            // A server may cap sessions per connection (MaxSessions): stay with the lanes it gave.
            m_sftpLanesRefused = true;
            qCDebug(lcSsh) << "no further SFTP lane:" << lastError();
            if (error)
                *error = tr("The server refused another SFTP session: %1").arg(lastError());
            return nullptr;
        }
        m_sftpLanes.push_back(std::move(s));
    }
    return m_sftpLanes[size_t(lane) - 1].get();
}

void SshWorker::post(quint64 operationId, SshEvent event)
{
    if (operationId == 0)
        return;
    QMetaObject::invokeMethod(
        m_facade,
        [facade = m_facade, operationId, event = std::move(event)] { facade->deliver(operationId, event); },
        Qt::QueuedConnection);
}

bool SshWorker::sessionAlive()
{
    if (!m_session)
        return false;
    ssh_session s = m_session.get();
    return ssh_is_connected(s) && !(ssh_get_status(s) & (SSH_CLOSED | SSH_CLOSED_ERROR));
}

QString SshWorker::lastError()
{
    if (!m_session)
        return tr("not connected");
    const QString text = QString::fromUtf8(ssh_get_error(m_session.get()));
    return text.isEmpty() ? tr("the server closed the connection") : text;
}

void SshWorker::runDetached(const QByteArray &command)
{
    m_operations.push_back(std::make_unique<SshDetachedExec>(command));
}

bool SshWorker::askHostKey(SshHostKeyPrompt prompt)
{
    prompt.id = m_nextPromptId++;
    QMetaObject::invokeMethod(
        m_facade, [facade = m_facade, prompt] { facade->raiseHostKeyPrompt(prompt); }, Qt::QueuedConnection);
    const std::optional<QByteArray> reply = waitForAnswer(prompt.id);
    return reply && *reply == "yes";
}

std::optional<QByteArray> SshWorker::askSecret(SshSecretPrompt prompt)
{
    prompt.id = m_nextPromptId++;
    QMetaObject::invokeMethod(
        m_facade, [facade = m_facade, prompt] { facade->raiseSecretPrompt(prompt); }, Qt::QueuedConnection);
    return waitForAnswer(prompt.id);
}

std::optional<QByteArray> SshWorker::waitForAnswer(quint64 id)
{
    // The connection thread waits here; the GUI answers whenever the user does. Commands that
    // arrive meanwhile stay queued until the login is over.
    QMutexLocker locker(&m_mutex);
    while (!m_stop) {
        auto it = m_answers.find(id);
        if (it != m_answers.end()) {
            std::optional<QByteArray> reply = std::move(it->second);
            m_answers.erase(it);
            return reply;
        }
        m_answered.wait(&m_mutex, kPollIntervalMs);
    }
    return std::nullopt;
}

} // namespace Proto
