#include "pricetable.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Proto;

class TestPriceTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtInTableCostsUsage()
    {
        const PriceTable table;
        LlmUsage usage;
        usage.inputTokens = 1'000'000;
        usage.outputTokens = 100'000;
        usage.cacheCreationInputTokens = 200'000;
        usage.cacheReadInputTokens = 2'000'000;
        const LlmCost cost = table.cost(QStringLiteral("claude-sonnet-4-5-20250929"), usage);
        QVERIFY(cost.known);
        QCOMPARE(cost.matchedModel, QStringLiteral("claude-sonnet-4-5"));
        // 3.00 + 1.50 + 0.75 + 0.60
        QVERIFY(qAbs(cost.usd - 5.85) < 1e-9);
    }

    void longestPrefixWins()
    {
        const PriceTable table;
        LlmUsage usage;
        usage.inputTokens = 1'000'000;
        QCOMPARE(table.cost(QStringLiteral("claude-opus-4-5-20251101"), usage).usd, 5.0);
        QCOMPARE(table.cost(QStringLiteral("claude-opus-4-1-20250805"), usage).usd, 15.0);
        QCOMPARE(table.cost(QStringLiteral("claude-opus-4-20250514"), usage).usd, 15.0);
        QCOMPARE(table.cost(QStringLiteral("claude-haiku-4-5"), usage).usd, 1.0);
    }

    void unknownModelSaysSo()
    {
        const PriceTable table;
        const LlmCost cost = table.cost(QStringLiteral("llama-3.1-8b-instruct"), LlmUsage { 10, 10, 0, 0 });
        QVERIFY(!cost.known);
        QVERIFY(cost.note.contains(QLatin1String("llama-3.1-8b-instruct")));
        QVERIFY(!table.hasPrice(QString()));
    }

    void overridesFromTheDataFolder()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("prices.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            R"({"models":{"claude-sonnet-4-5":{"input":2,"output":10},"llama-3":{"input":0,"output":0}}})");
        file.close();
        PriceTable table;
        QString error;
        QVERIFY2(table.loadOverrides(path, &error), qPrintable(error));
        LlmUsage usage;
        usage.inputTokens = 1'000'000;
        usage.cacheCreationInputTokens = 1'000'000;
        QCOMPARE(table.cost(QStringLiteral("claude-sonnet-4-5"), usage).usd,
            2.0 + 2.5); // cache write defaults to 1.25x
        QVERIFY(table.cost(QStringLiteral("llama-3-70b"), usage).known);
        QVERIFY(table.hasPrice(QStringLiteral("claude-haiku-4-5"))); // built-in entries stay
        QVERIFY(table.loadOverrides(dir.filePath(QStringLiteral("missing.json")), &error));
    }

    void malformedOverridesAreRejectedWithAReason_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("not json") << QByteArray("{models:");
        QTest::newRow("no models") << QByteArray("{}");
        QTest::newRow("negative") << QByteArray(R"({"models":{"m":{"input":-1,"output":1}}})");
        QTest::newRow("string price") << QByteArray(R"({"models":{"m":{"input":"1","output":1}}})");
        QTest::newRow("missing output") << QByteArray(R"({"models":{"m":{"input":1}}})");
    }

    void malformedOverridesAreRejectedWithAReason()
    {
        QFETCH(QByteArray, json);
        PriceTable table;
        QString error;
        QVERIFY(!table.mergeJson(json, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!table.hasPrice(QStringLiteral("m")));
        QVERIFY(table.hasPrice(QStringLiteral("claude-sonnet-4-5")));
    }
};

QTEST_GUILESS_MAIN(TestPriceTable)
#include "tst_pricetable.moc"
