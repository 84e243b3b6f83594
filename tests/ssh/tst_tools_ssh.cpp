#include "sshconnection.h"
#include "sshmachine.h"
#include "sshtestsupport.h"
#include "tooltestcases.h"

#include <QTest>

// The shared agent tool cases, run on a server over SSH (the sshd fixture).
class SshToolTests final : public ToolTestCases
{
    Q_OBJECT

    ProtoTest::SshTestEnvironment m_env;

protected:
    std::unique_ptr<Proto::Machine> createMachine() override
    {
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
