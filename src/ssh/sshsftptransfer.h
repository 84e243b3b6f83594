#pragma once

#include "machine.h"
#include "sshhandles.h"
#include "sshoperation.h"

#include <QFile>
#include <QSaveFile>

#include <deque>
#include <memory>

namespace Proto {

// Moves file contents over SFTP with many requests in flight (sftp_aio_begin_read/write), a
// bounded amount per step so that other channels keep flowing: whole-file reads into memory,
// writes from memory, downloads to and uploads from the local disk. Writes and uploads go to a
// temporary file beside the target that is renamed over it at the end; downloads go through
// QSaveFile: a cancelled or failed transfer leaves no partial file.
class SshSftpTransfer final : public SshOperation
{
public:
    enum class Kind
    {
        Read,
        Write,
        Download,
        Upload
    };

    static std::unique_ptr<SshSftpTransfer> read(const QString &path, qint64 offset, qint64 length);
    static std::unique_ptr<SshSftpTransfer> write(
        const QString &path, const QByteArray &data, const Machine::WriteOptions &options);
    static std::unique_ptr<SshSftpTransfer> download(const QString &remotePath, const QString &localPath);
    static std::unique_ptr<SshSftpTransfer> upload(const QString &localPath, const QString &remotePath);
    ~SshSftpTransfer() override;

    static constexpr qint64 kMaxReadIntoMemory = qint64(1) << 30;

    bool step(SshContext &ctx) override;
    void cancel(SshContext &ctx) override;
    void abort(SshContext &ctx, MachineJob::Error error, const QString &message) override;

private:
    explicit SshSftpTransfer(Kind kind);
    enum class Stage
    {
        Open,
        Transfer,
        Close
    };
    struct Request
    {
        sftp_aio aio = nullptr;
        qint64 length = 0;
    };
    // Lanes: the same remote file opened on further SFTP sessions of the connection; requests
    // go to them in turn, each at its own offset.
    void openLanes(SshContext &ctx, int flags);
    sftp_file nextLaneFile(qint64 offset);

    bool open(SshContext &ctx, sftp_session sftp);
    bool openForReading(SshContext &ctx, sftp_session sftp);
    bool openForWriting(SshContext &ctx, sftp_session sftp);
    bool transferRead(SshContext &ctx);
    bool transferWrite(SshContext &ctx);
    bool close(SshContext &ctx, sftp_session sftp);
    void fail(SshContext &ctx, sftp_session sftp, MachineJob::Error error, const QString &message);
    void failFromSftp(SshContext &ctx, sftp_session sftp, const QString &what);
    void dropRequests(bool wait);
    void cleanUp(sftp_session sftp);
    void reportProgress(SshContext &ctx, bool force);

    Kind m_kind;
    Stage m_stage = Stage::Open;
    QString m_remotePath;
    QString m_localPath;
    QString m_tempPath; // remote temporary file for atomic writes and uploads
    qint64 m_offset = 0;
    qint64 m_length = -1; // read: wanted bytes, -1 to the end
    QByteArray m_data; // read result / write source
    Machine::WriteOptions m_options;
    int m_keepPermissions = -1;

    SshHandles::SftpFile m_file;
    std::vector<SshHandles::SftpFile> m_laneFiles; // lanes 1.. (lane 0 is m_file)
    size_t m_nextLane = 0;
    std::deque<Request> m_requests;
    qint64 m_chunk = 32768;
    qint64 m_requested = 0; // bytes asked for (read) or sent (write)
    qint64 m_done = 0; // bytes received (read) or acknowledged (write)
    qint64 m_total = -1;
    bool m_eof = false;
    bool m_discarding = false;
    QByteArray m_buffer;
    std::unique_ptr<QSaveFile> m_saveFile;
    std::unique_ptr<QFile> m_sourceFile;
    qint64 m_lastProgress = -1;
    Clock::time_point m_lastProgressAt;
};

} // namespace Proto
