#include "machinejob.h"

#include <QCoreApplication>
#include <QMetaObject>

namespace Proto {

MachineJob::MachineJob(QObject *parent)
    : QObject(parent)
{ }

MachineJob::~MachineJob() = default;

void MachineJob::cancel()
{
    if (m_finished || m_finishQueued || m_cancelRequested)
        return;
    m_cancelRequested = true;
    doCancel();
    if (!cancelFinishesLater())
        finish(Error::Cancelled, describe(Error::Cancelled));
}

void MachineJob::finish(Error error, const QString &message)
{
    if (m_finished || m_finishQueued)
        return;
    m_finishQueued = true;
    m_error = error;
    m_errorString = message.isEmpty() && error != Error::None ? describe(error) : message;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_finished = true;
            Q_EMIT finished();
        },
        Qt::QueuedConnection);
}

QString MachineJob::describe(Error error)
{
    switch (error) {
    case Error::None:
        return {};
    case Error::NotFound:
        return QCoreApplication::translate("MachineJob", "No such file or directory");
    case Error::PermissionDenied:
        return QCoreApplication::translate("MachineJob", "Permission denied");
    case Error::AlreadyExists:
        return QCoreApplication::translate("MachineJob", "Already exists");
    case Error::IsADirectory:
        return QCoreApplication::translate("MachineJob", "Is a directory");
    case Error::NotADirectory:
        return QCoreApplication::translate("MachineJob", "Not a directory");
    case Error::TooLarge:
        return QCoreApplication::translate("MachineJob", "Too large");
    case Error::Timeout:
        return QCoreApplication::translate("MachineJob", "Timed out");
    case Error::Cancelled:
        return QCoreApplication::translate("MachineJob", "Cancelled");
    case Error::ConnectionLost:
        return QCoreApplication::translate("MachineJob", "Connection lost");
    case Error::NotSupported:
        return QCoreApplication::translate("MachineJob", "Not supported on this machine");
    case Error::Failed:
        return QCoreApplication::translate("MachineJob", "Failed");
    }
    return {};
}

} // namespace Proto
