#pragma once

#include "vncsettings.h"

#include <QImage>
#include <QList>
#include <QMutex>
#include <QPoint>
#include <QRegion>
#include <QSize>
#include <QThread>
#include <QWaitCondition>

#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

struct _rfbClient;

namespace Proto {

// One small input command for the connection thread.
struct VncCommand
{
    enum class Type
    {
        Pointer,
        Key,
        Text,
        Clipboard,
        Resize,
        FullUpdate,
        Encodings,
    };
    Type type = Type::Pointer;
    int x = 0;
    int y = 0;
    int buttonMask = 0;
    quint32 keysym = 0;
    bool down = false;
    QString text;
    QSize size;
    Vnc::Settings settings; // Encodings: link, encodings, jpegQuality, compressLevel
    quint64 serial = 0;
};

// The owner of one rfbClient: runs on its own thread, connects, authenticates, decodes, and
// reconnects with backoff. Nothing else touches the rfbClient. Input arrives through enqueue()
// (any thread), output leaves by signals that receivers get queued. Internal to VncClient.
class VncWorker final : public QThread
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VncWorker)

public:
    VncWorker(const QString &host, quint16 port, const Vnc::Settings &settings, const QString &password,
        QObject *parent = nullptr);
    ~VncWorker() override;

    // Thread-safe. Ends the connection and the thread soon; wait() afterwards.
    void requestStop();
    // Thread-safe. Commands carry increasing serials from the caller; returns the last one.
    quint64 enqueue(QList<VncCommand> commands);
    // Thread-safe: drops every command up to `serial` not yet written (inputDropped follows)
    // and releases whatever mouse buttons and keys the connection holds down.
    void dropInput(quint64 serial);
    // Thread-safe answer to passwordNeeded(); std::nullopt cancels.
    void providePassword(const std::optional<QString> &password);
    // Thread-safe: the receiver of frameReady() is done with one frame signal.
    void frameConsumed();

    // Monotonic milliseconds (steady clock) of the last framebuffer change, 0 if none yet.
    qint64 lastUpdateMs() const { return m_lastUpdateMs.load(); }
    quint64 updateCount() const { return m_updateCount.load(); }
    static qint64 nowMs();

Q_SIGNALS:
    void stateChanged(Proto::Vnc::State state, Proto::Vnc::Error error, const QString &message);
    void connectedTo(const QString &desktopName, const QSize &size);
    void frameReady(const QImage &frame, const QRegion &dirty);
    void resized(const QSize &size);
    void cursorChanged(const QImage &shape, const QPoint &hotspot);
    void clipboardReceived(const QString &text);
    void passwordNeeded();
    void inputWritten(quint64 serial);
    // Commands up to serial were dropped unsent (the connection closed first).
    void inputDropped(quint64 serial);
    void bellRang();

protected:
    void run() override;

private:
    struct Buffer
    {
        QImage image;
        QRegion stale;
    };
    enum class Outcome
    {
        Stopped,
        Dropped,
        Failed
    };

    Outcome connectOnce(Vnc::Error *error, QString *message);
    Outcome runSession(Vnc::Error *error, QString *message);
    void closeClient();
    bool openSocket(Vnc::Error *error, QString *message);
    void configureClient();
    void applyEncodings(); // m_settings' link/encodings/quality into the rfbClient
    bool drainCommands();
    bool applyDrop(quint64 serial);
    bool releaseHeld();
    bool sendPendingText();
    bool sendDesktopSize(const QSize &size);
    void publish();
    bool waitForWake(int timeoutMs);
    void setState(Vnc::State state, Vnc::Error error = Vnc::Error::None, const QString &message = {});

    // libvncclient callbacks (static trampolines find the worker via rfbClientGetClientData).
    static char *onGetPassword(_rfbClient *client);
    static std::int8_t onMallocFrameBuffer(_rfbClient *client);
    static void onGotUpdate(_rfbClient *client, int x, int y, int w, int h);
    static void onFinishedUpdate(_rfbClient *client);
    static void onGotCursorShape(_rfbClient *client, int xhot, int yhot, int width, int height, int bpp);
    static void onGotCutText(_rfbClient *client, const char *text, int length);
    static void onGotCutTextUtf8(_rfbClient *client, const char *text, int length);
    static void onBell(_rfbClient *client);
    static VncWorker *self(_rfbClient *client);

    const QString m_host;
    const quint16 m_port;
    Vnc::Settings m_settings;
    QByteArray m_encodings;

    _rfbClient *m_client = nullptr; // connection thread only
    QImage m_lastCursor;
    QRegion m_dirty;
    std::vector<Buffer> m_pool;
    size_t m_nextVictim = 0;
    bool m_deferred = false;
    QList<VncCommand> m_local; // drained, not yet written
    QList<quint32> m_pendingText; // keysyms still to type
    quint64 m_pendingTextSerial = 0;
    quint64 m_writtenSerial = 0;
    quint64 m_droppedSerial = 0; // the last drop applied
    int m_heldButtons = 0; // as last sent to the server
    QPoint m_pointer; // the last pointer position sent
    QList<quint32> m_heldKeys; // keysyms sent down and not yet up
    bool m_passwordAsked = false;

    int m_wakeRead = -1;
    int m_wakeWrite = -1;
    QMutex m_sockMutex;
    int m_sock = -1;

    QMutex m_queueMutex;
    QList<VncCommand> m_queue;
    quint64 m_dropRequest = 0; // guarded by m_queueMutex
    std::atomic<quint64> m_lastSerial { 0 };

    QMutex m_passwordMutex;
    QWaitCondition m_passwordCondition;
    QString m_password;
    bool m_passwordAnswered = false;
    std::optional<QString> m_passwordAnswer;

    std::atomic<bool> m_stop { false };
    std::atomic<int> m_inFlight { 0 };
    std::atomic<qint64> m_lastUpdateMs { 0 };
    std::atomic<quint64> m_updateCount { 0 };
};

} // namespace Proto
