#include "vncworker.h"

#include "vnckeysyms.h"
#include "vnclog.h"

#include <QCoreApplication>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QScopeGuard>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <errno.h>
#include <fcntl.h>
#include <mutex>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <rfb/rfbclient.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Proto {

namespace {

int g_clientDataTag = 0; // its address tags our pointer in rfbClientSetClientData

constexpr int kMaxFramebufferSide = 16384;
constexpr int kTextChunk = 32; // characters typed before the loop polls the server again
constexpr int kPollMs = 50;
constexpr int kMaxInFlightFrames = 2;
constexpr size_t kPoolSize = 3;

void setNonBlockingCloseOnExec(int fd)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) | FD_CLOEXEC);
}

rfbBool noEncoding(rfbClient *, rfbFramebufferUpdateRectHeader *)
{
    return FALSE;
}

rfbBool noMessage(rfbClient *, rfbServerToClientMsg *)
{
    return FALSE;
}

// Asks servers for ExtendedDesktopSize (client-requested resizes, Xvnc); libvncclient decodes
// it itself but does not always advertise it.
void registerExtensions()
{
    static std::once_flag once;
    std::call_once(once, [] {
        static int encodings[] = { int(rfbEncodingExtDesktopSize), 0 };
        static rfbClientProtocolExtension extension {};
        extension.encodings = encodings;
        extension.handleEncoding = &noEncoding;
        extension.handleMessage = &noMessage;
        rfbClientRegisterExtension(&extension);
    });
}

} // namespace

qint64 VncWorker::nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

VncWorker::VncWorker(const QString &host, quint16 port, const Vnc::Settings &settings,
    const QString &password, QObject *parent)
    : QThread(parent)
    , m_host(host)
    , m_port(port)
    , m_settings(settings)
    , m_password(password)
{
    VncLog::install();
    registerExtensions();
    int fds[2];
    if (::pipe(fds) == 0) { // pipe + fcntl rather than pipe2: macOS has no pipe2
        for (const int fd : fds)
            setNonBlockingCloseOnExec(fd);
        m_wakeRead = fds[0];
        m_wakeWrite = fds[1];
    }
    setObjectName(QStringLiteral("vnc %1:%2").arg(host).arg(port));
}

VncWorker::~VncWorker()
{
    requestStop();
    wait();
    if (m_wakeRead >= 0)
        ::close(m_wakeRead);
    if (m_wakeWrite >= 0)
        ::close(m_wakeWrite);
}

void VncWorker::requestStop()
{
    m_stop = true;
    {
        QMutexLocker lock(&m_sockMutex);
        if (m_sock >= 0)
            ::shutdown(m_sock, SHUT_RDWR); // breaks a read stuck inside libvncclient
    }
    {
        QMutexLocker lock(&m_passwordMutex);
        m_passwordCondition.wakeAll();
    }
    if (m_wakeWrite >= 0) {
        const char byte = 's';
        [[maybe_unused]] const auto n = ::write(m_wakeWrite, &byte, 1);
    }
}

quint64 VncWorker::enqueue(QList<VncCommand> commands)
{
    if (commands.isEmpty())
        return m_lastSerial;
    const quint64 serial = commands.last().serial;
    {
        QMutexLocker lock(&m_queueMutex);
        m_lastSerial = serial;
        m_queue.append(std::move(commands));
    }
    if (m_wakeWrite >= 0) {
        const char byte = 'c';
        [[maybe_unused]] const auto n = ::write(m_wakeWrite, &byte, 1);
    }
    return serial;
}

void VncWorker::dropInput(quint64 serial)
{
    {
        QMutexLocker lock(&m_queueMutex);
        m_queue.removeIf([serial](const VncCommand &c) { return c.serial <= serial; });
        m_dropRequest = std::max(m_dropRequest, serial);
    }
    if (m_wakeWrite >= 0) {
        const char byte = 'd';
        [[maybe_unused]] const auto n = ::write(m_wakeWrite, &byte, 1);
    }
}

