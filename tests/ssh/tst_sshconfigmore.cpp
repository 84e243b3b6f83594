// More of OpenSSH's client config on a real sshd: ProxyCommand (through OpenSSH's own `ssh -W`),
// algorithm lists (Ciphers, KexAlgorithms, HostKeyAlgorithms), user certificates signed by a CA
// the server trusts (CertificateFile and KEY-cert.pub), and IdentityAgent (an ssh-agent on a
// socket of its own). Each from a parsed ~/.ssh/config where it matters.
#include "sshconfigfile.h"
#include "sshconnection.h"
#include "sshmachine.h"
#include "sshproxycommand.h"
#include "sshtestsupport.h"

#include <QFile>
#include <QProcess>
#include <QTest>

using namespace Proto;
using namespace ProtoTest;

namespace {

bool run(const QString &program, const QStringList &args, QByteArray *output = nullptr,
    const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    const bool ok = process.waitForFinished(30000) && process.exitStatus() == QProcess::NormalExit
        && process.exitCode() == 0;
    if (output)
        *output = process.readAll();
    else if (!ok)
        qWarning("%s failed: %s", qPrintable(program), process.readAll().constData());
    return ok;
}

} // namespace

class TestSshConfigMore : public QObject
{
    Q_OBJECT

    std::unique_ptr<SshTestEnvironment> m_env;
    QTemporaryDir m_keys; // CA and user keys
    QString m_caPub;

    QString key(const QString &name) const { return m_keys.filePath(name); }

    // A new ed25519 key pair that the server does not list in authorized_keys.
    bool newKey(const QString &path)
    {
        QFile::remove(path);
        QFile::remove(path + QStringLiteral(".pub"));
        return run(QStringLiteral("ssh-keygen"),
            { QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
                QString(), QStringLiteral("-f"), path });
    }

    bool sign(const QString &publicKey, const QString &principal)
    {
        return run(QStringLiteral("ssh-keygen"),
            { QStringLiteral("-q"), QStringLiteral("-s"), key(QStringLiteral("ca")), QStringLiteral("-I"),
                QStringLiteral("proto-test-cert"), QStringLiteral("-n"), principal, QStringLiteral("-V"),
                QStringLiteral("+1h"), publicKey });
    }

