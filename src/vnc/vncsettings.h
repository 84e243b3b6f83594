#pragma once

#include <QMetaType>
#include <QObject>
#include <QPoint>
#include <QString>

namespace Proto::Vnc {
Q_NAMESPACE

enum class State
{
    Disconnected, // not started, or stopped by the caller
    Connecting, // first connection and handshake under way
    Connected,
    Reconnecting, // the connection dropped; retrying with backoff
    Failed, // gave up; error() says why
};
Q_ENUM_NS(State)

enum class Error
{
    None,
    ConnectionRefused, // nothing listens on host:port
    HostNotFound, // the name did not resolve
    NetworkError, // unreachable, timed out, reset
    AuthenticationFailed, // the server refused the password
    PasswordRequired, // the server wants a password and none was given
    UnsupportedSecurity, // the server offers no security type we speak
    ServerClosed, // the server ended the session
    ProtocolError, // the server sent something we could not decode
};
Q_ENUM_NS(Error)

// How the bytes travel; picks encodings. A tunnel ends on 127.0.0.1 yet crosses a slow link:
// the caller says so with Lan or Slow.
enum class Link
{
    Auto, // Loopback for 127.0.0.1/::1/localhost, Lan otherwise
    Loopback, // raw + copyrect: no encoding work at either end
    Lan, // zrle/hextile, lossless, light compression
    Slow, // tight with JPEG at jpegQuality, zrle fallback, compression level 3
};
Q_ENUM_NS(Link)

// RFB pointer button mask bits.
enum Button : int
{
    LeftButton = 1,
    MiddleButton = 2,
    RightButton = 4,
    WheelUp = 8,
    WheelDown = 16,
    WheelLeft = 32,
    WheelRight = 64,
};

struct Settings
{
    Link link = Link::Auto;
    QString encodings; // overrides the link's choice, libvncclient syntax: "tight zrle copyrect"
    int jpegQuality = 6; // 0-9 for Slow links; -1 = lossless everywhere
    int compressLevel = -1; // 0-9, -1 = the link's default
    bool shared = true; // leave other viewers connected
    bool remoteCursor = true; // ask for the cursor shape instead of having it drawn in the frame
    int connectTimeoutMs = 10000;
    int reconnectAttempts = 10; // after a dropped session; 0 = never reconnect
    int reconnectInitialDelayMs = 250;
    int reconnectMaxDelayMs = 5000;
};

// What the agent (or any caller of the high-level input API) just did, for overlays and logs.
struct Action
{
    enum class Kind
    {
        Move,
        Click,
        Press,
        Release,
        Scroll,
        Keys,
        Type
    };
    Kind kind = Kind::Move;
    QPoint position; // framebuffer coordinates (Move/Click/Press/Release/Scroll)
    int button = 0; // Button bit
    int count = 0; // clicks, or scroll steps
    QString text; // key combination or typed text
};

} // namespace Proto::Vnc

Q_DECLARE_METATYPE(Proto::Vnc::Action)
