#include "localfileops.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QLoggingCategory>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Proto::LocalFileOps {

namespace {

using Error = MachineJob::Error;

constexpr qint64 ChunkSize = 1 << 20;

QString tr(const char *text)
{
    return QCoreApplication::translate("LocalMachine", text);
}

QByteArray encode(const QString &path)
{
    return QFile::encodeName(path);
}

Result failure(Error error, const QString &message)
{
    Result r;
    r.error = error;
    r.message = message;
    return r;
}

Result fromErrno(int err, const QString &path)
{
    return failure(errorFromErrno(err), path + QStringLiteral(": ") + qt_error_string(err));
}

Result cancelled()
{
    return failure(Error::Cancelled, MachineJob::describe(Error::Cancelled));
}

QString parentOf(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(u'/');
    if (slash <= 0)
        return QStringLiteral("/");
    return path.left(slash);
}

QString fileNameOf(const QString &path)
{
    return path.mid(path.lastIndexOf(u'/') + 1);
}

// Rejects what no POSIX call would make sense of, before touching the disk.
bool checkPath(const QString &path, Result *error)
{
    if (path.isEmpty() || !path.startsWith(u'/')) {
        *error = failure(Error::NotFound, tr("Not an absolute path: %1").arg(path));
        return false;
    }
    if (path.contains(QChar(0))) {
        *error = failure(Error::NotFound, tr("Path contains a NUL character"));
        return false;
    }
    return true;
}

class NameCache
{
public:
    QString user(uid_t uid)
    {
        auto it = m_users.constFind(uid);
        if (it != m_users.constEnd())
            return *it;
        QString name = QString::number(uid);
        passwd pw {};
        passwd *found = nullptr;
        char buffer[4096];
        if (getpwuid_r(uid, &pw, buffer, sizeof buffer, &found) == 0 && found)
            name = QString::fromLocal8Bit(found->pw_name);
        m_users.insert(uid, name);
        return name;
    }
    QString group(gid_t gid)
    {
        auto it = m_groups.constFind(gid);
        if (it != m_groups.constEnd())
            return *it;
        QString name = QString::number(gid);
        group_t gr {};
        group_t *found = nullptr;
        char buffer[4096];
        if (getgrgid_r(gid, &gr, buffer, sizeof buffer, &found) == 0 && found)
            name = QString::fromLocal8Bit(found->gr_name);
        m_groups.insert(gid, name);
        return name;
    }

private:
    using group_t = struct group;
    QHash<uid_t, QString> m_users;
    QHash<gid_t, QString> m_groups;
};

QDateTime modifiedTime(const struct stat &st)
{
#if defined(Q_OS_DARWIN)
    const auto &ts = st.st_mtimespec;
#else
    const auto &ts = st.st_mtim;
#endif
    return QDateTime::fromMSecsSinceEpoch(qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000);
}

FileInfo::Type typeOf(mode_t mode)
{
    if (S_ISREG(mode))
        return FileInfo::Type::File;
    if (S_ISDIR(mode))
        return FileInfo::Type::Directory;
    if (S_ISLNK(mode))
        return FileInfo::Type::Symlink;
    return FileInfo::Type::Other;
}

QString readLink(int dirFd, const QByteArray &name)
{
    QByteArray target(PATH_MAX, Qt::Uninitialized);
    const ssize_t n = readlinkat(dirFd, name.constData(), target.data(), size_t(target.size()));
    if (n < 0)
        return {};
    target.truncate(n);
    return QFile::decodeName(target);
}

// lst: the lstat of the entry; for a symlink, its target's stat fills size, time, mode and
// owner when the target exists (the type stays Symlink).
FileInfo makeInfo(const QString &path, const struct stat &lst, const struct stat *target,
    const QString &linkTarget, NameCache &names)
{
    const struct stat &st = target ? *target : lst;
    FileInfo info;
    info.path = path;
    info.name = path == u"/" ? path : fileNameOf(path);
    info.type = typeOf(lst.st_mode);
    info.size = qint64(st.st_size);
    info.modified = modifiedTime(st);
    info.permissions = uint(st.st_mode & 07777);
    info.owner = names.user(st.st_uid);
    info.group = names.group(st.st_gid);
    info.symlinkTarget = linkTarget;
    return info;
}

bool writeAll(Control &control, int fd, const QByteArray &data, int *err)
{
    const char *p = data.constData();
    qint64 left = data.size();
    control.total = left;
    while (left > 0) {
        if (control.cancelled)
            return false;
        const ssize_t n = ::write(fd, p, size_t(std::min(left, ChunkSize)));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *err = errno;
            return false;
        }
        p += n;
        left -= n;
        control.done += n;
    }
    return true;
}

