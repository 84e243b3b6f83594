#include "killswitch.h"
#include "ratelimiter.h"
#include "spendlimiter.h"
#include "store.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

class TestLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
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
