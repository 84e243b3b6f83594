#include "sshconfigfile.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

class TestSshConfigFile : public QObject
{
    Q_OBJECT

    static SshConfigHost find(const QList<SshConfigHost> &hosts, const QString &alias)
    {
        for (const SshConfigHost &h : hosts)
            if (h.alias == alias)
                return h;
        return {};
    }

private Q_SLOTS:
    void typicalFile()
    {
        const QByteArray text = "# global defaults\n"
                                "User fallback\n"
                                "\n"
                                "Host build-vm build\n"
                                "    HostName 10.0.0.5\n"
                                "    Port 2222\n"
                                "    IdentityFile ~/.ssh/build_key\n"
                                "\n"
                                "Host web-*\n"
                                "    User deploy\n"
                                "    ProxyJump bastion\n"
                                "\n"
                                "Host web-1\n"
                                "    HostName web1.example.test\n"
                                "\n"
                                "Host *\n"
                                "    IdentityFile %d/.ssh/id_ed25519\n"
                                "    Port 22\n";
        const QList<SshConfigHost> hosts
            = SshConfigFile::parse(text, QStringLiteral("/home/me"), QStringLiteral("me"));
        QStringList aliases;
        for (const SshConfigHost &h : hosts)
            aliases << h.alias;
        QCOMPARE(aliases,
            QStringList({ QStringLiteral("build-vm"), QStringLiteral("build"), QStringLiteral("web-1") }));

        const SshConfigHost build = find(hosts, QStringLiteral("build-vm"));
        QCOMPARE(build.hostName, QStringLiteral("10.0.0.5"));
        QCOMPARE(build.port, quint16(2222)); // the first value wins over Host *
        QCOMPARE(build.user, QStringLiteral("fallback")); // global lines come first
        QCOMPARE(build.identityFiles,
            QStringList(
                { QStringLiteral("/home/me/.ssh/build_key"), QStringLiteral("/home/me/.ssh/id_ed25519") }));

        const SshConfigHost web = find(hosts, QStringLiteral("web-1"));
        QCOMPARE(web.hostName, QStringLiteral("web1.example.test"));
        QCOMPARE(web.user, QStringLiteral("fallback"));
        QCOMPARE(web.proxyJump, QStringLiteral("bastion"));
        QCOMPARE(web.port, quint16(22));

        const SshMachineConfig config = web.toMachineConfig();
        QCOMPARE(config.host, QStringLiteral("web1.example.test"));
        QCOMPARE(config.name, QStringLiteral("web-1"));
        QVERIFY2(config.validate().isEmpty(), qPrintable(config.validate())); // jump hosts are supported
        QCOMPARE(config.jumpHops().size(), 1);
        QCOMPARE(config.jumpHops().first().host, QStringLiteral("bastion"));
    }

    void syntaxVariants()
    {
        const QByteArray text = "HOST  \"quoted alias\"  plain\r\n"
                                "\tHostName=host.test\r\n"
                                "  port = 2200\r\n"
                                "IdentityFile \"/path with spaces/key\"\r\n"
                                "Host negated !plain\r\n"
                                "User x\r\n";
        const QList<SshConfigHost> hosts = SshConfigFile::parse(text);
        const SshConfigHost quoted = find(hosts, QStringLiteral("quoted alias"));
        QCOMPARE(quoted.hostName, QStringLiteral("host.test"));
        QCOMPARE(quoted.port, quint16(2200));
        QCOMPARE(quoted.identityFiles, QStringList({ QStringLiteral("/path with spaces/key") }));
        const SshConfigHost plain = find(hosts, QStringLiteral("plain"));
        QCOMPARE(plain.user, QString()); // the negation excludes it from "Host negated !plain"
        QCOMPARE(find(hosts, QStringLiteral("negated")).user, QStringLiteral("x"));
    }

    void matchBlocksAreSkipped()
    {
        // An Include inside a Match block adds to that block, which never applies.
        QTemporaryDir home;
        QVERIFY(QDir(home.path()).mkpath(u".ssh"_s));
        QFile other(home.filePath(u".ssh/other"_s));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write("  User included-evil\n");
        other.close();
        const QByteArray text = "Host a\n"
                                "  Port 1000\n"
                                "Match exec \"rm -rf /\"\n"
                                "  Port 2000\n"
                                "  User evil\n"
                                "Include ~/.ssh/other\n"
                                "Host b\n"
                                "  User good\n";
        const QList<SshConfigHost> hosts = SshConfigFile::parse(text, home.path());
        QCOMPARE(find(hosts, QStringLiteral("a")).port, quint16(1000));
        QCOMPARE(find(hosts, QStringLiteral("a")).user, QString());
        QCOMPARE(find(hosts, QStringLiteral("b")).user, QStringLiteral("good"));
    }

