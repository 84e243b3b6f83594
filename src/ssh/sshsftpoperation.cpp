#include "sshsftpoperation.h"

#include "sshexecoperation.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>

#include <fcntl.h>
#include <sys/stat.h>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SshMachine", text);
}

QByteArray encoded(const QString &path)
{
    return path.toUtf8();
}

} // namespace

SshSftpOperation::SshSftpOperation(Kind kind, const QString &path, const QString &target, bool flag)
    : m_kind(kind)
    , m_path(path)
    , m_target(target)
    , m_flag(flag)
{ }

MachineJob::Error SshSftpOperation::mapError(int sftpError)
{
    switch (sftpError) {
    case SSH_FX_NO_SUCH_FILE:
    case SSH_FX_NO_SUCH_PATH:
        return MachineJob::Error::NotFound;
    case SSH_FX_PERMISSION_DENIED:
    case SSH_FX_WRITE_PROTECT:
        return MachineJob::Error::PermissionDenied;
    case SSH_FX_FILE_ALREADY_EXISTS:
        return MachineJob::Error::AlreadyExists;
    case SSH_FX_OP_UNSUPPORTED:
        return MachineJob::Error::NotSupported;
    case SSH_FX_NO_CONNECTION:
    case SSH_FX_CONNECTION_LOST:
        return MachineJob::Error::ConnectionLost;
    default:
        return MachineJob::Error::Failed;
    }
}

QString SshSftpOperation::parentOf(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    if (slash < 0)
        return QStringLiteral(".");
    if (slash == 0)
        return QStringLiteral("/");
    return path.left(slash);
}

QString SshSftpOperation::nameOf(const QString &path)
{
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}

FileInfo SshSftpOperation::toFileInfo(sftp_attributes a, const QString &path)
{
    FileInfo info;
    info.path = path;
    info.name = nameOf(path);
    if (info.name.isEmpty())
        info.name = path;
    switch (a->type) {
    case SSH_FILEXFER_TYPE_DIRECTORY:
        info.type = FileInfo::Type::Directory;
        break;
    case SSH_FILEXFER_TYPE_SYMLINK:
        info.type = FileInfo::Type::Symlink;
        break;
    case SSH_FILEXFER_TYPE_REGULAR:
        info.type = FileInfo::Type::File;
        break;
    default:
        info.type = FileInfo::Type::Other;
    }
    info.size = qint64(a->size);
    info.permissions = a->permissions & 07777;
    const qint64 mtime = a->mtime64 ? qint64(a->mtime64) : qint64(a->mtime);
    info.modified = QDateTime::fromSecsSinceEpoch(mtime);
    info.owner = a->owner ? QString::fromUtf8(a->owner) : QString::number(a->uid);
    info.group = a->group ? QString::fromUtf8(a->group) : QString::number(a->gid);
    return info;
}

bool SshSftpOperation::statPath(sftp_session sftp, const QString &path, FileInfo *info, int *sftpError)
{
    SshHandles::SftpAttributes link(sftp_lstat(sftp, encoded(path).constData()));
    if (!link) {
        *sftpError = sftp_get_error(sftp);
        return false;
    }
    *info = toFileInfo(link.get(), path);
    if (info->type == FileInfo::Type::Symlink) {
        if (char *target = sftp_readlink(sftp, encoded(path).constData())) {
            info->symlinkTarget = QString::fromUtf8(target);
            ssh_string_free_char(target);
        }
        SshHandles::SftpAttributes followed(sftp_stat(sftp, encoded(path).constData()));
        if (followed) {
            const FileInfo resolved = toFileInfo(followed.get(), path);
            info->size = resolved.size;
            info->permissions = resolved.permissions;
            info->modified = resolved.modified;
        }
    }
    return true;
}

bool SshSftpOperation::makePath(sftp_session sftp, const QString &path, int *sftpError)
{
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString prefix = path.startsWith(QLatin1Char('/')) ? QString() : QStringLiteral(".");
    for (const QString &part : parts) {
        prefix += QLatin1Char('/') + part;
        SshHandles::SftpAttributes existing(sftp_stat(sftp, encoded(prefix).constData()));
        if (existing) {
            if (existing->type != SSH_FILEXFER_TYPE_DIRECTORY) {
                *sftpError = SSH_FX_FILE_ALREADY_EXISTS;
                return false;
            }
            continue;
        }
        if (sftp_mkdir(sftp, encoded(prefix).constData(), 0755) != 0) {
            *sftpError = sftp_get_error(sftp);
            return false;
        }
    }
    return true;
}

