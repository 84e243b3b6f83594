#pragma once

#include "filejob.h"
#include "localfileops.h"

#include <QFutureWatcher>
#include <QTimer>

#include <functional>
#include <memory>

class QThreadPool;

namespace Proto {

// A FileJob whose blocking POSIX work runs on a worker thread of LocalMachine's pool.
// Progress is sampled ten times a second; cancel() sets a flag the worker checks between
// chunks, and finished(Cancelled) follows once the worker has cleaned up (no partial file).
// Deleting the job while it runs cancels the work, which then ends on its own.
class LocalFileJob final : public FileJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalFileJob)

public:
    using Operation = std::function<LocalFileOps::Result(LocalFileOps::Control &)>;

    // reportsProgress: sample progress (reads, writes, copies); quick operations skip the timer.
    LocalFileJob(QThreadPool *pool, Operation operation, bool reportsProgress, QObject *parent = nullptr);
    ~LocalFileJob() override;

protected:
    void doCancel() override;
    bool cancelFinishesLater() const override { return true; }

private:
    void reportProgress();
    void onWorkDone();

    std::shared_ptr<LocalFileOps::Control> m_control;
    QFutureWatcher<LocalFileOps::Result> m_watcher;
    QTimer m_progressTimer;
    qint64 m_lastDone = -1;
};

} // namespace Proto
