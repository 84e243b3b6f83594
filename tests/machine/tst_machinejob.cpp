#include "filejob.h"

#include <QSignalSpy>
#include <QTest>

using namespace Proto;

namespace {
class ManualJob final : public FileJob
{
public:
    int cancels = 0;

protected:
    void doCancel() override { ++cancels; }
};
} // namespace

class TestMachineJob : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void finishedIsQueuedAndEmittedOnce()
    {
        ManualJob job;
        QSignalSpy spy(&job, &MachineJob::finished);
        job.finish(MachineJob::Error::NotFound);
        job.finish(MachineJob::Error::None); // ignored: the first outcome stands
        QCOMPARE(spy.count(), 0);
        QVERIFY(!job.isFinished());
        QVERIFY(spy.wait(1000));
        QCOMPARE(spy.count(), 1);
        QVERIFY(job.isFinished());
        QCOMPARE(job.error(), MachineJob::Error::NotFound);
        QVERIFY(!job.errorString().isEmpty());
    }

    void cancelStopsWorkAndReportsCancelled()
    {
        ManualJob job;
        QSignalSpy spy(&job, &MachineJob::finished);
        job.cancel();
        job.cancel();
        QCOMPARE(job.cancels, 1);
        QVERIFY(spy.wait(1000));
        QCOMPARE(job.error(), MachineJob::Error::Cancelled);
    }

    void cancelAfterFinishIsIgnored()
    {
        ManualJob job;
        QSignalSpy spy(&job, &MachineJob::finished);
        job.setData(QByteArrayLiteral("x"));
        job.finish();
        job.cancel();
        QVERIFY(spy.wait(1000));
        QCOMPARE(job.cancels, 0);
        QCOMPARE(job.error(), MachineJob::Error::None);
        QCOMPARE(job.data(), QByteArrayLiteral("x"));
    }
};

QTEST_GUILESS_MAIN(TestMachineJob)
#include "tst_machinejob.moc"