int SshSftpOperation::runCommand(ssh_session session, const QByteArray &command)
{
    SshHandles::Channel channel(ssh_channel_new(session));
    if (!channel || ssh_channel_open_session(channel.get()) != SSH_OK
        || ssh_channel_request_exec(channel.get(), SshExecOperation::shellRequest().constData()) != SSH_OK)
        return -1;
    // The command goes to /bin/sh on stdin, whatever the login shell (fish, csh) would make of it.
    const QByteArray script = command + '\n';
    if (ssh_channel_write(channel.get(), script.constData(), uint32_t(script.size())) != int(script.size()))
        return -1;
    ssh_channel_send_eof(channel.get());
    char buffer[4096];
    for (int stream = 0; stream < 2; ++stream)
        while (ssh_channel_read(channel.get(), buffer, sizeof buffer, stream) > 0) { }
    uint32_t code = 0;
    char *signal = nullptr;
    int core = 0;
    const int rc = ssh_channel_get_exit_state(channel.get(), &code, &signal, &core);
    if (signal) {
        ssh_string_free_char(signal);
        return -1;
    }
    return rc == SSH_OK ? int(code) : -1;
}

void SshSftpOperation::fail(SshContext &ctx, sftp_session sftp, const QString &what)
{
    if (!ctx.sessionAlive())
        return; // the connection thread aborts everything with ConnectionLost
    const int code = sftp_get_error(sftp);
    const MachineJob::Error error = mapError(code);
    finish(ctx, error, what + QStringLiteral(": ") + MachineJob::describe(error));
}

bool SshSftpOperation::removeTree(sftp_session sftp, const QString &path, int depth, int *sftpError)
{
    if (depth > 256) {
        *sftpError = SSH_FX_FAILURE;
        return false;
    }
    SshHandles::SftpAttributes attributes(sftp_lstat(sftp, encoded(path).constData()));
    if (!attributes) {
        *sftpError = sftp_get_error(sftp);
        return false;
    }
    if (attributes->type == SSH_FILEXFER_TYPE_DIRECTORY) {
        QStringList children;
        {
            SshHandles::SftpDir dir(sftp_opendir(sftp, encoded(path).constData()));
            if (!dir) {
                *sftpError = sftp_get_error(sftp);
                return false;
            }
            while (SshHandles::SftpAttributes entry { sftp_readdir(sftp, dir.get()) }) {
                const QString name = QString::fromUtf8(entry->name);
                if (name != QLatin1String(".") && name != QLatin1String(".."))
                    children << path + QLatin1Char('/') + name;
            }
        }
        for (const QString &child : std::as_const(children))
            if (!removeTree(sftp, child, depth + 1, sftpError))
                return false;
        if (sftp_rmdir(sftp, encoded(path).constData()) != 0) {
            *sftpError = sftp_get_error(sftp);
            return false;
        }
        return true;
    }
    if (sftp_unlink(sftp, encoded(path).constData()) != 0) {
        *sftpError = sftp_get_error(sftp);
        return false;
    }
    return true;
}

