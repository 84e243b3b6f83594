// Commands that outlive their connection (CommandSpec::survivesDisconnect): the real sshd
// fixture's connections are cut under them (dropConnections kills each connection's sshd
// processes, as a network drop ends them) and the client reconnects and follows on.
#include "freezingproxy.h"
#include "persistentshell.h"
#include "sshmachine.h"
#include "sshshellchannel.h"
#include "sshtestsupport.h"

#include <QProcess>
#include <QTest>

using namespace Proto;
using namespace ProtoTest;

namespace {

struct Output
{
    QByteArray out;
    QByteArray err;
};

void collect(CommandJob *job, Output *output)
{
    QObject::connect(job, &CommandJob::stdoutData, job, [output](const QByteArray &d) { output->out += d; });
    QObject::connect(job, &CommandJob::stderrData, job, [output](const QByteArray &d) { output->err += d; });
}

// Whether a process whose command line contains `needle` runs on this computer (the fixture's
// server is this computer).
bool processRuns(const QString &needle)
{
    QProcess pgrep;
    pgrep.start(QStringLiteral("pgrep"), { QStringLiteral("-f"), needle });
    pgrep.waitForFinished(5000);
    return pgrep.exitCode() == 0;
}

} // namespace

class TestSshDurable : public QObject
{
    Q_OBJECT

    std::unique_ptr<SshTestEnvironment> m_env;

    SshMachineConfig config() const
    {
        SshMachineConfig c = m_env->config();
        c.reconnectAttempts = 8;
        return c;
    }

    static CommandSpec durable(const QString &command)
    {
        CommandSpec spec;
        spec.command = command;
        spec.survivesDisconnect = true;
        return spec;
    }

    QByteArray plainRun(SshMachine &machine, const QString &command)
    {
        std::unique_ptr<CommandJob> job(machine.run(CommandSpec { command, {}, {}, 0, {}, false }));
        Output o;
        collect(job.get(), &o);
        waitForJob(job.get());
        return o.out;
    }

private Q_SLOTS:
    void init()
    {
        m_env = std::make_unique<SshTestEnvironment>();
        PROTO_REQUIRE_PEER(m_env->start(), m_env->sshd.errorString());
    }
    void cleanup() { m_env.reset(); }

    void runsLikeAPlainCommand()
    {
        SshMachine machine(config());
        const QString listJobs = QStringLiteral("ls \"$HOME/.cache/proto-desktop/jobs\" 2>/dev/null");
        const QByteArray jobsBefore = plainRun(machine, listJobs);
        {
            std::unique_ptr<CommandJob> job(
                machine.run(durable(QStringLiteral("echo out; echo err >&2; cd /tmp && pwd; exit 3"))));
            Output o;
            collect(job.get(), &o);
            QVERIFY(waitForJob(job.get()));
            QCOMPARE(job->error(), MachineJob::Error::None);
            QCOMPARE(o.out, QByteArray("out\n/tmp\n"));
            QCOMPARE(o.err, QByteArray("err\n"));
            QCOMPARE(job->exitCode(), 3);
        }
        {
            // A signal is reported as a signal; stdin given up front reaches the command.
            std::unique_ptr<CommandJob> job(machine.run(durable(QStringLiteral("kill -TERM $$"))));
            QVERIFY(waitForJob(job.get()));
            QCOMPARE(job->exitSignal(), 15);
            CommandSpec spec = durable(QStringLiteral("tr a-z A-Z"));
            spec.stdinData = "abc\n";
            std::unique_ptr<CommandJob> upper(machine.run(spec));
            Output o;
            collect(upper.get(), &o);
            QVERIFY(waitForJob(upper.get()));
            QCOMPARE(o.out, QByteArray("ABC\n"));
            QCOMPARE(upper->exitCode(), 0);
        }
        // Every finished job's folder is gone from the server.
        QVERIFY(waitUntil([&] { return plainRun(machine, listJobs) == jobsBefore; }));
    }

    void outputGoesOnAfterTheLinkDrops()
    {
        SshMachine machine(config());
        QList<Machine::State> states;
        connect(&machine, &Machine::stateChanged, this, [&states](Machine::State s) { states << s; });
        std::unique_ptr<CommandJob> job(machine.run(
            durable(QStringLiteral("echo one; sleep 1; for i in 2 3 4; do echo $i; echo e$i >&2; sleep 0.2; "
                                   "done; exit 7"))));
        Output o;
        collect(job.get(), &o);
        QVERIFY(waitUntil([&] { return o.out.contains("one"); }));
        m_env->sshd.dropConnections();
        QVERIFY(waitForJob(job.get(), 30000));
        QCOMPARE(job->error(), MachineJob::Error::None);
        // Everything exactly once: what was delivered before the drop is not repeated.
        QCOMPARE(o.out, QByteArray("one\n2\n3\n4\n"));
        QCOMPARE(o.err, QByteArray("e2\ne3\ne4\n"));
        QCOMPARE(job->exitCode(), 7);
        QVERIFY(states.contains(Machine::State::Reconnecting));
    }

