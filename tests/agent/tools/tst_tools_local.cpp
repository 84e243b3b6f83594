#include "localmachine.h"
#include "tooltestcases.h"

#include <QTest>

// The shared tool cases on this computer.
class LocalToolTests final : public ToolTestCases
{
    Q_OBJECT

protected:
    std::unique_ptr<Proto::Machine> createMachine() override
    {
        auto machine = std::make_unique<Proto::LocalMachine>();
        machine->setKillGraceMs(500);
        return machine;
    }
};

QTEST_GUILESS_MAIN(LocalToolTests)
#include "tst_tools_local.moc"
