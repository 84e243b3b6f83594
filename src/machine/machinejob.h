#pragma once

#include <QObject>
#include <QString>

namespace Proto {

// One asynchronous operation on a Machine (a command, a file read, a listing...).
// Like QNetworkReply: the caller owns the job, connects to finished() and deletes it
// (deleteLater) afterwards. finished() is always emitted from the event loop, never from
// inside the call that created the job, so connecting after creation is always safe.
class MachineJob : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MachineJob)

public:
    enum class Error
    {
        None,
        NotFound,
        PermissionDenied,
        AlreadyExists,
        IsADirectory,
        NotADirectory,
        TooLarge,
        Timeout,
        Cancelled,
        ConnectionLost,
        NotSupported,
        Failed,
    };
    Q_ENUM(Error)

    explicit MachineJob(QObject *parent = nullptr);
    ~MachineJob() override;

    bool isFinished() const { return m_finished; }
    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; }

    // Stops the operation; finished() follows with Error::Cancelled (unless it had already
    // finished). A cancelled write or transfer leaves no partial file behind.
    void cancel();

    static QString describe(Error error);

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    void finished();

protected:
    // For implementations: records the outcome and emits finished() (queued, once).
    void finish(Error error = Error::None, const QString &message = {});
    // For implementations: stop the work. finish() is called by cancel() afterwards, unless
    // cancelFinishesLater() is true: the implementation then calls finish(Error::Cancelled)
    // itself once the work has really stopped (a killed process reaped, a temp file removed).
    virtual void doCancel() { }
    virtual bool cancelFinishesLater() const { return false; }
    bool isCancelRequested() const { return m_cancelRequested; }

private:
    bool m_finished = false;
    bool m_finishQueued = false;
    bool m_cancelRequested = false;
    Error m_error = Error::None;
    QString m_errorString;
};

} // namespace Proto