    void patterns_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("matches");
        QTest::newRow("exact") << QStringLiteral("a.b") << QStringLiteral("a.b") << true;
        QTest::newRow("case") << QStringLiteral("A.B") << QStringLiteral("a.b") << true;
        QTest::newRow("star") << QStringLiteral("*.test") << QStringLiteral("x.y.test") << true;
        QTest::newRow("star empty") << QStringLiteral("x*") << QStringLiteral("x") << true;
        QTest::newRow("question") << QStringLiteral("web-?") << QStringLiteral("web-1") << true;
        QTest::newRow("question too short") << QStringLiteral("web-?") << QStringLiteral("web-") << false;
        QTest::newRow("no match") << QStringLiteral("*.test") << QStringLiteral("test") << false;
        QTest::newRow("many stars") << QStringLiteral("*a*b*c*") << QStringLiteral("xxaxxbxxcxx") << true;
        QTest::newRow("pathological")
            << QStringLiteral("*a*a*a*a*a*a*a*a*b") << QString(QStringLiteral("a").repeated(5000)) << false;
    }
    void patterns()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, host);
        QFETCH(bool, matches);
        QCOMPARE(SshConfigFile::patternMatches(pattern, host), matches);
    }

    void hostileInput_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("only comments") << QByteArray("# Host x\n#\n");
        QTest::newRow("keyword without value") << QByteArray("Host\nHostName\nPort\n");
        QTest::newRow("NUL bytes") << QByteArray(
            "Host a\0b\nPort 22\0\n", sizeof("Host a\0b\nPort 22\0\n") - 1);
        QTest::newRow("bad ports") << QByteArray(
            "Host a\nPort 0\nPort 70000\nPort -1\nPort 22abc\nPort 99999999999999999999\n");
        QTest::newRow("unterminated quote") << QByteArray("Host \"a b\nUser \"x\n");
        QTest::newRow("invalid UTF-8") << QByteArray("Host \xff\xfe\xc0\xaf\nUser \xed\xa0\x80\n");
        QTest::newRow("huge line") << (QByteArray("Host ") + QByteArray(200000, 'a') + "\nPort 1\n");
        QTest::newRow("many hosts") << QByteArray("Host a\n").repeated(50000);
        QByteArray random(65536, Qt::Uninitialized);
        QRandomGenerator generator(7);
        generator.fillRange(reinterpret_cast<quint32 *>(random.data()), random.size() / 4);
        QTest::newRow("random bytes") << random;
        QTest::newRow("percent tokens") << QByteArray("Host a\nIdentityFile %%%d%u%h%r%z%\n");
    }
    void hostileInput()
    {
        QFETCH(QByteArray, text);
        QElapsedTimer timer;
        timer.start();
        const QList<SshConfigHost> hosts
            = SshConfigFile::parse(text, QStringLiteral("/h"), QStringLiteral("u"));
        QVERIFY(timer.elapsed() < 5000);
        QVERIFY(hosts.size() <= SshConfigFile::kMaxHosts);
        for (const SshConfigHost &h : hosts) {
            QVERIFY(!h.alias.isEmpty());
            QVERIFY(h.port == 0 || h.port < 65536);
        }
    }

    void percentTokens()
    {
        const QList<SshConfigHost> hosts = SshConfigFile::parse(
            "Host a\n  HostName real.test\n  User bob\n  IdentityFile %d/%u/%h/%r/%%/%z\n",
            QStringLiteral("/h"), QStringLiteral("me"));
        QCOMPARE(hosts.size(), 1);
        QCOMPARE(hosts.first().identityFiles, QStringList({ QStringLiteral("/h/me/real.test/bob/%/%z") }));
    }

    void includeFollowsGlobsRelativeToSshDirectory()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        QVERIFY(QDir(home.path()).mkpath(QStringLiteral(".ssh/conf.d")));
        auto write = [&](const QString &name, const QByteArray &text) {
            QFile file(home.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(text);
        };
        write(QStringLiteral(".ssh/conf.d/10-bastion.conf"),
            "Host bastion\n  HostName bastion.example.test\n  User jump\n  Port 2022\n"
            "  IdentityFile ~/.ssh/bastion_key\n  IdentityFile ~/.ssh/one\n");
        write(QStringLiteral(".ssh/conf.d/20-web.conf"),
            "Host web\n  HostName 10.1.2.3\n  ProxyJump bastion\n  IdentityFile ~/.ssh/one\n"
            "  IdentityFile ~/.ssh/two\n  Include nested.conf\n");
        write(QStringLiteral(".ssh/nested.conf"), "  User nested-user\n");
        write(QStringLiteral(".ssh/conf.d/notes.txt"), "Host not-included\n");
        write(QStringLiteral(".ssh/self.conf"), "Include self.conf\nHost loop\n");
        const QByteArray text = "Include conf.d/*.conf self.conf missing.conf\n"
                                "Host *\n  User fallback\n  HashKnownHosts yes\n"
                                "  UserKnownHostsFile ~/.ssh/kh1 ~/.ssh/kh2\n"
                                "  StrictHostKeyChecking accept-new\n  HostKeyAlias first-alias-wins\n";
        const QList<SshConfigHost> hosts = SshConfigFile::parse(text, home.path(), QStringLiteral("me"));
        QStringList aliases;
        for (const SshConfigHost &h : hosts)
            aliases << h.alias;
        QCOMPARE(aliases, QStringList({ u"bastion"_s, u"web"_s, u"loop"_s }));
        const SshConfigHost web = find(hosts, u"web"_s);
        QCOMPARE(web.user, u"nested-user"_s); // an Include inside a Host block belongs to it
        QCOMPARE(web.identityFiles,
            QStringList({ home.filePath(u".ssh/one"_s), home.filePath(u".ssh/two"_s),
                home.filePath(u".ssh/bastion_key"_s) })); // the bastion's own key last
        // The hop names another alias: reached as that alias says.
        QCOMPARE(web.proxyJump, u"jump@bastion.example.test:2022"_s);
        QVERIFY(web.hashKnownHosts);
        QCOMPARE(web.userKnownHostsFiles,
            QStringList({ home.filePath(u".ssh/kh1"_s), home.filePath(u".ssh/kh2"_s) }));
        const SshMachineConfig config = web.toMachineConfig();
        QCOMPARE(config.identityFiles(), web.identityFiles);
        QCOMPARE(config.knownHostsPaths(), web.userKnownHostsFiles);
        QCOMPARE(config.hostKeyPolicy, SshMachineConfig::HostKeyPolicy::AcceptNew);
        QCOMPARE(config.hostKeyAlias, u"first-alias-wins"_s);
        const QList<SshMachineConfig> hops = config.jumpHops();
        QCOMPARE(hops.size(), 1);
        QCOMPARE(hops.first().host, u"bastion.example.test"_s);
        QCOMPARE(hops.first().user, u"jump"_s);
        QCOMPARE(hops.first().port, quint16(2022));
        QVERIFY(hops.first().hostKeyAlias.isEmpty()); // the alias is the target's, not the hop's
    }

    void jumpHopParsing_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("hops"); // user@host:port each; empty: invalid
        QTest::newRow("none") << u"none"_s << QStringList();
        QTest::newRow("one") << u"a@b"_s << QStringList({ u"a@b:22"_s });
        QTest::newRow("chain") << u"b1:2201, u@b2 ,ssh://c@[::1]:2"_s
                               << QStringList({ u"@b1:2201"_s, u"u@b2:22"_s, u"c@::1:2"_s });
        QTest::newRow("bad port") << u"b:99999"_s << QStringList({ u"!"_s });
        QTest::newRow("option") << u"-oProxyCommand=x"_s << QStringList({ u"!"_s });
        QTest::newRow("empty hop") << u"a,,b"_s << QStringList({ u"!"_s });
    }

    void jumpHopParsing()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, hops);
        SshMachineConfig config;
        config.host = u"target"_s;
        config.proxyJump = text;
        QString error;
        const QList<SshMachineConfig> parsed = config.jumpHops(&error);
        if (hops == QStringList({ u"!"_s })) {
            QVERIFY(parsed.isEmpty());
            QVERIFY(!error.isEmpty());
            QVERIFY(!config.validate().isEmpty());
            return;
        }
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList got;
        for (const SshMachineConfig &hop : parsed)
            got << hop.user + u'@' + hop.host + u':' + QString::number(hop.port);
        QCOMPARE(got, hops);
    }

    void loadReportsMissingFile()
    {
        QString error;
        QVERIFY(SshConfigFile::load(QStringLiteral("/nonexistent/proto/config"), &error).isEmpty());
        QVERIFY(error.contains(QStringLiteral("/nonexistent/proto/config")));
    }
};

QTEST_GUILESS_MAIN(TestSshConfigFile)
#include "tst_sshconfigfile.moc"
