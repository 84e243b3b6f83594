#pragma once

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

// Small POSIX helpers for the connection thread's own descriptors (wake pipe, TCP socket,
// tunnel listener), portable to the BSDs and macOS where pipe2/accept4/MSG_NOSIGNAL differ.
namespace Proto::SshPosix {

inline void setFlags(int fd, bool nonBlocking)
{
    ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) | FD_CLOEXEC);
    const int flags = ::fcntl(fd, F_GETFL);
    ::fcntl(fd, F_SETFL, nonBlocking ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK));
#ifdef SO_NOSIGPIPE
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
}

inline bool makePipe(int fds[2])
{
    if (::pipe(fds) != 0)
        return false;
    setFlags(fds[0], true);
    setFlags(fds[1], true);
    return true;
}

inline int socket(int family, int type, int protocol)
{
    const int fd = ::socket(family, type, protocol);
    if (fd >= 0)
        setFlags(fd, true);
    return fd;
}

inline int accept(int listener)
{
    const int fd = ::accept(listener, nullptr, nullptr);
    if (fd >= 0)
        setFlags(fd, true);
    return fd;
}

inline ssize_t send(int fd, const void *data, size_t length)
{
#ifdef MSG_NOSIGNAL
    return ::send(fd, data, length, MSG_NOSIGNAL);
#else
    return ::send(fd, data, length, 0);
#endif
}

} // namespace Proto::SshPosix
