#pragma once

#include <QByteArray>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcVnc)

namespace Proto::VncLog {

// Routes libvncclient's rfbClientLog/rfbClientErr into the proto.vnc category (idempotent).
void install();

// The last line libvncclient logged on the calling thread (each connection has its own thread),
// and a way to forget it before a new step.
QByteArray lastLine();
void clearLastLine();

} // namespace Proto::VncLog
