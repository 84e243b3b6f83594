// The kill switch with a real store: engage tells everyone before the state reaches the database
// and does not wait for the write (even with the database locked by another process), and
// polling never releases it on anything but an explicit, newer "released" (a failed read, a
// removed or garbled setting, a stale release).
#include "killswitch.h"
#include "store.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Proto;
using namespace Qt::StringLiterals;

namespace {

// A second connection to the database file, as another process would have.
class RawDb final
{
    Q_DISABLE_COPY_MOVE(RawDb)

public:
    explicit RawDb(const QString &path)
        : m_name(u"raw-"_s + QUuid::createUuid().toString(QUuid::Id128))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        m_ok = db.open();
    }
    ~RawDb()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    bool isOpen() const { return m_ok; }
    bool exec(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        if (!q.prepare(sql))
            return false;
        for (const QVariant &v : values)
            q.addBindValue(v);
        if (!q.exec()) {
            qWarning() << sql << q.lastError().text();
            return false;
        }
        return true;
    }

private:
    QString m_name;
    bool m_ok = false;
};

bool storedEngaged(Store &store)
{
    return store.setting(KillSwitch::settingKey()).toString().contains(u"\"engaged\":true"_s);
}

} // namespace

class TestKillSwitch : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_count = 0;

    std::unique_ptr<Store> openStore(QString *path = nullptr)
    {
        const QString file = m_dir.filePath(u"proto-%1.sqlite"_s.arg(++m_count));
        if (path)
            *path = file;
        Store::OpenResult opened = Store::open(file);
        return std::move(opened.store);
    }

