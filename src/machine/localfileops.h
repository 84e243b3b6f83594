#pragma once

#include "fileinfo.h"
#include "machine.h"
#include "machinejob.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <atomic>

namespace Proto::LocalFileOps {

// Shared between a LocalFileJob (GUI thread) and the worker doing the I/O.
struct Control
{
    std::atomic<bool> cancelled { false };
    std::atomic<qint64> done { 0 };
    std::atomic<qint64> total { -1 };
};

struct Result
{
    MachineJob::Error error = MachineJob::Error::None;
    QString message;
    QByteArray data;
    QList<FileInfo> entries;
    FileInfo info;
};

// Blocking POSIX implementations, run on a worker thread. Errors carry the errno mapped to
// MachineJob::Error and a message naming the path. Cancellation is checked between chunks;
// a cancelled write or copy removes its temporary file before returning.
Result readFile(Control &control, const QString &path, qint64 offset, qint64 length);
Result writeFile(
    Control &control, const QString &path, const QByteArray &data, const Machine::WriteOptions &options);
Result list(Control &control, const QString &directory);
Result stat(const QString &path);
Result makeDirectory(const QString &path, bool parents);
Result remove(Control &control, const QString &path, bool recursive);
Result rename(Control &control, const QString &from, const QString &to);
Result copyFile(Control &control, const QString &from, const QString &to);
Result canonicalPath(const QString &path);

// The largest read kept in memory (a longer length fails with TooLarge).
constexpr qint64 MaxReadBytes = qint64(1) << 30;

MachineJob::Error errorFromErrno(int error);

} // namespace Proto::LocalFileOps
