#pragma once

#include "sshtypes.h"

#include <QString>

#include <chrono>
#include <libssh/libssh.h>
#include <libssh/sftp.h>
#include <poll.h>
#include <vector>

namespace Proto {

// What the connection thread offers to the operations it runs.
class SshContext
{
public:
    virtual ~SshContext() = default;
    virtual ssh_session session() = 0;
    // The connection's SFTP session, started on first use; nullptr with *error set on failure.
    virtual sftp_session sftp(QString *error) = 0;
    // Another SFTP session of the connection (lane 1, 2...), each on its own channel with its own
    // flow-control window, so that a large transfer keeps more bytes in flight than one channel's
    // window lets through at a long round-trip time; lane 0 is sftp(). Started on first use and
    // kept with the connection; nullptr with *error set when the server refuses another one.
    virtual sftp_session sftpLane(int lane, QString *error) = 0;
    // Sends an event to the object that started the operation (queued to its thread).
    virtual void post(quint64 operationId, SshEvent event) = 0;
    // False once the connection has dropped: operations then stop and wait to be aborted.
    virtual bool sessionAlive() = 0;
    virtual QString lastError() = 0; // libssh's message for the last failure
    // Runs a fire-and-forget command on the server (used to kill a process group).
    virtual void runDetached(const QByteArray &command) = 0;
};

// One piece of work on a connection (an exec, a transfer, a shell, a tunnel), driven by the
// connection thread: step() is called after every poll and does a bounded amount of work
// without waiting for anything but the server's answer to a request it just sent.
class SshOperation
{
public:
    using Clock = std::chrono::steady_clock;

    virtual ~SshOperation() = default;

    quint64 id() const { return m_id; }
    void setId(quint64 id) { m_id = id; }
    bool isDone() const { return m_done; }

    // Does some work; true when it made progress (then the loop does not wait before the next step).
    virtual bool step(SshContext &ctx) = 0;
    // The caller gave up: stop, clean up (no partial file), finish without posting anything more.
    virtual void cancel(SshContext &ctx) = 0;
    // The connection is gone (or the connection object is shutting down): release every handle
    // without talking to the server, post Finished with this error.
    virtual void abort(SshContext &ctx, MachineJob::Error error, const QString &message) = 0;
    // Local descriptors this operation waits on (tunnel sockets).
    virtual void collectPollFds(std::vector<pollfd> &fds) { Q_UNUSED(fds); }
    // When the operation wants a step at the latest (a timeout), if any.
    virtual Clock::time_point deadline() const { return Clock::time_point::max(); }
    // The connection object is going away while the session is still up: stop what runs on
    // the server (an exec kills its process group). True when that needs more steps.
    virtual bool killOnShutdown(SshContext &ctx)
    {
        Q_UNUSED(ctx);
        return false;
    }
    // The connection dropped and will be re-established: true when this operation lets go of
    // its handles (without talking to the server) and goes on once connected again; false
    // when it is to be aborted with ConnectionLost.
    virtual bool suspend(SshContext &ctx)
    {
        Q_UNUSED(ctx);
        return false;
    }
    // Whether shutting down should keep stepping (briefly) for this operation to reach the server.
    virtual bool delaysShutdown() const { return false; }
    // Whether it uses a session channel (OpenSSH allows 10 per connection by default).
    virtual bool needsSessionSlot() const { return false; }
    bool isStarted() const { return m_started; }
    void setStarted() { m_started = true; }

protected:
    void setDone() { m_done = true; }
    void finish(
        SshContext &ctx, MachineJob::Error error = MachineJob::Error::None, const QString &message = {})
    {
        if (m_done)
            return;
        m_done = true;
        SshEvent event;
        event.type = SshEvent::Type::Finished;
        event.error = error;
        event.message = message;
        ctx.post(m_id, std::move(event));
    }
    void post(SshContext &ctx, SshEvent event) { ctx.post(m_id, std::move(event)); }

private:
    quint64 m_id = 0;
    bool m_done = false;
    bool m_started = false;
};

// Sets the session non-blocking for the lifetime of the scope.
class SshNonBlockingScope
{
public:
    explicit SshNonBlockingScope(ssh_session session)
        : m_session(session)
    {
        ssh_set_blocking(m_session, 0);
    }
    ~SshNonBlockingScope() { ssh_set_blocking(m_session, 1); }
    SshNonBlockingScope(const SshNonBlockingScope &) = delete;
    SshNonBlockingScope &operator=(const SshNonBlockingScope &) = delete;

private:
    ssh_session m_session;
};

} // namespace Proto
