#include "agenttestfixture.h"
#include "killswitch.h"
#include "limitsettings.h"
#include "pricetable.h"
#include "ratelimiter.h"
#include "spendlimiter.h"
#include "store.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace Proto;
using namespace ProtoTest;
using namespace Qt::StringLiterals;

namespace {

QJsonArray replySteps(const QJsonObject &start, const QJsonObject &block, const QString &stop)
{
    return QJsonArray { QJsonObject { { u"message_start"_s, start } }, block,
        QJsonObject { { u"message_delta"_s, QJsonObject { { u"stop_reason"_s, stop } } } },
        QJsonObject { { u"message_stop"_s, true } } };
}

QJsonObject usageStart(qint64 inputTokens, const QString &model = {})
{
    QJsonObject start { { u"usage"_s,
        QJsonObject { { u"input_tokens"_s, inputTokens }, { u"output_tokens"_s, 0 } } } };
    if (!model.isEmpty())
        start.insert(u"model"_s, model);
    return start;
}

QJsonObject toolBlock(const QString &id, const QString &command)
{
    return QJsonObject { { u"tool_use"_s,
        QJsonObject { { u"id"_s, id }, { u"name"_s, u"bash"_s },
            { u"input"_s, QJsonObject { { u"command"_s, command } } } } } };
}

QJsonObject textBlock(const QString &text)
{
    return QJsonObject { { u"text"_s, text } };
}

bool waitTurn(QSignalSpy &spy, int timeoutMs = 20000)
{
    return spy.count() > 0 || spy.wait(timeoutMs);
}

} // namespace

class TestLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void rateLimiterSlidingWindow()
    {
        qint64 now = 1000;
        RateLimiter limiter(3, [&now] { return now; });
        QVERIFY(limiter.tryAcquire());
        now += 10000;
        QVERIFY(limiter.tryAcquire());
        now += 10000;
        QVERIFY(limiter.tryAcquire());
        QString reason;
        QVERIFY(!limiter.tryAcquire(&reason));
        QVERIFY(reason.contains(u"3"_s));
        QVERIFY2(reason.contains(u"40 s"_s), qPrintable(reason)); // the first slot frees at 61000
        QCOMPARE(limiter.usedInWindow(), 3);
        QCOMPARE(limiter.msUntilNextSlot(), 40000);
        // A refused attempt does not count.
        now = 60999;
        QVERIFY(!limiter.tryAcquire());
        now = 61000; // first one leaves the window
        QVERIFY(limiter.tryAcquire());
        QVERIFY(!limiter.tryAcquire());
        // No burst at a window edge: still 3 in any 60 s.
        now = 71000;
        QVERIFY(limiter.tryAcquire());
        QCOMPARE(limiter.usedInWindow(), 3);
    }

    void rateLimiterUnlimitedAndChanges()
    {
        qint64 now = 0;
        RateLimiter limiter(0, [&now] { return now; });
        for (int i = 0; i < 10000; ++i)
            QVERIFY(limiter.tryAcquire());
        limiter.setLimit(-5); // negative: no limit
        QCOMPARE(limiter.limit(), 0);
        QVERIFY(limiter.tryAcquire());
        limiter.setLimit(1);
        QVERIFY(!limiter.tryAcquire()); // the window is already full
        now += RateLimiter::WindowMs;
        QVERIFY(limiter.tryAcquire());
    }

    void spendLimiter()
    {
        QHash<QString, double> sessionCosts { { u"a"_s, 0.5 }, { u"b"_s, 2.0 } };
        double today = 2.5;
        int syncs = 0;
        SpendLimiter::Source source;
        source.sessionCost = [&](const QString &id) { return sessionCosts.value(id); };
        source.costSince = [&](const QDateTime &since) {
            // The day starts at local midnight.
            const QDateTime local = since.toLocalTime();
            if (local.time() != QTime(0, 0) || local.date() != QDate::currentDate())
                qFatal("costSince called with %s", qPrintable(since.toString(Qt::ISODate)));
            return today;
        };
        source.sync = [&] { ++syncs; };
        SpendLimiter limiter(source);
        QString reason;
        QVERIFY(limiter.check(u"a"_s, &reason)); // no limits

        limiter.setLimits({ 1.0, 0, 0 });
        QVERIFY(limiter.check(u"a"_s));
        QVERIFY(!limiter.check(u"b"_s, &reason));
        QVERIFY2(reason.contains(u"session"_s) && reason.contains(u"$2.00"_s), qPrintable(reason));

        limiter.setLimits({ 0, 2.5, 0 });
        QVERIFY(!limiter.check(u"a"_s, &reason));
        QVERIFY2(reason.contains(u"Daily"_s), qPrintable(reason));
        today = 2.4;
        QVERIFY(limiter.check(u"a"_s));

        // Per run: from the cost at startRun().
        limiter.setLimits({ 0, 0, 0.25 });
        limiter.startRun(u"a"_s);
        QVERIFY(limiter.check(u"a"_s));
        sessionCosts[u"a"_s] = 0.74;
        const int before = syncs;
        limiter.noteSpent(u"a"_s);
        QVERIFY(limiter.check(u"a"_s));
        QVERIFY(syncs > before); // our own writes were flushed before reading
        sessionCosts[u"a"_s] = 0.75;
        QVERIFY(!limiter.check(u"a"_s, &reason));
        QVERIFY2(reason.contains(u"run"_s), qPrintable(reason));
        QCOMPARE(limiter.runCost(u"a"_s), 0.25);
    }

    // Removing a session must not give its spend back: the daily limit still counts it.
    void dailyLimitCountsRemovedSessions()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto opened = Store::open(dir.filePath(u"proto.sqlite"_s));
        QVERIFY2(opened.store, qPrintable(opened.message));
        Store &store = *opened.store;
        const auto newSession = [&store] {
            SessionRecord s;
            s.id = Store::newId();
            s.title = u"spender"_s;
            s.machineId = Store::localMachineId();
            s.created = s.updated = QDateTime::currentDateTimeUtc();
            store.saveSession(s);
            return s.id;
        };
        const QString spender = newSession();
        UsageRecord usage;
        usage.sessionId = spender;
        usage.messageId = Store::newId();
        usage.costUsd = 3.0;
        usage.at = QDateTime::currentDateTimeUtc();
        store.addUsage(usage);

        SpendLimiter limiter(SpendLimiter::storeSource(&store), { 0, 2.5, 0 });
        limiter.noteSpent(spender);
        QString reason;
        QVERIFY(!limiter.check(spender, &reason));
        QVERIFY2(reason.contains(u"Daily"_s) && reason.contains(u"$3.00"_s), qPrintable(reason));

        store.removeSession(spender);
        QVERIFY(store.flush());
        QVERIFY(!store.session(spender));
        const QString fresh = newSession();
        QVERIFY(store.flush());
        QCOMPARE(limiter.todayCost(), 3.0);
        QVERIFY(!limiter.check(fresh, &reason));
        QVERIFY2(reason.contains(u"Daily"_s) && reason.contains(u"$3.00"_s), qPrintable(reason));
        // Per session, a new session starts from nothing.
        limiter.setLimits({ 1.0, 0, 0 });
        QVERIFY(limiter.check(fresh));
    }

    // A fresh install enforces what the Settings dialog shows; hostile stored values fall back
    // to the default or clamp, never to "no limit".
    void settingsDefaultsOnAFreshStore_data()
    {
        QTest::addColumn<QVariant>("stored");
        QTest::addColumn<double>("sessionUsd");
        QTest::addColumn<int>("actions");
        QTest::newRow("unset") << QVariant() << LimitSettings::DefaultSessionUsd
                               << LimitSettings::DefaultActionsPerMinute;
        QTest::newRow("text") << QVariant(u"lots"_s) << LimitSettings::DefaultSessionUsd
                              << LimitSettings::DefaultActionsPerMinute;
        QTest::newRow("empty text") << QVariant(u""_s) << LimitSettings::DefaultSessionUsd
                                    << LimitSettings::DefaultActionsPerMinute;
        QTest::newRow("nan") << QVariant(std::nan("")) << LimitSettings::DefaultSessionUsd
                             << LimitSettings::DefaultActionsPerMinute;
        QTest::newRow("negative") << QVariant(-3) << 0.0 << 0;
        QTest::newRow("huge") << QVariant(1e300) << LimitSettings::MaxUsd
                              << LimitSettings::MaxActionsPerMinute;
        QTest::newRow("zero: no limit") << QVariant(0) << 0.0 << 0;
        QTest::newRow("stored") << QVariant(2.5) << 2.5 << 2;
    }

    void settingsDefaultsOnAFreshStore()
    {
        QFETCH(QVariant, stored);
        QFETCH(double, sessionUsd);
        QFETCH(int, actions);
        QTemporaryDir dir;
        auto opened = Store::open(dir.filePath(u"proto.sqlite"_s));
        QVERIFY(opened.store);
        Store &store = *opened.store;
        if (stored.isValid()) {
            store.setSetting(LimitSettings::sessionUsdKey(), stored);
            store.setSetting(LimitSettings::actionsPerMinuteKey(), stored);
            QVERIFY(store.flush());
        }
        const LimitSettings settings = LimitSettings::read(store);
        QCOMPARE(settings.sessionUsd, sessionUsd);
        QCOMPARE(settings.actionsPerMinute, actions);
        QCOMPARE(settings.dailyUsd, LimitSettings::DefaultDailyUsd);
        const SpendLimits limits = SpendLimits::fromStore(store);
        QCOMPARE(limits.perSessionUsd, sessionUsd);
        QCOMPARE(limits.perDayUsd, LimitSettings::DefaultDailyUsd);
    }

    // The default session limit refuses on a store where nothing was ever set.
    void defaultLimitRefusesOnAFreshInstall()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.spend->setSettingsSource(SpendLimiter::settingsSource(f.store.get()));
        // 2 million input tokens of claude-sonnet-4-5, over 200k so at the long-context $6/M: $12,
        // over the default $5.
        f.reply(replySteps(usageStart(2000000), toolBlock(u"t1"_s, u"touch not-run"_s), u"tool_use"_s));
        AgentRunner runner(f.services(), f.newSession(), &f.machine);
        QSignalSpy errors(&runner, &AgentRunner::error);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QVERIFY(runner.send(u"spend"_s));
        QVERIFY(waitTurn(finished));
        QCOMPARE(errors.count(), 1);
        const AgentError error = errors.at(0).at(0).value<AgentError>();
        QCOMPARE(error.kind, AgentError::Kind::SpendLimit);
        QVERIFY2(error.message.contains(u"$5.00"_s), qPrintable(error.message));
        QVERIFY(!QFile::exists(f.project + u"/not-run"_s));
    }

    // The stored setting changes between two requests of one runner: the second obeys it.
    void settingChangeAppliesWithoutRestart()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.spend->setSettingsSource(SpendLimiter::settingsSource(f.store.get()));
        RateLimiter rate(LimitSettings::read(*f.store).actionsPerMinute);
        Store *store = f.store.get();
        rate.setLimitSource([store] { return LimitSettings::read(*store).actionsPerMinute; });
        AgentServices services = f.services();
        services.rateLimiter = &rate;
        f.reply(replySteps(usageStart(1000), textBlock(u"first"_s), u"end_turn"_s));
        f.reply(replySteps(usageStart(1000), textBlock(u"second"_s), u"end_turn"_s));
        f.reply(replySteps(usageStart(1000), textBlock(u"third"_s), u"end_turn"_s));
        AgentRunner runner(services, f.newSession(), &f.machine);
        QSignalSpy errors(&runner, &AgentRunner::error);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QVERIFY(runner.send(u"one"_s));
        QVERIFY(waitTurn(finished));
        QCOMPARE(errors.count(), 0);
        QCOMPARE(runner.lastText(), u"first"_s);

        // The person lowers the session limit below what was spent ($0.003), as the Settings
        // dialog does (a queued write, no flush).
        f.store->setSetting(LimitSettings::sessionUsdKey(), 0.001);
        QVERIFY(runner.send(u"two"_s));
        QVERIFY(finished.count() >= 2 || finished.wait(20000));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(errors.at(0).at(0).value<AgentError>().kind, AgentError::Kind::SpendLimit);
        QCOMPARE(f.messageRequests(), 1);

        // Raised again, and the rate limit set to what is already used: refused by the rate limit.
        f.store->setSetting(LimitSettings::sessionUsdKey(), 10.0);
        f.store->setSetting(LimitSettings::actionsPerMinuteKey(), 1);
        QVERIFY(runner.send(u"three"_s));
        QVERIFY(finished.count() >= 3 || finished.wait(20000));
        QCOMPARE(errors.count(), 2);
        QCOMPARE(errors.at(1).at(0).value<AgentError>().kind, AgentError::Kind::RateLimit);
        // And no limit: the next one goes through.
        f.store->setSetting(LimitSettings::actionsPerMinuteKey(), 0);
        QVERIFY(runner.send(u"four"_s));
        QVERIFY(finished.count() >= 4 || finished.wait(20000));
        QCOMPARE(errors.count(), 2);
        QCOMPARE(runner.lastText(), u"second"_s);
    }

    void unknownModelCountsAtTheHighestPrice()
    {
        const PriceTable table;
        const PriceTable::Price highest = table.highestPrice();
        QVERIFY(highest.input >= 15.0 && highest.output >= 75.0);
        const LlmCost cost = table.cost(u"mystery-model-1"_s, LlmUsage { 1000000, 1000000, 0, 0 });
        QVERIFY(!cost.known);
        QCOMPARE(cost.usd, highest.input + highest.output);
        QVERIFY(cost.note.contains(u"mystery-model-1"_s));

        AgentFixture f;
        QVERIFY(f.init());
        f.reply(replySteps(usageStart(100000, u"mystery-model-1"_s), textBlock(u"one"_s), u"end_turn"_s));
        f.reply(replySteps(usageStart(100000, u"mystery-model-1"_s), textBlock(u"two"_s), u"end_turn"_s));
        const SessionRecord session = f.newSession();
        AgentRunner runner(f.services(), session, &f.machine);
        QSignalSpy notices(&runner, &AgentRunner::notice);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QVERIFY(runner.send(u"one"_s));
        QVERIFY(waitTurn(finished));
        QVERIFY(runner.send(u"two"_s));
        QVERIFY(finished.count() >= 2 || finished.wait(20000));
        QCOMPARE(notices.count(), 1); // told once
        QVERIFY(notices.at(0).at(0).toString().contains(u"highest known price"_s));
        QVERIFY(f.store->flush());
        // 100k input tokens twice at the highest input price, plus the fake server's output tokens.
        const double expected = 2 * (0.1 * highest.input + 20e-6 * highest.output);
        QVERIFY2(qAbs(f.store->totalCost(session.id) - expected) < 1e-9,
            qPrintable(QString::number(f.store->totalCost(session.id))));
    }

    void agentLimitsParse_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("valid");
        QTest::newRow("none") << QByteArray("null") << true;
        QTest::newRow("empty") << QByteArray("{}") << true;
        QTest::newRow("full") << QByteArray(
            R"({"max_session_usd": 2.5, "tools": {"bash": {"per_session": 3, "per_hour": 2}, "*": {"per_session": 9}}})")
                              << true;
        QTest::newRow("not an object") << QByteArray("[1]") << false;
        QTest::newRow("string amount") << QByteArray(R"({"max_session_usd": "2"})") << false;
        QTest::newRow("negative amount") << QByteArray(R"({"max_session_usd": -1})") << false;
        QTest::newRow("unknown field") << QByteArray(R"({"max_spend": 1})") << false;
        QTest::newRow("fraction") << QByteArray(R"({"tools": {"bash": {"per_session": 1.5}}})") << false;
        QTest::newRow("negative count") << QByteArray(R"({"tools": {"bash": {"per_hour": -1}}})") << false;
        QTest::newRow("huge count") << QByteArray(R"({"tools": {"bash": {"per_hour": 1e20}}})") << false;
        QTest::newRow("typo in field") << QByteArray(R"({"tools": {"bash": {"per_sesion": 1}}})") << false;
        QTest::newRow("tool not object") << QByteArray(R"({"tools": {"bash": 3}})") << false;
    }

    void agentLimitsParse()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, valid);
        const QJsonValue value
            = json == "null" ? QJsonValue() : QJsonDocument::fromJson("[" + json + "]").array().at(0);
        QString error;
        const auto limits = AgentLimits::fromJson(value, &error);
        QCOMPARE(limits.has_value(), valid);
        QCOMPARE(error.isEmpty(), valid);
        if (limits) {
            const auto again = AgentLimits::fromJson(limits->toJson());
            QVERIFY(again);
            QCOMPARE(again->toJson(), limits->toJson());
        }
        // Through an agent definition: a bad "limits" rejects the file.
        QJsonObject definition { { u"name"_s, u"limited"_s }, { u"system_prompt"_s, u"x"_s },
            { u"tools"_s, QJsonArray { u"bash"_s } } };
        if (!value.isUndefined())
            definition.insert(u"limits"_s, value);
        QCOMPARE(AgentDefinition::fromJson(definition).has_value(), valid);
    }

    void agentToolLimitCounts()
    {
        AgentLimits limits = *AgentLimits::fromJson(QJsonDocument::fromJson(
            R"({"tools": {"bash": {"per_session": 5, "per_hour": 2}, "*": {"per_session": 7}}})")
                .object());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        int bashEver = 0;
        int bashHour = 0;
        int allEver = 0;
        const auto count = [&](const QString &tool, const QDateTime &since) {
            if (tool == u"*"_s)
                return allEver;
            return since.isValid() ? bashHour : bashEver;
        };
        QVERIFY(limits.toolRefusal(u"a"_s, u"bash"_s, count, now).isEmpty());
        bashHour = 2;
        bashEver = 2;
        QVERIFY(limits.toolRefusal(u"a"_s, u"bash"_s, count, now).contains(u"per hour"_s));
        bashHour = 0;
        bashEver = 5;
        QVERIFY(limits.toolRefusal(u"a"_s, u"bash"_s, count, now).contains(u"5 bash calls per session"_s));
        bashEver = 0;
        allEver = 7;
        QVERIFY(limits.toolRefusal(u"a"_s, u"read"_s, count, now).contains(u"7 tool calls"_s));
        QVERIFY(limits.toolRefusal(u"a"_s, u"bash"_s, count, now).contains(u"7 tool calls"_s));
        allEver = 0;
        QVERIFY(limits.toolRefusal(u"a"_s, u"read"_s, count, now).isEmpty());
    }

    // An agent that may run bash once per session: the second call is refused with the reason
    // (the model is told), counted from the audit log across runners of the session; its own
    // spend cap stops the next request.
    void perAgentLimitsAreEnforced()
    {
        AgentFixture f;
        QVERIFY(f.init());
        AgentDefinition agent = *AgentDefinition::fromJson(QJsonDocument::fromJson(R"({
            "name": "limited", "system_prompt": "x", "tools": ["bash"],
            "limits": {"max_session_usd": 0.05, "tools": {"bash": {"per_session": 1}}}})")
                .object());
        f.agents.add(agent);
        f.reply(replySteps(usageStart(10), toolBlock(u"t1"_s, u"touch first"_s), u"tool_use"_s));
        f.reply(replySteps(usageStart(10), toolBlock(u"t2"_s, u"touch second"_s), u"tool_use"_s));
        f.reply(replySteps(usageStart(10), textBlock(u"done"_s), u"end_turn"_s));
        const SessionRecord session = f.newSession(u"limited"_s);
        {
            AgentRunner runner(f.services(), session, &f.machine);
            QSignalSpy finished(&runner, &AgentRunner::turnFinished);
            QVERIFY(runner.send(u"touch two"_s));
            QVERIFY(waitTurn(finished));
            QCOMPARE(finished.at(0).at(0).toString(), u"end_turn"_s);
        }
        QVERIFY(QFile::exists(f.project + u"/first"_s));
        QVERIFY(!QFile::exists(f.project + u"/second"_s));
        const QJsonArray results = lastToolResults(f.requestBody(2));
        QCOMPARE(results.size(), 1);
        QVERIFY2(resultText(results.at(0).toObject()).contains(u"at most 1 bash calls per session"_s),
            qPrintable(resultText(results.at(0).toObject())));
        QVERIFY(f.store->flush());
        QCOMPARE(f.store->toolCall(u"t2"_s)->status, u"denied"_s);
        QCOMPARE(f.audit->startedCalls(session.id, u"limited"_s, u"bash"_s), 1);

        // A new runner of the same session (a restart) still counts the first call.
        f.reply(replySteps(usageStart(10), toolBlock(u"t3"_s, u"touch third"_s), u"tool_use"_s));
        f.reply(replySteps(usageStart(10), textBlock(u"ok"_s), u"end_turn"_s));
        {
            AgentRunner runner(f.services(), session, &f.machine);
            QSignalSpy finished(&runner, &AgentRunner::turnFinished);
            QVERIFY(runner.send(u"again"_s));
            QVERIFY(waitTurn(finished));
        }
        QVERIFY(!QFile::exists(f.project + u"/third"_s));

        // The agent's own spend cap ($0.05): once the session spent it, the next request is refused.
        UsageRecord usage;
        usage.sessionId = session.id;
        usage.messageId = Store::newId();
        usage.costUsd = 0.06;
        usage.at = QDateTime::currentDateTimeUtc();
        f.store->addUsage(usage);
        QVERIFY(f.store->flush());
        AgentRunner runner(f.services(), session, &f.machine);
        QSignalSpy errors(&runner, &AgentRunner::error);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        const int before = f.messageRequests();
        QVERIFY(runner.send(u"more"_s));
        QVERIFY(waitTurn(finished));
        QCOMPARE(errors.count(), 1);
        const AgentError error = errors.at(0).at(0).value<AgentError>();
        QCOMPARE(error.kind, AgentError::Kind::SpendLimit);
        QVERIFY2(error.message.contains(u"limited"_s), qPrintable(error.message));
        QCOMPARE(f.messageRequests(), before);
    }

    void killSwitchStaysEngagedUntilReleased()
    {
        KillSwitch kill;
        QSignalSpy engaged(&kill, &KillSwitch::engaged);
        QSignalSpy changed(&kill, &KillSwitch::engagedChanged);
        QVERIFY(!kill.isEngaged());
        QVERIFY(kill.refusal().isEmpty());
        kill.engage(u"runaway agent"_s);
        QVERIFY(kill.isEngaged());
        QCOMPARE(engaged.count(), 1);
        QCOMPARE(engaged.at(0).at(0).toString(), u"runaway agent"_s);
        QVERIFY(kill.refusal().contains(u"runaway agent"_s));
        kill.engage(u"again"_s); // no second signal, first reason stands
        QCOMPARE(changed.count(), 1);
        QCOMPARE(kill.reason(), u"runaway agent"_s);
        QTest::qWait(50);
        QVERIFY(kill.isEngaged());
        kill.release();
        QVERIFY(!kill.isEngaged());
        QCOMPARE(changed.count(), 2);
        kill.engage();
        QVERIFY(!kill.reason().isEmpty()); // a default reason
    }
};

QTEST_GUILESS_MAIN(TestLimits)
#include "tst_limits.moc"
