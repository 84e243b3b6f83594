// OpenSSH config semantics on a real sshd: several IdentityFiles, several known_hosts files,
// HostKeyAlias, HashKnownHosts (checked with OpenSSH's own ssh-keygen -F), StrictHostKeyChecking
// from a config file.
#include "sshconfigfile.h"
#include "sshconnection.h"
#include "sshlogin.h"
#include "sshtestsupport.h"

#include <QFile>
#include <QTest>

using namespace Proto;
using namespace ProtoTest;

namespace {

bool writeFile(const QString &path, const QByteArray &contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(contents) == contents.size();
}

} // namespace

class TestSshConfigSemantics : public QObject
{
    Q_OBJECT

    std::unique_ptr<SshTestEnvironment> m_env;

    QString path(const QString &name) const { return m_env->clientDir.filePath(name); }
    // The fixture's host key as a known_hosts key field ("ssh-ed25519 AAAA...").
    QByteArray hostKeyField() const
    {
        const QList<QByteArray> parts = m_env->sshd.knownHostsLine().trimmed().split(' ');
        return parts.at(1) + ' ' + parts.at(2);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_env = std::make_unique<SshTestEnvironment>();
        PROTO_REQUIRE_PEER(m_env->start(), m_env->sshd.errorString());
    }

    void secondIdentityFileIsTried()
    {
        SshMachineConfig c = m_env->config();
        c.identityFile = m_env->sshd.hostKeyPath(); // a valid key the server does not authorize
        c.moreIdentityFiles = { m_env->sshd.clientKeyPath() };
        c.identitiesOnly = true;
        SshConnection connection(c);
        QCOMPARE(connectAndWait(connection), Machine::State::Connected);

        c.moreIdentityFiles.clear(); // the first alone is refused
        SshConnection refused(c);
        QCOMPARE(connectAndWait(refused), Machine::State::Failed);
        QCOMPARE(refused.error(), SshError::AuthFailed);
    }

    void severalKnownHostsFiles()
    {
        SshMachineConfig c = m_env->config();
        c.knownHostsPath = path(QStringLiteral("kh_empty"));
        QVERIFY(writeFile(c.knownHostsPath, {}));
        c.moreKnownHostsPaths = { path(QStringLiteral("kh_second")) };
        QVERIFY(m_env->sshd.writeKnownHosts(c.moreKnownHostsPaths.first()));
        SshConnection connection(c);
        QCOMPARE(connectAndWait(connection), Machine::State::Connected);

        // A different key of the same type in the second file: CHANGED, refused, files untouched.
        const QByteArray otherKey = readAll(m_env->sshd.clientKeyPath() + QStringLiteral(".pub"));
        const QByteArray wrong = "[127.0.0.1]:" + QByteArray::number(m_env->sshd.port()) + ' '
            + otherKey.split(' ').at(0) + ' ' + otherKey.split(' ').at(1) + '\n';
        const QString wrongFile = path(QStringLiteral("kh_wrong"));
        QVERIFY(writeFile(wrongFile, wrong));
        c.moreKnownHostsPaths = { wrongFile };
        c.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::AcceptNew; // does not matter for CHANGED
        SshConnection changed(c);
        QCOMPARE(connectAndWait(changed), Machine::State::Failed);
        QCOMPARE(changed.error(), SshError::HostKeyChanged);
        QVERIFY(changed.errorString().contains(wrongFile));
        QCOMPARE(readAll(wrongFile), wrong);
        QVERIFY(readAll(c.knownHostsPath).isEmpty());
    }

    void hostKeyAlias()
    {
        SshMachineConfig c = m_env->config();
        c.knownHostsPath = path(QStringLiteral("kh_alias"));
        QVERIFY(writeFile(c.knownHostsPath,
            "[build-alias]:" + QByteArray::number(m_env->sshd.port()) + ' ' + hostKeyField() + '\n'));
        SshConnection unaliased(c);
        QCOMPARE(connectAndWait(unaliased), Machine::State::Failed);
        QCOMPARE(unaliased.error(), SshError::HostKeyUnknown);

        c.hostKeyAlias = QStringLiteral("build-alias");
        SshConnection aliased(c);
        QCOMPARE(connectAndWait(aliased), Machine::State::Connected);
    }

