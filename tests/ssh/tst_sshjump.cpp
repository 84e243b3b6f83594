// Jump hosts on real peers: two OpenSSH servers on 127.0.0.1, the target reached only through
// the bastion's direct-tcpip channel (the bastion's log shows the forwarded connection).
#include "sshconnection.h"
#include "sshmachine.h"
#include "sshtestsupport.h"

#include <QFile>
#include <QTest>

using namespace Proto;
using namespace ProtoTest;

class TestSshJump : public QObject
{
    Q_OBJECT

    SshdFixture m_bastion;
    std::unique_ptr<SshTestEnvironment> m_target;

    QString jumpText() const
    {
        return QStringLiteral("%1@127.0.0.1:%2").arg(m_bastion.user()).arg(m_bastion.port());
    }

    // The target's key first (the bastion refuses it), then the bastion's: every hop tries the
    // identity files in order, as OpenSSH does.
    SshMachineConfig config() const
    {
        SshMachineConfig c = m_target->config();
        c.moreIdentityFiles = { m_bastion.clientKeyPath() };
        c.proxyJump = jumpText();
        return c;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bastion.setLogLevel("DEBUG1");
        PROTO_REQUIRE_PEER(m_bastion.start(), m_bastion.errorString());
        m_target = std::make_unique<SshTestEnvironment>();
        PROTO_REQUIRE_PEER(m_target->start(), m_target->sshd.errorString());
        QFile knownHosts(m_target->knownHostsPath());
        QVERIFY(knownHosts.open(QIODevice::Append));
        knownHosts.write(m_bastion.knownHostsLine());
    }

    void commandRunsThroughTheBastion()
    {
        SshMachine machine(config());
        std::unique_ptr<CommandJob> job(machine.run(
            CommandSpec { QStringLiteral("echo through; echo $SSH_CONNECTION"), {}, {}, 0, {}, false }));
        QByteArray out;
        connect(job.get(), &CommandJob::stdoutData, this, [&out](const QByteArray &d) { out += d; });
        QVERIFY(waitForJob(job.get()));
        QVERIFY2(job->error() == MachineJob::Error::None, qPrintable(job->errorString()));
        QCOMPARE(job->exitCode(), 0);
        QVERIFY2(out.startsWith("through\n"), out.constData());
        // The target saw a connection to its own port; the bastion forwarded it there.
        QVERIFY2(out.contains(QByteArray(" " + QByteArray::number(m_target->sshd.port()))), out.constData());
        const QString forwarded = QStringLiteral("target 127.0.0.1 port %1").arg(m_target->sshd.port());
        QVERIFY(waitUntil([&] { return m_bastion.sshdLog().contains(forwarded); }, 5000));
        QVERIFY2(m_bastion.sshdLog().contains(QStringLiteral("direct-tcpip")),
            qPrintable(m_bastion.sshdLog().right(2000)));
    }

    void bulkOutputBothWays()
    {
        // Several MB each way through the relay: flow control on the jump channel holds.
        SshMachine machine(config());
        const QByteArray input(3 * 1024 * 1024, 'x');
        CommandSpec spec { QStringLiteral("wc -c; head -c 8000000 /dev/zero | tr '\\0' y"), {}, {}, 0, {},
            false };
        spec.stdinData = input;
        std::unique_ptr<CommandJob> job(machine.run(spec));
        qsizetype received = 0;
        QByteArray head;
        connect(job.get(), &CommandJob::stdoutData, this, [&](const QByteArray &d) {
            received += d.size();
            if (head.size() < 64)
                head += d.left(64);
        });
        QVERIFY(waitForJob(job.get(), 60000));
        QVERIFY2(job->error() == MachineJob::Error::None, qPrintable(job->errorString()));
        QVERIFY2(head.startsWith("3145728\n"), head.constData());
        QCOMPARE(received, qsizetype(8 + 8000000));
    }

