#pragma once

#include <QByteArray>
#include <QLoggingCategory>

#include <atomic>

Q_DECLARE_LOGGING_CATEGORY(lcVnc)

namespace Proto::VncLog {

// Routes libvncclient's rfbClientLog/rfbClientErr into the proto.vnc category (idempotent).
void install();

// The last line libvncclient logged on the calling thread (each connection has its own thread),
// and a way to forget it before a new step.
QByteArray lastLine();

// While *stopping is true, libvncclient's errors on this thread are logged as debug only (a
// connection we shut down ourselves reports "connection reset", which is no news).
void setStopFlag(const std::atomic<bool> *stopping);
void clearLastLine();

} // namespace Proto::VncLog
