#include "vncclient.h"

#include "vnckeysyms.h"
#include "vnclog.h"
#include "vncworker.h"

#include <QTimer>

namespace Proto {

namespace {

void registerMetaTypes()
{
    static const bool done = [] {
        qRegisterMetaType<Vnc::State>();
        qRegisterMetaType<Vnc::Error>();
        qRegisterMetaType<Vnc::Action>();
        return true;
    }();
    Q_UNUSED(done);
}

// Watches update timestamps for VncClient::whenStill(); lives under the caller's context object.
class StillWaiter final : public QObject
{
public:
    StillWaiter(VncClient *client, QObject *context, int quietMs, int timeoutMs,
        std::function<void(bool, const QImage &)> done)
        : QObject(context)
        , m_client(client)
        , m_start(VncClient::nowMs())
        , m_deadline(m_start + qMax(0, timeoutMs))
        , m_quiet(qMax(1, quietMs))
        , m_done(std::move(done))
    {
        m_timer.setSingleShot(true);
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, &StillWaiter::check);
        m_timer.start(0);
    }

private:
    void check()
    {
        if (!m_client) {
            finish(false, {});
            return;
        }
        const qint64 now = VncClient::nowMs();
        const qint64 last = qMax(m_start, m_client->lastUpdateMs());
        if (now - last >= m_quiet) {
            finish(true, m_client->screenshot());
            return;
        }
        if (now >= m_deadline) {
            finish(false, m_client->screenshot());
            return;
        }
        m_timer.start(int(qMax<qint64>(1, qMin(last + m_quiet - now, m_deadline - now))));
    }

    void finish(bool still, const QImage &frame)
    {
        auto done = std::move(m_done);
        deleteLater();
        done(still, frame);
    }

    QPointer<VncClient> m_client;
    const qint64 m_start;
    const qint64 m_deadline;
    const int m_quiet;
    std::function<void(bool, const QImage &)> m_done;
    QTimer m_timer;
};

} // namespace

VncClient::VncClient(QObject *parent)
    : QObject(parent)
{
    registerMetaTypes();
}

VncClient::~VncClient()
{
    stopWorker();
}

qint64 VncClient::nowMs()
{
    return VncWorker::nowMs();
}

void VncClient::setSettings(const Vnc::Settings &settings)
{
    m_settings = settings;
    if (m_worker) { // the encoding choice changes at once; the rest at the next connect
        VncCommand c;
        c.type = VncCommand::Type::Encodings;
        c.settings = settings;
        enqueue({ c });
    }
}

void VncClient::connectToHost(const QString &host, quint16 port)
{
    stopWorker();
    m_host = host;
    m_port = port;
    startWorker();
}

void VncClient::disconnectFromHost()
{
    const bool wasActive = m_worker != nullptr;
    stopWorker();
    m_error = Vnc::Error::None; // the person chose this: no error to show
    m_errorString.clear();
    if (wasActive)
        setState(Vnc::State::Disconnected, Vnc::Error::None, {});
}

void VncClient::reconnect()
{
    if (m_host.isEmpty() || m_port == 0)
        return;
    stopWorker();
    startWorker();
}

void VncClient::setPassword(const QString &password)
{
    m_password = password;
}

void VncClient::providePassword(const QString &password)
{
    if (!password.isEmpty())
        m_password = password;
    if (m_worker)
        m_worker->providePassword(password.isEmpty() ? std::nullopt : std::optional<QString>(password));
}

void VncClient::cancelPasswordRequest()
{
    if (m_worker)
        m_worker->providePassword(std::nullopt);
}

qint64 VncClient::lastUpdateMs() const
{
    return m_worker ? qMax(m_lastUpdateMs, m_worker->lastUpdateMs()) : m_lastUpdateMs;
}

quint64 VncClient::updateCount() const
{
    return m_worker ? m_updateCount + m_worker->updateCount() : m_updateCount;
}

