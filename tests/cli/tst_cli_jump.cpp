// proto-cli with a host reached only through a ProxyJump bastion: the real binary imports it from
// a ~/.ssh/config split with Include (its key in the second IdentityFile, HashKnownHosts yes),
// tests it and runs an agent conversation whose files land on the target, against two real
// sshd fixtures and the fake LLM server on 127.0.0.1.
#include "fakellmprocess.h"
#include "fixtureutil.h"
#include "sshdfixture.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QJsonObject reply(const QJsonObject &block, const QString &stopReason)
{
    return QJsonObject { { u"path"_s, u"/v1/messages"_s },
        { u"anthropic"_s,
            QJsonArray { QJsonObject { { u"message_start"_s, QJsonObject {} } }, block,
                QJsonObject { { u"message_delta"_s, QJsonObject { { u"stop_reason"_s, stopReason } } } },
                QJsonObject { { u"message_stop"_s, true } } } } };
}

QJsonObject toolReply(const QString &id, const QString &name, const QJsonObject &input)
{
    return reply(QJsonObject { { u"tool_use"_s,
                     QJsonObject { { u"id"_s, id }, { u"name"_s, name }, { u"input"_s, input } } } },
        u"tool_use"_s);
}

QString readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : u"<missing>"_s;
}

struct Result
{
    int code = -1;
    QString out;
    QString err;
};

} // namespace