void VncWorker::providePassword(const std::optional<QString> &password)
{
    QMutexLocker lock(&m_passwordMutex);
    m_passwordAnswered = true;
    m_passwordAnswer = password;
    m_passwordCondition.wakeAll();
}

void VncWorker::frameConsumed()
{
    m_inFlight.fetch_sub(1);
    if (m_wakeWrite >= 0) {
        const char byte = 'f';
        [[maybe_unused]] const auto n = ::write(m_wakeWrite, &byte, 1);
    }
}

void VncWorker::setState(Vnc::State state, Vnc::Error error, const QString &message)
{
    Q_EMIT stateChanged(state, error, message);
}

bool VncWorker::waitForWake(int timeoutMs)
{
    pollfd fd { m_wakeRead, POLLIN, 0 };
    const int n = ::poll(&fd, 1, timeoutMs);
    if (n > 0) {
        char buffer[64];
        while (::read(m_wakeRead, buffer, sizeof buffer) > 0) { }
    }
    return !m_stop;
}

void VncWorker::run()
{
    // libvncclient writes with write(): a server that went away would raise SIGPIPE and end the
    // whole program. Blocked on this thread, the write fails with EPIPE instead (the signal is
    // thread-directed and dies with the thread).
    sigset_t pipeSignal;
    sigemptyset(&pipeSignal);
    sigaddset(&pipeSignal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipeSignal, nullptr);
    VncLog::setStopFlag(&m_stop);
    const auto unsetStopFlag = qScopeGuard([] { VncLog::setStopFlag(nullptr); });
    int attempt = 0;
    bool everConnected = false;
    Vnc::Error error = Vnc::Error::None;
    QString message;
    while (!m_stop) {
        setState(everConnected ? Vnc::State::Reconnecting : Vnc::State::Connecting, error, message);
        const Outcome connected = connectOnce(&error, &message);
        if (connected == Outcome::Stopped)
            break;
        if (connected == Outcome::Dropped) { // handshake done: serve the session
            everConnected = true;
            attempt = 0;
            error = Vnc::Error::None;
            message.clear();
            setState(Vnc::State::Connected);
            const Outcome session = runSession(&error, &message);
            closeClient();
            if (session == Outcome::Stopped || m_stop)
                break;
            qCInfo(lcVnc) << "session with" << m_host << m_port << "ended:" << message;
        } else {
            closeClient();
            const bool retryable = error == Vnc::Error::ConnectionRefused || error == Vnc::Error::NetworkError
                || error == Vnc::Error::ServerClosed;
            if (!everConnected || !retryable) {
                setState(Vnc::State::Failed, error, message);
                return;
            }
        }
        if (attempt >= m_settings.reconnectAttempts) {
            setState(Vnc::State::Failed, error, message);
            return;
        }
        const int delay
            = qMin(m_settings.reconnectMaxDelayMs, m_settings.reconnectInitialDelayMs << qMin(attempt, 12));
        ++attempt;
        setState(Vnc::State::Reconnecting, error, message);
        const qint64 until = nowMs() + delay;
        while (!m_stop && nowMs() < until)
            waitForWake(int(until - nowMs()));
    }
    closeClient();
    setState(Vnc::State::Disconnected);
}

