#include "vnclog.h"

#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <rfb/rfbclient.h>

Q_LOGGING_CATEGORY(lcVnc, "proto.vnc")

namespace Proto::VncLog {

namespace {

thread_local QByteArray t_lastLine;
thread_local const std::atomic<bool> *t_stopping = nullptr;

QByteArray formatLine(const char *format, va_list args)
{
    char buffer[1024];
    const int n = std::vsnprintf(buffer, sizeof buffer, format, args);
    if (n < 0)
        return {};
    QByteArray line(buffer, qMin<int>(n, int(sizeof buffer) - 1));
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return line;
}

// libvncclient declares these as printf-like variadic function pointers.
void logInfo(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    const QByteArray line = formatLine(format, args);
    va_end(args);
    if (line.isEmpty())
        return;
    t_lastLine = line;
    qCDebug(lcVnc).noquote() << "libvncclient:" << QString::fromLocal8Bit(line);
}

void logError(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    const QByteArray line = formatLine(format, args);
    va_end(args);
    if (line.isEmpty())
        return;
    t_lastLine = line;
    if (t_stopping && t_stopping->load())
        qCDebug(lcVnc).noquote() << "libvncclient (stopping):" << QString::fromLocal8Bit(line);
    else
        qCWarning(lcVnc).noquote() << "libvncclient:" << QString::fromLocal8Bit(line);
}

} // namespace

void install()
{
    static std::once_flag once;
    std::call_once(once, [] {
        rfbClientLog = &logInfo;
        rfbClientErr = &logError;
    });
}

QByteArray lastLine()
{
    return t_lastLine;
}

void setStopFlag(const std::atomic<bool> *stopping)
{
    t_stopping = stopping;
}

void clearLastLine()
{
    t_lastLine.clear();
}

} // namespace Proto::VncLog