class TestCliJump : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    ProtoTest::SshdFixture m_bastion;
    ProtoTest::SshdFixture m_target;
    QString m_data;
    QString m_home;
    QProcess m_server;
    quint16 m_port = 0;

    QString bin(const QString &name) const
    {
        return qEnvironmentVariable("PROTO_TEST_BIN_DIR") + u'/' + name;
    }

    Result cli(const QStringList &args, const std::function<void()> &whileRunning = {})
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"PROTO_DESKTOP_HOME"_s, m_data);
        env.insert(u"HOME"_s, m_home);
        env.remove(u"SSH_AUTH_SOCK"_s);
        env.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);
        env.insert(u"ANTHROPIC_BASE_URL"_s, u"http://127.0.0.1:%1"_s.arg(m_port));
        env.insert(u"ANTHROPIC_API_KEY"_s, u"test"_s);
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(m_home);
        process.start(bin(u"proto-cli"_s), args);
        Result result;
        if (!process.waitForStarted(10000))
            return result;
        process.closeWriteChannel();
        if (whileRunning)
            whileRunning();
        if (!process.waitForFinished(90000)) {
            process.kill();
            process.waitForFinished();
            return result;
        }
        result.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = QString::fromUtf8(process.readAllStandardOutput());
        result.err = QString::fromUtf8(process.readAllStandardError());
        return result;
    }

    QString knownHosts() const { return m_home + u"/.ssh/known_hosts_fleet"_s; }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFile::exists(bin(u"proto-cli"_s)), "proto-cli not built");
        PROTO_REQUIRE_PEER(QFile::exists(bin(u"fake-llm-server"_s)), u"fake-llm-server not built"_s);
        m_bastion.setLogLevel("DEBUG1");
        PROTO_REQUIRE_PEER(m_bastion.start(), m_bastion.errorString());
        PROTO_REQUIRE_PEER(m_target.start(), m_target.errorString());
        m_data = m_dir.filePath(u"data"_s);
        m_home = m_dir.filePath(u"home"_s);
        QVERIFY(QDir().mkpath(m_data));
        QVERIFY(QDir().mkpath(m_home + u"/.ssh/fleet.d"_s));
        QFile::setPermissions(m_dir.path(),
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup
                | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther);
        QVERIFY(QDir().mkpath(m_dir.filePath(u"remote"_s)));
        QFile::setPermissions(m_dir.filePath(u"remote"_s), QFileDevice::Permissions(0x7777));
    }

    void cleanupTestCase() { ProtoTest::stopProcess(m_server); }

    void importTestAndRunThroughTheBastion()
    {
        // ~/.ssh/config pulls the fleet in with a glob relative to ~/.ssh; the target's key is
        // the second IdentityFile (the first is the bastion's, which the target refuses).
        QFile main(m_dir.filePath(u"config"_s));
        QVERIFY(main.open(QIODevice::WriteOnly));
        main.write("Include fleet.d/*.conf\n"
                   "Host *\n  HashKnownHosts yes\n  StrictHostKeyChecking accept-new\n"
                   "  UserKnownHostsFile ~/.ssh/known_hosts_fleet\n");
        main.close();
        QFile fleet(m_home + u"/.ssh/fleet.d/10-fleet.conf"_s);
        QVERIFY(fleet.open(QIODevice::WriteOnly));
        fleet.write("Host bastion\n  HostName 127.0.0.1\n  Port " + QByteArray::number(m_bastion.port())
            + "\n  User " + m_bastion.user().toUtf8() + "\n  IdentityFile "
            + m_bastion.clientKeyPath().toUtf8() + "\n\nHost private-vm\n  HostName 127.0.0.1\n  Port "
            + QByteArray::number(m_target.port()) + "\n  User " + m_target.user().toUtf8()
            + "\n  ProxyJump bastion\n  IdentityFile " + m_bastion.clientKeyPath().toUtf8()
            + "\n  IdentityFile " + m_target.clientKeyPath().toUtf8() + "\n  IdentitiesOnly yes\n");
        fleet.close();

        Result r = cli({ u"machine"_s, u"import"_s, u"--config"_s, main.fileName() });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(u"Imported private-vm"_s), qPrintable(r.out));
        r = cli({ u"machine"_s, u"list"_s });
        const QString via = u"via %1@127.0.0.1:%2"_s.arg(m_bastion.user()).arg(m_bastion.port());
        QVERIFY2(r.out.contains(via), qPrintable(r.out));

        r = cli({ u"machine"_s, u"test"_s, u"private-vm"_s });
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(u"connected"_s) && r.out.contains(u"Linux"_s), qPrintable(r.out));
        const QString forwarded = u"target 127.0.0.1 port %1"_s.arg(m_target.port());
        QVERIFY2(m_bastion.sshdLog().contains(forwarded), qPrintable(m_bastion.sshdLog().right(3000)));

        // Both hops' keys were accepted into the file, hashed, and OpenSSH finds them.
        const QString written = readAll(knownHosts());
        QVERIFY2(written.startsWith(u"|1|"_s) && !written.contains(u"127.0.0.1"_s), qPrintable(written));
        const QString keygen = ProtoTest::findProgram(u"ssh-keygen"_s);
        for (const quint16 port : { m_bastion.port(), m_target.port() }) {
            QByteArray output;
            QCOMPARE(ProtoTest::runProgram(
                         keygen, { u"-F"_s, u"[127.0.0.1]:%1"_s.arg(port), u"-f"_s, knownHosts() }, &output),
                0);
        }

        // An agent conversation with several tools: the files land on the target.
        const QString project = m_dir.filePath(u"remote"_s);
        ProtoTest::stopProcess(m_server);
        m_port = ProtoTest::startFakeLlmServer(m_server, m_dir.filePath(u"script.json"_s),
            {
                toolReply(u"toolu_w"_s, u"write"_s,
                    QJsonObject {
                        { u"path"_s, u"notes.txt"_s }, { u"content"_s, u"behind the bastion\n"_s } }),
                toolReply(u"toolu_b"_s, u"bash"_s,
                    QJsonObject {
                        { u"command"_s, u"cp notes.txt copy.txt && echo $SSH_CONNECTION > conn.txt"_s } }),
                reply(QJsonObject { { u"text"_s, u"Done on private-vm."_s } }, u"end_turn"_s),
            });
        QVERIFY(m_port != 0);
        r = cli({ u"run"_s, u"--machine"_s, u"private-vm"_s, u"--cwd"_s, project, u"--approve"_s, u"auto"_s,
            u"Leave a note"_s });
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(u"Done on private-vm."_s), qPrintable(r.out));
        QCOMPARE(readAll(project + u"/copy.txt"_s), u"behind the bastion\n"_s);
        QVERIFY2(readAll(project + u"/conn.txt"_s).trimmed().endsWith(u" %1"_s.arg(m_target.port())),
            qPrintable(readAll(project + u"/conn.txt"_s)));
    }
    void addWithJumpOption()
    {
        // One key for both hops: the target also authorizes the bastion's client key.
        QFile authorized(m_target.directory() + u"/authorized_keys"_s);
        QVERIFY(authorized.open(QIODevice::Append));
        authorized.write(readAll(m_bastion.clientKeyPath() + u".pub"_s).toUtf8());
        authorized.close();
        const QString jump = u"%1@127.0.0.1:%2"_s.arg(m_bastion.user()).arg(m_bastion.port());
        Result r = cli({ u"machine"_s, u"add"_s, u"jumped"_s, u"--ssh"_s,
            u"%1@127.0.0.1:%2"_s.arg(m_target.user()).arg(m_target.port()), u"--identity"_s,
            m_bastion.clientKeyPath(), u"--jump"_s, jump, u"--accept-new-host-key"_s });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = cli({ u"machine"_s, u"test"_s, u"jumped"_s });
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(u"Linux"_s), qPrintable(r.out));

        r = cli({ u"machine"_s, u"add"_s, u"bad-jump"_s, u"--ssh"_s, u"u@h"_s, u"--jump"_s,
            u"x@-oProxyCommand=sh"_s });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"jump host"_s), qPrintable(r.err));
        // A bastion nobody listens on: the error names the hop.
        r = cli({ u"machine"_s, u"add"_s, u"dead-jump"_s, u"--ssh"_s,
            u"%1@127.0.0.1:%2"_s.arg(m_target.user()).arg(m_target.port()), u"--identity"_s,
            m_bastion.clientKeyPath(), u"--jump"_s, u"127.0.0.1:%1"_s.arg(ProtoTest::freeTcpPort()) });
        QCOMPARE(r.code, 0);
        r = cli({ u"machine"_s, u"test"_s, u"dead-jump"_s });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"Jump host"_s) && r.err.contains(u"refused"_s), qPrintable(r.err));
    }

    void agentCommandSurvivesADroppedLink()
    {
        // The bash tool's command is running on the target (behind the bastion) when the
        // target's sshd connections are cut: proto-cli reconnects through the bastion, follows
        // the command on, and the model gets all of its output.
        const QString project = m_dir.filePath(u"remote"_s);
        const QString mark = project + u"/started.mark"_s;
        const QString record = m_dir.filePath(u"drop-record.jsonl"_s);
        ProtoTest::stopProcess(m_server);
        m_port = ProtoTest::startFakeLlmServer(m_server, m_dir.filePath(u"script-drop.json"_s),
            {
                toolReply(u"toolu_s"_s, u"bash"_s,
                    QJsonObject { { u"command"_s,
                        u"echo before-the-drop; touch started.mark; sleep 2; echo after-the-drop"_s } }),
                reply(QJsonObject { { u"text"_s, u"Survived."_s } }, u"end_turn"_s),
            },
            record);
        QVERIFY(m_port != 0);
        bool dropped = false;
        const Result r = cli({ u"run"_s, u"--machine"_s, u"jumped"_s, u"--cwd"_s, project, u"--approve"_s,
                                 u"auto"_s, u"Run it"_s },
            [&] {
                QDeadlineTimer deadline(60000);
                while (!QFile::exists(mark) && !deadline.hasExpired())
                    QTest::qWait(20);
                if (QFile::exists(mark)) {
                    m_target.dropConnections();
                    dropped = true;
                }
            });
        QVERIFY(dropped);
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(u"Survived."_s), qPrintable(r.out));
        // The tool result the model got holds the output from both sides of the drop.
        const QString requests = readAll(record);
        QVERIFY2(requests.contains(u"before-the-drop\\nafter-the-drop"_s), qPrintable(requests.right(2000)));
    }
};

QTEST_GUILESS_MAIN(TestCliJump)
#include "tst_cli_jump.moc"
