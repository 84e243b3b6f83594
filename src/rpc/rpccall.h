#pragma once

#include <QJsonValue>
#include <QObject>
#include <QString>

namespace Proto {

// One request sent by JsonRpcConnection::request(). Like MachineJob: the caller owns it,
// connects to finished() and deletes it afterwards; finished() is always queued, never emitted
// inside request(). Exactly one of result() / error is meaningful once finished.
class RpcCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RpcCall)

public:
    enum class Error
    {
        None,
        Remote, // the peer answered with an error object: errorCode(), errorMessage(), errorData()
        Timeout,
        Cancelled,
        Closed, // the peer went away (the process died) before answering
    };
    Q_ENUM(Error)

    RpcCall(qint64 id, const QString &method, QObject *parent = nullptr);
    ~RpcCall() override;

    qint64 id() const { return m_id; }
    QString method() const { return m_method; }
    bool isFinished() const { return m_finished; }
    Error error() const { return m_error; }
    int errorCode() const { return m_errorCode; }
    QString errorMessage() const { return m_errorMessage; }
    QJsonValue errorData() const { return m_errorData; }
    QJsonValue result() const { return m_result; }

    // For JsonRpcConnection.
    void finishWithResult(const QJsonValue &result);
    void finishWithError(Error error, const QString &message, int code = 0, const QJsonValue &data = {});

Q_SIGNALS:
    void finished();

private:
    void queueFinished();

    qint64 m_id;
    QString m_method;
    QJsonValue m_result;
    QJsonValue m_errorData;
    QString m_errorMessage;
    Error m_error = Error::None;
    int m_errorCode = 0;
    bool m_finished = false;
};

} // namespace Proto
