#include "tooljob.h"

#include <QCoreApplication>

namespace Proto {

ToolJob::ToolJob(QObject *parent)
    : QObject(parent)
{ }

ToolJob::~ToolJob() = default; // child machine jobs are deleted with us, which stops them

void ToolJob::cancel()
{
    if (m_finishQueued || m_cancelRequested)
        return;
    m_cancelRequested = true;
    if (m_cancelHandler) {
        m_cancelHandler();
        return;
    }
    const QList<MachineJob *> jobs = findChildren<MachineJob *>(Qt::FindDirectChildrenOnly);
    for (MachineJob *job : jobs)
        job->cancel();
    fail(QCoreApplication::translate("ToolJob", "Cancelled by the user."));
}

void ToolJob::finish(const ToolResult &result)
{
    if (m_finishQueued)
        return;
    m_finishQueued = true;
    m_result = result;
    if (!m_notes.isEmpty())
        m_result.content.prepend(ToolContent::fromText(m_notes.join(u' ')));
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_finished = true;
            Q_EMIT finished();
        },
        Qt::QueuedConnection);
}

void ToolJob::adopt(MachineJob *job, std::function<void()> onDone)
{
    job->setParent(this);
    connect(job, &MachineJob::finished, this, [this, job, onDone = std::move(onDone)] {
        job->deleteLater();
        if (!m_finishQueued)
            onDone();
    });
}

} // namespace Proto
