#include "sshconnection.h"
#include "sshexecoperation.h"
#include "sshmachine.h"
#include "sshtestsupport.h"

#include <QCryptographicHash>
#include <QTest>

using namespace Proto;
using namespace ProtoTest;

namespace {

struct Result
{
    QByteArray out;
    QByteArray err;
    int exitCode = -1;
    int exitSignal = 0;
    bool timedOut = false;
    MachineJob::Error error = MachineJob::Error::Failed;
    QString errorString;
};

} // namespace

class TestSshExec : public QObject
{
    Q_OBJECT

    std::unique_ptr<SshTestEnvironment> m_env;
    std::unique_ptr<SshMachine> m_machine;

    Result run(const CommandSpec &spec, int timeoutMs = 60000)
    {
        Result r;
        std::unique_ptr<CommandJob> job(m_machine->run(spec));
        connect(job.get(), &CommandJob::stdoutData, this, [&r](const QByteArray &d) { r.out += d; });
        connect(job.get(), &CommandJob::stderrData, this, [&r](const QByteArray &d) { r.err += d; });
        if (!waitForJob(job.get(), timeoutMs)) {
            r.errorString = QStringLiteral("job did not finish");
            return r;
        }
        r.exitCode = job->exitCode();
        r.exitSignal = job->exitSignal();
        r.timedOut = job->timedOut();
        r.error = job->error();
        r.errorString = job->errorString();
        return r;
    }
    Result run(const QString &command) { return run(CommandSpec { command, {}, {}, 0, {}, false }); }

    int countProcesses(const QString &pattern)
    {
        const Result r = run(QStringLiteral("pgrep -c -f -- ")
            + QString::fromUtf8(SshExecOperation::shellQuote(pattern.toUtf8())) + QStringLiteral(" || true"));
        return r.out.trimmed().toInt();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_env = std::make_unique<SshTestEnvironment>();
        PROTO_REQUIRE_PEER(m_env->start(), m_env->sshd.errorString());
        m_machine = std::make_unique<SshMachine>(m_env->config());
    }

    void cleanupTestCase()
    {
        m_machine.reset();
        m_env.reset();
    }

    void keyAuthAndEcho()
    {
        const Result r = run(QStringLiteral("echo hello; whoami"));
        QCOMPARE(r.error, MachineJob::Error::None);
        QCOMPARE(r.out, QByteArray("hello\n" + m_env->sshd.user().toUtf8() + '\n'));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(m_machine->state(), Machine::State::Connected);
        QVERIFY(waitUntil([this] { return !m_machine->homePath().isEmpty(); }));
        QVERIFY(m_machine->homePath().startsWith(QLatin1Char('/')));
    }