private Q_SLOTS:
    void engageSignalsBeforePersisting()
    {
        auto store = openStore();
        QVERIFY(store);
        KillSwitch kill;
        kill.attachStore(store.get(), 60000);
        bool storedWhenSignalled = true;
        bool engagedWhenSignalled = false;
        connect(&kill, &KillSwitch::engaged, this, [&] {
            engagedWhenSignalled = kill.isEngaged();
            QVERIFY(store->flush());
            storedWhenSignalled = storedEngaged(*store);
        });
        kill.engage(u"runaway"_s);
        QVERIFY(engagedWhenSignalled);
        QVERIFY(!storedWhenSignalled); // every listener ran before the state was written
        QVERIFY(store->flush());
        QVERIFY(storedEngaged(*store));
        QVERIFY(store->setting(KillSwitch::settingKey()).toString().contains(u"runaway"_s));
    }

    void engageDoesNotWaitForTheDatabase()
    {
        QString path;
        auto store = openStore(&path);
        QVERIFY(store);
        KillSwitch kill;
        kill.attachStore(store.get(), 60000);
        QVERIFY(store->flush());
        // Another process holds the write lock (as a long transaction would).
        RawDb other(path);
        QVERIFY(other.isOpen());
        QVERIFY(other.exec(u"BEGIN IMMEDIATE"_s));
        QSignalSpy engaged(&kill, &KillSwitch::engaged);
        const quint64 before = store->committedSeq();
        kill.engage(u"locked database"_s);
        // Engaged and announced while the write cannot have happened yet.
        QVERIFY(kill.isEngaged());
        QCOMPARE(engaged.count(), 1);
        QCOMPARE(store->committedSeq(), before);
        QVERIFY(!storedEngaged(*store));
        // Polling now reads the old "released" (or nothing): our own write is pending, not lost.
        kill.poll();
        QVERIFY(kill.isEngaged());
        QVERIFY(other.exec(u"ROLLBACK"_s));
        QVERIFY(store->flush());
        QVERIFY(storedEngaged(*store));
        kill.poll();
        QVERIFY(kill.isEngaged());
    }

    void pollKeepsItEngaged_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QVariantList>("values");
        const QString set
            = u"UPDATE settings SET type = 'QString', value = ? WHERE key = 'agent/killSwitch'"_s;
        QTest::newRow("setting removed")
            << u"DELETE FROM settings WHERE key = 'agent/killSwitch'"_s << QVariantList {};
        QTest::newRow("settings table gone (read fails)") << u"DROP TABLE settings"_s << QVariantList {};
        QTest::newRow("not JSON") << set << QVariantList { u"released"_s };
        QTest::newRow("empty") << set << QVariantList { QString() };
        QTest::newRow("truncated") << set << QVariantList { u"{\"engaged\":fal"_s };
        QTest::newRow("no engaged key") << set << QVariantList { u"{\"reason\":\"x\"}"_s };
        QTest::newRow("engaged as text") << set << QVariantList { u"{\"engaged\":\"false\"}"_s };
        QTest::newRow("engaged as number") << set << QVariantList { u"{\"engaged\":0}"_s };
        QTest::newRow("engaged null") << set << QVariantList { u"{\"engaged\":null}"_s };
        QTest::newRow("an array") << set << QVariantList { u"[false]"_s };
        QTest::newRow("unreadable type")
            << u"UPDATE settings SET type = 'NoSuchType' WHERE key = 'agent/killSwitch'"_s << QVariantList {};
        QTest::newRow("stale release") << set
                                       << QVariantList { KillSwitch::stateJson(
                                              false, {}, QDateTime::currentDateTimeUtc().addSecs(-3600)) };
    }

    void pollKeepsItEngaged()
    {
        QFETCH(QString, sql);
        QFETCH(QVariantList, values);
        QString path;
        auto store = openStore(&path);
        QVERIFY(store);
        KillSwitch kill;
        kill.attachStore(store.get(), 60000);
        kill.engage(u"hostile model"_s);
        QVERIFY(store->flush());
        QVERIFY(storedEngaged(*store));
        {
            RawDb other(path);
            QVERIFY(other.isOpen());
            QVERIFY(other.exec(sql, values));
        }
        QSignalSpy released(&kill, &KillSwitch::released);
        kill.poll();
        kill.poll();
        QVERIFY(kill.isEngaged());
        QCOMPARE(released.count(), 0);
        QCOMPARE(kill.reason(), u"hostile model"_s);
    }

    void staleReleaseIsWrittenOver()
    {
        // Our engagement was lost (the write failed) and the database still says "released"
        // from before: the switch stays engaged and writes itself back.
        QString path;
        auto store = openStore(&path);
        QVERIFY(store);
        KillSwitch kill;
        kill.attachStore(store.get(), 60000);
        kill.engage(u"again"_s);
        QVERIFY(store->flush());
        {
            RawDb other(path);
            QVERIFY(other.exec(u"UPDATE settings SET value = ? WHERE key = 'agent/killSwitch'"_s,
                { KillSwitch::stateJson(false, {}, kill.engagedAt().addSecs(-1)) }));
        }
        kill.poll();
        QVERIFY(kill.isEngaged());
        QVERIFY(store->flush());
        QVERIFY(storedEngaged(*store));
    }

    void explicitStateFromAnotherProcess()
    {
        QString path;
        auto store = openStore(&path);
        QVERIFY(store);
        KillSwitch kill;
        kill.attachStore(store.get(), 60000);
        QSignalSpy engaged(&kill, &KillSwitch::engaged);
        QSignalSpy released(&kill, &KillSwitch::released);
        // proto-cli kill-switch engage in another process.
        auto other = Store::open(path).store;
        QVERIFY(other);
        other->setSetting(KillSwitch::settingKey(),
            KillSwitch::stateJson(true, u"from proto-cli"_s, QDateTime::currentDateTimeUtc()));
        QVERIFY(other->flush());
        kill.poll();
        QVERIFY(kill.isEngaged());
        QCOMPARE(engaged.count(), 1);
        QCOMPARE(kill.reason(), u"from proto-cli"_s);
        // ...and an explicit, newer release there.
        other->setSetting(
            KillSwitch::settingKey(), KillSwitch::stateJson(false, {}, kill.engagedAt().addMSecs(10)));
        QVERIFY(other->flush());
        kill.poll();
        QVERIFY(!kill.isEngaged());
        QCOMPARE(released.count(), 1);
        // A store that already says "engaged" engages a switch attached later.
        other->setSetting(KillSwitch::settingKey(),
            KillSwitch::stateJson(true, u"before start"_s, QDateTime::currentDateTimeUtc()));
        QVERIFY(other->flush());
        KillSwitch late;
        late.attachStore(store.get(), 60000);
        QVERIFY(late.isEngaged());
        QCOMPARE(late.reason(), u"before start"_s);
    }

    void timerPolls()
    {
        QString path;
        auto store = openStore(&path);
        QVERIFY(store);
        KillSwitch kill;
        kill.attachStore(store.get(), 50);
        auto other = Store::open(path).store;
        QVERIFY(other);
        other->setSetting(KillSwitch::settingKey(),
            KillSwitch::stateJson(true, u"polled"_s, QDateTime::currentDateTimeUtc()));
        QVERIFY(other->flush());
        QTRY_VERIFY_WITH_TIMEOUT(kill.isEngaged(), 10000);
    }
};

QTEST_GUILESS_MAIN(TestKillSwitch)
#include "tst_killswitch.moc"