    void plainCommandsStillFailOnADrop()
    {
        SshMachine machine(config());
        std::unique_ptr<CommandJob> job(
            machine.run(CommandSpec { QStringLiteral("echo go; sleep 30"), {}, {}, 0, {}, false }));
        Output o;
        collect(job.get(), &o);
        QVERIFY(waitUntil([&] { return o.out.contains("go"); }));
        m_env->sshd.dropConnections();
        QVERIFY(waitForJob(job.get(), 15000));
        QCOMPARE(job->error(), MachineJob::Error::ConnectionLost);
    }

    void stdinGoesOnAfterTheLinkDrops()
    {
        SshMachine machine(config());
        CommandSpec spec = durable(QStringLiteral("echo ready; read a; echo \"$a\"; read b; echo \"$b\""));
        spec.keepStdinOpen = true;
        std::unique_ptr<CommandJob> job(machine.run(spec));
        Output o;
        collect(job.get(), &o);
        QVERIFY(waitUntil([&] { return o.out.contains("ready"); }));
        job->writeStdin("first\n");
        QVERIFY(waitUntil([&] { return o.out.contains("first"); }));
        m_env->sshd.dropConnections();
        job->writeStdin("second\n"); // written while the link is down: sent after the reconnect
        QVERIFY(waitForJob(job.get(), 30000));
        QCOMPARE(job->error(), MachineJob::Error::None);
        QCOMPARE(o.out, QByteArray("ready\nfirst\nsecond\n"));
        QCOMPARE(job->exitCode(), 0);
    }

    void stdinWrittenIntoASilentlyDeadLinkIsSentAgain()
    {
        // A laptop that sleeps: the link stops carrying bytes but nothing is closed, and the
        // client finds out only when keepalives go unanswered. What it wrote meanwhile is lost
        // in the dead connection; the server's log of stdin says how much arrived.
        FreezingProxy proxy(m_env->sshd.port());
        SshMachineConfig c = config();
        c.port = proxy.port();
        c.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::AcceptNew;
        c.keepaliveIntervalMs = 300;
        c.keepaliveCountMax = 2;
        SshMachine machine(c);
        CommandSpec spec = durable(QStringLiteral("echo ready; read a; echo \"$a\"; read b; echo \"$b\""));
        spec.keepStdinOpen = true;
        std::unique_ptr<CommandJob> job(machine.run(spec));
        Output o;
        collect(job.get(), &o);
        QVERIFY(waitUntil([&] { return o.out.contains("ready"); }));
        job->writeStdin("first\n");
        QVERIFY(waitUntil([&] { return o.out.contains("first"); }));
        proxy.freezeExisting();
        job->writeStdin("second\n"); // into the frozen link
        QVERIFY(waitForJob(job.get(), 30000));
        QCOMPARE(job->error(), MachineJob::Error::None);
        QCOMPARE(o.out, QByteArray("ready\nfirst\nsecond\n"));
    }

    void closingStdinEndsTheCommand()
    {
        SshMachine machine(config());
        CommandSpec spec = durable(QStringLiteral("wc -l"));
        spec.keepStdinOpen = true;
        std::unique_ptr<CommandJob> job(machine.run(spec));
        Output o;
        collect(job.get(), &o);
        job->writeStdin("a\nb\nc\n");
        job->closeStdin();
        QVERIFY(waitForJob(job.get(), 15000));
        QCOMPARE(o.out.trimmed(), QByteArray("3"));
    }

    void cancelKillsTheRemoteCommand()
    {
        SshMachine machine(config());
        std::unique_ptr<CommandJob> job(machine.run(durable(QStringLiteral("echo up; sleep 97.25"))));
        Output o;
        collect(job.get(), &o);
        QVERIFY(waitUntil([&] { return o.out.contains("up"); }));
        QVERIFY(processRuns(QStringLiteral("sleep 97.25")));
        job->cancel();
        QVERIFY(waitForJob(job.get(), 10000));
        QCOMPARE(job->error(), MachineJob::Error::Cancelled);
        QVERIFY(waitUntil([] { return !processRuns(QStringLiteral("sleep 97.25")); }, 5000));
    }

    void cancelWhileDisconnectedKillsOnceBack()
    {
        SshMachine machine(config());
        std::unique_ptr<CommandJob> job(machine.run(durable(QStringLiteral("echo up; sleep 96.75"))));
        Output o;
        collect(job.get(), &o);
        QVERIFY(waitUntil([&] { return o.out.contains("up"); }));
        // The server goes away altogether (sshd and its session processes); the supervised
        // command is not one of them.
        m_env->sshd.stop();
        QVERIFY(waitUntil([&] { return machine.state() == Machine::State::Reconnecting; }, 10000));
        QVERIFY(processRuns(QStringLiteral("sleep 96.75")));
        machine.killCommands(); // the kill switch while the link is down
        QVERIFY(m_env->sshd.restart());
        QVERIFY(waitForJob(job.get(), 30000));
        QCOMPARE(job->error(), MachineJob::Error::Cancelled);
        QVERIFY(waitUntil([] { return !processRuns(QStringLiteral("sleep 96.75")); }, 5000));
    }

