#include "localfilejob.h"

#include <QPromise>
#include <QThreadPool>

namespace Proto {

LocalFileJob::LocalFileJob(QThreadPool *pool, Operation operation, bool reportsProgress, QObject *parent)
    : FileJob(parent)
    , m_control(std::make_shared<LocalFileOps::Control>())
{
    auto promise = std::make_shared<QPromise<LocalFileOps::Result>>();
    connect(&m_watcher, &QFutureWatcher<LocalFileOps::Result>::finished, this, &LocalFileJob::onWorkDone);
    m_watcher.setFuture(promise->future());
    promise->start();
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this, &LocalFileJob::reportProgress);
    if (reportsProgress)
        m_progressTimer.start();
    pool->start([promise, control = m_control, operation = std::move(operation)] {
        promise->addResult(operation(*control));
        promise->finish();
    });
}

LocalFileJob::~LocalFileJob()
{
    m_control->cancelled = true;
}

void LocalFileJob::doCancel()
{
    m_control->cancelled = true;
}

void LocalFileJob::reportProgress()
{
    const qint64 done = m_control->done;
    if (done == m_lastDone)
        return;
    m_lastDone = done;
    Q_EMIT progress(done, m_control->total);
}

void LocalFileJob::onWorkDone()
{
    m_progressTimer.stop();
    if (m_control->cancelled) {
        finish(Error::Cancelled);
        return;
    }
    const LocalFileOps::Result result = m_watcher.future().result();
    if (result.error == Error::None) {
        reportProgress();
        setData(result.data);
        setEntries(result.entries);
        setInfo(result.info);
    }
    finish(result.error, result.message);
}

} // namespace Proto
