#pragma once

#include "vncsettings.h"

#include <QImage>
#include <QObject>
#include <QPoint>
#include <QPointer>
#include <QRegion>
#include <QSize>

#include <functional>
#include <map>
#include <optional>

namespace Proto {

class VncWorker;

// A VNC connection for the GUI thread. The protocol runs on a thread of its own (VncWorker, the
// only code that touches libvncclient); this object keeps the latest complete frame, the state,
// and turns input calls into small queued commands, so every method here returns at once.
//
// Input calls return a ticket; whenWritten() runs a callback once the commands up to that
// ticket are on the wire (or were dropped because the connection closed). whenStill() waits
// until the screen has not changed for a while, bounded, then hands over the frame: together
// they let the agent's computer-use tool do "click, then screenshot once the screen settles"
// without blocking anything.
class VncClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VncClient)

public:
    explicit VncClient(QObject *parent = nullptr);
    ~VncClient() override;

    // Encodings (link, encodings, jpegQuality, compressLevel) apply at once to a live
    // connection; everything applies from the next connect.
    void setSettings(const Vnc::Settings &settings);
    Vnc::Settings settings() const { return m_settings; }

    // Starts connecting (host:port directly; an SSH tunnel hands over 127.0.0.1:N).
    void connectToHost(const QString &host, quint16 port);
    void disconnectFromHost();
    // Starts again with the last host, port and password (after Failed, or to force it).
    void reconnect();

    // The VNC password, held in memory for this connection's handshakes (never written
    // anywhere). Without it the client emits passwordRequested() when the server asks.
    void setPassword(const QString &password);
    // Answer to passwordRequested(); an empty string or cancelPasswordRequest() gives up.
    void providePassword(const QString &password);
    void cancelPasswordRequest();

    Vnc::State state() const { return m_state; }
    Vnc::Error error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    QString host() const { return m_host; }
    quint16 port() const { return m_port; }
    QString desktopName() const { return m_desktopName; }
    QSize framebufferSize() const { return m_size; }
    bool isConnected() const { return m_state == Vnc::State::Connected; }

    // The latest complete frame (implicitly shared, never half-written). Null before the first.
    QImage screenshot() const { return m_frame; }
    QImage cursorShape() const { return m_cursor; }
    QPoint cursorHotspot() const { return m_cursorHotspot; }
    // Monotonic milliseconds (steady clock) of the last screen change; 0 before the first.
    qint64 lastUpdateMs() const;
    quint64 updateCount() const;
    static qint64 nowMs();

    // --- input, framebuffer coordinates; each returns a ticket for whenWritten() ---
    // Raw events, as the person's view sends them.
    quint64 sendPointer(QPoint position, int buttonMask);
    quint64 sendKey(quint32 keysym, bool down);
    // The agent's actions (announced through actionPerformed() for overlays).
    quint64 movePointer(QPoint position);
    quint64 pressButton(QPoint position, int button = Vnc::LeftButton);
    quint64 releaseButton(QPoint position, int button = Vnc::LeftButton);
    quint64 click(QPoint position, int button = Vnc::LeftButton, int count = 1);
    quint64 drag(QPoint from, QPoint to, int button = Vnc::LeftButton);
    // Wheel steps: dy > 0 scrolls down, dx > 0 scrolls right (buttons 4-7).
    quint64 scroll(QPoint position, int dx, int dy);
    // "ctrl+shift+t", "Return", "alt+F4" (xdotool names). std::nullopt and *error on bad input.
    std::optional<quint64> pressKeys(const QString &combination, QString *error = nullptr);
    // Types Unicode text as key events, sent in chunks between server polls.
    quint64 typeText(const QString &text);
    // Puts text on the remote clipboard.
    quint64 setRemoteClipboard(const QString &text);
    // Asks the server to change the desktop size (ExtendedDesktopSize; Xvnc supports it).
    // Sizes outside 64..16384 are refused (nothing is sent).
    quint64 requestDesktopSize(const QSize &size);
    quint64 requestFullUpdate();

    // The kill switch (and a person taking over): every input command not yet on the wire is
    // dropped (their whenWritten callbacks get false) and the mouse buttons and keys held
    // down on this connection are released (button-up, key-up). Input sent afterwards goes
    // out as usual.
    void dropInput();

    // "Take over": while the person has control of this screen the agent's computer tool
    // refuses to act. Shared by every view of this connection and the tool (the state lives
    // here, not in a widget). Taking control drops the agent's queued input (dropInput).
    void setPersonInControl(bool inControl);
    bool personInControl() const { return m_personInControl; }
    // How many times the person has taken control so far (the tool notices a hand-back).
    quint64 personControlCount() const { return m_personControlCount; }

    // Runs done(true) on context's thread once the commands up to ticket were written, or
    // done(false) when they were dropped (disconnected). Immediately if already settled.
    void whenWritten(quint64 ticket, QObject *context, std::function<void(bool written)> done);
    // Runs done(still, frame) once no update arrived for quietMs (counted from now at the
    // earliest), or done(false, frame) after timeoutMs.
    void whenStill(int quietMs, int timeoutMs, QObject *context,
        std::function<void(bool still, const QImage &frame)> done);

Q_SIGNALS:
    void stateChanged(Proto::Vnc::State state);
    void errorOccurred(Proto::Vnc::Error error, const QString &message);
    void frameUpdated(const QRegion &dirty);
    void framebufferResized(const QSize &size);
    void cursorShapeChanged(const QImage &shape, const QPoint &hotspot);
    void clipboardReceived(const QString &text);
    void passwordRequested();
    void bell();
    void actionPerformed(const Proto::Vnc::Action &action);
    void personControlChanged(bool inControl);

private:
    quint64 enqueue(QList<struct VncCommand> commands);
    void startWorker();
    void stopWorker();
    void setState(Vnc::State state, Vnc::Error error, const QString &message);
    void settleTickets(quint64 serial, bool written);
    void announce(Vnc::Action::Kind kind, QPoint position, int button, int count, const QString &text);

    Vnc::Settings m_settings;
    QString m_host;
    quint16 m_port = 0;
    QString m_password;
    VncWorker *m_worker = nullptr;
    quint64 m_generation = 0;

    Vnc::State m_state = Vnc::State::Disconnected;
    Vnc::Error m_error = Vnc::Error::None;
    QString m_errorString;
    QString m_desktopName;
    QSize m_size;
    QImage m_frame;
    QImage m_cursor;
    QPoint m_cursorHotspot;
    int m_agentButtons = 0;
    bool m_personInControl = false;
    quint64 m_personControlCount = 0;
    qint64 m_lastUpdateMs = 0;
    quint64 m_updateCount = 0;

    struct Waiter
    {
        QPointer<QObject> context;
        std::function<void(bool)> done;
    };
    std::multimap<quint64, Waiter> m_waiters;
    quint64 m_settledSerial = 0;
    quint64 m_issuedSerial = 0;
};

} // namespace Proto
