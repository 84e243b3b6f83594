// The kill switch across processes: a scripted model makes `proto-cli run` start a long command
// (on the sshd fixture over SSH, and on this machine), then `proto-cli kill-switch engage` from a
// second process stops the run, and the command is gone from the process list of the machine it
// ran on. The real proto-cli binary, the real sshd and the standalone fake LLM server, all on
// 127.0.0.1.
#include "fakellmprocess.h"
#include "fixtureutil.h"
#include "sshdfixture.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QJsonObject textReply(const QString &text)
{
    return QJsonObject { { u"path"_s, u"/v1/messages"_s },
        { u"anthropic"_s,
            QJsonArray { QJsonObject { { u"message_start"_s, QJsonObject {} } },
                QJsonObject { { u"text"_s, text } },
                QJsonObject { { u"message_delta"_s, QJsonObject { { u"stop_reason"_s, u"end_turn"_s } } } },
                QJsonObject { { u"message_stop"_s, true } } } } };
}

QJsonObject bashReply(const QString &command)
{
    return QJsonObject { { u"path"_s, u"/v1/messages"_s },
        { u"anthropic"_s,
            QJsonArray { QJsonObject { { u"message_start"_s, QJsonObject {} } },
                QJsonObject { { u"tool_use"_s,
                    QJsonObject { { u"id"_s, u"toolu_sleep"_s }, { u"name"_s, u"bash"_s },
                        { u"input"_s, QJsonObject { { u"command"_s, command } } } } } },
                QJsonObject { { u"message_delta"_s, QJsonObject { { u"stop_reason"_s, u"tool_use"_s } } } },
                QJsonObject { { u"message_stop"_s, true } } } } };
}

// Whether a process whose command line matches `pattern` runs (pgrep -f, every user).
bool running(const QString &pattern)
{
    QProcess pgrep;
    pgrep.start(u"pgrep"_s, { u"-f"_s, pattern });
    pgrep.waitForFinished(10000);
    return pgrep.exitStatus() == QProcess::NormalExit && pgrep.exitCode() == 0;
}

} // namespace