    void persistentShellKeepsItsStateAcrossADrop()
    {
        SshMachine machine(config());
        PersistentShell shell(&machine, QStringLiteral("/tmp"));
        auto run = [&shell](const QString &command, Output *o, std::function<void()> whileRunning = {}) {
            std::unique_ptr<CommandJob> job(shell.run(command, 30000));
            collect(job.get(), o);
            if (whileRunning)
                whileRunning();
            waitForJob(job.get(), 40000);
            return job->error();
        };
        Output first;
        QCOMPARE(run(QStringLiteral(
                         "export PROTO_DURABLE_X=42; mkdir -p /tmp/proto-durable; cd /tmp/proto-durable"),
                     &first),
            MachineJob::Error::None);
        // A command running while the link drops finishes, with all of its output.
        Output second;
        QCOMPARE(run(QStringLiteral("echo a; sleep 1.5; echo b"), &second,
                     [&] {
                         QVERIFY(waitUntil([&] { return second.out.contains("a"); }));
                         m_env->sshd.dropConnections();
                     }),
            MachineJob::Error::None);
        QCOMPARE(second.out, QByteArray("a\nb\n"));
        // The same shell: its variables and folder are still there.
        m_env->sshd.dropConnections();
        Output third;
        QCOMPARE(run(QStringLiteral("echo $PROTO_DURABLE_X $PWD"), &third), MachineJob::Error::None);
        QCOMPARE(third.out, QByteArray("42 /tmp/proto-durable\n"));
    }

    void terminalShellComesBackInTmux()
    {
        SshMachine machine(config());
        const QString name = QStringLiteral("proto-test-%1").arg(QCoreApplication::applicationPid());
        auto openShell = [&](Output *o) {
            ShellChannel *shell = machine.openShell(
                100, 30, QStringLiteral("xterm-256color"), QStringLiteral("/tmp"), this, name);
            connect(shell, &ShellChannel::output, this, [o](const QByteArray &d) { o->out += d; });
            return shell;
        };
        Output first;
        ShellChannel *shell = openShell(&first);
        bool ended = false;
        connect(shell, &ShellChannel::finished, this, [&ended] { ended = true; });
        shell->sendInput("export PROTO_TERM_X=77; echo set-$((40+2))\r");
        QVERIFY2(waitUntil([&] { return first.out.contains("set-42"); }), first.out.right(500).constData());
        QVERIFY(shell->keepsRunning());
        m_env->sshd.dropConnections();
        QVERIFY(waitUntil([&] { return ended; }));
        QVERIFY(shell->connectionLost());
        delete shell;

        // The same name after the reconnect: the same shell, its variable still set.
        Output second;
        ShellChannel *again = openShell(&second);
        again->sendInput("echo value-$PROTO_TERM_X-$PWD\r");
        QVERIFY2(waitUntil([&] { return second.out.contains("value-77-/tmp"); }),
            second.out.right(500).constData());
        delete again;

        // A closed tab ends its kept shell.
        const QString has
            = QStringLiteral("tmux has-session -t =%1 2>/dev/null && echo kept || echo gone").arg(name);
        QCOMPARE(plainRun(machine, has).trimmed(), QByteArray("kept"));
        machine.forgetShell(name);
        QVERIFY(waitUntil([&] { return plainRun(machine, has).trimmed() == "gone"; }, 10000));
    }

    void tmuxCommandIsSafeForEveryLoginShell()
    {
        QCOMPARE(SshShellChannel::tmuxCommand(QStringLiteral("proto-1a"), QStringLiteral("/srv/it's here")),
            QByteArray(
                "exec tmux new-session -A -s proto-1a -c '/srv/it'\\''s here' ';' set-option status off ';' "
                "set-option mouse on"));
        QVERIFY(SshShellChannel::tmuxCommand(QStringLiteral("x;rm -rf ~"), QStringLiteral("/tmp")).isEmpty());
        QVERIFY(SshShellChannel::tmuxCommand(QStringLiteral("a b"), QStringLiteral("/tmp")).isEmpty());
        QVERIFY(SshShellChannel::tmuxCommand(QStringLiteral("-t"), QStringLiteral("/tmp")).isEmpty());
        // csh's history and newlines are left out: tmux starts in the login folder then.
        QVERIFY(!SshShellChannel::tmuxCommand(QStringLiteral("p"), QStringLiteral("/a!b")).contains("-c"));
        QVERIFY(!SshShellChannel::tmuxCommand(QStringLiteral("p"), QStringLiteral("/a\nb")).contains("-c"));
    }
};

QTEST_GUILESS_MAIN(TestSshDurable)
#include "tst_sshdurable.moc"