bool VncWorker::openSocket(Vnc::Error *error, QString *message)
{
    // Only names and address literals go to the resolver.
    QString hostName = m_host;
    if (hostName.startsWith(u'[') && hostName.endsWith(u']'))
        hostName = hostName.mid(1, hostName.size() - 2);
    static const QRegularExpression validHost(QStringLiteral("^[A-Za-z0-9._:%-]{1,253}$"));
    if (!validHost.match(hostName).hasMatch()) {
        *error = Vnc::Error::HostNotFound;
        *message = tr("\"%1\" is not a valid host name or address.").arg(m_host);
        return false;
    }
    addrinfo hints {};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    const QByteArray host = hostName.toUtf8();
    const QByteArray port = QByteArray::number(m_port);
    const int rc = ::getaddrinfo(host.constData(), port.constData(), &hints, &found);
    if (rc != 0) {
        *error = Vnc::Error::HostNotFound;
        *message = tr("Cannot find host %1: %2").arg(m_host, QString::fromLocal8Bit(::gai_strerror(rc)));
        return false;
    }
    int lastErrno = 0;
    int sock = -1;
    for (addrinfo *ai = found; ai && sock < 0 && !m_stop; ai = ai->ai_next) {
        const int fd = ::socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0) {
            lastErrno = errno;
            continue;
        }
        setNonBlockingCloseOnExec(fd);
        if (::connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            sock = fd;
            break;
        }
        if (errno != EINPROGRESS) {
            lastErrno = errno;
            ::close(fd);
            continue;
        }
        const qint64 deadline = nowMs() + m_settings.connectTimeoutMs;
        int soError = ETIMEDOUT;
        while (!m_stop) {
            const qint64 left = deadline - nowMs();
            if (left <= 0)
                break;
            pollfd fds[2] = { { fd, POLLOUT, 0 }, { m_wakeRead, POLLIN, 0 } };
            const int n = ::poll(fds, 2, int(qMin<qint64>(left, 200)));
            if (n > 0 && fds[0].revents) {
                socklen_t len = sizeof soError;
                if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len) != 0)
                    soError = errno;
                break;
            }
        }
        if (soError == 0) {
            sock = fd;
        } else {
            lastErrno = soError;
            ::close(fd);
        }
    }
    ::freeaddrinfo(found);
    if (sock < 0) {
        if (lastErrno == ECONNREFUSED) {
            *error = Vnc::Error::ConnectionRefused;
            *message = tr("Connection refused by %1:%2: no VNC server is listening there.")
                           .arg(m_host)
                           .arg(m_port);
        } else {
            *error = Vnc::Error::NetworkError;
            *message = tr("Cannot connect to %1:%2: %3")
                           .arg(m_host)
                           .arg(m_port)
                           .arg(QString::fromLocal8Bit(std::strerror(lastErrno ? lastErrno : ETIMEDOUT)));
        }
        return false;
    }
    const int one = 1;
    ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    QMutexLocker lock(&m_sockMutex);
    m_sock = sock;
    return true;
}

void VncWorker::configureClient()
{
    rfbClient *cl = m_client;
    rfbClientSetClientData(cl, &g_clientDataTag, this);
    // 32-bit pixels laid out as QImage::Format_RGB32 (0xAARRGGBB in native byte order).
    cl->format.redShift = 16;
    cl->format.greenShift = 8;
    cl->format.blueShift = 0;
    cl->format.redMax = cl->format.greenMax = cl->format.blueMax = 255;
    cl->canHandleNewFBSize = TRUE;
    cl->readTimeout = 30;
    cl->connectTimeout = unsigned(qMax(1, m_settings.connectTimeoutMs / 1000));
    cl->programName = "Proto Desktop";
    cl->serverPort = m_port;
    cl->GetPassword = &VncWorker::onGetPassword;
    cl->MallocFrameBuffer = &VncWorker::onMallocFrameBuffer;
    cl->GotFrameBufferUpdate = &VncWorker::onGotUpdate;
    cl->FinishedFrameBufferUpdate = &VncWorker::onFinishedUpdate;
    cl->GotCursorShape = &VncWorker::onGotCursorShape;
    cl->GotXCutText = &VncWorker::onGotCutText;
    cl->GotXCutTextUTF8 = &VncWorker::onGotCutTextUtf8;
    cl->Bell = &VncWorker::onBell;

    applyEncodings();
    cl->appData.shareDesktop = m_settings.shared ? TRUE : FALSE;
    cl->appData.useRemoteCursor = m_settings.remoteCursor ? TRUE : FALSE;
}