    void hashKnownHostsFoundBySshKeygen()
    {
        const QString keygen = findProgram(QStringLiteral("ssh-keygen"));
        PROTO_REQUIRE_PEER(!keygen.isEmpty(), QStringLiteral("ssh-keygen not found"));
        SshMachineConfig c = m_env->config();
        c.knownHostsPath = path(QStringLiteral("kh_hashed"));
        QVERIFY(writeFile(c.knownHostsPath, "# existing line without a newline"));
        c.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::AcceptNew;
        c.hashKnownHosts = true;
        SshConnection connection(c);
        QCOMPARE(connectAndWait(connection), Machine::State::Connected);
        const QByteArray written = readAll(c.knownHostsPath);
        const QList<QByteArray> lines = written.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines.at(1).startsWith("|1|"), written.constData());
        QVERIFY(!written.contains("127.0.0.1")); // hashed: the host name is not readable
        QVERIFY(lines.at(1).endsWith(hostKeyField()));

        const QString name = QStringLiteral("[127.0.0.1]:%1").arg(m_env->sshd.port());
        QByteArray output;
        QCOMPARE(runProgram(
                     keygen, { QStringLiteral("-F"), name, QStringLiteral("-f"), c.knownHostsPath }, &output),
            0);
        QVERIFY2(output.contains(hostKeyField()), output.constData());
        QVERIFY(runProgram(keygen,
                    { QStringLiteral("-F"), QStringLiteral("[127.0.0.1]:1"), QStringLiteral("-f"),
                        c.knownHostsPath })
            != 0);

        // libssh reads the hashed entry back: strict now connects.
        c.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::Strict;
        SshConnection again(c);
        QCOMPARE(connectAndWait(again), Machine::State::Connected);
        QCOMPARE(readAll(c.knownHostsPath), written);
    }

    void hashedLineFormat()
    {
        const QByteArray line
            = SshLogin::knownHostsLine(QStringLiteral("Example.test"), 22, "ssh-ed25519", "AAAAkey", true);
        const QList<QByteArray> fields = line.trimmed().split(' ');
        QCOMPARE(fields.size(), 3);
        const QList<QByteArray> hash = fields.at(0).split('|');
        QCOMPARE(hash.size(), 4); // "", "1", salt, hmac
        QCOMPARE(hash.at(1), QByteArray("1"));
        QCOMPARE(QByteArray::fromBase64(hash.at(2)).size(), 20);
        QCOMPARE(QByteArray::fromBase64(hash.at(3)).size(), 20);
        QCOMPARE(SshLogin::knownHostsLine(QStringLiteral("h"), 2222, "ssh-ed25519", "K", false),
            QByteArray("[h]:2222 ssh-ed25519 K\n"));
    }

    void strictHostKeyCheckingYesFromConfig()
    {
        const QString knownHosts = path(QStringLiteral("kh_config_strict"));
        QVERIFY(writeFile(knownHosts, {}));
        const QByteArray text = "Host strict-vm\n"
                                "  HostName 127.0.0.1\n"
                                "  Port "
            + QByteArray::number(m_env->sshd.port()) + "\n  User " + m_env->sshd.user().toUtf8()
            + "\n  IdentityFile " + m_env->sshd.clientKeyPath().toUtf8()
            + "\n  IdentitiesOnly yes\n  UserKnownHostsFile " + knownHosts.toUtf8()
            + "\n  StrictHostKeyChecking yes\n  ConnectTimeout 7\n  ServerAliveInterval 5\n"
              "  ServerAliveCountMax 4\n";
        const QList<SshConfigHost> hosts = SshConfigFile::parse(text);
        QCOMPARE(hosts.size(), 1);
        SshMachineConfig c = hosts.first().toMachineConfig();
        QCOMPARE(c.hostKeyPolicy, SshMachineConfig::HostKeyPolicy::Strict);
        QCOMPARE(c.connectTimeoutMs, 7000);
        QCOMPARE(c.keepaliveIntervalMs, 5000);
        QCOMPARE(c.keepaliveCountMax, 4);
        QVERIFY(c.identitiesOnly);
        c.sshDirectory = m_env->clientDir.path();
        SshConnection connection(c);
        int prompts = 0;
        connect(&connection, &SshConnection::hostKeyPrompt, this, [&](const SshHostKeyPrompt &p) {
            ++prompts;
            connection.answerHostKey(p.id, true);
        });
        QCOMPARE(connectAndWait(connection), Machine::State::Failed);
        QCOMPARE(connection.error(), SshError::HostKeyUnknown);
        QCOMPARE(prompts, 0); // refused without asking
        QVERIFY(readAll(knownHosts).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSshConfigSemantics)
#include "tst_sshconfigsemantics.moc"