bool SshSftpOperation::step(SshContext &ctx)
{
    QString error;
    sftp_session sftp = ctx.sftp(&error);
    if (!sftp) {
        if (ctx.sessionAlive())
            finish(ctx, MachineJob::Error::Failed, error);
        return true;
    }
    const QByteArray path = encoded(m_path);
    switch (m_kind) {
    case Kind::Stat: {
        FileInfo info;
        int code = 0;
        if (!statPath(sftp, m_path, &info, &code)) {
            if (!ctx.sessionAlive())
                return true;
            finish(ctx, mapError(code), m_path + QStringLiteral(": ") + MachineJob::describe(mapError(code)));
            return true;
        }
        SshEvent event;
        event.type = SshEvent::Type::Info;
        event.info = info;
        post(ctx, std::move(event));
        finish(ctx);
        return true;
    }
    case Kind::List: {
        SshHandles::SftpDir dir(sftp_opendir(sftp, path.constData()));
        if (!dir) {
            // OpenSSH answers "no such file" for a file that is not a directory: look closer.
            FileInfo info;
            int statCode = 0;
            if (statPath(sftp, m_path, &info, &statCode) && info.type != FileInfo::Type::Directory
                && info.type != FileInfo::Type::Symlink) {
                finish(ctx, MachineJob::Error::NotADirectory,
                    m_path + QStringLiteral(": ") + MachineJob::describe(MachineJob::Error::NotADirectory));
                return true;
            }
            fail(ctx, sftp, m_path);
            return true;
        }
        QList<FileInfo> entries;
        const QString base = m_path.endsWith(QLatin1Char('/')) ? m_path : m_path + QLatin1Char('/');
        while (SshHandles::SftpAttributes entry { sftp_readdir(sftp, dir.get()) }) {
            const QString name = QString::fromUtf8(entry->name);
            if (name == QLatin1String(".") || name == QLatin1String(".."))
                continue;
            FileInfo info = toFileInfo(entry.get(), base + name);
            if (info.type == FileInfo::Type::Symlink) {
                if (char *target = sftp_readlink(sftp, encoded(info.path).constData())) {
                    info.symlinkTarget = QString::fromUtf8(target);
                    ssh_string_free_char(target);
                }
            }
            entries << info;
        }
        if (!sftp_dir_eof(dir.get())) {
            fail(ctx, sftp, m_path);
            return true;
        }
        SshEvent event;
        event.type = SshEvent::Type::Entries;
        event.entries = entries;
        post(ctx, std::move(event));
        finish(ctx);
        return true;
    }
    case Kind::MakeDirectory: {
        if (m_flag) {
            int code = 0;
            if (!makePath(sftp, m_path, &code)) {
                if (ctx.sessionAlive())
                    finish(ctx, mapError(code),
                        m_path + QStringLiteral(": ") + MachineJob::describe(mapError(code)));
                return true;
            }
        } else if (sftp_mkdir(sftp, path.constData(), 0755) != 0) {
            int code = sftp_get_error(sftp);
            // OpenSSH answers a generic failure for an existing path: tell the truth.
            SshHandles::SftpAttributes existing(sftp_lstat(sftp, path.constData()));
            if (existing)
                code = SSH_FX_FILE_ALREADY_EXISTS;
            if (ctx.sessionAlive())
                finish(ctx, mapError(code),
                    m_path + QStringLiteral(": ") + MachineJob::describe(mapError(code)));
            return true;
        }
        finish(ctx);
        return true;
    }
    case Kind::Remove: {
        int code = 0;
        SshHandles::SftpAttributes attributes(sftp_lstat(sftp, path.constData()));
        if (!attributes) {
            fail(ctx, sftp, m_path);
            return true;
        }
        bool ok;
        if (attributes->type == SSH_FILEXFER_TYPE_DIRECTORY && !m_flag) {
            ok = sftp_rmdir(sftp, path.constData()) == 0;
            if (!ok)
                code = sftp_get_error(sftp);
        } else {
            ok = removeTree(sftp, m_path, 0, &code);
        }
        if (!ok) {
            if (ctx.sessionAlive()) {
                QString message = m_path + QStringLiteral(": ") + MachineJob::describe(mapError(code));
                if (attributes->type == SSH_FILEXFER_TYPE_DIRECTORY && !m_flag)
                    message = tr("%1: the directory is not empty (or cannot be removed)").arg(m_path);
                finish(ctx, mapError(code), message);
            }
            return true;
        }
        finish(ctx);
        return true;
    }
    case Kind::Canonical: {
        // realpath on the server; a tail that does not exist yet is appended to the resolved
        // longest existing prefix (so a file about to be created can be checked).
        if (!m_path.startsWith(QLatin1Char('/')) || m_path.contains(QChar(0))) {
            finish(ctx, MachineJob::Error::Failed, tr("%1: not an absolute path").arg(m_path));
            return true;
        }
        const QStringList parts = m_path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
        for (qsizetype keep = parts.size(); keep >= 0; --keep) {
            const QString prefix = QLatin1Char('/') + parts.mid(0, keep).join(QLatin1Char('/'));
            char *resolved = sftp_canonicalize_path(sftp, encoded(prefix).constData());
            if (!resolved) {
                if (!ctx.sessionAlive())
                    return true;
                const int code = sftp_get_error(sftp);
                if (code != SSH_FX_NO_SUCH_FILE && code != SSH_FX_NO_SUCH_PATH) {
                    finish(ctx, mapError(code),
                        m_path + QStringLiteral(": ") + MachineJob::describe(mapError(code)));
                    return true;
                }
                continue;
            }
            QString result = QString::fromUtf8(resolved);
            ssh_string_free_char(resolved);
            if (keep < parts.size())
                result = QDir::cleanPath(result + QLatin1Char('/') + parts.mid(keep).join(QLatin1Char('/')));
            FileInfo info;
            int code = 0;
            if (keep < parts.size() || !statPath(sftp, result, &info, &code)) {
                info = FileInfo {};
                info.path = result;
                info.name = nameOf(result).isEmpty() ? result : nameOf(result);
            }
            SshEvent event;
            event.type = SshEvent::Type::Info;
            event.info = info;
            post(ctx, std::move(event));
            finish(ctx);
            return true;
        }
        finish(ctx, MachineJob::Error::NotFound,
            m_path + QStringLiteral(": ") + MachineJob::describe(MachineJob::Error::NotFound));
        return true;
    }
    case Kind::Rename: {
        SshHandles::SftpAttributes existing(sftp_lstat(sftp, encoded(m_target).constData()));
        if (existing) {
            finish(ctx, MachineJob::Error::AlreadyExists,
                m_target + QStringLiteral(": ") + MachineJob::describe(MachineJob::Error::AlreadyExists));
            return true;
        }
        if (sftp_rename(sftp, path.constData(), encoded(m_target).constData()) != 0) {
            fail(ctx, sftp, m_path);
            return true;
        }
        finish(ctx);
        return true;
    }
    }
    return true;
}

void SshSftpOperation::cancel(SshContext &ctx)
{
    finish(ctx, MachineJob::Error::Cancelled);
}

void SshSftpOperation::abort(SshContext &ctx, MachineJob::Error error, const QString &message)
{
    finish(ctx, error, message);
}

} // namespace Proto
