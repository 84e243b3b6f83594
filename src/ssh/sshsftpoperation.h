#pragma once

#include "fileinfo.h"
#include "sshhandles.h"
#include "sshoperation.h"

namespace Proto {

// A short SFTP request (or a few): stat, list, mkdir, remove, rename. Each runs in one step.
class SshSftpOperation final : public SshOperation
{
public:
    enum class Kind
    {
        Stat,
        List,
        MakeDirectory,
        Remove,
        Rename,
        Canonical
    };

    SshSftpOperation(Kind kind, const QString &path, const QString &target = {}, bool flag = false);

    bool step(SshContext &ctx) override;
    void cancel(SshContext &ctx) override;
    void abort(SshContext &ctx, MachineJob::Error error, const QString &message) override;

    // Shared by the transfers.
    static MachineJob::Error mapError(int sftpError);
    static FileInfo toFileInfo(sftp_attributes attributes, const QString &path);
    static QString parentOf(const QString &path);
    static QString nameOf(const QString &path);
    // Stat with symlinks followed, but the link itself reported as a Symlink.
    static bool statPath(sftp_session sftp, const QString &path, FileInfo *info, int *sftpError);
    static bool makePath(sftp_session sftp, const QString &path, int *sftpError);
    // Runs a short command over a blocking exec channel; its exit code, or -1.
    static int runCommand(ssh_session session, const QByteArray &command);

private:
    bool removeTree(sftp_session sftp, const QString &path, int depth, int *sftpError);
    void fail(SshContext &ctx, sftp_session sftp, const QString &what);

    Kind m_kind;
    QString m_path;
    QString m_target;
    bool m_flag;
};

} // namespace Proto
