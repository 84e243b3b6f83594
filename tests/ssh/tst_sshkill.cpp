// Remote commands end when the kill switch says so, or when their connection object goes away:
// SshMachine::killCommands and ~SshMachine kill each command's process group and session on the
// server (the real sshd fixture on this machine, so pgrep sees its processes), and the exec
// wrapper makes every command lead its own session even where the server did not.
#include "sshexecoperation.h"
#include "sshmachine.h"
#include "sshtestsupport.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

using namespace Proto;
using namespace ProtoTest;
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
    return u"sleep 400.%1"_s.arg(QRandomGenerator::global()->bounded(100000, 999999));
}

// The fields of /proc/PID/stat after the command name: state ppid pgrp session ...
QList<QByteArray> statFields(const QByteArray &stat)
{
    const qsizetype close = stat.lastIndexOf(')');
    return close < 0 ? QList<QByteArray> {} : stat.mid(close + 2).trimmed().split(' ');
}

} // namespace

class TestSshKill : public QObject
{
    Q_OBJECT

    std::unique_ptr<SshTestEnvironment> m_env;

    std::unique_ptr<SshMachine> connectedMachine()
    {
        auto machine = std::make_unique<SshMachine>(m_env->config());
        machine->connectToHost();
        if (!waitUntil([&] { return machine->state() == Machine::State::Connected; }, 30000))
            return nullptr;
        return machine;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_env = std::make_unique<SshTestEnvironment>();
        PROTO_REQUIRE_PEER(m_env->start(), m_env->sshd.errorString());
        QProcess probe;
        probe.start(u"pgrep"_s, { u"--version"_s });
        PROTO_REQUIRE_PEER(
            probe.waitForFinished(10000) && probe.exitCode() == 0, u"pgrep (procps) missing"_s);
    }

    void killCommandsEndsGroupAndSession()
    {
        auto machine = connectedMachine();
        QVERIFY(machine);
        const QString inGroup = uniqueSleep();
        const QString ownGroup = uniqueSleep();
        // The second moves itself to a process group of its own (as a job-control shell would):
        // only the session still ties it to the command.
        std::unique_ptr<CommandJob> a(
            machine->run(CommandSpec { inGroup + u" & wait"_s, {}, {}, 0, {}, false }));
        std::unique_ptr<CommandJob> b(machine->run(CommandSpec {
            u"perl -e 'setpgrp(0, 0); exec @ARGV' %1 & wait"_s.arg(ownGroup), {}, {}, 0, {}, false }));
        QVERIFY(waitUntil([&] { return running(inGroup) && running(ownGroup); }, 20000));
        machine->killCommands();
        QVERIFY(waitForJob(a.get(), 10000));
        QVERIFY(waitForJob(b.get(), 10000));
        QCOMPARE(a->error(), MachineJob::Error::Cancelled);
        QCOMPARE(b->error(), MachineJob::Error::Cancelled);
        QVERIFY(waitUntil([&] { return !running(inGroup) && !running(ownGroup); }, 3000));
        // Commands started afterwards run as usual.
        QByteArray out;
        std::unique_ptr<CommandJob> c(machine->run(CommandSpec { u"echo after"_s, {}, {}, 0, {}, false }));
        connect(c.get(), &CommandJob::stdoutData, this, [&out](const QByteArray &d) { out += d; });
        QVERIFY(waitForJob(c.get()));
        QCOMPARE(c->error(), MachineJob::Error::None);
        QCOMPARE(out, QByteArray("after\n"));
    }

    void destroyingTheMachineKillsItsCommands()
    {
        auto machine = connectedMachine();
        QVERIFY(machine);
        const QString sleep = uniqueSleep();
        std::unique_ptr<CommandJob> job(
            machine->run(CommandSpec { sleep + u"; echo never"_s, {}, {}, 0, {}, false }));
        QVERIFY(waitUntil([&] { return running(sleep); }, 20000));
        // As when proto-cli exits at once after the kill switch: the cancel is still queued.
        job->cancel();
        machine.reset();
        QVERIFY2(!running(sleep), "the remote command outlived its connection");
        // Without any cancel: the machine going away is enough.
        auto second = connectedMachine();
        QVERIFY(second);
        const QString other = uniqueSleep();
        std::unique_ptr<CommandJob> left(second->run(CommandSpec { other, {}, {}, 0, {}, false }));
        QVERIFY(waitUntil([&] { return running(other); }, 20000));
        second.reset();
        QVERIFY2(!running(other), "the remote command outlived its connection");
    }

    void wrapperLeadsItsSession_data()
    {
        QTest::addColumn<bool>("alreadyLeader");
        QTest::newRow("started inside another session") << false;
        QTest::newRow("already a session leader (sshd)") << true;
    }

    void wrapperLeadsItsSession()
    {
        // The exec request run by a local /bin/sh (as a login shell would run it), the script on
        // its stdin: the PID it reports leads the session and the process group that the
        // command's own processes are in.
        QFETCH(bool, alreadyLeader);
        QString error;
        const QByteArray script = SshExecOperation::remoteScript(
            CommandSpec { u"cat /proc/self/stat"_s, {}, {}, 0, {}, false }, &error);
        QVERIFY2(!script.isEmpty(), qPrintable(error));
        QProcess shell;
        if (alreadyLeader) {
            QProcess::UnixProcessParameters parameters;
            parameters.flags = QProcess::UnixProcessFlag::CreateNewSession;
            shell.setUnixProcessParameters(parameters);
        }
        shell.start(u"/bin/sh"_s, { u"-c"_s, QString::fromUtf8(SshExecOperation::shellRequest()) });
        QVERIFY(shell.waitForStarted(10000));
        shell.write(script);
        shell.closeWriteChannel();
        const qint64 started = shell.processId();
        QVERIFY(shell.waitForFinished(10000));
        QCOMPARE(shell.exitCode(), 0);
        const QByteArray out = shell.readAllStandardOutput();
        const qsizetype at = out.indexOf("\x1eproto-pid=");
        QVERIFY2(at >= 0, out.constData());
        const qsizetype end = out.indexOf('\x1e', at + 1);
        const QByteArray pid = out.mid(at + 11, end - at - 11);
        QCOMPARE(pid, QByteArray::number(started)); // exec all the way: the same process
        const QList<QByteArray> fields = statFields(out.mid(end + 2));
        QVERIFY2(fields.size() > 4, out.constData());
        QCOMPARE(fields.at(2), pid); // the command's process group
        QCOMPARE(fields.at(3), pid); // and its session
    }

    void killCommandIsBounded()
    {
        // TERM to the group and the session, a short wait, then KILL; nothing else.
        const QByteArray command = SshExecOperation::killCommand(4242);
        QVERIFY(command.startsWith("kill -TERM -- -4242 "));
        QVERIFY(command.contains("pkill -TERM -s 4242"));
        QVERIFY(command.contains("kill -KILL -- -4242"));
        QVERIFY(command.contains("pkill -KILL -s 4242"));
        QVERIFY(command.contains("[ $i -lt 5 ]"));
    }
};

QTEST_GUILESS_MAIN(TestSshKill)
#include "tst_sshkill.moc"