int defaultUmask()
{
    static const int mask = [] {
        QFile status(QStringLiteral("/proc/self/status"));
        if (status.open(QIODevice::ReadOnly)) {
            const QList<QByteArray> lines = status.readAll().split('\n');
            for (const QByteArray &line : lines) {
                if (line.startsWith("Umask:")) {
                    bool ok = false;
                    const int value = line.mid(6).trimmed().toInt(&ok, 8);
                    if (ok)
                        return value;
                }
            }
        }
        return 022;
    }();
    return mask;
}

Result makeParents(const QString &directory)
{
    struct stat st {};
    if (::stat(encode(directory).constData(), &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return fromErrno(ENOTDIR, directory);
        return {};
    }
    if (errno != ENOENT)
        return fromErrno(errno, directory);
    if (directory != u"/") {
        Result parent = makeParents(parentOf(directory));
        if (parent.error != Error::None)
            return parent;
    }
    if (::mkdir(encode(directory).constData(), 0777) != 0 && errno != EEXIST)
        return fromErrno(errno, directory);
    return {};
}

int openTemporary(const QString &directory, const QString &name, QByteArray *tempPath)
{
    *tempPath
        = encode(directory == u"/" ? QString() : directory) + "/." + encode(name).left(200) + ".proto-XXXXXX";
    return mkostemp(tempPath->data(), O_CLOEXEC);
}

Result writeInPlace(Control &control, const QString &path, const QByteArray &data, mode_t mode)
{
    const int fd = ::open(encode(path).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return fromErrno(errno, path);
    int err = 0;
    const bool ok = writeAll(control, fd, data, &err);
    ::close(fd);
    if (!ok)
        return err ? fromErrno(err, path) : cancelled();
    return {};
}

Result removeTree(Control &control, const QString &path)
{
    if (control.cancelled)
        return cancelled();
    struct stat st {};
    const QByteArray native = encode(path);
    if (::lstat(native.constData(), &st) != 0)
        return fromErrno(errno, path);
    if (!S_ISDIR(st.st_mode)) {
        if (::unlink(native.constData()) != 0)
            return fromErrno(errno, path);
        return {};
    }
    DIR *dir = ::opendir(native.constData());
    if (!dir)
        return fromErrno(errno, path);
    QStringList children;
    while (dirent *entry = ::readdir(dir)) {
        const char *n = entry->d_name;
        if (qstrcmp(n, ".") == 0 || qstrcmp(n, "..") == 0)
            continue;
        children.append(QFile::decodeName(n));
    }
    ::closedir(dir);
    for (const QString &child : std::as_const(children)) {
        Result r = removeTree(control, path == u"/" ? QString(u'/' + child) : QString(path + u'/' + child));
        if (r.error != Error::None)
            return r;
    }
    if (::rmdir(native.constData()) != 0)
        return fromErrno(errno, path);
    return {};
}

} // namespace

MachineJob::Error errorFromErrno(int error)
{
    switch (error) {
    case 0:
        return Error::None;
    case ENOENT:
        return Error::NotFound;
    case EACCES:
    case EPERM:
    case EROFS:
        return Error::PermissionDenied;
    case EEXIST:
        return Error::AlreadyExists;
    case EISDIR:
        return Error::IsADirectory;
    case ENOTDIR:
        return Error::NotADirectory;
    case EFBIG:
    case ENAMETOOLONG:
        return Error::TooLarge;
    case ECANCELED:
        return Error::Cancelled;
    case ETIMEDOUT:
        return Error::Timeout;
    case ENOTSUP:
        return Error::NotSupported;
    default:
        return Error::Failed;
    }
}

Result readFile(Control &control, const QString &path, qint64 offset, qint64 length)
{
    Result r;
    if (!checkPath(path, &r))
        return r;
    if (offset < 0)
        return failure(Error::Failed, tr("Negative offset %1 for %2").arg(offset).arg(path));
    // O_NONBLOCK: opening a FIFO must not wait for a writer; cleared again below.
    const int fd = ::open(encode(path).constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return fromErrno(errno, path);
    auto closeFd = qScopeGuard([fd] { ::close(fd); });
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        return fromErrno(errno, path);
    if (S_ISDIR(st.st_mode))
        return fromErrno(EISDIR, path);
    if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
        return failure(Error::NotSupported, tr("%1: not a regular file").arg(path));
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    const bool regular = S_ISREG(st.st_mode);
    qint64 wanted = length;
    if (regular) {
        const qint64 available = std::max<qint64>(0, qint64(st.st_size) - offset);
        wanted = length < 0 ? available : std::min(length, available);
    }
    if (wanted > MaxReadBytes)
        return failure(Error::TooLarge,
            tr("%1: reading %2 bytes at once is more than the limit of %3")
                .arg(path)
                .arg(wanted)
                .arg(MaxReadBytes));
    if (offset > 0 && ::lseek(fd, off_t(offset), SEEK_SET) < 0)
        return fromErrno(errno, path);
    control.total = wanted;
    QByteArray data;
    if (wanted > 0)
        data.reserve(wanted);
    // /proc files report size 0 but have content: read to EOF when the size is unknown.
    const bool toEof = length < 0;
    qint64 limit = toEof ? MaxReadBytes + 1 : wanted;
    char buffer[64 * 1024];
    while (qint64(data.size()) < limit) {
        if (control.cancelled)
            return cancelled();
        const qint64 chunk = std::min<qint64>(qint64(sizeof buffer), limit - data.size());
        const ssize_t n = ::read(fd, buffer, size_t(chunk));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return fromErrno(errno, path);
        }
        if (n == 0)
            break;
        data.append(buffer, n);
        control.done = data.size();
    }
    if (qint64(data.size()) > MaxReadBytes)
        return failure(
            Error::TooLarge, tr("%1 is larger than the read limit of %2 bytes").arg(path).arg(MaxReadBytes));
    r.data = std::move(data);
    return r;
}

Result writeFile(Control &control, const QString &requestedPath, const QByteArray &data,
    const Machine::WriteOptions &options)
{
    Result r;
    if (!checkPath(requestedPath, &r))
        return r;
    QString path = QDir::cleanPath(requestedPath);
    if (path == u"/")
        return fromErrno(EISDIR, path);
    if (options.createParents) {
        Result parents = makeParents(parentOf(path));
        if (parents.error != Error::None)
            return parents;
    }
    struct stat lst {};
    if (::lstat(encode(path).constData(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
        // Write through the symlink (as editors do), not over it.
        char resolved[PATH_MAX];
        if (::realpath(encode(path).constData(), resolved))
            path = QFile::decodeName(resolved);
    }
    struct stat st {};
    const bool exists = ::stat(encode(path).constData(), &st) == 0;
    if (!exists && errno != ENOENT)
        return fromErrno(errno, path);
    if (exists && S_ISDIR(st.st_mode))
        return fromErrno(EISDIR, path);
    mode_t mode = exists ? (st.st_mode & 07777) : mode_t(0666 & ~defaultUmask());
    if (options.permissions >= 0)
        mode = mode_t(options.permissions & 07777);

    if (!options.atomic || (exists && !S_ISREG(st.st_mode))) {
        r = writeInPlace(control, path, data, mode);
    } else {
        const QString directory = parentOf(path);
        QByteArray tempPath;
        const int fd = openTemporary(directory, fileNameOf(path), &tempPath);
        if (fd < 0) {
            const int err = errno;
            // A writable file in a read-only folder: no temporary file can go beside it.
            if (err == EACCES && exists && ::access(encode(path).constData(), W_OK) == 0)
                r = writeInPlace(control, path, data, mode);
            else
                return fromErrno(err, err == ENOENT ? directory : path);
        } else {
            int err = 0;
            bool ok = writeAll(control, fd, data, &err);
            if (ok && ::fchmod(fd, mode) != 0)
                err = errno, ok = false;
            if (ok && exists && (st.st_uid != ::geteuid() || st.st_gid != ::getegid()))
                (void)!::fchown(fd, st.st_uid, st.st_gid); // best effort: keep the owner when we may
            if (ok && ::fsync(fd) != 0)
                err = errno, ok = false;
            if (::close(fd) != 0 && ok)
                err = errno, ok = false;
            if (ok && ::rename(tempPath.constData(), encode(path).constData()) != 0)
                err = errno, ok = false;
            if (!ok) {
                ::unlink(tempPath.constData());
                return err ? fromErrno(err, path) : cancelled();
            }
        }
    }
    if (r.error != Error::None)
        return r;
    Result info = stat(path);
    if (info.error == Error::None)
        r.info = info.info;
    return r;
}

Result list(Control &control, const QString &directory)
{
    Result r;
    if (!checkPath(directory, &r))
        return r;
    const QString base = QDir::cleanPath(directory);
    DIR *dir = ::opendir(encode(base).constData());
    if (!dir)
        return fromErrno(errno, base);
    auto closeDir = qScopeGuard([dir] { ::closedir(dir); });
    const int dirFd = ::dirfd(dir);
    NameCache names;
    int count = 0;
    errno = 0;
    while (dirent *entry = ::readdir(dir)) {
        const char *n = entry->d_name;
        if (qstrcmp(n, ".") == 0 || qstrcmp(n, "..") == 0)
            continue;
        if ((++count & 255) == 0 && control.cancelled)
            return cancelled();
        const QByteArray name(n);
        struct stat lst {};
        if (::fstatat(dirFd, n, &lst, AT_SYMLINK_NOFOLLOW) != 0)
            continue; // removed while listing
        QString linkTarget;
        if (S_ISLNK(lst.st_mode))
            linkTarget = readLink(dirFd, name);
        const QString decoded = QFile::decodeName(name);
        r.entries.append(makeInfo(base == u"/" ? QString(u'/' + decoded) : QString(base + u'/' + decoded),
            lst, nullptr, linkTarget, names));
    }
    std::sort(r.entries.begin(), r.entries.end(),
        [](const FileInfo &a, const FileInfo &b) { return a.name < b.name; });
    return r;
}

Result stat(const QString &requestedPath)
{
    Result r;
    if (!checkPath(requestedPath, &r))
        return r;
    const QString path = QDir::cleanPath(requestedPath);
    const QByteArray native = encode(path);
    struct stat lst {};
    if (::lstat(native.constData(), &lst) != 0)
        return fromErrno(errno, path);
    NameCache names;
    if (S_ISLNK(lst.st_mode)) {
        struct stat target {};
        const bool resolved = ::stat(native.constData(), &target) == 0;
        r.info = makeInfo(path, lst, resolved ? &target : nullptr, readLink(AT_FDCWD, native), names);
    } else {
        r.info = makeInfo(path, lst, nullptr, {}, names);
    }
    return r;
}

Result makeDirectory(const QString &requestedPath, bool parents)
{
    Result r;
    if (!checkPath(requestedPath, &r))
        return r;
    const QString path = QDir::cleanPath(requestedPath);
    if (parents)
        r = makeParents(path);
    else if (::mkdir(encode(path).constData(), 0777) != 0)
        return fromErrno(errno, path);
    if (r.error == Error::None)
        r.info = stat(path).info;
    return r;
}

Result remove(Control &control, const QString &requestedPath, bool recursive)
{
    Result r;
    if (!checkPath(requestedPath, &r))
        return r;
    const QString path = QDir::cleanPath(requestedPath);
    if (path == u"/")
        return failure(Error::PermissionDenied, tr("Refusing to remove /"));
    const QByteArray native = encode(path);
    struct stat st {};
    if (::lstat(native.constData(), &st) != 0)
        return fromErrno(errno, path);
    if (!S_ISDIR(st.st_mode)) {
        if (::unlink(native.constData()) != 0)
            return fromErrno(errno, path);
        return r;
    }
    if (recursive)
        return removeTree(control, path);
    if (::rmdir(native.constData()) != 0) {
        const int err = errno;
        if (err == ENOTEMPTY || err == EEXIST)
            return failure(Error::Failed, tr("%1: directory not empty").arg(path));
        return fromErrno(err, path);
    }
    return r;
}

Result rename(Control &control, const QString &fromPath, const QString &toPath)
{
    Result r;
    if (!checkPath(fromPath, &r) || !checkPath(toPath, &r))
        return r;
    const QString from = QDir::cleanPath(fromPath);
    const QString to = QDir::cleanPath(toPath);
    const QByteArray nativeFrom = encode(from);
    const QByteArray nativeTo = encode(to);
    struct stat st {};
    if (::lstat(nativeFrom.constData(), &st) != 0)
        return fromErrno(errno, from);
#if defined(Q_OS_LINUX)
    if (::renameat2(AT_FDCWD, nativeFrom.constData(), AT_FDCWD, nativeTo.constData(), RENAME_NOREPLACE)
        == 0) {
        r.info = stat(to).info;
        return r;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != EXDEV)
        return fromErrno(errno, errno == EEXIST ? to : from);
    const int firstErr = errno;
#else
    const int firstErr = 0;
#endif
    struct stat existing {};
    if (::lstat(nativeTo.constData(), &existing) == 0)
        return fromErrno(EEXIST, to);
    if (firstErr != EXDEV && ::rename(nativeFrom.constData(), nativeTo.constData()) == 0) {
        r.info = stat(to).info;
        return r;
    }
    if (firstErr != EXDEV && errno != EXDEV)
        return fromErrno(errno, from);
    // Another file system: copy, then remove the original (regular files only).
    if (!S_ISREG(st.st_mode))
        return failure(Error::NotSupported, tr("Cannot move %1 to another file system").arg(from));
    r = copyFile(control, from, to);
    if (r.error != Error::None)
        return r;
    if (::unlink(nativeFrom.constData()) != 0)
        return fromErrno(errno, from);
    return r;
}

Result copyFile(Control &control, const QString &fromPath, const QString &toPath)
{
    Result r;
    if (!checkPath(fromPath, &r) || !checkPath(toPath, &r))
        return r;
    const QString from = QDir::cleanPath(fromPath);
    const QString to = QDir::cleanPath(toPath);
    const int in = ::open(encode(from).constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (in < 0)
        return fromErrno(errno, from);
    auto closeIn = qScopeGuard([in] { ::close(in); });
    struct stat st {};
    if (::fstat(in, &st) != 0)
        return fromErrno(errno, from);
    if (S_ISDIR(st.st_mode))
        return fromErrno(EISDIR, from);
    if (!S_ISREG(st.st_mode))
        return failure(Error::NotSupported, tr("%1: not a regular file").arg(from));
    ::fcntl(in, F_SETFL, ::fcntl(in, F_GETFL) & ~O_NONBLOCK);
    struct stat dst {};
    if (::stat(encode(to).constData(), &dst) == 0 && S_ISDIR(dst.st_mode))
        return fromErrno(EISDIR, to);
    const QString directory = parentOf(to);
    QByteArray tempPath;
    const int out = openTemporary(directory, fileNameOf(to), &tempPath);
    if (out < 0) {
        const int err = errno;
        return fromErrno(err, err == ENOENT ? directory : to);
    }
    control.total = qint64(st.st_size);
    QByteArray buffer(ChunkSize, Qt::Uninitialized);
    int err = 0;
    bool ok = true;
    for (;;) {
        if (control.cancelled) {
            ok = false;
            break;
        }
        const ssize_t n = ::read(in, buffer.data(), size_t(buffer.size()));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            err = errno, ok = false;
            break;
        }
        if (n == 0)
            break;
        const char *p = buffer.constData();
        ssize_t left = n;
        while (left > 0) {
            const ssize_t w = ::write(out, p, size_t(left));
            if (w < 0) {
                if (errno == EINTR)
                    continue;
                err = errno, ok = false;
                break;
            }
            p += w;
            left -= w;
        }
        if (!ok)
            break;
        control.done += n;
    }
    if (ok && ::fchmod(out, st.st_mode & 07777) != 0)
        err = errno, ok = false;
    if (ok && ::fsync(out) != 0)
        err = errno, ok = false;
    if (::close(out) != 0 && ok)
        err = errno, ok = false;
    if (ok && ::rename(tempPath.constData(), encode(to).constData()) != 0)
        err = errno, ok = false;
    if (!ok) {
        ::unlink(tempPath.constData());
        return err ? fromErrno(err, to) : cancelled();
    }
    r.info = stat(to).info;
    return r;
}

Result canonicalPath(const QString &requestedPath)
{
    Result r;
    if (!checkPath(requestedPath, &r))
        return r;
    char resolved[PATH_MAX];
    if (::realpath(encode(requestedPath).constData(), resolved)) {
        r.info.path = QFile::decodeName(resolved);
        r.info.name = fileNameOf(r.info.path);
        return r;
    }
    if (errno != ENOENT && errno != ENOTDIR)
        return fromErrno(errno, requestedPath);
    // Resolve the longest existing prefix, append the rest lexically.
    const QStringList parts = requestedPath.split(u'/', Qt::SkipEmptyParts);
    for (qsizetype keep = parts.size() - 1; keep >= 0; --keep) {
        const QString prefix = u'/' + parts.mid(0, keep).join(u'/');
        if (::realpath(encode(prefix).constData(), resolved)) {
            const QString base = QFile::decodeName(resolved);
            r.info.path = QDir::cleanPath(base + u'/' + parts.mid(keep).join(u'/'));
            r.info.name = fileNameOf(r.info.path);
            return r;
        }
    }
    return fromErrno(ENOENT, requestedPath);
}

} // namespace Proto::LocalFileOps
