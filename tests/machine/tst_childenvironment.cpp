// What a child process may inherit: the app's own variables never, credential-looking ones not
// for the agent's commands; and a real /bin/sh started by LocalMachine sees exactly that.

#include "childenvironment.h"
#include "localmachine.h"

#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;
using For = ChildEnvironment::For;

class TestChildEnvironment : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void withheld_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("fromAgent");
        QTest::addColumn<bool>("fromPerson");
        const auto row = [](const char *tag, const QString &name, const QString &value, bool agent,
                             bool person) { QTest::newRow(tag) << name << value << agent << person; };
        row("anthropic key", u"ANTHROPIC_API_KEY"_s, u"sk-ant-api03-x"_s, true, true);
        row("anthropic base url", u"ANTHROPIC_BASE_URL"_s, u"http://127.0.0.1:1"_s, true, true);
        row("openai key", u"OPENAI_API_KEY"_s, u"x"_s, true, true);
        row("vnc password", u"PROTO_VNC_PASSWORD"_s, u"x"_s, true, true);
        row("data folder", u"PROTO_DESKTOP_HOME"_s, u"/home/u/.local/share/proto"_s, true, true);
        row("github token", u"GITHUB_TOKEN"_s, u"x"_s, true, false);
        row("gh token", u"GH_TOKEN"_s, u"x"_s, true, false);
        row("aws secret", u"AWS_SECRET_ACCESS_KEY"_s, u"x"_s, true, false);
        row("aws key id", u"AWS_ACCESS_KEY_ID"_s, u"x"_s, true, false);
        row("db password", u"PGPASSWORD"_s, u"x"_s, true, false);
        row("lower case", u"my_api_key"_s, u"x"_s, true, false);
        row("any _KEY", u"STRIPE_KEY"_s, u"x"_s, true, false);
        row("value sk-", u"SOMETHING"_s, u"sk-abcdefghijklmnopqrstuvwxyz"_s, true, false);
        row("value ghp_", u"X"_s, u"ghp_abcdefghijklmnopqrstuvwxyz0123"_s, true, false);
        row("value AKIA", u"X"_s, u"AKIAABCDEFGHIJKLMNOP"_s, true, false);
        row("value pem", u"X"_s, u"-----BEGIN OPENSSH PRIVATE KEY-----\nabc"_s, true, false);
        row("value slack", u"X"_s, u"xoxb-1234567890-abcdef"_s, true, false);
        row("personal access token", u"GITHUB_PAT"_s, u"x"_s, true, false);
        row("library path", u"LD_LIBRARY_PATH"_s, u"/opt/lib"_s, false, false);
        row("pkg-config path", u"PKG_CONFIG_PATH"_s, u"/opt/lib/pkgconfig"_s, false, false);
        row("dbus", u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/run/user/1000/bus"_s, false, false);
        row("xauthority", u"XAUTHORITY"_s, u"/home/u/.Xauthority"_s, false, false);
        row("path", u"PATH"_s, u"/usr/bin:/bin"_s, false, false);
        row("home", u"HOME"_s, u"/home/u"_s, false, false);
        row("agent socket", u"SSH_AUTH_SOCK"_s, u"/tmp/ssh-x/agent.1"_s, false, false);
        row("keyboard", u"XKB_DEFAULT_LAYOUT"_s, u"us"_s, false, false);
        row("desk", u"DESKTOP_SESSION"_s, u"plasma"_s, false, false);
        row("short sk", u"X"_s, u"sk-1"_s, false, false);
        row("word containing sk-", u"X"_s, u"task-runner-for-everyone-here"_s, false, false);
    }

    void withheld()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(bool, fromAgent);
        QFETCH(bool, fromPerson);
        QCOMPARE(ChildEnvironment::isWithheld(For::Agent, name, value), fromAgent);
        QCOMPARE(ChildEnvironment::isWithheld(For::Person, name, value), fromPerson);
    }

    void cleanKeepsTheRest()
    {
        QProcessEnvironment base;
        base.insert(u"PATH"_s, u"/bin"_s);
        base.insert(u"ANTHROPIC_API_KEY"_s, u"k"_s);
        base.insert(u"GITHUB_TOKEN"_s, u"t"_s);
        QCOMPARE(ChildEnvironment::clean(base, For::Agent).keys(), QStringList { u"PATH"_s });
        QCOMPARE(ChildEnvironment::clean(base, For::Person).keys(),
            (QStringList { u"GITHUB_TOKEN"_s, u"PATH"_s }));
        QCOMPARE(ChildEnvironment::withheldNames(base, For::Agent),
            (QStringList { u"ANTHROPIC_API_KEY"_s, u"GITHUB_TOKEN"_s }));
    }

    // A real child: what /proc/self/environ holds.
    void localCommandsInheritNoSecret()
    {
        qputenv("ANTHROPIC_API_KEY", "sk-ant-child-secret-0123456789");
        qputenv("PROTO_VNC_PASSWORD", "child-vnc-secret");
        qputenv("CHILD_TEST_TOKEN", "child-token-secret");
        qputenv("CHILD_TEST_PLAIN", "plain-value");
        const auto restore = qScopeGuard([] {
            for (const char *name :
                { "ANTHROPIC_API_KEY", "PROTO_VNC_PASSWORD", "CHILD_TEST_TOKEN", "CHILD_TEST_PLAIN" })
                qunsetenv(name);
        });
        LocalMachine machine;
        CommandSpec spec;
        spec.command = u"tr '\\0' '\\n' < /proc/self/environ"_s;
        spec.environment.insert(u"ADDED_BY_TOOL"_s, u"yes"_s);
        std::unique_ptr<CommandJob> job(machine.run(spec));
        QByteArray out;
        connect(job.get(), &CommandJob::stdoutData, this, [&out](const QByteArray &d) { out += d; });
        QSignalSpy done(job.get(), &MachineJob::finished);
        QVERIFY(done.wait(10000));
        QVERIFY2(out.contains("CHILD_TEST_PLAIN=plain-value\n"), out.constData());
        QVERIFY(out.contains("ADDED_BY_TOOL=yes\n"));
        QVERIFY(!out.contains("secret"));
        QVERIFY(!out.contains("ANTHROPIC_API_KEY"));
    }
};

QTEST_GUILESS_MAIN(TestChildEnvironment)
#include "tst_childenvironment.moc"
