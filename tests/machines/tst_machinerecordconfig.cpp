// MachineRecordConfig: parsing USER@HOST[:PORT] and HOST:PORT, records <-> SshMachineConfig.
#include "machinerecordconfig.h"

#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

class TestMachineRecordConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sshTarget_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::newRow("user@host") << u"ann@build-vm"_s << true << u"ann"_s << u"build-vm"_s << 22;
        QTest::newRow("port") << u"ann@10.0.0.5:2222"_s << true << u"ann"_s << u"10.0.0.5"_s << 2222;
        QTest::newRow("host only") << u"example.org"_s << true << QString() << u"example.org"_s << 22;
        QTest::newRow("v6 bracket") << u"root@[::1]:2200"_s << true << u"root"_s << u"::1"_s << 2200;
        QTest::newRow("bare v6") << u"fe80::1"_s << true << QString() << u"fe80::1"_s << 22;
        QTest::newRow("user with @") << u"a@b@host"_s << true << u"a@b"_s << u"host"_s << 22;
        QTest::newRow("empty") << QString() << false << QString() << QString() << 0;
        QTest::newRow("empty user") << u"@host"_s << false << QString() << QString() << 0;
        QTest::newRow("port zero") << u"h:0"_s << false << QString() << QString() << 0;
        QTest::newRow("port too big") << u"h:65536"_s << false << QString() << QString() << 0;
        QTest::newRow("port text") << u"h:ssh"_s << false << QString() << QString() << 0;
        QTest::newRow("empty port") << u"h:"_s << false << QString() << QString() << 0;
        QTest::newRow("option injection") << u"-oProxyCommand=x"_s << false << QString() << QString() << 0;
        QTest::newRow("space") << u"ann@bad host"_s << false << QString() << QString() << 0;
        QTest::newRow("newline user") << u"a\nb@host"_s << false << QString() << QString() << 0;
        QTest::newRow("slash") << u"ann@host/x"_s << false << QString() << QString() << 0;
        QTest::newRow("unclosed bracket") << u"[::1:22"_s << false << QString() << QString() << 0;
        QTest::newRow("junk after bracket") << u"[::1]x"_s << false << QString() << QString() << 0;
    }

    void sshTarget()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QString user;
        QString host;
        quint16 parsedPort = 0;
        const QString problem = MachineRecordConfig::parseSshTarget(text, &user, &host, &parsedPort);
        QCOMPARE(problem.isEmpty(), ok);
        if (!ok)
            return;
        QTEST(user, "user");
        QTEST(host, "host");
        QTEST(int(parsedPort), "port");
    }

    void hostPort()
    {
        QString host;
        int port = 0;
        QVERIFY(MachineRecordConfig::parseHostPort(u"vm.lan:5901"_s, &host, &port).isEmpty());
        QCOMPARE(host, u"vm.lan"_s);
        QCOMPARE(port, 5901);
        QVERIFY(MachineRecordConfig::parseHostPort(u"localhost"_s, &host, &port).isEmpty());
        QCOMPARE(port, 5900);
        QVERIFY(!MachineRecordConfig::parseHostPort(u"me@vm:5900"_s, &host, &port).isEmpty());
        QVERIFY(!MachineRecordConfig::parseHostPort(u"vm:99999"_s, &host, &port).isEmpty());
    }

    void roundTrip()
    {
        SshMachineConfig config;
        config.host = u"h.example"_s;
        config.port = 2022;
        config.user = u"ann"_s;
        config.identityFile = u"/keys/id"_s;
        config.knownHostsPath = u"/tmp/kh"_s;
        config.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::AcceptNew;
        config.useAgent = false;
        config.moreIdentityFiles = { u"/keys/second"_s, u"/keys/third"_s };
        config.identitiesOnly = true;
        config.moreKnownHostsPaths = { u"/tmp/kh2"_s };
        config.hostKeyAlias = u"alias"_s;
        config.hashKnownHosts = true;
        config.proxyJump = u"jump@bastion:2022,b2"_s;
        config.connectTimeoutMs = 7000;
        config.keepaliveIntervalMs = 5000;
        config.keepaliveCountMax = 4;
        config.certificateFiles = { u"/keys/id-cert.pub"_s };
        config.identityAgent = u"~/.1password/agent.sock"_s;
        config.ciphers = u"^aes256-ctr"_s;
        config.kexAlgorithms = u"curve25519-sha256"_s;
        config.hostKeyAlgorithms = u"+ssh-rsa"_s;
        MachineRecord record;
        record.name = u"vm"_s;
        MachineRecordConfig::applySshConfig(config, &record);
        QCOMPARE(record.kind, u"ssh"_s);
        QCOMPARE(record.options.value(u"hostKeyPolicy"_s).toString(), u"accept-new"_s);
        QVERIFY(MachineRecordConfig::validate(record).isEmpty());
        const SshMachineConfig back = MachineRecordConfig::toSshConfig(record);
        QCOMPARE(back.name, u"vm"_s);
        QCOMPARE(back.host, config.host);
        QCOMPARE(back.port, config.port);
        QCOMPARE(back.user, config.user);
        QCOMPARE(back.identityFile, config.identityFile);
        QCOMPARE(back.knownHostsPath, config.knownHostsPath);
        QCOMPARE(back.hostKeyPolicy, SshMachineConfig::HostKeyPolicy::AcceptNew);
        QCOMPARE(back.useAgent, false);
        QCOMPARE(back.moreIdentityFiles, config.moreIdentityFiles);
        QCOMPARE(back.identitiesOnly, true);
        QCOMPARE(back.moreKnownHostsPaths, config.moreKnownHostsPaths);
        QCOMPARE(back.hostKeyAlias, config.hostKeyAlias);
        QCOMPARE(back.hashKnownHosts, true);
        QCOMPARE(record.jumpHost, config.proxyJump);
        QCOMPARE(back.proxyJump, config.proxyJump);
        QCOMPARE(back.connectTimeoutMs, 7000);
        QCOMPARE(back.keepaliveIntervalMs, 5000);
        QCOMPARE(back.keepaliveCountMax, 4);
        QCOMPARE(back.certificateFiles, config.certificateFiles);
        QCOMPARE(back.identityAgent, config.identityAgent);
        QCOMPARE(back.ciphers, config.ciphers);
        QCOMPARE(back.kexAlgorithms, config.kexAlgorithms);
        QCOMPARE(back.hostKeyAlgorithms, config.hostKeyAlgorithms);
        // A ProxyCommand machine (no jump hosts) keeps its command.
        SshMachineConfig proxied;
        proxied.host = u"10.0.0.9"_s;
        proxied.proxyCommand = u"aws ssm start-session --target %h"_s;
        MachineRecord proxiedRecord;
        proxiedRecord.name = u"ssm"_s;
        MachineRecordConfig::applySshConfig(proxied, &proxiedRecord);
        QCOMPARE(MachineRecordConfig::toSshConfig(proxiedRecord).proxyCommand, proxied.proxyCommand);
        // Defaults are not stored.
        MachineRecord plain;
        plain.name = u"plain"_s;
        MachineRecordConfig::applySshConfig(SshMachineConfig {}, &plain);
        QCOMPARE(plain.options.keys(), QStringList({ u"hostKeyPolicy"_s }));
    }

    void validate_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::newRow("empty name") << u"name"_s << QString();
        QTest::newRow("padded name") << u"name"_s << u" vm"_s;
        QTest::newRow("control in name") << u"name"_s << u"v\tm"_s;
        QTest::newRow("no host") << u"host"_s << QString();
        QTest::newRow("dash host") << u"host"_s << u"-oProxyCommand=sh"_s;
        QTest::newRow("port 0") << u"port"_s << u"0"_s;
        QTest::newRow("port big") << u"port"_s << u"70000"_s;
        QTest::newRow("policy") << u"policy"_s << u"trust-everything"_s;
        QTest::newRow("vnc host") << u"vncHost"_s << u"a b"_s;
        QTest::newRow("vnc port") << u"vncPort"_s << u"0"_s;
        QTest::newRow("jump host") << u"jump"_s << u"-oProxyCommand=sh"_s;
        QTest::newRow("jump port") << u"jump"_s << u"bastion:0,b2"_s;
        QTest::newRow("kind") << u"kind"_s << u"telnet"_s;
    }

    void validate()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        MachineRecord record;
        record.name = u"vm"_s;
        record.kind = u"ssh"_s;
        record.host = u"vm.lan"_s;
        record.vncHost = u"vm.lan"_s;
        QVERIFY(MachineRecordConfig::validate(record).isEmpty());
        if (field == u"name"_s)
            record.name = value;
        else if (field == u"host"_s)
            record.host = value;
        else if (field == u"port"_s)
            record.port = value.toInt();
        else if (field == u"policy"_s)
            record.options.insert(u"hostKeyPolicy"_s, value);
        else if (field == u"vncHost"_s)
            record.vncHost = value;
        else if (field == u"vncPort"_s)
            record.vncPort = value.toInt();
        else if (field == u"jump"_s)
            record.jumpHost = value;
        else if (field == u"kind"_s)
            record.kind = value;
        const QString problem = MachineRecordConfig::validate(record);
        QVERIFY2(!problem.isEmpty(), qPrintable(field));
    }

    void fromSshConfig()
    {
        const QList<SshConfigHost> hosts = SshConfigFile::parse(
            "Host build\n  HostName 10.1.2.3\n  Port 2200\n  User ci\n  IdentityFile ~/.ssh/ci_key\n"
            "  IdentityFile ~/.ssh/second\n  ProxyJump gw\n"
            "Host gw\n  HostName gw.example\n  User hop\n"
            "Host *\n  User fallback\n  StrictHostKeyChecking yes\n",
            u"/home/ann"_s, u"ann"_s);
        QCOMPARE(hosts.size(), 2);
        const MachineRecord record = MachineRecordConfig::fromSshConfigHost(hosts.first());
        QCOMPARE(record.name, u"build"_s);
        QCOMPARE(record.kind, u"ssh"_s);
        QCOMPARE(record.host, u"10.1.2.3"_s);
        QCOMPARE(record.port, 2200);
        QCOMPARE(record.user, u"ci"_s);
        QCOMPARE(record.identityFile, u"/home/ann/.ssh/ci_key"_s);
        QCOMPARE(record.jumpHost, u"hop@gw.example"_s);
        QVERIFY(MachineRecordConfig::validate(record).isEmpty());
        const SshMachineConfig config = MachineRecordConfig::toSshConfig(record);
        QCOMPARE(
            config.identityFiles(), QStringList({ u"/home/ann/.ssh/ci_key"_s, u"/home/ann/.ssh/second"_s }));
        QCOMPARE(config.hostKeyPolicy, SshMachineConfig::HostKeyPolicy::Strict);
    }
};

QTEST_GUILESS_MAIN(TestMachineRecordConfig)
#include "tst_machinerecordconfig.moc"
