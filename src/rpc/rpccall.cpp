#include "rpccall.h"

#include <QMetaObject>

namespace Proto {

RpcCall::RpcCall(qint64 id, const QString &method, QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_method(method)
{ }

RpcCall::~RpcCall() = default;

void RpcCall::finishWithResult(const QJsonValue &result)
{
    if (m_finished)
        return;
    m_result = result;
    queueFinished();
}

void RpcCall::finishWithError(Error error, const QString &message, int code, const QJsonValue &data)
{
    if (m_finished)
        return;
    m_error = error;
    m_errorMessage = message;
    m_errorCode = code;
    m_errorData = data;
    queueFinished();
}

void RpcCall::queueFinished()
{
    m_finished = true;
    QMetaObject::invokeMethod(this, [this] { Q_EMIT finished(); }, Qt::QueuedConnection);
}

} // namespace Proto
