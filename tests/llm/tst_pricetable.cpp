#include "modelid.h"
#include "pricetable.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

class TestPriceTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtInTableCostsUsage()
    {
        const PriceTable table;
        LlmUsage usage;
        usage.inputTokens = 100'000;
        usage.outputTokens = 10'000;
        usage.cacheCreationInputTokens = 20'000;
        usage.cacheReadInputTokens = 50'000; // 170k input in all: below the long-context threshold
        const LlmCost cost = table.cost(QStringLiteral("claude-sonnet-4-5-20250929"), usage);
        QVERIFY(cost.known);
        QVERIFY(!cost.longContext);
        QCOMPARE(cost.matchedModel, QStringLiteral("claude-sonnet-4-5"));
        // 0.30 + 0.15 + 0.075 + 0.015
        QVERIFY(qAbs(cost.usd - 0.54) < 1e-9);
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

    // Every row of the built-in table, as read from Anthropic's pricing page (see prices.json's
    // "checked" and "sources"): input, output, 5-minute write, 1-hour write, cache read.
    void everyBuiltInRow_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QList<double>>("rates");
        const QList<double> opusNew { 5, 25, 6.25, 10, 0.5 };
        const QList<double> opusOld { 15, 75, 18.75, 30, 1.5 };
        const QList<double> sonnet { 3, 15, 3.75, 6, 0.3 };
        const QList<std::pair<const char *, QList<double>>> rows {
            { "claude-fable-5-1", { 10, 50, 12.5, 20, 0.25 } },
            { "claude-mythos-5-1", { 10, 50, 12.5, 20, 0.25 } },
            { "claude-fable-5", { 10, 50, 12.5, 20, 1 } },
            { "claude-mythos-5", { 10, 50, 12.5, 20, 1 } },
            { "claude-opus-5-5", { 4, 20, 5, 8, 0.2 } },
            { "claude-opus-5", opusNew },
            { "claude-opus-4-8", opusNew },
            { "claude-opus-4-7", opusNew },
            { "claude-opus-4-6", opusNew },
            { "claude-opus-4-5", opusNew },
            { "claude-opus-4-1", opusOld },
            { "claude-opus-4-0", opusOld },
            { "claude-opus-4", opusOld },
            { "claude-sonnet-5-5", { 2, 10, 2.5, 4, 0.1 } },
            { "claude-sonnet-5", { 2, 10, 2.5, 4, 0.2 } },
            { "claude-sonnet-4-6", sonnet },
            { "claude-sonnet-4-5", sonnet },
            { "claude-sonnet-4-0", sonnet },
            { "claude-sonnet-4", sonnet },
            { "claude-3-7-sonnet", sonnet },
            { "claude-3-5-sonnet", sonnet },
            { "claude-haiku-5-5", { 0.1, 0.5, 0.125, 0.2, 0.01 } },
            { "claude-haiku-4-5", { 1, 5, 1.25, 2, 0.1 } },
            { "claude-3-5-haiku", { 0.8, 4, 1, 1.6, 0.08 } },
            { "claude-3-haiku", { 0.25, 1.25, 0.3, 0.5, 0.03 } },
            { "claude-3-opus", opusOld },
        };
        QStringList listed;
        for (const auto &[model, rates] : rows) {
            QTest::newRow(model) << QString::fromLatin1(model) << rates;
            listed << QString::fromLatin1(model);
        }
        // A row added to prices.json without a line here fails.
        QStringList inTable = PriceTable().models();
        inTable.sort();
        listed.sort();
        QCOMPARE(inTable, listed);
    }

    void everyBuiltInRow()
    {
        QFETCH(QString, model);
        QFETCH(QList<double>, rates);
        const PriceTable table;
        QString matched;
        const std::optional<PriceTable::Price> price = table.priceFor(model, &matched);
        QVERIFY(price);
        QCOMPARE(matched, model);
        QCOMPARE(price->input, rates.at(0));
        QCOMPARE(price->output, rates.at(1));
        QCOMPARE(price->cacheWrite, rates.at(2));
        QCOMPARE(price->cacheWrite1h, rates.at(3));
        QCOMPARE(price->cacheRead, rates.at(4));
        // A million tokens of each kind costs the sum of the rates.
        LlmUsage usage;
        usage.inputTokens = 1'000'000;
        usage.outputTokens = 1'000'000;
        usage.cacheCreationInputTokens = 0;
        const LlmCost cost = table.cost(model, usage);
        QVERIFY(cost.known);
        QVERIFY(cost.note.isEmpty());
        if (price->longContextThreshold == 0 || price->longContextThreshold >= 1'000'000)
            QVERIFY(qAbs(cost.usd - (rates.at(0) + rates.at(1))) < 1e-9);
        QCOMPARE(table.checkedDate(), QStringLiteral("2026-12-04"));
    }

    void idsMatchTheirOwnEntryOnly_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("entry");
        QTest::newRow("dated") << u"claude-sonnet-4-5-20250929"_s << u"claude-sonnet-4-5"_s;
        QTest::newRow("opus 4 dated") << u"claude-opus-4-20250514"_s << u"claude-opus-4"_s;
        QTest::newRow("opus 4.1 dated") << u"claude-opus-4-1-20250805"_s << u"claude-opus-4-1"_s;
        QTest::newRow("1m suffix") << u"claude-opus-4-8[1m]"_s << u"claude-opus-4-8"_s;
        QTest::newRow("vertex") << u"claude-opus-4-5@20251101"_s << u"claude-opus-4-5"_s;
        QTest::newRow("legacy dated") << u"claude-3-7-sonnet-20250219"_s << u"claude-3-7-sonnet"_s;
        QTest::newRow("latest") << u"claude-3-5-sonnet-latest"_s << u"claude-3-5-sonnet"_s;
        QTest::newRow("sonnet 5.5 not 5") << u"claude-sonnet-5-5"_s << u"claude-sonnet-5-5"_s;
        QTest::newRow("haiku 3.5 not 3") << u"claude-3-5-haiku-20241022"_s << u"claude-3-5-haiku"_s;
    }

    void idsMatchTheirOwnEntryOnly()
    {
        QFETCH(QString, id);
        QFETCH(QString, entry);
        const PriceTable table;
        const LlmCost cost = table.cost(id, LlmUsage { 1, 1, 0, 0 });
        QVERIFY(cost.known);
        QCOMPARE(cost.matchedModel, entry);
        QVERIFY2(cost.note.isEmpty(), qPrintable(cost.note));
    }

    void keyMatchingRules()
    {
        QVERIFY(ModelId::matchesKey(u"claude-opus-4-20250514"_s, u"claude-opus-4"_s));
        QVERIFY(!ModelId::matchesKey(u"claude-opus-4-1"_s, u"claude-opus-4"_s));
        QVERIFY(!ModelId::matchesKey(u"claude-opus-4-1-20250805"_s, u"claude-opus-4"_s));
        QVERIFY(!ModelId::matchesKey(u"claude-sonnet-5-7"_s, u"claude-sonnet-5"_s));
        QVERIFY(!ModelId::matchesKey(u"claude-opus-45"_s, u"claude-opus-4"_s));
        QVERIFY(ModelId::matchesKey(u"llama-3-70b"_s, u"llama-3"_s));
        QVERIFY(ModelId::matchesKey(u"CLAUDE-OPUS-4-8"_s, u"claude-opus-4-8"_s));
        QVERIFY(!ModelId::matchesKey(u"claude-opus-4-8"_s, QString()));
        const ModelId::Family opus = ModelId::family(u"claude-opus-4-8-20261001"_s);
        QCOMPARE(opus.name, u"opus"_s);
        QCOMPARE(opus.major, 4);
        QCOMPARE(opus.minor, 8);
        const ModelId::Family old = ModelId::family(u"claude-3-7-sonnet-20250219"_s);
        QCOMPARE(old.name, u"sonnet"_s);
        QCOMPARE(old.major, 3);
        QCOMPARE(old.minor, 7);
        QCOMPARE(ModelId::family(u"claude-opus-4-20250514"_s).minor, 0);
        QVERIFY(!ModelId::family(u"gpt-4o"_s).isValid());
        QVERIFY(!ModelId::family(u"claude-opusx-4"_s).isValid());
    }

    // An id of a known family without an entry is priced as the family's newest entry, and
    // says so; the cost counts as known.
    void familyFallback_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("entry");
        QTest::addColumn<double>("usd"); // for 1M input + 1M output
        QTest::newRow("future opus 4.9") << u"claude-opus-4-9"_s << u"claude-opus-5-5"_s << 24.0;
        QTest::newRow("future opus dated") << u"claude-opus-6-20270101"_s << u"claude-opus-5-5"_s << 24.0;
        QTest::newRow("future sonnet") << u"claude-sonnet-5-7"_s << u"claude-sonnet-5-5"_s << 12.0;
        QTest::newRow("future haiku")
            << u"claude-haiku-6"_s << u"claude-haiku-5-5"_s << 3.0; // > 100k: long-context rates
        QTest::newRow("future fable") << u"claude-fable-5-2"_s << u"claude-fable-5-1"_s << 60.0;
        QTest::newRow("legacy style") << u"claude-3-9-sonnet"_s << u"claude-sonnet-5-5"_s << 12.0;
    }

    void familyFallback()
    {
        QFETCH(QString, id);
        QFETCH(QString, entry);
        QFETCH(double, usd);
        const PriceTable table;
        QVERIFY(table.hasPrice(id));
        const LlmCost cost = table.cost(id, LlmUsage { 1'000'000, 1'000'000, 0, 0 });
        QVERIFY(cost.known);
        QCOMPARE(cost.matchedModel, entry);
        QVERIFY(qAbs(cost.usd - usd) < 1e-9);
        QVERIFY2(cost.note.contains(id) && cost.note.contains(entry), qPrintable(cost.note));
    }

    // Sonnet 4.5 and 4 with the 1M beta: a request over 200k input tokens (cache included) is
    // priced at $6/$22.50, cache $7.50/$12/$0.60, on every token. Haiku 5.5 from 100k tokens.
    void longContextPricing()
    {
        const PriceTable table;
        LlmUsage usage;
        usage.inputTokens = 150'000;
        usage.cacheReadInputTokens = 50'000; // exactly 200k: standard rates
        usage.outputTokens = 10'000;
        LlmCost cost = table.cost(u"claude-sonnet-4-5-20250929"_s, usage);
        QVERIFY(!cost.longContext);
        QVERIFY(qAbs(cost.usd - (0.15 * 3 + 0.05 * 0.3 + 0.01 * 15)) < 1e-9);
        usage.cacheCreationInputTokens = 1; // 200,001: long-context rates on everything
        cost = table.cost(u"claude-sonnet-4-5-20250929"_s, usage);
        QVERIFY(cost.longContext);
        QVERIFY(qAbs(cost.usd - (0.15 * 6 + 0.05 * 0.6 + 0.01 * 22.5 + 1e-6 * 7.5)) < 1e-9);
        QVERIFY(table.cost(u"claude-sonnet-4-20250514"_s, usage).longContext);
        // Models serving 1M at flat rates.
        for (const QString &model :
            { u"claude-sonnet-4-6"_s, u"claude-opus-4-8"_s, u"claude-sonnet-5-5"_s }) {
            cost = table.cost(model, LlmUsage { 900'000, 1'000'000, 0, 0 });
            QVERIFY2(!cost.longContext, qPrintable(model));
        }
        cost = table.cost(u"claude-haiku-5-5"_s, LlmUsage { 100'000, 1'000'000, 0, 0 });
        QVERIFY(!cost.longContext);
        QVERIFY(qAbs(cost.usd - (0.01 + 0.5)) < 1e-9);
        cost = table.cost(u"claude-haiku-5-5"_s, LlmUsage { 100'001, 1'000'000, 0, 0 });
        QVERIFY(cost.longContext);
        QVERIFY(qAbs(cost.usd - (0.100001 * 0.5 + 2.5)) < 1e-9);
    }

    // 1-hour cache writes (usage.cache_creation.ephemeral_1h_input_tokens) cost 2x input.
    void oneHourCacheWrites()
    {
        LlmUsage usage;
        usage.mergeAnthropic(QJsonDocument::fromJson(R"({"input_tokens": 0, "output_tokens": 0,
            "cache_creation_input_tokens": 3000000,
            "cache_creation": {"ephemeral_5m_input_tokens": 1000000, "ephemeral_1h_input_tokens": 2000000}})")
                .object());
        QCOMPARE(usage.cacheCreation1hInputTokens, qint64(2'000'000));
        const PriceTable table;
        // 1M x 6.25 + 2M x 10
        QVERIFY(qAbs(table.cost(u"claude-opus-4-8"_s, usage).usd - 26.25) < 1e-9);
        // A later message_delta without cache_creation keeps the split.
        usage.mergeAnthropic(QJsonDocument::fromJson(R"({"output_tokens": 5})").object());
        QCOMPARE(usage.cacheCreation1hInputTokens, qint64(2'000'000));
    }

    // A model of no known family is counted at the highest price of each kind over the table
    // (Opus 4.1's $15/$75, $18.75/$30/$1.50 cache) and the caller is told.
    void unknownModelAtTheHighestPrice()
    {
        const PriceTable table;
        const PriceTable::Price highest = table.highestPrice();
        QCOMPARE(highest.input, 15.0);
        QCOMPARE(highest.output, 75.0);
        QCOMPARE(highest.cacheWrite, 18.75);
        QCOMPARE(highest.cacheWrite1h, 30.0);
        QCOMPARE(highest.cacheRead, 1.5);
        for (const QString &model :
            { u"gpt-4o"_s, u"claude-instant-1"_s, u"claude-mythos-preview"_s, QString() }) {
            LlmUsage usage { 1'000'000, 1'000'000, 1'000'000, 1'000'000 };
            usage.cacheCreation1hInputTokens = 500'000;
            const LlmCost cost = table.cost(model, usage);
            QVERIFY2(!cost.known, qPrintable(model));
            QVERIFY(qAbs(cost.usd - (15 + 75 + 0.5 * 18.75 + 0.5 * 30 + 1.5)) < 1e-9);
            QVERIFY(cost.note.contains(u"highest known price"_s));
        }
        // An override row above every built-in one raises the highest price, long context too.
        PriceTable raised;
        QVERIFY(raised.mergeJson(R"({"models":{"acme-1":{"input":1,"output":2,
            "long_context":{"threshold":1000,"input":40,"output":200}}}})"));
        QCOMPARE(raised.highestPrice().input, 40.0);
        QCOMPARE(raised.highestPrice().output, 200.0);
        QVERIFY(raised.cost(u"acme-1"_s, LlmUsage { 1001, 0, 0, 0 }).longContext);
    }

    void malformedOverridesAreRejectedWithAReason_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("not json") << QByteArray("{models:");
        QTest::newRow("no models") << QByteArray("{}");
        QTest::newRow("negative") << QByteArray(R"({"models":{"m":{"input":-1,"output":1}}})");
        QTest::newRow("string price") << QByteArray(R"({"models":{"m":{"input":"1","output":1}}})");
        QTest::newRow("missing output") << QByteArray(R"({"models":{"m":{"input":1}}})");
        QTest::newRow("long context without threshold")
            << QByteArray(R"({"models":{"m":{"input":1,"output":1,"long_context":{"input":2,"output":2}}}})");
        QTest::newRow("long context fractional threshold") << QByteArray(
            R"({"models":{"m":{"input":1,"output":1,"long_context":{"threshold":1.5,"input":2,"output":2}}}})");
        QTest::newRow("long context not an object")
            << QByteArray(R"({"models":{"m":{"input":1,"output":1,"long_context":5}}})");
        QTest::newRow("negative 1h write")
            << QByteArray(R"({"models":{"m":{"input":1,"output":1,"cache_write_1h":-2}}})");
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
