#include "freezingproxy.h"
#include "sshconnection.h"
#include "sshmachine.h"
#include "sshtestsupport.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Proto;
using namespace ProtoTest;

class TestSshReconnect : public QObject
{
    Q_OBJECT

    std::unique_ptr<SshTestEnvironment> m_env;

    QByteArray run(SshMachine &machine, const QString &command, MachineJob::Error *error = nullptr)
    {
        std::unique_ptr<CommandJob> job(machine.run(CommandSpec { command, {}, {}, 0, {}, false }));
        QByteArray out;
        connect(job.get(), &CommandJob::stdoutData, this, [&out](const QByteArray &d) { out += d; });
        waitForJob(job.get());
        if (error)
            *error = job->error();
        return out;
    }

private Q_SLOTS:
    void init()
    {
        m_env = std::make_unique<SshTestEnvironment>();
        PROTO_REQUIRE_PEER(m_env->start(), m_env->sshd.errorString());
    }
    void cleanup() { m_env.reset(); }

    void serverKilledMidSessionThenBack()
    {
        SshMachineConfig config = m_env->config();
        config.reconnectAttempts = 8;
        SshMachine machine(config);
        QList<Machine::State> states;
        connect(&machine, &Machine::stateChanged, this, [&states](Machine::State s) { states << s; });
        QCOMPARE(run(machine, QStringLiteral("echo before")), QByteArray("before\n"));

        // In flight when the server dies: a command and a download.
        std::unique_ptr<CommandJob> sleeper(
            machine.run(CommandSpec { QStringLiteral("echo started; sleep 60"), {}, {}, 0, {}, false }));
        QByteArray sleeperOut;
        connect(sleeper.get(), &CommandJob::stdoutData, this,
            [&sleeperOut](const QByteArray &d) { sleeperOut += d; });
        QVERIFY(waitUntil([&] { return sleeperOut.contains("started"); }));

        QElapsedTimer timer;
        timer.start();
        m_env->sshd.stop();
        QVERIFY(waitForJob(sleeper.get(), 10000));
        QCOMPARE(sleeper->error(), MachineJob::Error::ConnectionLost);
        QVERIFY2(sleeper->errorString().contains(QStringLiteral("lost")), qPrintable(sleeper->errorString()));
        QVERIFY(timer.elapsed() < 5000);
        QVERIFY(waitUntil([&] { return machine.state() == Machine::State::Reconnecting; }, 5000));

        // A command issued while reconnecting waits for the connection to come back.
        std::unique_ptr<CommandJob> waiting(
            machine.run(CommandSpec { QStringLiteral("echo after"), {}, {}, 0, {}, false }));
        QByteArray waitingOut;
        connect(waiting.get(), &CommandJob::stdoutData, this,
            [&waitingOut](const QByteArray &d) { waitingOut += d; });
        QTest::qWait(500);
        QVERIFY(!waiting->isFinished());
        QVERIFY(m_env->sshd.restart());
        QVERIFY(waitForJob(waiting.get(), 30000));
        QCOMPARE(waiting->error(), MachineJob::Error::None);
        QCOMPARE(waitingOut, QByteArray("after\n"));
        QCOMPARE(machine.state(), Machine::State::Connected);
        QVERIFY(states.contains(Machine::State::Reconnecting));
        QCOMPARE(states.last(), Machine::State::Connected);
    }

    void transferInFlightFailsCleanly()
    {
        SshMachine machine(m_env->config());
        QTemporaryDir local;
        QCOMPARE(
            run(machine, QStringLiteral("head -c 300000000 /dev/zero > /tmp/proto-reconnect.bin; echo ok")),
            QByteArray("ok\n"));
        const QString target = local.filePath(QStringLiteral("partial.bin"));
        std::unique_ptr<FileJob> down(machine.download(QStringLiteral("/tmp/proto-reconnect.bin"), target));
        bool killed = false;
        connect(down.get(), &MachineJob::progress, this, [&](qint64 done, qint64) {
            if (done > 0 && !killed) {
                killed = true;
                m_env->sshd.stop();
            }
        });
        QVERIFY(waitForJob(down.get(), 20000));
        QVERIFY(killed);
        QCOMPARE(down->error(), MachineJob::Error::ConnectionLost);
        QVERIFY(!QFile::exists(target));
        QFile::remove(QStringLiteral("/tmp/proto-reconnect.bin"));
    }