void VncClient::startWorker()
{
    m_error = Vnc::Error::None;
    m_errorString.clear();
    auto *worker = new VncWorker(m_host, m_port, m_settings, m_password);
    m_worker = worker;
    const quint64 generation = ++m_generation;
    auto current = [this, generation] { return generation == m_generation; };

    connect(
        worker, &VncWorker::stateChanged, this,
        [this, current](Vnc::State state, Vnc::Error error, const QString &message) {
            if (current())
                setState(state, error, message);
        },
        Qt::QueuedConnection);
    connect(
        worker, &VncWorker::connectedTo, this,
        [this, current](const QString &name, const QSize &size) {
            if (!current())
                return;
            m_desktopName = name;
            if (m_size != size) {
                m_size = size;
                Q_EMIT framebufferResized(size);
            }
        },
        Qt::QueuedConnection);
    connect(
        worker, &VncWorker::frameReady, this,
        [this, current, worker](const QImage &frame, const QRegion &dirty) {
            if (!current())
                return;
            worker->frameConsumed();
            const bool resized = frame.size() != m_size;
            m_frame = frame;
            if (resized) {
                m_size = frame.size();
                Q_EMIT framebufferResized(m_size);
            }
            Q_EMIT frameUpdated(dirty);
        },
        Qt::QueuedConnection);
    connect(
        worker, &VncWorker::resized, this,
        [this, current](const QSize &size) {
            if (!current() || size == m_size)
                return;
            m_size = size;
            Q_EMIT framebufferResized(size);
        },
        Qt::QueuedConnection);
    connect(
        worker, &VncWorker::cursorChanged, this,
        [this, current](const QImage &shape, const QPoint &hotspot) {
            if (!current())
                return;
            m_cursor = shape;
            m_cursorHotspot = hotspot;
            Q_EMIT cursorShapeChanged(shape, hotspot);
        },
        Qt::QueuedConnection);
    connect(
        worker, &VncWorker::clipboardReceived, this,
        [this, current](const QString &text) {
            if (current())
                Q_EMIT clipboardReceived(text);
        },
        Qt::QueuedConnection);
    connect(
        worker, &VncWorker::passwordNeeded, this,
        [this, current] {
            if (current())
                Q_EMIT passwordRequested();
        },
        Qt::QueuedConnection);
    connect(
        worker, &VncWorker::bellRang, this,
        [this, current] {
            if (current())
                Q_EMIT bell();
        },
        Qt::QueuedConnection);
    connect(
        worker, &VncWorker::inputWritten, this,
        [this, current](quint64 serial) {
            if (current())
                settleTickets(serial, true);
        },
        Qt::QueuedConnection);
    connect(
        worker, &VncWorker::inputDropped, this,
        [this, current](quint64 serial) {
            if (current())
                settleTickets(serial, false);
        },
        Qt::QueuedConnection);
    worker->start();
}

void VncClient::stopWorker()
{
    if (!m_worker)
        return;
    VncWorker *worker = m_worker;
    m_worker = nullptr;
    ++m_generation; // signals still queued from it are ignored from here on
    m_lastUpdateMs = qMax(m_lastUpdateMs, worker->lastUpdateMs());
    m_updateCount += worker->updateCount();
    worker->requestStop();
    worker->wait(); // the loop polls at most ~50 ms and its socket was shut down: this is short
    delete worker;
    settleTickets(m_issuedSerial, false);
}

void VncClient::setState(Vnc::State state, Vnc::Error error, const QString &message)
{
    const bool errorChanged = error != Vnc::Error::None && (error != m_error || message != m_errorString);
    if (state == Vnc::State::Connected || error != Vnc::Error::None) {
        m_error = error;
        m_errorString = message;
    }
    if (errorChanged) {
        qCInfo(lcVnc).noquote() << "vnc" << m_host << m_port << message;
        Q_EMIT errorOccurred(error, message);
    }
    if (state != m_state) {
        m_state = state;
        Q_EMIT stateChanged(state);
    }
}

