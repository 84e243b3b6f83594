#include "ptyfeeder.h"

#include <QSocketNotifier>

#include <cerrno>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace Proto {

PtyFeeder::PtyFeeder(int slaveFd, Mode mode, QObject *parent)
    : QObject(parent)
{
    if (slaveFd < 0)
        return;
    m_fd = slaveFd;
    const int flags = ::fcntl(m_fd, F_GETFL);
    if (flags >= 0)
        ::fcntl(m_fd, F_SETFL, flags | O_NONBLOCK);

    termios tio {};
    if (::tcgetattr(m_fd, &tio) == 0) {
        // Keep the slave from echoing or rewriting what we feed it: only the output
        // processing we ask for (ONLCR for plain text) stays on.
        const tcflag_t keepIflag = tio.c_iflag & (IXON | IXOFF);
        ::cfmakeraw(&tio);
        tio.c_iflag |= keepIflag;
#ifdef IUTF8
        tio.c_iflag |= IUTF8;
#endif
        if (mode == Mode::Text)
            tio.c_oflag |= OPOST | ONLCR;
        ::tcsetattr(m_fd, TCSANOW, &tio);
    }

    m_notifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Write, this);
    m_notifier->setEnabled(false);
    connect(m_notifier, &QSocketNotifier::activated, this, &PtyFeeder::flush);
}

PtyFeeder::~PtyFeeder() = default;

void PtyFeeder::write(const QByteArray &data)
{
    if (m_fd < 0 || data.isEmpty())
        return;
    if (m_offset > 0 && m_offset == m_pending.size()) {
        m_pending.clear();
        m_offset = 0;
    }
    m_pending.append(data);
    flush();
}

void PtyFeeder::flush()
{
    while (m_offset < m_pending.size()) {
        const ssize_t n
            = ::write(m_fd, m_pending.constData() + m_offset, size_t(m_pending.size() - m_offset));
        if (n > 0) {
            m_offset += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            m_notifier->setEnabled(true);
            return;
        }
        // The pty is gone (widget closing): drop what is left.
        break;
    }
    m_pending.clear();
    m_offset = 0;
    m_notifier->setEnabled(false);
}

} // namespace Proto