    QByteArray runOn(SshMachine &machine, const QString &command)
    {
        std::unique_ptr<CommandJob> job(machine.run(CommandSpec { command, {}, {}, 0, {}, false }));
        QByteArray out;
        connect(job.get(), &CommandJob::stdoutData, this, [&out](const QByteArray &d) { out += d; });
        if (!waitForJob(job.get()) || job->exitCode() != 0)
            return "<failed: " + job->errorString().toUtf8() + '>';
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_keys.isValid());
        QVERIFY(newKey(key(QStringLiteral("ca"))));
        m_caPub = key(QStringLiteral("ca.pub"));
        m_env = std::make_unique<SshTestEnvironment>();
        m_env->sshd.addServerConfig("TrustedUserCAKeys " + m_caPub.toUtf8());
        PROTO_REQUIRE_PEER(m_env->start(), m_env->sshd.errorString());
    }

    void proxyCommandThroughOpenSsh()
    {
        // The usual bastion set-up of a config file: ProxyCommand ssh -W %h:%p bastion (the
        // bastion is the same sshd; the target is reached through its direct-tcpip channel).
        const QByteArray text = "Host behind\n  HostName 127.0.0.1\n  Port "
            + QByteArray::number(m_env->sshd.port()) + "\n  User " + m_env->sshd.user().toUtf8()
            + "\n  ProxyCommand /usr/bin/ssh -F /dev/null -i " + m_env->sshd.clientKeyPath().toUtf8()
            + " -o IdentitiesOnly=yes -o BatchMode=yes -o \"UserKnownHostsFile "
            + m_env->knownHostsPath().toUtf8() + "\" -o StrictHostKeyChecking=yes -p "
            + QByteArray::number(m_env->sshd.port()) + ' ' + m_env->sshd.user().toUtf8()
            + "@127.0.0.1 -W %h:%p\n" + "  ProxyJump none\n";
        const QList<SshConfigHost> hosts = SshConfigFile::parse(text);
        QCOMPARE(hosts.size(), 1);
        QVERIFY(
            hosts.first().proxyCommand.contains(QStringLiteral("\"UserKnownHostsFile "))); // kept as written
        QVERIFY(hosts.first().proxyJump.isEmpty()); // the first of the two wins, as in OpenSSH
        SshMachineConfig c = hosts.first().toMachineConfig();
        c.identityFile = m_env->sshd.clientKeyPath();
        c.sshDirectory = m_env->clientDir.path();
        c.knownHostsPath = m_env->knownHostsPath();
        c.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::Strict;
        c.useAgent = false;
        c.allowPassword = false;
        QVERIFY2(c.validate().isEmpty(), qPrintable(c.validate()));
        {
            SshMachine machine(c);
            QCOMPARE(runOn(machine, QStringLiteral("echo through-$((40+2))")), QByteArray("through-42\n"));
        }
        // The ssh -W process ends with the machine.
        QByteArray ps;
        QVERIFY(waitUntil(
            [&] {
                run(QStringLiteral("ps"), { QStringLiteral("-eo"), QStringLiteral("args") }, &ps);
                return !ps.contains("-W 127.0.0.1");
            },
            5000));
    }

    void proxyCommandFailureSaysWhy()
    {
        SshMachineConfig c = m_env->config();
        c.proxyCommand = QStringLiteral("echo 'no route to %h' >&2; exit 3");
        SshConnection connection(c);
        QCOMPARE(connectAndWait(connection), Machine::State::Failed);
        QVERIFY2(connection.errorString().contains(QStringLiteral("no route to 127.0.0.1")),
            qPrintable(connection.errorString()));
        QVERIFY2(connection.errorString().contains(QStringLiteral("status 3")),
            qPrintable(connection.errorString()));

        c.proxyCommand = QStringLiteral("nc %h %z");
        SshConnection unknown(c);
        QCOMPARE(connectAndWait(unknown), Machine::State::Failed);
        QVERIFY(unknown.errorString().contains(QStringLiteral("%z")));

        c.proxyCommand = QStringLiteral("nc %h %p");
        c.proxyJump = QStringLiteral("ann@bastion");
        QVERIFY(!c.validate().isEmpty()); // not both
    }

    void hostNameCannotAddShellSyntax()
    {
        QCOMPARE(SshProxyCommand::expand(QStringLiteral("nc %h %p; echo %%h %r %n"),
                     QStringLiteral("a;touch /tmp/x"), 2222, QStringLiteral("o'neil"), QStringLiteral("vm")),
            QStringLiteral("nc 'a;touch /tmp/x' 2222; echo %h 'o'\\''neil' 'vm'"));
    }

    void algorithmLists()
    {
        SshMachineConfig c = m_env->config();
        c.ciphers = QStringLiteral("aes256-ctr");
        c.kexAlgorithms = QStringLiteral("curve25519-sha256,curve25519-sha256@libssh.org");
        c.hostKeyAlgorithms = QStringLiteral("ssh-ed25519");
        {
            SshConnection connection(c);
            QCOMPARE(connectAndWait(connection), Machine::State::Connected);
        }
        // A list the server does not share: the handshake fails and says so.
        c.kexAlgorithms = QStringLiteral("diffie-hellman-group14-sha1");
        {
            SshConnection connection(c);
            QCOMPARE(connectAndWait(connection), Machine::State::Failed);
        }
        // A list libssh does not know at all: a clear error naming the keyword, nothing sent.
        c.kexAlgorithms.clear();
        c.ciphers = QStringLiteral("rot13-cbc");
        SshConnection bogus(c);
        QCOMPARE(connectAndWait(bogus), Machine::State::Failed);
        QCOMPARE(bogus.error(), SshError::InvalidConfig);
        QVERIFY2(bogus.errorString().contains(QStringLiteral("Ciphers rot13-cbc")),
            qPrintable(bogus.errorString()));
        c.ciphers = QStringLiteral("aes128-ctr; rm -rf /");
        QVERIFY(!c.validate().isEmpty());

        const QList<SshConfigHost> hosts = SshConfigFile::parse(
            "Host vm\n  Ciphers ^aes256-ctr\n  KexAlgorithms -diffie-hellman-group14-sha1\n"
            "  HostKeyAlgorithms +ssh-rsa\n  Ciphers ignored-second\n");
        QCOMPARE(hosts.size(), 1);
        const SshMachineConfig parsed = hosts.first().toMachineConfig();
        QCOMPARE(parsed.ciphers, QStringLiteral("^aes256-ctr"));
        QCOMPARE(parsed.kexAlgorithms, QStringLiteral("-diffie-hellman-group14-sha1"));
        QCOMPARE(parsed.hostKeyAlgorithms, QStringLiteral("+ssh-rsa"));
    }

    void userCertificate()
    {
        const QString userKey = key(QStringLiteral("user"));
        QVERIFY(newKey(userKey));
        SshMachineConfig c = m_env->config();
        c.identityFile = userKey;
        c.identitiesOnly = true;
        {
            SshConnection refused(c); // not in authorized_keys, no certificate yet
            QCOMPARE(connectAndWait(refused), Machine::State::Failed);
            QCOMPARE(refused.error(), SshError::AuthFailed);
        }
        // KEY-cert.pub beside the key is found on its own, as OpenSSH does.
        QVERIFY(sign(userKey + QStringLiteral(".pub"), m_env->sshd.user()));
        QVERIFY(QFile::exists(userKey + QStringLiteral("-cert.pub")));
        {
            SshConnection connection(c);
            QCOMPARE(connectAndWait(connection), Machine::State::Connected);
        }
        QVERIFY(m_env->sshd.sshdLog().contains(QStringLiteral("ED25519-CERT")));

        // Elsewhere, named by CertificateFile in a config file.
        const QString elsewhere = key(QStringLiteral("certs/mine-cert.pub"));
        QDir().mkpath(key(QStringLiteral("certs")));
        QVERIFY(QFile::rename(userKey + QStringLiteral("-cert.pub"), elsewhere));
        const QList<SshConfigHost> hosts = SshConfigFile::parse("Host vm\n  IdentityFile " + userKey.toUtf8()
            + "\n  CertificateFile " + elsewhere.toUtf8() + '\n');
        QCOMPARE(hosts.size(), 1);
        c.certificateFiles = hosts.first().toMachineConfig().certificateFiles;
        QCOMPARE(c.certificateFiles, QStringList { elsewhere });
        {
            SshConnection connection(c);
            QCOMPARE(connectAndWait(connection), Machine::State::Connected);
        }
        // A certificate for another principal is refused: no way around the CA's say.
        QVERIFY(newKey(userKey));
        QVERIFY(sign(userKey + QStringLiteral(".pub"), QStringLiteral("somebody-else")));
        c.certificateFiles.clear();
        SshConnection wrong(c);
        QCOMPARE(connectAndWait(wrong), Machine::State::Failed);
        QCOMPARE(wrong.error(), SshError::AuthFailed);
    }

    void identityAgentSocket()
    {
        const QString socket = key(QStringLiteral("agent.sock"));
        QProcess agent;
        agent.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        agent.start(QStringLiteral("ssh-agent"), { QStringLiteral("-D"), QStringLiteral("-a"), socket });
        QVERIFY(agent.waitForStarted());
        QVERIFY(waitUntil([&] { return QFile::exists(socket); }, 5000));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SSH_AUTH_SOCK"), socket);
        QVERIFY(run(QStringLiteral("ssh-add"), { m_env->sshd.clientKeyPath() }, nullptr, env));

        const QByteArray savedSock = qgetenv("SSH_AUTH_SOCK");
        qunsetenv("SSH_AUTH_SOCK"); // only IdentityAgent points at the agent
        QTemporaryDir noKeys;
        SshMachineConfig c = m_env->config();
        c.identityFile.clear(); // no key files at all: the agent alone signs
        c.sshDirectory = noKeys.path();
        c.useAgent = true;
        c.identityAgent = socket;
        {
            SshConnection connection(c);
            QCOMPARE(connectAndWait(connection), Machine::State::Connected);
        }
        qputenv("TEST_AGENT_DIR", m_keys.path().toUtf8());
        c.identityAgent = QStringLiteral("${TEST_AGENT_DIR}/agent.sock");
        {
            SshConnection connection(c);
            QCOMPARE(connectAndWait(connection), Machine::State::Connected);
        }
        c.identityAgent = QStringLiteral("none");
        {
            SshConnection connection(c);
            QCOMPARE(connectAndWait(connection), Machine::State::Failed);
        }
        if (!savedSock.isEmpty())
            qputenv("SSH_AUTH_SOCK", savedSock);
        agent.terminate();
        agent.waitForFinished(3000);
    }
};

QTEST_GUILESS_MAIN(TestSshConfigMore)
#include "tst_sshconfigmore.moc"
