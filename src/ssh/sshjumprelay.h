#pragma once

#include "sshhandles.h"

#include <QString>

#include <atomic>
#include <thread>

namespace Proto {

// One hop of a jump chain: an authenticated session to a jump host with a direct-tcpip channel
// to the next host, and the local end of a socket pair whose other end is the next session's
// socket. A thread of its own owns the jump session from start() on (nothing else touches it)
// and copies bytes both ways, sending keepalives while idle. It must be a thread apart: libssh
// blocks inside the next session's calls (authentication, channel opening) waiting on that
// socket, so the connection thread cannot pump it at the same time. When the jump link drops,
// the local end is closed and the next session sees its connection lost.
class SshJumpRelay final
{
public:
    SshJumpRelay(SshHandles::Session session, SshHandles::Channel channel, int localFd, QString label,
        int keepaliveIntervalMs);
    ~SshJumpRelay(); // stops and joins the thread, then closes the channel and the session

    SshJumpRelay(const SshJumpRelay &) = delete;
    SshJumpRelay &operator=(const SshJumpRelay &) = delete;

    void start();
    const QString &label() const { return m_label; }

private:
    void run();

    SshHandles::Session m_session;
    SshHandles::Channel m_channel;
    int m_fd = -1;
    QString m_label;
    int m_keepaliveIntervalMs = 0;
    std::atomic<bool> m_stop { false };
    std::thread m_thread;
};

} // namespace Proto