    void twoHopsThroughTheSameBastion()
    {
        // bastion -> bastion -> target: each hop is a session inside the previous one.
        SshMachineConfig c = config();
        c.proxyJump = jumpText() + u',' + jumpText();
        SshConnection connection(c);
        QCOMPARE(connectAndWait(connection), Machine::State::Connected);
        const QString toBastion = QStringLiteral("target 127.0.0.1 port %1").arg(m_bastion.port());
        QVERIFY(m_bastion.sshdLog().contains(toBastion));
    }

    void unknownBastionKeyIsRefusedNamingTheHop()
    {
        SshMachineConfig c = config();
        c.knownHostsPath = m_target->clientDir.filePath(QStringLiteral("target_only"));
        QVERIFY(m_target->sshd.writeKnownHosts(c.knownHostsPath));
        SshConnection connection(c);
        int prompts = 0;
        connect(&connection, &SshConnection::hostKeyPrompt, this, [&](const SshHostKeyPrompt &p) {
            ++prompts;
            connection.answerHostKey(p.id, true);
        });
        QCOMPARE(connectAndWait(connection), Machine::State::Failed); // strict: never asked
        QCOMPARE(connection.error(), SshError::HostKeyUnknown);
        QCOMPARE(prompts, 0);
        QVERIFY2(connection.errorString().startsWith(QStringLiteral("Jump host %1").arg(jumpText())),
            qPrintable(connection.errorString()));
    }

    void bastionKeyPromptedWithThePolicy()
    {
        SshMachineConfig c = config();
        c.knownHostsPath = m_target->clientDir.filePath(QStringLiteral("target_only_prompt"));
        QVERIFY(m_target->sshd.writeKnownHosts(c.knownHostsPath));
        c.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::Prompt;
        SshConnection connection(c);
        QList<SshHostKeyPrompt> prompts;
        connect(&connection, &SshConnection::hostKeyPrompt, this, [&](const SshHostKeyPrompt &p) {
            prompts << p;
            connection.answerHostKey(p.id, true);
        });
        QCOMPARE(connectAndWait(connection), Machine::State::Connected);
        QCOMPARE(prompts.size(), 1);
        QCOMPARE(prompts.first().port, m_bastion.port());
        QCOMPARE(prompts.first().fingerprint, m_bastion.hostKeyFingerprint());
    }

    void bastionCannotReachTheTarget()
    {
        SshMachineConfig c = config();
        c.port = freeTcpPort(); // nothing listens there
        SshConnection connection(c);
        QCOMPARE(connectAndWait(connection), Machine::State::Failed);
        QVERIFY2(connection.errorString().contains(
                     QStringLiteral("Jump host %1 could not open a connection to 127.0.0.1:%2")
                         .arg(jumpText())
                         .arg(c.port)),
            qPrintable(connection.errorString()));
    }

    void unreachableBastion()
    {
        SshMachineConfig c = config();
        c.proxyJump = QStringLiteral("127.0.0.1:%1").arg(freeTcpPort());
        SshConnection connection(c);
        QCOMPARE(connectAndWait(connection), Machine::State::Failed);
        QCOMPARE(connection.error(), SshError::ConnectionRefused);
        QVERIFY2(connection.errorString().startsWith(QStringLiteral("Jump host")),
            qPrintable(connection.errorString()));
    }

    void bastionDropIsAConnectionLoss()
    {
        SshMachineConfig c = config();
        c.reconnectAttempts = 0;
        SshConnection connection(c);
        QCOMPARE(connectAndWait(connection), Machine::State::Connected);
        m_bastion.stop();
        QVERIFY(waitUntil([&] { return connection.state() == Machine::State::Failed; }, 30000));
        QCOMPARE(connection.error(), SshError::ConnectionLost);
        QVERIFY(m_bastion.restart());
    }
};

QTEST_GUILESS_MAIN(TestSshJump)
#include "tst_sshjump.moc"