quint64 VncClient::enqueue(QList<VncCommand> commands)
{
    for (VncCommand &command : commands)
        command.serial = ++m_issuedSerial;
    const quint64 ticket = m_issuedSerial;
    if (m_worker)
        m_worker->enqueue(std::move(commands));
    else
        QTimer::singleShot(0, this, [this, ticket] { settleTickets(ticket, false); });
    return ticket;
}

void VncClient::settleTickets(quint64 serial, bool written)
{
    m_settledSerial = qMax(m_settledSerial, serial);
    while (!m_waiters.empty() && m_waiters.begin()->first <= serial) {
        Waiter waiter = std::move(m_waiters.begin()->second);
        m_waiters.erase(m_waiters.begin());
        if (waiter.context)
            waiter.done(written);
    }
}

void VncClient::whenWritten(quint64 ticket, QObject *context, std::function<void(bool written)> done)
{
    if (!context || !done)
        return;
    if (ticket <= m_settledSerial) {
        QTimer::singleShot(0, context, [done] { done(true); });
        return;
    }
    m_waiters.emplace(ticket, Waiter { QPointer<QObject>(context), std::move(done) });
}

void VncClient::whenStill(
    int quietMs, int timeoutMs, QObject *context, std::function<void(bool still, const QImage &frame)> done)
{
    if (!context || !done)
        return;
    new StillWaiter(this, context, quietMs, timeoutMs, std::move(done));
}

void VncClient::announce(Vnc::Action::Kind kind, QPoint position, int button, int count, const QString &text)
{
    Vnc::Action action;
    action.kind = kind;
    action.position = position;
    action.button = button;
    action.count = count;
    action.text = text;
    Q_EMIT actionPerformed(action);
}

quint64 VncClient::sendPointer(QPoint position, int buttonMask)
{
    VncCommand c;
    c.type = VncCommand::Type::Pointer;
    c.x = position.x();
    c.y = position.y();
    c.buttonMask = buttonMask & 0xff;
    return enqueue({ c });
}

quint64 VncClient::sendKey(quint32 keysym, bool down)
{
    VncCommand c;
    c.type = VncCommand::Type::Key;
    c.keysym = keysym;
    c.down = down;
    return enqueue({ c });
}

quint64 VncClient::movePointer(QPoint position)
{
    announce(Vnc::Action::Kind::Move, position, 0, 0, {});
    return sendPointer(position, m_agentButtons);
}

quint64 VncClient::pressButton(QPoint position, int button)
{
    m_agentButtons |= button;
    announce(Vnc::Action::Kind::Press, position, button, 1, {});
    return sendPointer(position, m_agentButtons);
}

quint64 VncClient::releaseButton(QPoint position, int button)
{
    m_agentButtons &= ~button;
    announce(Vnc::Action::Kind::Release, position, button, 1, {});
    return sendPointer(position, m_agentButtons);
}

quint64 VncClient::click(QPoint position, int button, int count)
{
    count = qBound(1, count, 3);
    QList<VncCommand> commands;
    VncCommand c;
    c.type = VncCommand::Type::Pointer;
    c.x = position.x();
    c.y = position.y();
    c.buttonMask = m_agentButtons;
    commands.append(c);
    for (int i = 0; i < count; ++i) {
        c.buttonMask = m_agentButtons | button;
        commands.append(c);
        c.buttonMask = m_agentButtons & ~button;
        commands.append(c);
    }
    announce(Vnc::Action::Kind::Click, position, button, count, {});
    return enqueue(std::move(commands));
}

quint64 VncClient::drag(QPoint from, QPoint to, int button)
{
    QList<VncCommand> commands;
    VncCommand c;
    c.type = VncCommand::Type::Pointer;
    c.x = from.x();
    c.y = from.y();
    c.buttonMask = 0;
    commands.append(c);
    c.buttonMask = button;
    commands.append(c);
    constexpr int steps = 8; // intermediate motion so drag-aware programs see it move
    for (int i = 1; i <= steps; ++i) {
        c.x = from.x() + (to.x() - from.x()) * i / steps;
        c.y = from.y() + (to.y() - from.y()) * i / steps;
        commands.append(c);
    }
    c.buttonMask = 0;
    commands.append(c);
    m_agentButtons = 0;
    announce(Vnc::Action::Kind::Press, from, button, 1, {});
    announce(Vnc::Action::Kind::Release, to, button, 1, {});
    return enqueue(std::move(commands));
}

