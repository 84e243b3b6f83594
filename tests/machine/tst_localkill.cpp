// The kill switch on this machine: LocalMachine::killCommands ends every running command's
// process group and the processes of its session that moved to groups of their own, even ones
// that ignore SIGTERM, within a short grace; destroying the machine kills what is left.
#include "localmachine.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

namespace {

bool running(const QString &pattern)
{
    QProcess pgrep;
    pgrep.start(u"pgrep"_s, { u"-f"_s, pattern });
    pgrep.waitForFinished(10000);
    return pgrep.exitStatus() == QProcess::NormalExit && pgrep.exitCode() == 0;
}

QString uniqueSleep()
{
    return u"sleep 500.%1"_s.arg(QRandomGenerator::global()->bounded(100000, 999999));
}

bool waitFinished(MachineJob *job, int ms = 10000)
{
    return job->isFinished() || QTest::qWaitFor([job] { return job->isFinished(); }, ms);
}

} // namespace

class TestLocalKill : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QProcess probe;
        probe.start(u"pgrep"_s, { u"--version"_s });
        QVERIFY2(probe.waitForFinished(10000) && probe.exitCode() == 0, "pgrep (procps) missing");
    }

    void killCommandsEndsGroupAndSession()
    {
        LocalMachine machine; // its usual grace (2 s) is shortened for the kill switch
        const QString inGroup = uniqueSleep();
        const QString ownGroup = uniqueSleep();
        const QString stubborn = uniqueSleep();
        std::unique_ptr<CommandJob> a(
            machine.run(CommandSpec { inGroup + u" & wait"_s, {}, {}, 0, {}, false }));
        std::unique_ptr<CommandJob> b(machine.run(CommandSpec {
            u"perl -e 'setpgrp(0, 0); exec @ARGV' %1 & wait"_s.arg(ownGroup), {}, {}, 0, {}, false }));
        std::unique_ptr<CommandJob> c(machine.run(CommandSpec {
            u"trap '' TERM; perl -e '$SIG{TERM} = \"IGNORE\"; exec @ARGV' %1; echo never"_s.arg(stubborn), {},
            {}, 0, {}, false }));
        QVERIFY(QTest::qWaitFor(
            [&] { return running(inGroup) && running(ownGroup) && running(stubborn); }, 20000));
        machine.killCommands();
        QVERIFY(waitFinished(a.get()));
        QVERIFY(waitFinished(b.get()));
        QVERIFY(waitFinished(c.get()));
        QCOMPARE(a->error(), MachineJob::Error::Cancelled);
        QCOMPARE(b->error(), MachineJob::Error::Cancelled);
        QCOMPARE(c->error(), MachineJob::Error::Cancelled);
        QVERIFY(QTest::qWaitFor(
            [&] { return !running(inGroup) && !running(ownGroup) && !running(stubborn); }, 3000));
        // Commands started afterwards run.
        std::unique_ptr<CommandJob> d(machine.run(CommandSpec { u"exit 3"_s, {}, {}, 0, {}, false }));
        QVERIFY(waitFinished(d.get()));
        QCOMPARE(d->error(), MachineJob::Error::None);
        QCOMPARE(d->exitCode(), 3);
    }

    void destroyingTheMachineKillsItsCommands()
    {
        const QString sleep = uniqueSleep();
        std::unique_ptr<CommandJob> job;
        {
            LocalMachine machine;
            job.reset(machine.run(CommandSpec { sleep + u"; echo never"_s, {}, {}, 0, {}, false }));
            QVERIFY(QTest::qWaitFor([&] { return running(sleep); }, 20000));
        }
        QVERIFY(QTest::qWaitFor([&] { return !running(sleep); }, 3000));
        QVERIFY(waitFinished(job.get()));
        QCOMPARE(job->error(), MachineJob::Error::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestLocalKill)
#include "tst_localkill.moc"
