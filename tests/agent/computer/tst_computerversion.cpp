// The computer tool's version comes from the model catalog (models.json), including the data
// folder's override: no display needed.
#include "computertool.h"
#include "modelcatalog.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;
using Version = ComputerTool::Version;

class TstComputerVersion : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

private Q_SLOTS:
    void initTestCase()
    {
        // Before the first ModelCatalog::shared(): the catalog then reads this override.
        QVERIFY(m_home.isValid());
        QFile file(m_home.filePath(u"models.json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"models":{
            "claude-haiku-4-5":{"computer_use":["computer_20251124","computer_20250124"]},
            "acme-desktop-1":{"computer_use":["computer_20250124"]},
            "acme-blind-1":{"computer_use":[]}}})");
        file.close();
        qputenv("PROTO_DESKTOP_HOME", m_home.path().toUtf8());
    }

    void versionFollowsTheCatalog_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("supported"); // -1: none implemented
        QTest::addColumn<int>("chosen");
        const int v1 = int(Version::Computer20250124);
        const int v2 = int(Version::Computer20251124);
        QTest::newRow("opus 4.8") << u"claude-opus-4-8"_s << v2 << v2;
        QTest::newRow("opus 4.6 1m") << u"claude-opus-4-6[1m]"_s << v2 << v2;
        QTest::newRow("opus 4.5 dated") << u"claude-opus-4-5-20251101"_s << v2 << v2;
        QTest::newRow("sonnet 4.6") << u"claude-sonnet-4-6"_s << v2 << v2;
        QTest::newRow("sonnet 5") << u"claude-sonnet-5"_s << v2 << v2;
        QTest::newRow("fable 5.1") << u"claude-fable-5-1"_s << v2 << v2;
        QTest::newRow("sonnet 4.5") << u"claude-sonnet-4-5-20250929"_s << v1 << v1;
        QTest::newRow("opus 4.1") << u"claude-opus-4-1"_s << v1 << v1;
        QTest::newRow("opus 4 dated") << u"claude-opus-4-20250514"_s << v1 << v1;
        QTest::newRow("sonnet 3.7") << u"claude-3-7-sonnet-20250219"_s << v1 << v1;
        // Only the toolset form, which this tool does not implement: the newest it has.
        QTest::newRow("opus 5.5") << u"claude-opus-5-5"_s << -1 << v2;
        QTest::newRow("haiku 5.5") << u"claude-haiku-5-5"_s << -1 << v2;
        QTest::newRow("no computer use") << u"claude-3-5-haiku"_s << -1 << v1;
        QTest::newRow("unknown") << u"gpt-4o"_s << v1 << v1;
        QTest::newRow("empty") << QString() << v1 << v1;
        // From the data folder's models.json.
        QTest::newRow("override: haiku 4.5 takes the newer tool") << u"claude-haiku-4-5"_s << v2 << v2;
        QTest::newRow("override: new model") << u"acme-desktop-1"_s << v1 << v1;
        QTest::newRow("override: none") << u"acme-blind-1"_s << -1 << v1;
    }

    void versionFollowsTheCatalog()
    {
        QFETCH(QString, model);
        QFETCH(int, supported);
        QFETCH(int, chosen);
        const std::optional<Version> version = ComputerTool::supportedVersionForModel(model);
        QCOMPARE(version ? int(*version) : -1, supported);
        QCOMPARE(int(ComputerTool::versionForModel(model)), chosen);
    }

    void typesAndBetasFromTheCatalog()
    {
        QCOMPARE(ComputerTool::typeName(Version::Computer20251124), u"computer_20251124"_s);
        QCOMPARE(ComputerTool::betaHeader(Version::Computer20251124), u"computer-use-2025-11-24"_s);
        QCOMPARE(ComputerTool::betaHeader(Version::Computer20250124), u"computer-use-2025-01-24"_s);
        ComputerTool tool(nullptr);
        tool.setVersion(ComputerTool::versionForModel(u"claude-opus-4-8"_s));
        QCOMPARE(tool.anthropicDefinition().value(u"type"_s).toString(), u"computer_20251124"_s);
        QVERIFY(ComputerTool::actions(tool.options().version).contains(u"zoom"_s));
    }
};

QTEST_GUILESS_MAIN(TstComputerVersion)
#include "tst_computerversion.moc"
