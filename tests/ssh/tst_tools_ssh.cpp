#include "sshconnection.h"
#include "sshmachine.h"
#include "sshtestsupport.h"
#include "tooltestcases.h"

#include <QTest>

// The shared agent tool cases, run on a server over SSH (the sshd fixture). Built twice: as
// tst_tools_ssh for the fixture's user (login shell bash), and with PROTO_ODD_SHELL as
// tst_tools_ssh_oddshell for a user whose login shell prints banners and takes no POSIX
// quoting (SshdFixture::useOddShellUser): every tool must work unchanged there too.
class SshToolTests final : public ToolTestCases
{
    Q_OBJECT

    ProtoTest::SshTestEnvironment m_env;

#ifdef PROTO_ODD_SHELL
private Q_SLOTS:
    void loginShellIsTheOddOne()
    {
        // The commands really go through that login shell (sshd sets SHELL from passwd), and
        // neither its banners nor its quoting reach a command's output.
        if (!machine())
            QSKIP("sshd unavailable");
        Proto::CommandSpec spec;
        spec.command
            = QStringLiteral("printf '%s|' \"$SHELL\" \"it's\"; echo err >&2; read -r line; echo \"$line\"");
        spec.stdinData = "stdin for the command\n";
        std::unique_ptr<Proto::CommandJob> job(machine()->run(spec));
        QByteArray out;
        QByteArray err;
        connect(job.get(), &Proto::CommandJob::stdoutData, this, [&](const QByteArray &d) { out += d; });
        connect(job.get(), &Proto::CommandJob::stderrData, this, [&](const QByteArray &d) { err += d; });
        QVERIFY(ProtoTest::waitForJob(job.get()));
        QCOMPARE(job->exitCode(), 0);
        QCOMPARE(out, ProtoTest::SshdFixture::oddLoginShell().toUtf8() + "|it's|stdin for the command\n");
        QCOMPARE(err, QByteArray("err\n"));
    }
#endif

protected:
    std::unique_ptr<Proto::Machine> createMachine() override
    {
#ifdef PROTO_ODD_SHELL
        m_env.oddShell = true;
#endif
        if (!m_env.start()) {
            if (ProtoTest::fixturesRequired())
                qFatal("required test peer unavailable: %s", qPrintable(m_env.sshd.errorString()));
            qWarning("sshd unavailable: %s", qPrintable(m_env.sshd.errorString()));
            return {};
        }
        auto machine = std::make_unique<Proto::SshMachine>(m_env.config());
        machine->connectToHost();
        return machine;
    }
};

QTEST_GUILESS_MAIN(SshToolTests)
#include "tst_tools_ssh.moc"
