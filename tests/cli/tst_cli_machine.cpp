// Runs the real proto-cli binary's machine commands, and an agent run on an SSH machine,
// against the real sshd fixture and the standalone fake-llm-server on 127.0.0.1. HOME is a
// temporary folder, so known_hosts and ~/.ssh/config are the test's own.
#include "fakellmprocess.h"
#include "fixtureutil.h"
#include "sshdfixture.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
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

QJsonObject toolReply(const QString &id, const QString &name, const QJsonObject &input)
{
    return QJsonObject { { u"path"_s, u"/v1/messages"_s },
        { u"anthropic"_s,
            QJsonArray { QJsonObject { { u"message_start"_s, QJsonObject {} } },
                QJsonObject { { u"tool_use"_s,
                    QJsonObject { { u"id"_s, id }, { u"name"_s, name }, { u"input"_s, input } } } },
                QJsonObject { { u"message_delta"_s, QJsonObject { { u"stop_reason"_s, u"tool_use"_s } } } },
                QJsonObject { { u"message_stop"_s, true } } } } };
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

class TestCliMachine : public QObject
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

    bool startServer(const QJsonArray &responses)
    {
        ProtoTest::stopProcess(m_server);
        m_port = ProtoTest::startFakeLlmServer(m_server, m_dir.filePath(u"script.json"_s), responses);
        return m_port != 0;
    }

    Result cli(const QStringList &args)
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
        process.closeWriteChannel(); // stdin is not a terminal
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

    QString target() const { return u"%1@%2:%3"_s.arg(m_sshd.user(), m_sshd.host()).arg(m_sshd.port()); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFile::exists(bin(u"proto-cli"_s)), "proto-cli not built");
        PROTO_REQUIRE_PEER(QFile::exists(bin(u"fake-llm-server"_s)), u"fake-llm-server not built"_s);
        PROTO_REQUIRE_PEER(m_sshd.start(), m_sshd.errorString());
        m_data = m_dir.filePath(u"data"_s);
        m_home = m_dir.filePath(u"home"_s);
        QVERIFY(QDir().mkpath(m_data));
        QVERIFY(QDir().mkpath(m_home));
        // The SSH user (not root when the fixture drops privileges) works in a folder it may write.
        m_remoteProject = m_dir.filePath(u"remote-project"_s);
        QVERIFY(QDir().mkpath(m_remoteProject));
        QFile::setPermissions(m_dir.path(),
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup
                | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther);
        QFile::setPermissions(m_remoteProject, QFileDevice::Permissions(0x7777));
    }

    void cleanupTestCase() { ProtoTest::stopProcess(m_server); }

    void badUsage_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no subcommand") << QStringList { u"machine"_s };
        QTest::newRow("unknown subcommand") << QStringList { u"machine"_s, u"frobnicate"_s };
        QTest::newRow("add without ssh") << QStringList { u"machine"_s, u"add"_s, u"vm"_s };
        QTest::newRow("add without name") << QStringList { u"machine"_s, u"add"_s, u"--ssh"_s, u"a@b"_s };
        QTest::newRow("bad port") << QStringList { u"machine"_s, u"add"_s, u"vm"_s, u"--ssh"_s,
            u"a@b:99999"_s };
        QTest::newRow("option as host")
            << QStringList { u"machine"_s, u"add"_s, u"vm"_s, u"--ssh"_s, u"-oProxyCommand=x"_s };
        QTest::newRow("via ssh without vnc")
            << QStringList { u"machine"_s, u"add"_s, u"vm"_s, u"--ssh"_s, u"a@b"_s, u"--vnc-via-ssh"_s };
        QTest::newRow("unknown option")
            << QStringList { u"machine"_s, u"add"_s, u"vm"_s, u"--ssh"_s, u"a@b"_s, u"--yolo"_s };
        QTest::newRow("remove two") << QStringList { u"machine"_s, u"remove"_s, u"a"_s, u"b"_s };
    }

    void badUsage()
    {
        QFETCH(QStringList, args);
        const Result r = cli(args);
        QVERIFY2(r.code == 2, qPrintable(r.err));
        QVERIFY(r.err.contains(u"usage:"_s));
        QVERIFY(!cli({ u"machine"_s, u"list"_s }).out.contains(u"vm "_s)); // nothing was saved
    }

    void addListTestRemove()
    {
        Result r = cli(
            { u"machine"_s, u"add"_s, u"vm"_s, u"--ssh"_s, target(), u"--identity"_s, m_sshd.clientKeyPath(),
                u"--accept-new-host-key"_s, u"--vnc"_s, u"127.0.0.1:5901"_s, u"--vnc-via-ssh"_s });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(u"Added machine vm"_s), qPrintable(r.out));

        r = cli({ u"machine"_s, u"add"_s, u"VM"_s, u"--ssh"_s, target() });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"already"_s), qPrintable(r.err));
        r = cli({ u"machine"_s, u"add"_s, u"other"_s, u"--ssh"_s, target(), u"--identity"_s,
            m_dir.filePath(u"no-such-key"_s) });
        QCOMPARE(r.code, 1);

        r = cli({ u"machine"_s, u"list"_s, u"--json"_s });
        QCOMPARE(r.code, 0);
        const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2); // local and vm
        const QJsonObject local = QJsonDocument::fromJson(lines.at(0).toUtf8()).object();
        QCOMPARE(local.value(u"kind"_s).toString(), u"local"_s);
        const QJsonObject vm = QJsonDocument::fromJson(lines.at(1).toUtf8()).object();
        QCOMPARE(vm.value(u"name"_s).toString(), u"vm"_s);
        QCOMPARE(vm.value(u"host"_s).toString(), m_sshd.host());
        QCOMPARE(vm.value(u"port"_s).toInt(), int(m_sshd.port()));
        QCOMPARE(vm.value(u"user"_s).toString(), m_sshd.user());
        QCOMPARE(vm.value(u"hostKeyPolicy"_s).toString(), u"accept-new"_s);
        QCOMPARE(vm.value(u"vncPort"_s).toInt(), 5901);
        QCOMPARE(vm.value(u"vncViaSsh"_s).toBool(), true);
        r = cli({ u"machine"_s, u"list"_s });
        QVERIFY2(r.out.contains(u"vm"_s) && r.out.contains(u"accept-new"_s), qPrintable(r.out));

        // test: connects, accepts the new key into $HOME/.ssh/known_hosts, runs uname -a.
        r = cli({ u"machine"_s, u"test"_s, u"vm"_s });
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(u"connected"_s) && r.out.contains(u"Linux"_s), qPrintable(r.out));
        QVERIFY2(readAll(m_home + u"/.ssh/known_hosts"_s)
                     .contains(QString::fromUtf8(m_sshd.knownHostsLine().split(' ').at(2))),
            qPrintable(readAll(m_home + u"/.ssh/known_hosts"_s)));

        // A machine whose host key must be asked about is refused without a terminal.
        r = cli({ u"machine"_s, u"add"_s, u"asks"_s, u"--ssh"_s,
            u"%1:%2"_s.arg(m_sshd.host()).arg(m_sshd.port()), u"--identity"_s, m_sshd.clientKeyPath() });
        QCOMPARE(r.code, 0);
        QFile::remove(m_home + u"/.ssh/known_hosts"_s);
        r = cli({ u"machine"_s, u"test"_s, u"asks"_s });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"not a terminal"_s) && r.err.contains(m_sshd.hostKeyFingerprint()),
            qPrintable(r.err));
        QVERIFY(!QFile::exists(m_home + u"/.ssh/known_hosts"_s));

        r = cli({ u"machine"_s, u"test"_s, u"nothing-here"_s });
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(u"no machine named"_s, Qt::CaseInsensitive));

        r = cli({ u"machine"_s, u"remove"_s, u"asks"_s });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = cli({ u"machine"_s, u"remove"_s, u"asks"_s });
        QCOMPARE(r.code, 1);
        r = cli({ u"machine"_s, u"remove"_s, u"local"_s });
        QCOMPARE(r.code, 1);
        QVERIFY(!cli({ u"machine"_s, u"list"_s }).out.contains(u"asks"_s));
    }

    void runOnSshMachine()
    {
        QVERIFY(startServer({
            toolReply(u"toolu_w"_s, u"write"_s,
                QJsonObject {
                    { u"path"_s, u"app.conf"_s }, { u"content"_s, u"version=1\nhost=$(hostname)\n"_s } }),
            toolReply(u"toolu_b"_s, u"bash"_s,
                QJsonObject { { u"command"_s, u"cp app.conf backup.conf && id -un > whoami.txt"_s } }),
            toolReply(u"toolu_e"_s, u"edit"_s,
                QJsonObject { { u"path"_s, u"app.conf"_s }, { u"old_str"_s, u"version=1"_s },
                    { u"new_str"_s, u"version=2"_s } }),
            textReply(u"app.conf is at version 2 on vm."_s),
        }));
        const Result r = cli({ u"run"_s, u"--machine"_s, u"vm"_s, u"--cwd"_s, m_remoteProject, u"--approve"_s,
            u"auto"_s, u"Set up app.conf on the VM"_s });
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(u"app.conf is at version 2 on vm."_s), qPrintable(r.out));
        // The files are really there, written by the SSH user.
        QCOMPARE(readAll(m_remoteProject + u"/app.conf"_s), u"version=2\nhost=$(hostname)\n"_s);
        QCOMPARE(readAll(m_remoteProject + u"/backup.conf"_s), u"version=1\nhost=$(hostname)\n"_s);
        QCOMPARE(readAll(m_remoteProject + u"/whoami.txt"_s).trimmed(), m_sshd.user()); // run over SSH
        QVERIFY2(r.out.contains(u"[bash]"_s) && r.out.contains(u"[edit]"_s), qPrintable(r.out));

        const Result sessions = cli({ u"sessions"_s, u"--json"_s });
        const QJsonObject first
            = QJsonDocument::fromJson(sessions.out.split(u'\n').first().toUtf8()).object();
        QCOMPARE(first.value(u"cwd"_s).toString(), m_remoteProject);
        QVERIFY(first.value(u"machine"_s).toString() != u"vm"_s); // the machine's id, not its name
        QVERIFY(first.value(u"machine"_s).toString() != u"local"_s);
    }

    void importFromSshConfig()
    {
        QVERIFY(QDir().mkpath(m_home + u"/.ssh"_s));
        QFile config(m_home + u"/.ssh/config"_s);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(
            "Host imported-vm\n  HostName 127.0.0.1\n  Port 2200\n  User ci\n\nHost vm\n  HostName x\n");
        config.close();
        Result r = cli({ u"machine"_s, u"import"_s });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(
            r.out.contains(u"Imported imported-vm"_s) && r.out.contains(u"Skipped vm"_s), qPrintable(r.out));
        r = cli({ u"machine"_s, u"list"_s });
        QVERIFY2(r.out.contains(u"ci@127.0.0.1:2200"_s), qPrintable(r.out));
        r = cli({ u"machine"_s, u"import"_s, u"--config"_s, m_dir.filePath(u"missing"_s) });
        QCOMPARE(r.code, 1);
    }

    void changedHostKeyRefused()
    {
        // vm knows the key (accepted by test above, the file was recreated by run); swap it.
        Result r = cli({ u"machine"_s, u"test"_s, u"vm"_s });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(m_sshd.swapHostKey(u"ed25519"_s));
        r = cli({ u"machine"_s, u"test"_s, u"vm"_s });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"CHANGED"_s) && r.err.contains(u"refused"_s), qPrintable(r.err));
        QCOMPARE(r.err.count(u'\n'), 1); // one clear line
        r = cli({ u"run"_s, u"--machine"_s, u"vm"_s, u"--approve"_s, u"auto"_s, u"hello"_s });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"CHANGED"_s), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliMachine)
#include "tst_cli_machine.moc"