void VncWorker::applyEncodings()
{
    Vnc::Link link = m_settings.link;
    if (link == Vnc::Link::Auto) {
        const QString h = m_host.toLower();
        link = (h == QLatin1String("localhost") || h.startsWith(QLatin1String("127."))
                   || h == QLatin1String("::1"))
            ? Vnc::Link::Loopback
            : Vnc::Link::Lan;
    }
    int compress = 1;
    switch (link) {
    case Vnc::Link::Auto:
    case Vnc::Link::Loopback:
        m_encodings = "raw copyrect";
        break;
    case Vnc::Link::Lan:
        m_encodings = "zrle hextile copyrect raw";
        break;
    case Vnc::Link::Slow:
        m_encodings = "tight zrle copyrect hextile raw";
        compress = 3;
        break;
    }
    if (!m_settings.encodings.trimmed().isEmpty())
        m_encodings = m_settings.encodings.simplified().toLatin1();
    m_client->appData.encodingsString = m_encodings.constData();
    m_client->appData.compressLevel
        = m_settings.compressLevel >= 0 ? qMin(9, m_settings.compressLevel) : compress;
    m_client->appData.enableJPEG = m_settings.jpegQuality >= 0 && link == Vnc::Link::Slow ? TRUE : FALSE;
    if (!m_settings.encodings.trimmed().isEmpty())
        m_client->appData.enableJPEG = m_settings.jpegQuality >= 0 ? TRUE : FALSE;
    m_client->appData.qualityLevel = qBound(0, m_settings.jpegQuality, 9);
}

VncWorker::Outcome VncWorker::connectOnce(Vnc::Error *error, QString *message)
{
    VncLog::clearLastLine();
    m_passwordAsked = false;
    if (!openSocket(error, message))
        return m_stop ? Outcome::Stopped : Outcome::Failed;
    m_client = rfbGetClient(8, 3, 4);
    if (!m_client) {
        *error = Vnc::Error::ProtocolError;
        *message = tr("Out of memory creating the VNC client.");
        return Outcome::Failed;
    }
    configureClient();
    m_client->sock = m_sock;

    if (!InitialiseRFBConnection(m_client)) {
        if (m_stop)
            return Outcome::Stopped;
        const QByteArray line = VncLog::lastLine();
        const QString detail = QString::fromLocal8Bit(line);
        const QByteArray lower = line.toLower();
        if (lower.contains("reading password failed")) {
            *error = Vnc::Error::PasswordRequired;
            *message
                = tr("The VNC server at %1:%2 needs a password and none was given.").arg(m_host).arg(m_port);
        } else if (lower.contains("unknown authentication scheme") || lower.contains("security type")
            || lower.contains("getcredential")) {
            *error = Vnc::Error::UnsupportedSecurity;
            *message = tr("The VNC server at %1:%2 offers no security type this client supports (%3).")
                           .arg(m_host)
                           .arg(m_port)
                           .arg(detail);
        } else if (m_passwordAsked
            && (lower.contains("authentication failed") || lower.contains("connection failed")
                || lower.contains("too many"))) {
            *error = Vnc::Error::AuthenticationFailed;
            m_password.clear(); // a wrong password is never retried
            *message = tr("The VNC server at %1:%2 refused the password (%3).")
                           .arg(m_host)
                           .arg(m_port)
                           .arg(detail);
        } else if (lower.contains("closed connection") || lower.contains("connection reset")) {
            *error = Vnc::Error::ServerClosed;
            *message = tr("The VNC server at %1:%2 closed the connection during the handshake.")
                           .arg(m_host)
                           .arg(m_port);
        } else {
            *error = Vnc::Error::ProtocolError;
            *message = tr("The VNC handshake with %1:%2 failed: %3").arg(m_host).arg(m_port).arg(detail);
        }
        return Outcome::Failed;
    }

    m_client->width = m_client->si.framebufferWidth;
    m_client->height = m_client->si.framebufferHeight;
    if (!onMallocFrameBuffer(m_client) || !SetFormatAndEncodings(m_client)) {
        *error = Vnc::Error::ProtocolError;
        *message = tr("The VNC server at %1:%2 sent an unusable screen size %3x%4.")
                       .arg(m_host)
                       .arg(m_port)
                       .arg(m_client->width)
                       .arg(m_client->height);
        return Outcome::Failed;
    }
    m_client->updateRect.x = 0;
    m_client->updateRect.y = 0;
    m_client->updateRect.w = m_client->width;
    m_client->updateRect.h = m_client->height;
    m_client->isUpdateRectManagedByLib = TRUE;
    if (!SendFramebufferUpdateRequest(m_client, 0, 0, m_client->width, m_client->height, FALSE)) {
        *error = Vnc::Error::ServerClosed;
        *message = tr("The VNC server at %1:%2 closed the connection.").arg(m_host).arg(m_port);
        return Outcome::Failed;
    }
    Q_EMIT connectedTo(QString::fromUtf8(m_client->desktopName ? m_client->desktopName : ""),
        QSize(m_client->width, m_client->height));
    return Outcome::Dropped; // means "handshake done" to run()
}

