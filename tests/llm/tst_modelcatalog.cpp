// The model catalog (models.json): every built-in entry parses and says what the docs say,
// ids find their entry or their family's newest, unknown ids get the default, and the data
// folder's models.json overrides it.
#include "modelcatalog.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;
using Thinking = ModelCapabilities::Thinking;

class TestModelCatalog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyBuiltInEntry_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<qint64>("context");
        QTest::addColumn<int>("maxOutput");
        QTest::addColumn<QString>("thinking");
        QTest::addColumn<QString>("computer"); // preferred computer tool type, "" for none
        QTest::addColumn<bool>("xhigh");
        const QList<std::tuple<const char *, qint64, int, const char *, const char *, bool>> rows {
            { "claude-fable-5-1", 1000000, 128000, "always", "computer_20251124", true },
            { "claude-mythos-5-1", 1000000, 128000, "always", "computer_20251124", true },
            { "claude-fable-5", 1000000, 128000, "always", "computer_20251124", true },
            { "claude-mythos-5", 1000000, 128000, "always", "computer_20251124", true },
            { "claude-opus-5-5", 1000000, 128000, "always", "computer_toolset_20260801", true },
            { "claude-opus-5", 1000000, 128000, "default_on", "computer_20251124", true },
            { "claude-opus-4-8", 1000000, 128000, "adaptive_only", "computer_20251124", true },
            { "claude-opus-4-7", 1000000, 128000, "adaptive_only", "computer_20251124", true },
            { "claude-opus-4-6", 1000000, 128000, "adaptive", "computer_20251124", false },
            { "claude-opus-4-5", 200000, 64000, "budget", "computer_20251124", false },
            { "claude-opus-4-1", 200000, 32000, "budget", "computer_20250124", false },
            { "claude-opus-4-0", 200000, 32000, "budget", "computer_20250124", false },
            { "claude-opus-4", 200000, 32000, "budget", "computer_20250124", false },
            { "claude-sonnet-5-5", 1000000, 128000, "default_on", "computer_toolset_20260801", true },
            { "claude-sonnet-5", 1000000, 128000, "default_on", "computer_20251124", true },
            { "claude-sonnet-4-6", 1000000, 64000, "adaptive", "computer_20251124", false },
            { "claude-sonnet-4-5", 200000, 64000, "budget", "computer_20250124", false },
            { "claude-sonnet-4-0", 200000, 64000, "budget", "computer_20250124", false },
            { "claude-sonnet-4", 200000, 64000, "budget", "computer_20250124", false },
            { "claude-3-7-sonnet", 200000, 64000, "budget", "computer_20250124", false },
            { "claude-haiku-5-5", 1000000, 128000, "default_on", "computer_toolset_20260801", true },
            { "claude-haiku-4-5", 200000, 64000, "budget", "computer_20250124", false },
            { "claude-3-5-haiku", 200000, 8192, "none", "", false },
            { "claude-3-haiku", 200000, 4096, "none", "", false },
        };
        QStringList listed;
        for (const auto &[model, context, maxOutput, thinking, computer, xhigh] : rows) {
            QTest::newRow(model) << QString::fromLatin1(model) << context << maxOutput
                                 << QString::fromLatin1(thinking) << QString::fromLatin1(computer) << xhigh;
            listed << QString::fromLatin1(model);
        }
        QStringList inCatalog = ModelCatalog().models();
        inCatalog.sort();
        listed.sort();
        QCOMPARE(inCatalog, listed); // an entry added without a line here fails
    }

    void everyBuiltInEntry()
    {
        QFETCH(QString, model);
        QFETCH(qint64, context);
        QFETCH(int, maxOutput);
        QFETCH(QString, thinking);
        QFETCH(QString, computer);
        QFETCH(bool, xhigh);
        const ModelCatalog catalog;
        const ModelCapabilities caps = catalog.capabilities(model);
        QVERIFY(caps.known);
        QCOMPARE(caps.matched, model);
        QCOMPARE(caps.contextWindow, context);
        QCOMPARE(caps.maxOutputTokens, maxOutput);
        QCOMPARE(ModelCapabilities::thinkingName(caps.thinking), thinking);
        QCOMPARE(caps.computerUse.value(0), computer);
        QCOMPARE(caps.efforts.contains(u"xhigh"_s), xhigh);
        for (const QString &type : caps.computerUse)
            QVERIFY2(type == u"computer_toolset_20260801"_s || !catalog.toolBeta(type).isEmpty(),
                qPrintable(type));
        QCOMPARE(catalog.checkedDate(), u"2026-12-04"_s);
    }

    void contextAndEffortBetas()
    {
        const ModelCatalog catalog;
        const ModelCapabilities sonnet45 = catalog.capabilities(u"claude-sonnet-4-5-20250929"_s);
        QCOMPARE(sonnet45.longContextWindow, qint64(1000000));
        QCOMPARE(sonnet45.longContextBeta, u"context-1m-2025-08-07"_s);
        QCOMPARE(sonnet45.interleavedThinkingBeta, u"interleaved-thinking-2025-05-14"_s);
        QVERIFY(sonnet45.efforts.isEmpty());
        const ModelCapabilities opus45 = catalog.capabilities(u"claude-opus-4-5"_s);
        QCOMPARE(opus45.effortBeta, u"effort-2025-11-24"_s);
        QCOMPARE(opus45.efforts, (QStringList { u"low"_s, u"medium"_s, u"high"_s }));
        const ModelCapabilities opus48 = catalog.capabilities(u"claude-opus-4-8[1m]"_s);
        QCOMPARE(opus48.matched, u"claude-opus-4-8"_s);
        QVERIFY(opus48.longContextBeta.isEmpty()); // 1M by default
        QVERIFY(!opus48.sampling);
        QVERIFY(catalog.capabilities(u"claude-sonnet-4-6"_s).sampling);
    }

    void effortFallsToTheNearestLevel()
    {
        const ModelCatalog catalog;
        const ModelCapabilities opus46 = catalog.capabilities(u"claude-opus-4-6"_s);
        QCOMPARE(opus46.effortFor(LlmEffort::XHigh), LlmEffort::High);
        QCOMPARE(opus46.effortFor(LlmEffort::Max), LlmEffort::Max);
        QCOMPARE(opus46.effortFor(LlmEffort::Default), LlmEffort::Default);
        QCOMPARE(catalog.capabilities(u"claude-opus-4-5"_s).effortFor(LlmEffort::Max), LlmEffort::High);
        QCOMPARE(catalog.capabilities(u"claude-haiku-4-5"_s).effortFor(LlmEffort::High), LlmEffort::Default);
        ModelCapabilities onlyHigh;
        onlyHigh.efforts = { u"high"_s };
        QCOMPARE(onlyHigh.effortFor(LlmEffort::Low), LlmEffort::High);
    }

    void familyFallbackAndDefault()
    {
        const ModelCatalog catalog;
        ModelCapabilities caps = catalog.capabilities(u"claude-opus-4-9"_s);
        QVERIFY(caps.known);
        QCOMPARE(caps.matched, u"claude-opus-5-5"_s);
        caps = catalog.capabilities(u"claude-sonnet-4-7-20270101"_s);
        QCOMPARE(caps.matched, u"claude-sonnet-5-5"_s);
        caps = catalog.capabilities(u"claude-opus-4-20250514"_s);
        QCOMPARE(caps.matched, u"claude-opus-4"_s);
        for (const QString &model : { u"gpt-4o"_s, u"llama3.1:8b"_s, QString() }) {
            caps = catalog.capabilities(model);
            QVERIFY(!caps.known);
            QVERIFY(caps.matched.isEmpty());
            QCOMPARE(caps.thinking, Thinking::None);
            QVERIFY(caps.efforts.isEmpty());
            QCOMPARE(caps.computerUse, QStringList { u"computer_20250124"_s });
            QCOMPARE(caps.maxOutputTokens, 0);
        }
    }

    void overridesFromTheDataFolder()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"models.json"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"models":{
            "claude-sonnet-4-5":{"computer_use":["computer_20251124"]},
            "acme-vision-1":{"thinking":"adaptive","efforts":["low","high"],"max_output_tokens":9000}},
            "default":{"sampling":false}})");
        file.close();
        ModelCatalog catalog;
        QString error;
        QVERIFY2(catalog.loadOverrides(path, &error), qPrintable(error));
        const ModelCapabilities sonnet = catalog.capabilities(u"claude-sonnet-4-5"_s);
        QCOMPARE(sonnet.computerUse, QStringList { u"computer_20251124"_s });
        QCOMPARE(sonnet.thinking, Thinking::Budget); // the rest of the built-in entry stays
        QCOMPARE(sonnet.longContextBeta, u"context-1m-2025-08-07"_s);
        const ModelCapabilities acme = catalog.capabilities(u"acme-vision-1-20270101"_s);
        QVERIFY(acme.known);
        QCOMPARE(acme.thinking, Thinking::Adaptive);
        QCOMPARE(acme.maxOutputTokens, 9000);
        QVERIFY(!acme.sampling); // a new entry starts from the (overridden) default
        QVERIFY(!catalog.capabilities(u"gpt-4o"_s).sampling);
        QVERIFY(catalog.loadOverrides(dir.filePath(u"missing.json"_s), &error));
    }

    void malformedOverridesAreRejected_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("not json") << QByteArray("{models:");
        QTest::newRow("not an object") << QByteArray("[]");
        QTest::newRow("models not an object") << QByteArray(R"({"models":[]})");
        QTest::newRow("bad thinking") << QByteArray(R"({"models":{"m":{"thinking":"sometimes"}}})");
        QTest::newRow("bad effort") << QByteArray(R"({"models":{"m":{"efforts":["ultra"]}}})");
        QTest::newRow("default effort") << QByteArray(R"({"models":{"m":{"efforts":["default"]}}})");
        QTest::newRow("efforts not a list") << QByteArray(R"({"models":{"m":{"efforts":"high"}}})");
        QTest::newRow("zero context") << QByteArray(R"({"models":{"m":{"context_window":0}}})");
        QTest::newRow("fractional output") << QByteArray(R"({"models":{"m":{"max_output_tokens":1.5}}})");
        QTest::newRow("string output") << QByteArray(R"({"models":{"m":{"max_output_tokens":"8k"}}})");
        QTest::newRow("computer not strings") << QByteArray(R"({"models":{"m":{"computer_use":[1]}}})");
        QTest::newRow("sampling not bool") << QByteArray(R"({"models":{"m":{"sampling":"no"}}})");
        QTest::newRow("entry not an object") << QByteArray(R"({"models":{"m":5}})");
        QTest::newRow("bad default") << QByteArray(R"({"default":{"thinking":1}})");
        QTest::newRow("bad tool beta") << QByteArray(R"({"tool_betas":{"computer_20251124":5}})");
    }

    void malformedOverridesAreRejected()
    {
        QFETCH(QByteArray, json);
        ModelCatalog catalog;
        QString error;
        QVERIFY(!catalog.mergeJson(json, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!catalog.capabilities(u"m"_s).known);
        QCOMPARE(catalog.capabilities(u"claude-opus-4-8"_s).thinking, Thinking::AdaptiveOnly);
        QCOMPARE(catalog.toolBeta(u"computer_20251124"_s), u"computer-use-2025-11-24"_s);
    }

    void thinkingAndEffortParse()
    {
        QCOMPARE(LlmThinking::parse(u"off"_s), LlmThinking::off());
        QCOMPARE(LlmThinking::parse(u" Adaptive "_s), LlmThinking::adaptive());
        QCOMPARE(LlmThinking::parse(u"16000"_s), LlmThinking::budget(16000));
        for (const QString &bad : { u"1023"_s, u"-5"_s, u"lots"_s, u"16k"_s, QString() })
            QVERIFY2(!LlmThinking::parse(bad), qPrintable(bad));
        QCOMPARE(parseLlmEffort(u"HIGH"_s), LlmEffort::High);
        QCOMPARE(parseLlmEffort(u"xhigh"_s), LlmEffort::XHigh);
        QCOMPARE(parseLlmEffort(u"default"_s), LlmEffort::Default);
        QVERIFY(!parseLlmEffort(u"ultra"_s));
        QCOMPARE(llmEffortName(LlmEffort::Max), u"max"_s);
        QVERIFY(llmEffortName(LlmEffort::Default).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestModelCatalog)
#include "tst_modelcatalog.moc"
