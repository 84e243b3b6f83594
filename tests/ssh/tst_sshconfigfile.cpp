#include "sshconfigfile.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Proto;

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
        QVERIFY(config.validate().contains(QStringLiteral("not supported"))); // ProxyJump said clearly
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

    void matchBlocksAndIncludesAreSkipped()
    {
        const QByteArray text = "Host a\n"
                                "  Port 1000\n"
                                "Match exec \"rm -rf /\"\n"
                                "  Port 2000\n"
                                "  User evil\n"
                                "Include ~/.ssh/other\n"
                                "Host b\n"
                                "  User good\n";
        const QList<SshConfigHost> hosts = SshConfigFile::parse(text);
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

    void loadReportsMissingFile()
    {
        QString error;
        QVERIFY(SshConfigFile::load(QStringLiteral("/nonexistent/proto/config"), &error).isEmpty());
        QVERIFY(error.contains(QStringLiteral("/nonexistent/proto/config")));
    }
};

QTEST_GUILESS_MAIN(TestSshConfigFile)
#include "tst_sshconfigfile.moc"