VncWorker::Outcome VncWorker::runSession(Vnc::Error *error, QString *message)
{
    while (!m_stop) {
        if (!drainCommands())
            break;
        if (m_deferred && m_inFlight.load() < kMaxInFlightFrames) {
            m_deferred = false;
            publish();
        }
        const bool busy = !m_pendingText.isEmpty() || m_client->buffered > 0;
        pollfd fds[2] = { { m_client->sock, POLLIN, 0 }, { m_wakeRead, POLLIN, 0 } };
        const int n = m_client->buffered > 0 ? 1 : ::poll(fds, 2, busy ? 0 : kPollMs);
        if (n < 0 && errno != EINTR)
            break;
        if (fds[1].revents) {
            char buffer[256];
            while (::read(m_wakeRead, buffer, sizeof buffer) > 0) { }
        }
        if (m_client->buffered > 0 || (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
            VncLog::clearLastLine();
            if (!HandleRFBServerMessage(m_client))
                break;
        }
    }
    if (m_stop)
        return Outcome::Stopped;
    const QString detail = QString::fromLocal8Bit(VncLog::lastLine());
    *error = Vnc::Error::ServerClosed;
    *message = detail.isEmpty()
        ? tr("The VNC server at %1:%2 closed the connection.").arg(m_host).arg(m_port)
        : tr("The VNC server at %1:%2 closed the connection (%3).").arg(m_host).arg(m_port).arg(detail);
    return Outcome::Dropped;
}

void VncWorker::closeClient()
{
    {
        QMutexLocker lock(&m_sockMutex);
        if (!m_client && m_sock >= 0)
            ::close(m_sock); // connected, but no client took it over
        m_sock = -1;
    }
    if (m_client) {
        uint8_t *frameBuffer = m_client->frameBuffer;
        rfbClientCleanup(m_client); // closes the socket, leaves the framebuffer to us
        m_client = nullptr;
        std::free(frameBuffer);
    }
    m_pool.clear();
    m_dirty = QRegion();
    m_deferred = false;
    m_pendingText.clear();
    m_heldButtons = 0; // a new connection starts with nothing held
    m_heldKeys.clear();
    quint64 dropped = 0;
    {
        QMutexLocker lock(&m_queueMutex);
        m_queue.clear();
        dropped = m_lastSerial;
    }
    m_local.clear();
    if (dropped > m_writtenSerial) {
        m_writtenSerial = dropped;
        Q_EMIT inputDropped(dropped);
    }
}

bool VncWorker::applyDrop(quint64 serial)
{
    // Only what was queued before the drop goes; input sent after it (by serial) stays.
    m_local.removeIf([serial](const VncCommand &c) { return c.serial <= serial; });
    if (m_pendingTextSerial <= serial)
        m_pendingText.clear();
    m_droppedSerial = serial;
    const bool ok = releaseHeld();
    if (serial > m_writtenSerial) {
        m_writtenSerial = serial;
        Q_EMIT inputDropped(serial);
    }
    return ok;
}

bool VncWorker::releaseHeld()
{
    bool ok = true;
    if (m_heldButtons != 0) {
        ok = SendPointerEvent(m_client, m_pointer.x(), m_pointer.y(), 0);
        m_heldButtons = 0;
    }
    for (auto it = m_heldKeys.crbegin(); ok && it != m_heldKeys.crend(); ++it)
        ok = SendKeyEvent(m_client, *it, FALSE);
    m_heldKeys.clear();
    return ok;
}

bool VncWorker::drainCommands()
{
    quint64 drop = 0;
    {
        QMutexLocker lock(&m_queueMutex);
        m_local.append(std::move(m_queue));
        m_queue.clear();
        drop = m_dropRequest;
    }
    if (drop > m_droppedSerial && !applyDrop(drop))
        return false;
    const quint64 before = m_writtenSerial;
    bool ok = sendPendingText();
    while (ok && m_pendingText.isEmpty() && !m_local.isEmpty()) {
        const VncCommand command = m_local.takeFirst();
        rfbClient *cl = m_client;
        switch (command.type) {
        case VncCommand::Type::Pointer:
            m_pointer = QPoint(
                qBound(0, command.x, qMax(0, cl->width - 1)), qBound(0, command.y, qMax(0, cl->height - 1)));
            m_heldButtons = command.buttonMask;
            ok = SendPointerEvent(cl, m_pointer.x(), m_pointer.y(), command.buttonMask);
            break;
        case VncCommand::Type::Key:
            m_heldKeys.removeAll(command.keysym);
            if (command.down)
                m_heldKeys.append(command.keysym);
            ok = SendKeyEvent(cl, command.keysym, command.down ? TRUE : FALSE);
            break;
        case VncCommand::Type::Text: {
            const QList<uint> ucs = command.text.toUcs4();
            for (const uint c : ucs) {
                if (c == '\r')
                    continue; // "\r\n" types one Return
                if (const quint32 keysym = VncKeys::keysymForCodePoint(char32_t(c)))
                    m_pendingText.append(keysym);
            }
            m_pendingTextSerial = command.serial;
            ok = sendPendingText();
            continue; // the serial counts as written once the text is out
        }
        case VncCommand::Type::Clipboard: {
            QByteArray utf8 = command.text.toUtf8();
            if (!SendClientCutTextUTF8(cl, utf8.data(), int(utf8.size()))) {
                QByteArray latin1 = command.text.toLatin1();
                ok = SendClientCutText(cl, latin1.data(), int(latin1.size()));
            }
            break;
        }
        case VncCommand::Type::Resize:
            ok = sendDesktopSize(command.size);
            break;
        case VncCommand::Type::Encodings:
            m_settings.link = command.settings.link;
            m_settings.encodings = command.settings.encodings;
            m_settings.jpegQuality = command.settings.jpegQuality;
            m_settings.compressLevel = command.settings.compressLevel;
            applyEncodings();
            ok = SetFormatAndEncodings(cl);
            break;
        case VncCommand::Type::FullUpdate:
            ok = SendFramebufferUpdateRequest(cl, 0, 0, cl->width, cl->height, FALSE);
            break;
        }
        m_writtenSerial = command.serial;
    }
    if (m_writtenSerial != before)
        Q_EMIT inputWritten(m_writtenSerial);
    return ok;
}

bool VncWorker::sendDesktopSize(const QSize &size)
{
    rfbClient *client = m_client; // the rfbClientSwap macros name it
    if (client->screen.width == 0 && client->screen.height == 0) {
        qCWarning(lcVnc) << "the server at" << m_host << m_port << "cannot change its desktop size";
        return true;
    }
    // SetDesktopSize with one complete screen (libvncclient's own leaves the screen's id, position
    // and flags uninitialised, which TigerVNC rejects as an invalid layout).
    const quint16 w = quint16(qBound(1, size.width(), kMaxFramebufferSide));
    const quint16 h = quint16(qBound(1, size.height(), kMaxFramebufferSide));
    rfbSetDesktopSizeMsg message {};
    message.type = rfbSetDesktopSize;
    message.width = rfbClientSwap16IfLE(w);
    message.height = rfbClientSwap16IfLE(h);
    message.numberOfScreens = 1;
    rfbExtDesktopScreen screen {};
    screen.id = client->screen.id; // as the server sent it (network order)
    screen.x = 0;
    screen.y = 0;
    screen.width = rfbClientSwap16IfLE(w);
    screen.height = rfbClientSwap16IfLE(h);
    screen.flags = client->screen.flags;
    return WriteToRFBServer(client, reinterpret_cast<const char *>(&message), sz_rfbSetDesktopSizeMsg)
        && WriteToRFBServer(client, reinterpret_cast<const char *>(&screen), sz_rfbExtDesktopScreen);
}

bool VncWorker::sendPendingText()
{
    if (m_pendingText.isEmpty())
        return true;
    const qsizetype n = qMin<qsizetype>(kTextChunk, m_pendingText.size());
    for (qsizetype i = 0; i < n; ++i) {
        const quint32 keysym = m_pendingText.at(i);
        if (!SendKeyEvent(m_client, keysym, TRUE) || !SendKeyEvent(m_client, keysym, FALSE))
            return false;
    }
    m_pendingText.remove(0, n);
    if (m_pendingText.isEmpty())
        m_writtenSerial = m_pendingTextSerial;
    return true;
}

void VncWorker::publish()
{
    rfbClient *cl = m_client;
    const QRect bounds(0, 0, cl->width, cl->height);
    m_dirty &= bounds;
    if (m_dirty.isEmpty())
        return;
    if (m_inFlight.load() >= kMaxInFlightFrames) {
        m_deferred = true; // the receiver is behind: merge into the next frame
        return;
    }
    Buffer *target = nullptr;
    for (Buffer &b : m_pool) {
        if (b.image.isDetached() && b.image.size() == bounds.size()) {
            target = &b;
            break;
        }
    }
    if (!target) {
        Buffer fresh { QImage(bounds.size(), QImage::Format_RGB32), QRegion(bounds) };
        if (m_pool.size() < kPoolSize) {
            m_pool.push_back(std::move(fresh));
            target = &m_pool.back();
        } else {
            target = &m_pool[m_nextVictim];
            m_nextVictim = (m_nextVictim + 1) % kPoolSize;
            *target = std::move(fresh);
        }
    }
    const QRegion copy = (target->stale | m_dirty) & bounds;
    const auto *src = reinterpret_cast<const quint32 *>(cl->frameBuffer);
    uchar *dstBits = target->image.bits();
    const qsizetype dstStride = target->image.bytesPerLine();
    for (const QRect &r : copy) {
        for (int y = r.top(); y <= r.bottom(); ++y) {
            const quint32 *s = src + qsizetype(y) * cl->width + r.left();
            auto *d = reinterpret_cast<quint32 *>(dstBits + y * dstStride) + r.left();
            for (int x = 0; x < r.width(); ++x)
                d[x] = s[x] | 0xff000000u; // servers leave the padding byte 0; QImage wants it opaque
        }
    }
    target->stale = QRegion();
    for (Buffer &b : m_pool) {
        if (&b != target)
            b.stale |= m_dirty;
    }
    const QRegion dirty = m_dirty;
    m_dirty = QRegion();
    m_inFlight.fetch_add(1);
    Q_EMIT frameReady(target->image, dirty);
}

VncWorker *VncWorker::self(rfbClient *client)
{
    return static_cast<VncWorker *>(rfbClientGetClientData(client, &g_clientDataTag));
}

char *VncWorker::onGetPassword(rfbClient *client)
{
    VncWorker *w = self(client);
    w->m_passwordAsked = true;
    QMutexLocker lock(&w->m_passwordMutex);
    if (w->m_password.isEmpty()) {
        w->m_passwordAnswered = false;
        w->m_passwordAnswer.reset();
        Q_EMIT w->passwordNeeded();
        const qint64 deadline = nowMs() + 5 * 60 * 1000;
        while (!w->m_passwordAnswered && !w->m_stop && nowMs() < deadline)
            w->m_passwordCondition.wait(&w->m_passwordMutex, 250);
        if (!w->m_passwordAnswered || !w->m_passwordAnswer || w->m_passwordAnswer->isEmpty())
            return nullptr;
        w->m_password = *w->m_passwordAnswer; // kept in memory for reconnects only
        w->m_passwordAnswer.reset();
    }
    return ::strdup(w->m_password.toUtf8().constData()); // libvncclient wipes and frees it
}

std::int8_t VncWorker::onMallocFrameBuffer(rfbClient *client)
{
    VncWorker *w = self(client);
    if (client->width <= 0 || client->height <= 0 || client->width > kMaxFramebufferSide
        || client->height > kMaxFramebufferSide)
        return FALSE;
    std::free(client->frameBuffer);
    client->frameBuffer
        = static_cast<uint8_t *>(std::calloc(size_t(client->width) * size_t(client->height), 4));
    if (!client->frameBuffer)
        return FALSE;
    const QSize size(client->width, client->height);
    w->m_pool.clear();
    w->m_deferred = false;
    w->m_dirty = QRegion(QRect(QPoint(0, 0), size));
    Q_EMIT w->resized(size);
    return TRUE;
}

void VncWorker::onGotUpdate(rfbClient *client, int x, int y, int w, int h)
{
    self(client)->m_dirty |= QRect(x, y, w, h);
}

void VncWorker::onFinishedUpdate(rfbClient *client)
{
    VncWorker *w = self(client);
    if (w->m_dirty.isEmpty())
        return;
    w->m_lastUpdateMs = nowMs();
    w->m_updateCount.fetch_add(1);
    w->publish();
}

void VncWorker::onGotCursorShape(rfbClient *client, int xhot, int yhot, int width, int height, int bpp)
{
    VncWorker *w = self(client);
    if (bpp != 4 || !client->rcSource || width <= 0 || height <= 0 || width > 1024 || height > 1024)
        return;
    QImage shape(width, height, QImage::Format_ARGB32);
    const auto *src = reinterpret_cast<const quint32 *>(client->rcSource);
    const uint8_t *mask = client->rcMask;
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<quint32 *>(shape.scanLine(y));
        for (int x = 0; x < width; ++x) {
            const qsizetype i = qsizetype(y) * width + x;
            line[x] = (!mask || mask[i]) ? (src[i] | 0xff000000u) : 0u;
        }
    }
    w->m_lastCursor = shape;
    Q_EMIT w->cursorChanged(shape, QPoint(xhot, yhot));
}

void VncWorker::onGotCutText(rfbClient *client, const char *text, int length)
{
    if (text && length >= 0)
        Q_EMIT self(client)->clipboardReceived(QString::fromLatin1(text, length));
}

void VncWorker::onGotCutTextUtf8(rfbClient *client, const char *text, int length)
{
    if (!text || length < 0)
        return;
    QByteArray bytes(text, length);
    while (bytes.endsWith('\0'))
        bytes.chop(1);
    Q_EMIT self(client)->clipboardReceived(QString::fromUtf8(bytes));
}

void VncWorker::onBell(rfbClient *client)
{
    Q_EMIT self(client)->bellRang();
}

} // namespace Proto