    void exitCodes_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<int>("code");
        QTest::newRow("true") << QStringLiteral("true") << 0;
        QTest::newRow("false") << QStringLiteral("false") << 1;
        QTest::newRow("42") << QStringLiteral("exit 42") << 42;
        QTest::newRow("255") << QStringLiteral("exit 255") << 255;
        QTest::newRow("not found") << QStringLiteral("no-such-command-proto") << 127;
    }
    void exitCodes()
    {
        QFETCH(QString, command);
        QFETCH(int, code);
        const Result r = run(command);
        QCOMPARE(r.error, MachineJob::Error::None);
        QCOMPARE(r.exitCode, code);
        QCOMPARE(r.exitSignal, 0);
    }

    void stdoutAndStderrApart()
    {
        const Result r = run(QStringLiteral("printf out1; printf err1 >&2; printf out2; printf err2 >&2"));
        QCOMPARE(r.out, QByteArray("out1out2"));
        QCOMPARE(r.err, QByteArray("err1err2"));
    }

    void exitSignals_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<int>("signal");
        QTest::newRow("TERM") << QStringLiteral("kill -TERM $$") << 15;
        QTest::newRow("KILL") << QStringLiteral("kill -KILL $$") << 9;
        QTest::newRow("INT") << QStringLiteral("kill -INT $$") << 2;
    }
    void exitSignals()
    {
        QFETCH(QString, command);
        QFETCH(int, signal);
        const Result r = run(command);
        QCOMPARE(r.error, MachineJob::Error::None);
        QCOMPARE(r.exitSignal, signal);
    }

    void hostileCommandStrings_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("single quotes") << QByteArray("it's 'quoted' ''");
        QTest::newRow("double quotes") << QByteArray("say \"hi\" \"\"");
        QTest::newRow("substitution") << QByteArray("$(touch /tmp/pwned) `id` ${HOME} $$");
        QTest::newRow("newlines and CR") << QByteArray("line1\nline2\r\nline3\r");
        QTest::newRow("separators") << QByteArray("a; b && c || d | e & f > g < h");
        QTest::newRow("backslashes") << QByteArray("\\ \\\\ \\' \\\" \\n");
        QTest::newRow("glob") << QByteArray("* ? [a-z] ~ ~root");
        QTest::newRow("unicode") << QByteArray("héllo wörld ✓ 日本");
        QTest::newRow("leading dash") << QByteArray("-n -e --help");
        QByteArray all;
        for (int c = 1; c < 128; ++c)
            all += char(c);
        QTest::newRow("every ASCII byte but NUL") << all;
    }
    void hostileCommandStrings()
    {
        QFETCH(QByteArray, text);
        // The command line itself is hostile: printf must get exactly this one argument.
        const QString command
            = QStringLiteral("printf '%s' ") + QString::fromUtf8(SshExecOperation::shellQuote(text));
        const Result r = run(command);
        QCOMPARE(r.error, MachineJob::Error::None);
        QCOMPARE(r.out, text);
        QVERIFY(!QFile::exists(QStringLiteral("/tmp/pwned")));
    }

    void nulInCommandIsRefused()
    {
        const Result r = run(QStringLiteral("echo a") + QChar(0) + QStringLiteral("b"));
        QCOMPARE(r.error, MachineJob::Error::Failed);
        QVERIFY(r.errorString.contains(QStringLiteral("NUL")));
    }

    void environmentAndDirectory()
    {
        CommandSpec spec;
        spec.command = QStringLiteral("printf '%s|%s|' \"$FOO\" \"$BAR\"; pwd");
        spec.environment.insert(QStringLiteral("FOO"), QStringLiteral("a b'c $(x) \"q\""));
        spec.environment.insert(QStringLiteral("BAR"), QStringLiteral("line1\nline2"));
        spec.workingDirectory = QStringLiteral("/tmp/dir with 'quote'");
        QDir().mkpath(spec.workingDirectory);
        const Result r = run(spec);
        QCOMPARE(r.error, MachineJob::Error::None);
        QCOMPARE(r.out, QByteArray("a b'c $(x) \"q\"|line1\nline2|/tmp/dir with 'quote'\n"));
    }

    void badEnvironmentName()
    {
        CommandSpec spec;
        spec.command = QStringLiteral("true");
        spec.environment.insert(QStringLiteral("A-B; rm -rf /"), QStringLiteral("x"));
        const Result r = run(spec);
        QCOMPARE(r.error, MachineJob::Error::Failed);
    }

    void missingWorkingDirectory()
    {
        CommandSpec spec;
        spec.command = QStringLiteral("echo never");
        spec.workingDirectory = QStringLiteral("/nonexistent/proto");
        const Result r = run(spec);
        QCOMPARE(r.exitCode, 126);
        QVERIFY(r.out.isEmpty());
        QVERIFY(!r.err.isEmpty());
    }

    void stdinData()
    {
        CommandSpec spec;
        spec.command = QStringLiteral("cat; echo done");
        spec.stdinData = QByteArray("hello\0world\n", 12);
        const Result r = run(spec);
        QCOMPARE(r.out, QByteArray("hello\0world\ndone\n", 17));
    }

    void stdinFollowsABigScript()
    {
        // The script goes to /bin/sh -s on stdin, the command's input after it: with a script
        // far larger than any shell's read buffer (a 100 KB variable; one string may not exceed 128 KB in
        // exec) and input that looks like shell commands, every byte of the input reaches the command and
        // none the shell.
        CommandSpec spec;
        spec.command = QStringLiteral("printf '%s' \"${#BIG}:\"; cat | sha256sum");
        spec.environment.insert(QStringLiteral("BIG"), QString(100 * 1024, QLatin1Char('x')));
        QByteArray input = "echo injected; exit 3\n";
        for (int i = 0; i < 4096; ++i)
            input += QByteArray::number(i) + " }\nexec false\n";
        spec.stdinData = input;
        const Result r = run(spec);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(
            r.out, "102400:" + QCryptographicHash::hash(input, QCryptographicHash::Sha256).toHex() + "  -\n");
    }

    void interactiveStdin()
    {
        CommandSpec spec;
        spec.command = QStringLiteral("read a; echo got:$a; read b; echo got:$b");
        spec.keepStdinOpen = true;
        std::unique_ptr<CommandJob> job(m_machine->run(spec));
        QByteArray out;
        connect(job.get(), &CommandJob::stdoutData, this, [&out](const QByteArray &d) { out += d; });
        job->writeStdin("first\n");
        QVERIFY(waitUntil([&] { return out.contains("got:first"); }));
        job->writeStdin("second\n");
        job->closeStdin();
        QVERIFY(waitForJob(job.get()));
        QCOMPARE(out, QByteArray("got:first\ngot:second\n"));
    }

    void hugeOutput()
    {
        // 48 MB on stdout and 8 MB on stderr at the same time.
        const Result r = run(QStringLiteral("head -c 8000000 /dev/zero | tr '\\0' e >&2 & "
                                            "head -c 48000000 /dev/zero | tr '\\0' o; wait"));
        QCOMPARE(r.error, MachineJob::Error::None);
        QCOMPARE(r.out.size(), 48000000);
        QCOMPARE(r.err.size(), 8000000);
        QCOMPARE(r.out.count('o'), 48000000);
        QCOMPARE(r.err.count('e'), 8000000);
    }

    void binaryOutput()
    {
        const Result r = run(
            QStringLiteral("i=0; while [ $i -lt 256 ]; do printf \"\\\\$(printf %o $i)\"; i=$((i+1)); done"));
        QCOMPARE(r.out.size(), 256);
        for (int i = 0; i < 256; ++i)
            QCOMPARE(uchar(r.out.at(i)), uchar(i));
    }

    void timeoutKillsProcessGroup()
    {
        CommandSpec spec;
        spec.command = QStringLiteral("sleep 4242 & sleep 4243 & wait");
        spec.timeoutMs = 800;
        QElapsedTimer timer;
        timer.start();
        const Result r = run(spec);
        QCOMPARE(r.error, MachineJob::Error::Timeout);
        QVERIFY(r.timedOut);
        QVERIFY(timer.elapsed() < 8000);
        QVERIFY(waitUntil([this] { return countProcesses(QStringLiteral("^sleep 424[23]$")) == 0; }, 10000));
    }

    void cancelKillsProcessGroup()
    {
        CommandSpec spec;
        spec.command = QStringLiteral("sleep 4343 & wait");
        std::unique_ptr<CommandJob> job(m_machine->run(spec));
        QVERIFY(waitUntil([this] { return countProcesses(QStringLiteral("^sleep 4343$")) == 1; }, 10000));
        job->cancel();
        QVERIFY(waitForJob(job.get()));
        QCOMPARE(job->error(), MachineJob::Error::Cancelled);
        QVERIFY(waitUntil([this] { return countProcesses(QStringLiteral("^sleep 4343$")) == 0; }, 10000));
    }

    void manyConcurrentCommands()
    {
        // More than OpenSSH's 10 sessions per connection: the rest wait for a free slot.
        std::vector<std::unique_ptr<CommandJob>> jobs;
        std::vector<QByteArray> outs(24);
        for (int i = 0; i < 24; ++i) {
            jobs.emplace_back(m_machine->run(
                CommandSpec { QStringLiteral("sleep 0.2; echo %1").arg(i), {}, {}, 0, {}, false }));
            connect(jobs.back().get(), &CommandJob::stdoutData, this,
                [&outs, i](const QByteArray &d) { outs[size_t(i)] += d; });
        }
        for (int i = 0; i < 24; ++i) {
            QVERIFY(waitForJob(jobs[size_t(i)].get()));
            QCOMPARE(jobs[size_t(i)]->error(), MachineJob::Error::None);
            QCOMPARE(outs[size_t(i)], QByteArray::number(i) + '\n');
        }
    }

    void backgroundProcessDoesNotHoldTheCall()
    {
        // The shell exits at once; the background sleep keeps stdout open.
        QElapsedTimer timer;
        timer.start();
        const Result r = run(QStringLiteral("sleep 3 & echo started; exit 7"));
        QCOMPARE(r.error, MachineJob::Error::None);
        QCOMPARE(r.out, QByteArray("started\n"));
        QCOMPARE(r.exitCode, 7);
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    }

    void outputTrailingTheExitIsKept()
    {
        // Output still flowing after the shell's exit status is read to the end.
        const Result flowing = run(QStringLiteral("head -c 3000000 /dev/zero | tr '\\0' t & exit 0"));
        QCOMPARE(flowing.out.size(), 3000000);
    }

    void callerNeverBlocks()
    {
        // Creating a job returns at once; the result arrives later through the event loop.
        QElapsedTimer timer;
        timer.start();
        std::unique_ptr<CommandJob> job(
            m_machine->run(CommandSpec { QStringLiteral("sleep 1"), {}, {}, 0, {}, false }));
        QVERIFY(timer.elapsed() < 50);
        QVERIFY(!job->isFinished());
        QVERIFY(waitForJob(job.get()));
    }
};

QTEST_GUILESS_MAIN(TestSshExec)
#include "tst_sshexec.moc"
