#include "privatefiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Proto::PrivateFiles", text);
}

} // namespace

bool PrivateFiles::makeFolder(const QString &path, QString *error)
{
    const QString folder = QDir::cleanPath(QDir(path).absolutePath());
    const bool existed = QFileInfo(folder).isDir();
    if (!existed && !QDir().mkpath(folder)) {
        if (error)
            *error = tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(folder));
        return false;
    }
#ifdef Q_OS_UNIX
    const QByteArray native = QFile::encodeName(folder);
    struct stat st {};
    if (::stat(native.constData(), &st) != 0)
        return true;
    if ((st.st_mode & 077) == 0)
        return true;
    if (existed) {
        const bool shared = (st.st_mode & S_ISVTX) != 0 || st.st_uid != ::geteuid() || folder == u'/'
            || folder == QDir::cleanPath(QDir::homePath());
        if (shared)
            return true;
    }
    if (::chmod(native.constData(), st.st_mode & 0700) != 0) {
        if (error)
            *error = tr("Cannot make the folder %1 private: %2")
                         .arg(QDir::toNativeSeparators(folder), QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
#endif
    return true;
}

bool PrivateFiles::makeFile(const QString &path, bool createEmpty, QString *error)
{
#ifdef Q_OS_UNIX
    const QByteArray native = QFile::encodeName(path);
    if (createEmpty) {
        // O_EXCL: an existing file keeps its contents; it is only tightened below.
        const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0)
            ::close(fd);
    }
    struct stat st {};
    if (::lstat(native.constData(), &st) != 0)
        return !createEmpty;
    if (!S_ISREG(st.st_mode) || (st.st_mode & 077) == 0)
        return true;
    if (::chmod(native.constData(), st.st_mode & 0600) != 0) {
        if (error)
            *error = tr("Cannot make the file %1 private: %2")
                         .arg(QDir::toNativeSeparators(path), QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    return true;
#else
    if (createEmpty && !QFileInfo::exists(path)) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            if (error)
                *error = file.errorString();
            return false;
        }
    }
    return true;
#endif
}

bool PrivateFiles::isPrivate(const QString &path)
{
#ifdef Q_OS_UNIX
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return false;
    return (st.st_mode & 077) == 0;
#else
    Q_UNUSED(path);
    return true;
#endif
}

} // namespace Proto