    void givesUpAfterTheAttempts()
    {
        SshMachineConfig config = m_env->config();
        config.reconnectAttempts = 2;
        SshMachine machine(config);
        QCOMPARE(run(machine, QStringLiteral("echo up")), QByteArray("up\n"));
        m_env->sshd.stop();
        QVERIFY(waitUntil([&] { return machine.state() == Machine::State::Failed; }, 20000));
        QVERIFY2(
            machine.stateMessage().contains(QStringLiteral("refused")), qPrintable(machine.stateMessage()));
        // A new operation tries again (and works once the server is back).
        QVERIFY(m_env->sshd.restart());
        MachineJob::Error error = MachineJob::Error::Failed;
        QCOMPARE(run(machine, QStringLiteral("echo again"), &error), QByteArray("again\n"));
        QCOMPARE(error, MachineJob::Error::None);
    }

    void keepaliveKeepsAnIdleConnection()
    {
        SshMachineConfig config = m_env->config();
        // 300 ms: three missed replies (900 ms) is a dead link, not a busy 2-core test machine.
        config.keepaliveIntervalMs = 300;
        SshMachine machine(config);
        QCOMPARE(run(machine, QStringLiteral("echo one")), QByteArray("one\n"));
        QList<Machine::State> states;
        connect(&machine, &Machine::stateChanged, this, [&states](Machine::State s) { states << s; });
        QTest::qWait(3600); // a dozen keepalives, answered
        QCOMPARE(machine.state(), Machine::State::Connected);
        QVERIFY(states.isEmpty()); // never dropped
        QCOMPARE(run(machine, QStringLiteral("echo two")), QByteArray("two\n"));
        QVERIFY(m_env->sshd.sshdLog().contains(QStringLiteral("Accepted publickey")));
    }

    void silentDropIsDetectedByKeepalives()
    {
        FreezingProxy proxy(m_env->sshd.port());
        SshMachineConfig config = m_env->config();
        config.port = proxy.port();
        config.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::AcceptNew;
        config.keepaliveIntervalMs = 200;
        SshMachine machine(config);
        QCOMPARE(run(machine, QStringLiteral("echo up")), QByteArray("up\n"));
        std::unique_ptr<CommandJob> sleeper(
            machine.run(CommandSpec { QStringLiteral("echo started; sleep 60"), {}, {}, 0, {}, false }));
        QByteArray out;
        connect(sleeper.get(), &CommandJob::stdoutData, this, [&out](const QByteArray &d) { out += d; });
        QVERIFY(waitUntil([&] { return out.contains("started"); }));
        proxy.freezeExisting();
        QElapsedTimer timer;
        timer.start();
        QVERIFY(waitForJob(sleeper.get(), 10000));
        QCOMPARE(sleeper->error(), MachineJob::Error::ConnectionLost);
        QVERIFY2(
            sleeper->errorString().contains(QStringLiteral("keepalive")), qPrintable(sleeper->errorString()));
        QVERIFY(timer.elapsed() < 5000);
        // A new connection through the proxy flows again.
        QCOMPARE(run(machine, QStringLiteral("echo again")), QByteArray("again\n"));
        QCOMPARE(machine.state(), Machine::State::Connected);
    }

    void explicitDisconnectAndConnect()
    {
        SshMachine machine(m_env->config());
        machine.connectToHost();
        QVERIFY(waitUntil([&] { return machine.state() == Machine::State::Connected; }));
        std::unique_ptr<CommandJob> job(
            machine.run(CommandSpec { QStringLiteral("sleep 60"), {}, {}, 0, {}, false }));
        QTest::qWait(300);
        machine.disconnectFromHost();
        QVERIFY(waitForJob(job.get(), 5000));
        QCOMPARE(job->error(), MachineJob::Error::Cancelled);
        QVERIFY(waitUntil([&] { return machine.state() == Machine::State::Disconnected; }));
        QCOMPARE(run(machine, QStringLiteral("echo back")), QByteArray("back\n")); // connects again on demand
    }

    void destroyingTheMachineEndsJobs()
    {
        auto machine = std::make_unique<SshMachine>(m_env->config());
        std::unique_ptr<CommandJob> job(
            machine->run(CommandSpec { QStringLiteral("sleep 60"), {}, {}, 0, {}, false }));
        QTest::qWait(300);
        QElapsedTimer timer;
        timer.start();
        machine.reset();
        QVERIFY(timer.elapsed() < 2000);
        QVERIFY(waitForJob(job.get(), 2000));
        QCOMPARE(job->error(), MachineJob::Error::ConnectionLost);
    }
};

QTEST_GUILESS_MAIN(TestSshReconnect)
#include "tst_sshreconnect.moc"