class TestCliKillSwitch : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    ProtoTest::SshdFixture m_sshd;
    QString m_data;
    QString m_home;
    QString m_remoteProject;
    QProcess m_server;
    quint16 m_port = 0;

    QString bin(const QString &name) const
    {
        return qEnvironmentVariable("PROTO_TEST_BIN_DIR") + u'/' + name;
    }

    void prepare(QProcess &process) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"PROTO_DESKTOP_HOME"_s, m_data);
        env.insert(u"HOME"_s, m_home);
        env.remove(u"SSH_AUTH_SOCK"_s);
        env.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);
        env.insert(u"ANTHROPIC_BASE_URL"_s, u"http://127.0.0.1:%1"_s.arg(m_port));
        env.insert(u"ANTHROPIC_API_KEY"_s, u"test"_s);
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(m_home);
    }

    // Runs proto-cli to the end; the exit code, or -1.
    int cli(const QStringList &args, QString *out = nullptr)
    {
        QProcess process;
        prepare(process);
        process.start(bin(u"proto-cli"_s), args);
        if (!process.waitForStarted(10000))
            return -1;
        process.closeWriteChannel();
        if (!process.waitForFinished(90000)) {
            process.kill();
            process.waitForFinished();
            return -1;
        }
        if (out)
            *out = QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }

    // proto-cli run with a model that runs `command`; engages the switch from a second process
    // once `pattern` shows up in the process list, and checks the run and the command are gone.
    void killRun(const QStringList &runArgs, const QString &command, const QString &pattern)
    {
        ProtoTest::stopProcess(m_server);
        m_port = ProtoTest::startFakeLlmServer(m_server, m_dir.filePath(u"script.json"_s),
            { bashReply(command), textReply(u"The command finished."_s) });
        QVERIFY(m_port != 0);
        QVERIFY(!running(pattern));

        QProcess run;
        prepare(run);
        run.start(bin(u"proto-cli"_s), runArgs);
        QVERIFY(run.waitForStarted(10000));
        run.closeWriteChannel();
        const bool started
            = QTest::qWaitFor([&] { return running(pattern) || run.state() == QProcess::NotRunning; }, 60000);
        QVERIFY2(started && run.state() == QProcess::Running,
            qPrintable(QString::fromUtf8(run.readAllStandardOutput() + run.readAllStandardError())));

        QElapsedTimer clock;
        clock.start();
        QString engageOutput;
        QCOMPARE(cli({ u"kill-switch"_s, u"engage"_s, u"test"_s, u"emergency"_s }, &engageOutput), 0);
        const qint64 engagedMs = clock.elapsed(); // the second proto-cli has stored the state
        // A generous hard bound (the goal is one second): the test must fail when the kill does
        // not happen, not when a loaded machine is slow.
        const bool exited = run.state() == QProcess::NotRunning || run.waitForFinished(3000 - int(engagedMs));
        const qint64 exitedMs = clock.elapsed();
        const QString output = QString::fromUtf8(run.readAllStandardOutput() + run.readAllStandardError());
        if (!exited) {
            run.kill();
            run.waitForFinished();
        }
        QVERIFY2(exited,
            qPrintable(u"proto-cli run still running %1 ms after engage: %2"_s.arg(exitedMs).arg(output)));
        QCOMPARE(run.exitStatus(), QProcess::NormalExit);
        QCOMPARE(run.exitCode(), 1);
        QVERIFY2(output.contains(u"Kill switch engaged: test emergency"_s), qPrintable(output));
        QVERIFY2(!output.contains(u"The command finished."_s), qPrintable(output));
        // Gone from the machine it ran on: the shell and the sleep it started.
        const bool gone = QTest::qWaitFor([&] { return !running(pattern); }, 1000);
        const qint64 goneMs = clock.elapsed();
        QVERIFY2(gone, qPrintable(u"\"%1\" still runs %2 ms after engage"_s.arg(pattern).arg(goneMs)));
        qInfo().noquote() << u"kill switch: engage command done after %1 ms, run exited after %2 ms, "
                             "command gone after %3 ms (from the start of `kill-switch engage`)"_s
                                 .arg(engagedMs)
                                 .arg(exitedMs)
                                 .arg(goneMs);

        // It stays engaged: a new run is refused until someone releases it.
        QString refused;
        QCOMPARE(cli(QStringList(runArgs.mid(0, runArgs.size() - 1)) << u"again"_s, &refused), 1);
        QVERIFY2(refused.contains(u"Kill switch engaged"_s), qPrintable(refused));
        QVERIFY(!running(pattern));
        QCOMPARE(cli({ u"kill-switch"_s, u"release"_s }), 0);
        QString status;
        QCOMPARE(cli({ u"kill-switch"_s, u"status"_s }, &status), 0);
        QVERIFY2(status.contains(u"released"_s), qPrintable(status));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFile::exists(bin(u"proto-cli"_s)), "proto-cli not built");
        PROTO_REQUIRE_PEER(QFile::exists(bin(u"fake-llm-server"_s)), u"fake-llm-server not built"_s);
        PROTO_REQUIRE_PEER(m_sshd.start(), m_sshd.errorString());
        QProcess probe;
        probe.start(u"pgrep"_s, { u"--version"_s });
        PROTO_REQUIRE_PEER(
            probe.waitForFinished(10000) && probe.exitCode() == 0, u"pgrep (procps) missing"_s);
        m_data = m_dir.filePath(u"data"_s);
        m_home = m_dir.filePath(u"home"_s);
        QVERIFY(QDir().mkpath(m_data));
        QVERIFY(QDir().mkpath(m_home));
        m_remoteProject = m_dir.filePath(u"remote-project"_s);
        QVERIFY(QDir().mkpath(m_remoteProject));
        QFile::setPermissions(m_dir.path(),
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup
                | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther);
        QFile::setPermissions(m_remoteProject, QFileDevice::Permissions(0x7777));
        QString out;
        QCOMPARE(cli({ u"machine"_s, u"add"_s, u"vm"_s, u"--ssh"_s,
                         u"%1@%2:%3"_s.arg(m_sshd.user(), m_sshd.host()).arg(m_sshd.port()), u"--identity"_s,
                         m_sshd.clientKeyPath(), u"--accept-new-host-key"_s },
                     &out),
            0);
        QCOMPARE(cli({ u"machine"_s, u"test"_s, u"vm"_s }, &out), 0);
    }

    void cleanupTestCase() { ProtoTest::stopProcess(m_server); }

    void stopsSshRun()
    {
        // A duration no other process uses, so pgrep -f finds exactly this sleep (and its shell).
        const QString sleep = u"sleep 300.%1"_s.arg(QRandomGenerator::global()->bounded(100000, 999999));
        killRun({ u"run"_s, u"--machine"_s, u"vm"_s, u"--cwd"_s, m_remoteProject, u"--approve"_s, u"auto"_s,
                    u"Wait five minutes on the VM"_s },
            sleep + u"; echo kill-switch-marker"_s, sleep);
    }

    void stopsLocalRun()
    {
        const QString sleep = u"sleep 300.%1"_s.arg(QRandomGenerator::global()->bounded(100000, 999999));
        killRun({ u"run"_s, u"--cwd"_s, m_home, u"--approve"_s, u"auto"_s, u"Wait five minutes here"_s },
            sleep + u"; echo kill-switch-marker"_s, sleep);
    }
};

QTEST_GUILESS_MAIN(TestCliKillSwitch)
#include "tst_cli_killswitch.moc"