quint64 VncClient::scroll(QPoint position, int dx, int dy)
{
    QList<VncCommand> commands;
    VncCommand c;
    c.type = VncCommand::Type::Pointer;
    c.x = position.x();
    c.y = position.y();
    c.buttonMask = m_agentButtons;
    commands.append(c);
    auto steps = [&](int amount, int positive, int negative) {
        const int button = amount > 0 ? positive : negative;
        for (int i = 0; i < qMin(qAbs(amount), 50); ++i) {
            c.buttonMask = m_agentButtons | button;
            commands.append(c);
            c.buttonMask = m_agentButtons;
            commands.append(c);
        }
    };
    steps(dy, Vnc::WheelDown, Vnc::WheelUp);
    steps(dx, Vnc::WheelRight, Vnc::WheelLeft);
    announce(Vnc::Action::Kind::Scroll, position,
        dy != 0 ? (dy > 0 ? Vnc::WheelDown : Vnc::WheelUp) : (dx > 0 ? Vnc::WheelRight : Vnc::WheelLeft),
        qAbs(dy) + qAbs(dx), {});
    return enqueue(std::move(commands));
}

std::optional<quint64> VncClient::pressKeys(const QString &combination, QString *error)
{
    const auto keysyms = VncKeys::parseCombination(combination, error);
    if (!keysyms)
        return std::nullopt;
    QList<VncCommand> commands;
    VncCommand c;
    c.type = VncCommand::Type::Key;
    for (const quint32 keysym : *keysyms) {
        c.keysym = keysym;
        c.down = true;
        commands.append(c);
    }
    for (auto it = keysyms->crbegin(); it != keysyms->crend(); ++it) {
        c.keysym = *it;
        c.down = false;
        commands.append(c);
    }
    announce(Vnc::Action::Kind::Keys, {}, 0, 1, combination);
    return enqueue(std::move(commands));
}

quint64 VncClient::typeText(const QString &text)
{
    VncCommand c;
    c.type = VncCommand::Type::Text;
    c.text = text;
    announce(Vnc::Action::Kind::Type, {}, 0, int(text.size()), text);
    return enqueue({ c });
}

quint64 VncClient::setRemoteClipboard(const QString &text)
{
    VncCommand c;
    c.type = VncCommand::Type::Clipboard;
    c.text = text;
    return enqueue({ c });
}

quint64 VncClient::requestDesktopSize(const QSize &size)
{
    if (size.width() < 64 || size.height() < 64 || size.width() > 16384 || size.height() > 16384) {
        qCWarning(lcVnc) << "refusing to ask for a desktop of" << size;
        return m_issuedSerial;
    }
    VncCommand c;
    c.type = VncCommand::Type::Resize;
    c.size = size;
    return enqueue({ c });
}

void VncClient::dropInput()
{
    m_agentButtons = 0;
    if (m_worker)
        m_worker->dropInput(m_issuedSerial); // inputDropped settles the tickets
    else
        settleTickets(m_issuedSerial, false);
}

void VncClient::setPersonInControl(bool inControl)
{
    if (inControl == m_personInControl)
        return;
    m_personInControl = inControl;
    if (inControl) {
        ++m_personControlCount;
        dropInput(); // what the agent queued does not land under the person's hands
    }
    qCInfo(lcVnc) << "vnc" << m_host << m_port
                  << (inControl ? "the person took control" : "control returned");
    Q_EMIT personControlChanged(inControl);
}

quint64 VncClient::requestFullUpdate()
{
    VncCommand c;
    c.type = VncCommand::Type::FullUpdate;
    return enqueue({ c });
}

} // namespace Proto
