// Round trips of every record type through the store, ordering, cascades, settings types,
// totals, failure reporting and reads from another thread while the store writes.

#include "store.h"
#include "storetestutil.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimeZone>

#include <atomic>

using namespace Proto;
using StoreTest::RawDb;

namespace {

QString hostileText(int row)
{
    static const QStringList texts = {
        QString(),
        QStringLiteral("plain"),
        QStringLiteral("quote ' double \" backslash \\ semicolon ; -- comment"),
        QStringLiteral("$(rm -rf /) `id` ${HOME} %1 %n"),
        QStringLiteral("line\r\nbreak\rcarriage\ttab"),
        QString::fromUtf16(u"emoji 🚀 RTL \u05e9\u05dc\u05d5\u05dd combining e\u0301 CJK 漢字"),
        QString(QChar(0)) + QStringLiteral("nul") + QChar(0) + QStringLiteral("inside"),
        QString(100000, QChar(u'x')),
        QStringLiteral("Robert'); DROP TABLE sessions;--"),
    };
    return texts.at(row % texts.size());
}

QDateTime ms(qint64 msecs)
{
    return QDateTime::fromMSecsSinceEpoch(msecs, QTimeZone::UTC);
}

SessionRecord makeSession(const QString &title = QStringLiteral("a session"))
{
    SessionRecord s;
    s.id = Store::newId();
    s.title = title;
    s.machineId = Store::localMachineId();
    s.workingDirectory = QStringLiteral("/home/user/project");
    s.agent = QStringLiteral("coder");
    s.model = QStringLiteral("claude-sonnet-4-5");
    s.state = QStringLiteral("idle");
    s.created = ms(1700000000123);
    s.updated = ms(1700000000456);
    return s;
}

MessageRecord makeMessage(const QString &sessionId, qint64 seq, const QString &text)
{
    MessageRecord m;
    m.id = Store::newId();
    m.sessionId = sessionId;
    m.seq = seq;
    m.role = seq % 2 ? QStringLiteral("user") : QStringLiteral("assistant");
    QJsonObject block { { QStringLiteral("type"), QStringLiteral("text") },
        { QStringLiteral("text"), text } };
    m.content = QJsonObject { { QStringLiteral("content"), QJsonArray { block } },
        { QStringLiteral("stop_reason"), QStringLiteral("end_turn") } };
    m.created = ms(1700000001000 + seq);
    return m;
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    Store::OpenResult openFresh()
    {
        return Store::open(m_dir.filePath(QStringLiteral("db%1/proto.sqlite").arg(++m_counter)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void openCreatesSchemaAndSeedsLocalMachine()
    {
        const QString path = m_dir.filePath(QStringLiteral("fresh/sub/proto.sqlite"));
        {
            auto opened = Store::open(path);
            QVERIFY2(opened.store, qPrintable(opened.message));
            QCOMPARE(opened.error, Store::OpenError::None);
            QCOMPARE(opened.store->path(), QFileInfo(path).absoluteFilePath());
            const QList<MachineRecord> machines = opened.store->machines();
            QCOMPARE(machines.size(), 1);
            QCOMPARE(machines.first().id, QStringLiteral("local"));
            QCOMPARE(machines.first().kind, QStringLiteral("local"));
            QCOMPARE(machines.first().name, QStringLiteral("This computer"));
            QVERIFY(machines.first().created.isValid());
        }
        RawDb raw(path);
        QVERIFY(raw.isOpen());
        QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), Store::schemaVersion());
        QCOMPARE(raw.value(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        for (const char *table :
            { "machines", "sessions", "messages", "tool_calls", "usage", "audit", "settings" })
            QVERIFY2(raw.value(QStringLiteral(
                                   "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%1'")
                                   .arg(QLatin1String(table)))
                         .toInt()
                    == 1,
                table);
        for (const char *index :
            { "messages_session_seq", "tool_calls_session", "usage_session", "usage_at" })
            QVERIFY2(raw.value(QStringLiteral(
                                   "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '%1'")
                                   .arg(QLatin1String(index)))
                         .toInt()
                    == 1,
                index);
        // Reopening applies nothing twice and keeps the seed single.
        auto again = Store::open(path);
        QVERIFY2(again.store, qPrintable(again.message));
        QCOMPARE(again.store->machines().size(), 1);
    }

    void machineRoundTrip_data()
    {
        QTest::addColumn<int>("row");
        for (int i = 0; i < 9; ++i)
            QTest::addRow("text%d", i) << i;
    }
    void machineRoundTrip()
    {
        QFETCH(int, row);
        auto opened = openFresh();
        QVERIFY(opened.store);
        Store &store = *opened.store;
        QSignalSpy changed(&store, &Store::machinesChanged);

        MachineRecord m;
        m.id = Store::newId();
        m.name = QStringLiteral("vm ") + hostileText(row);
        m.kind = QStringLiteral("ssh");
        m.host = hostileText(row + 1);
        m.port = 2222;
        m.user = hostileText(row + 2);
        m.identityFile = QStringLiteral("~/.ssh/id_ed25519");
        m.jumpHost = hostileText(row);
        m.vncHost = QStringLiteral("127.0.0.1");
        m.vncPort = 5901;
        m.vncViaSsh = true;
        m.options = QJsonObject {
            { QStringLiteral("keepalive"), 30 }, { QStringLiteral("note"), hostileText(row) },
            { QStringLiteral("nested"), QJsonObject { { QStringLiteral("a"), QJsonArray { 1, 2.5, true } } } }
        };
        m.created = ms(1234567890123);
        store.saveMachine(m);
        QVERIFY(store.flush());
        QVERIFY(changed.count() >= 1 || changed.wait(2000));

        const auto read = store.machine(m.id);
        QVERIFY(read);
        QCOMPARE(read->id, m.id);
        QCOMPARE(read->name, m.name);
        QCOMPARE(read->kind, m.kind);
        QCOMPARE(read->host, m.host);
        QCOMPARE(read->port, m.port);
        QCOMPARE(read->user, m.user);
        QCOMPARE(read->identityFile, m.identityFile);
        QCOMPARE(read->jumpHost, m.jumpHost);
        QCOMPARE(read->vncHost, m.vncHost);
        QCOMPARE(read->vncPort, m.vncPort);
        QCOMPARE(read->vncViaSsh, m.vncViaSsh);
        QCOMPARE(read->options, m.options);
        QCOMPARE(read->created, m.created);
        QCOMPARE(store.machines().size(), 2);
        QCOMPARE(store.machines().first().id, Store::localMachineId()); // local first

        m.port = 22;
        m.vncViaSsh = false;
        store.saveMachine(m); // update by id
        store.removeMachine(Store::newId()); // unknown: nothing happens
        QVERIFY(store.flush());
        QCOMPARE(store.machine(m.id)->port, 22);
        QCOMPARE(store.machine(m.id)->vncViaSsh, false);
        store.removeMachine(m.id);
        QVERIFY(store.flush());
        QVERIFY(!store.machine(m.id));
        QCOMPARE(store.machines().size(), 1);
    }

    void sessionRoundTripAndUpdateKeepsMessages_data() { machineRoundTrip_data(); }
    void sessionRoundTripAndUpdateKeepsMessages()
    {
        QFETCH(int, row);
        auto opened = openFresh();
        QVERIFY(opened.store);
        Store &store = *opened.store;
        QSignalSpy changed(&store, &Store::sessionsChanged);

        SessionRecord s = makeSession(hostileText(row));
        s.draft = hostileText(row + 3);
        store.saveSession(s);
        store.saveMessage(makeMessage(s.id, 1, hostileText(row)));
        QVERIFY(store.flush());
        QVERIFY(changed.count() >= 1 || changed.wait(2000));

        auto read = store.session(s.id);
        QVERIFY(read);
        QCOMPARE(read->title, s.title);
        QCOMPARE(read->machineId, s.machineId);
        QCOMPARE(read->workingDirectory, s.workingDirectory);
        QCOMPARE(read->agent, s.agent);
        QCOMPARE(read->model, s.model);
        QCOMPARE(read->state, s.state);
        QCOMPARE(read->draft, s.draft);
        QCOMPARE(read->archived, false);
        QCOMPARE(read->created, s.created);
        QCOMPARE(read->updated, s.updated);

        // An update (upsert, not delete + insert) keeps the session's messages.
        s.state = QStringLiteral("running");
        s.archived = true;
        s.updated = ms(1800000000000);
        store.saveSession(s);
        QVERIFY(store.flush());
        read = store.session(s.id);
        QCOMPARE(read->state, QStringLiteral("running"));
        QCOMPARE(read->archived, true);
        QCOMPARE(store.messageCount(s.id), 1);
        QCOMPARE(store.sessions(true).size(), 1);
        QCOMPARE(store.sessions(false).size(), 0);
    }

    void sessionsAreOrderedByLastUpdate()
    {
        auto opened = openFresh();
        Store &store = *opened.store;
        SessionRecord a = makeSession(QStringLiteral("a"));
        SessionRecord b = makeSession(QStringLiteral("b"));
        SessionRecord c = makeSession(QStringLiteral("c"));
        a.updated = ms(2000);
        b.updated = ms(3000);
        c.updated = ms(1000);
        c.archived = true;
        store.saveSession(a);
        store.saveSession(b);
        store.saveSession(c);
        QVERIFY(store.flush());
        QList<SessionRecord> all = store.sessions();
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.at(0).title, QStringLiteral("b"));
        QCOMPARE(all.at(1).title, QStringLiteral("a"));
        QCOMPARE(all.at(2).title, QStringLiteral("c"));
        QCOMPARE(store.sessions(false).size(), 2);
        QVERIFY(!store.session(Store::newId()));
    }

    void messagesKeepJsonAndOrder()
    {
        auto opened = openFresh();
        Store &store = *opened.store;
        const SessionRecord s = makeSession();
        const SessionRecord other = makeSession();
        store.saveSession(s);
        store.saveSession(other);
        // Saved out of order; read back by seq.
        const QList<qint64> seqs = { 5, 1, 4, 2, 3, 10, 7 };
        QHash<qint64, MessageRecord> saved;
        for (qint64 seq : seqs) {
            MessageRecord m = makeMessage(s.id, seq, hostileText(int(seq)));
            if (seq == 4) {
                // A tool_use block with nested input, numbers and unicode keys.
                m.content = QJsonObject {
                    { QStringLiteral("content"),
                        QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("tool_use") },
                            { QStringLiteral("id"), QStringLiteral("toolu_01") },
                            { QStringLiteral("name"), QStringLiteral("bash") },
                            { QStringLiteral("input"),
                                QJsonObject { { QStringLiteral("command"), QStringLiteral("ls -la 'x y'") },
                                    { QString::fromUtf16(u"ключ"), 1.5e300 },
                                    { QStringLiteral("big"), qint64(9007199254740993) },
                                    { QStringLiteral("null"), QJsonValue() } } } } } },
                    { QStringLiteral("model"), QStringLiteral("claude") }
                };
            }
            saved.insert(seq, m);
            store.saveMessage(m);
        }
        store.saveMessage(makeMessage(other.id, 1, QStringLiteral("other")));
        QVERIFY(store.flush());

        const QList<MessageRecord> messages = store.messages(s.id);
        QCOMPARE(messages.size(), seqs.size());
        QCOMPARE(store.messageCount(s.id), int(seqs.size()));
        QCOMPARE(store.messageCount(other.id), 1);
        QCOMPARE(store.messageCount(Store::newId()), 0);
        qint64 previous = 0;
        for (const MessageRecord &m : messages) {
            QVERIFY(m.seq > previous);
            previous = m.seq;
            const MessageRecord &expected = saved.value(m.seq);
            QCOMPARE(m.id, expected.id);
            QCOMPARE(m.sessionId, s.id);
            QCOMPARE(m.role, expected.role);
            QCOMPARE(m.content, expected.content);
            QCOMPARE(m.created, expected.created);
        }

        QList<MessageRecord> range = store.messagesRange(s.id, 3, 2);
        QCOMPARE(range.size(), 2);
        QCOMPARE(range.at(0).seq, 3);
        QCOMPARE(range.at(1).seq, 4);
        range = store.messagesRange(s.id, 6, 100);
        QCOMPARE(range.size(), 2);
        QCOMPARE(range.at(0).seq, 7);
        QCOMPARE(range.at(1).seq, 10);
        QCOMPARE(store.messagesRange(s.id, 4, -1).size(), 4);
        QCOMPARE(store.messagesRange(s.id, 11, 10).size(), 0);
        QCOMPARE(store.messagesRange(s.id, 1, 0).size(), 0);

        // Update by id: content replaced, no duplicate.
        MessageRecord changed = saved.value(1);
        changed.content = QJsonObject { { QStringLiteral("content"), QJsonArray() } };
        store.saveMessage(changed);
        QVERIFY(store.flush());
        QCOMPARE(store.messageCount(s.id), int(seqs.size()));
        QCOMPARE(store.messages(s.id).first().content, changed.content);
    }

    void toolCallRoundTrip()
    {
        auto opened = openFresh();
        Store &store = *opened.store;
        const SessionRecord s = makeSession();
        store.saveSession(s);
        ToolCallRecord c;
        c.id = QStringLiteral("toolu_") + Store::newId();
        c.sessionId = s.id;
        c.messageId = Store::newId();
        c.tool = QStringLiteral("bash");
        c.input = QJsonObject { { QStringLiteral("command"), hostileText(3) } };
        c.status = QStringLiteral("pending");
        store.saveToolCall(c);
        ToolCallRecord second = c;
        second.id = QStringLiteral("toolu_second");
        second.tool = QStringLiteral("read_file");
        store.saveToolCall(second);
        QVERIFY(store.flush());
        auto read = store.toolCall(c.id);
        QVERIFY(read);
        QCOMPARE(read->sessionId, s.id);
        QCOMPARE(read->messageId, c.messageId);
        QCOMPARE(read->tool, c.tool);
        QCOMPARE(read->input, c.input);
        QCOMPARE(read->status, c.status);
        QVERIFY(!read->started.isValid());
        QVERIFY(!read->finished.isValid());
        QCOMPARE(read->isError, false);

        c.status = QStringLiteral("error");
        c.output = hostileText(5);
        c.isError = true;
        c.diff = QStringLiteral("--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n");
        c.started = ms(1000);
        c.finished = ms(2500);
        store.saveToolCall(c);
        QVERIFY(store.flush());
        read = store.toolCall(c.id);
        QCOMPARE(read->status, c.status);
        QCOMPARE(read->output, c.output);
        QCOMPARE(read->isError, true);
        QCOMPARE(read->diff, c.diff);
        QCOMPARE(read->started, c.started);
        QCOMPARE(read->finished, c.finished);
        const QList<ToolCallRecord> calls = store.toolCalls(s.id);
        QCOMPARE(calls.size(), 2);
        QCOMPARE(calls.at(0).id, c.id); // in the order first saved
        QCOMPARE(calls.at(1).id, second.id);
        QVERIFY(!store.toolCall(QStringLiteral("nope")));
    }

    void usageTotals()
    {
        auto opened = openFresh();
        Store &store = *opened.store;
        const SessionRecord a = makeSession();
        const SessionRecord b = makeSession();
        store.saveSession(a);
        store.saveSession(b);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto usage = [&](const SessionRecord &s, double cost, const QDateTime &at) {
            UsageRecord u;
            u.sessionId = s.id;
            u.messageId = Store::newId();
            u.model = QStringLiteral("claude-opus");
            u.inputTokens = 1000;
            u.outputTokens = 200;
            u.cacheWriteTokens = 30;
            u.cacheReadTokens = 4000000000LL; // beyond 32 bits
            u.costUsd = cost;
            u.at = at;
            store.addUsage(u);
            return u;
        };
        const UsageRecord first = usage(a, 0.25, now.addDays(-2));
        usage(a, 0.5, now.addSecs(-60));
        usage(b, 1.125, now.addSecs(-30));
        QVERIFY(store.flush());
        QCOMPARE(store.totalCost(a.id), 0.75);
        QCOMPARE(store.totalCost(b.id), 1.125);
        QCOMPARE(store.totalCost(), 1.875);
        QCOMPARE(store.totalCost(Store::newId()), 0.0);
        QCOMPARE(store.costSince(now.addDays(-1)), 1.625);
        QCOMPARE(store.costSince(now.addSecs(-45)), 1.125);
        QCOMPARE(store.costSince(now.addSecs(1)), 0.0);
        const QList<UsageRecord> rows = store.usage(a.id);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.first().messageId, first.messageId);
        QCOMPARE(rows.first().model, first.model);
        QCOMPARE(rows.first().inputTokens, first.inputTokens);
        QCOMPARE(rows.first().outputTokens, first.outputTokens);
        QCOMPARE(rows.first().cacheWriteTokens, first.cacheWriteTokens);
        QCOMPARE(rows.first().cacheReadTokens, first.cacheReadTokens);
        QCOMPARE(rows.first().costUsd, first.costUsd);
        QCOMPARE(rows.first().at, ms(first.at.toMSecsSinceEpoch()));
    }

    void removeSessionCascadesButKeepsUsage()
    {
        auto opened = openFresh();
        Store &store = *opened.store;
        const SessionRecord gone = makeSession();
        const SessionRecord kept = makeSession();
        for (const SessionRecord &s : { gone, kept }) {
            store.saveSession(s);
            for (int i = 1; i <= 3; ++i)
                store.saveMessage(makeMessage(s.id, i, QStringLiteral("m")));
            ToolCallRecord c;
            c.id = Store::newId();
            c.sessionId = s.id;
            c.tool = QStringLiteral("bash");
            store.saveToolCall(c);
            UsageRecord u;
            u.sessionId = s.id;
            u.costUsd = 1;
            store.addUsage(u);
        }
        AuditRecord audit;
        audit.sessionId = gone.id;
        audit.action = QStringLiteral("tool:bash");
        store.appendAudit(audit);
        QVERIFY(store.flush());
        QSignalSpy changed(&store, &Store::sessionsChanged);
        store.removeSession(gone.id);
        QVERIFY(store.flush());
        QVERIFY(changed.count() >= 1 || changed.wait(2000));
        QVERIFY(!store.session(gone.id));
        QCOMPARE(store.messageCount(gone.id), 0);
        QCOMPARE(store.toolCalls(gone.id).size(), 0);
        QCOMPARE(store.usage(gone.id).size(), 0);
        // What the removed session spent still counts (the daily limit reads costSince()).
        QCOMPARE(store.totalCost(), 2.0);
        QCOMPARE(store.costSince(QDateTime::currentDateTimeUtc().addSecs(-600)), 2.0);
        QCOMPARE(store.totalCost(gone.id), 0.0);
        QVERIFY(store.session(kept.id));
        QCOMPARE(store.messageCount(kept.id), 3);
        QCOMPARE(store.toolCalls(kept.id).size(), 1);
        QCOMPARE(store.usage(kept.id).size(), 1);
        QCOMPARE(store.audit().size(), 1); // the audit log outlives sessions
        RawDb raw(store.path());
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM messages")).toInt(), 3);
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM tool_calls")).toInt(), 1);
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM usage")).toInt(), 2);
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM usage WHERE session_id IS NULL")).toInt(), 1);
        // Usage still needs a session that exists when it is written.
        UsageRecord orphan;
        orphan.sessionId = gone.id;
        orphan.costUsd = 5;
        store.addUsage(orphan);
        QVERIFY(!store.flush());
        QCOMPARE(store.totalCost(), 2.0);
    }

    // A database of schema v1 (usage rows deleted with their session) upgrades in place:
    // every row kept with its id, and from then on removing a session keeps its usage.
    void migrationFromV1KeepsUsage()
    {
        const QString path = m_dir.filePath(QStringLiteral("v1/proto.sqlite"));
        const SessionRecord a = makeSession();
        const SessionRecord b = makeSession();
        {
            auto opened = Store::open(path);
            QVERIFY2(opened.store, qPrintable(opened.message));
            opened.store->saveSession(a);
            opened.store->saveSession(b);
            QVERIFY(opened.store->flush());
        }
        {
            // Back to the v1 usage table, as released, with rows of its own.
            RawDb raw(path);
            QVERIFY(raw.isOpen());
            QVERIFY(raw.exec(QStringLiteral("DROP TABLE usage")));
            QVERIFY(raw.exec(QStringLiteral(R"(CREATE TABLE usage (
                id INTEGER PRIMARY KEY,
                session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                message_id TEXT NOT NULL DEFAULT '',
                model TEXT NOT NULL DEFAULT '',
                input_tokens INTEGER NOT NULL DEFAULT 0,
                output_tokens INTEGER NOT NULL DEFAULT 0,
                cache_write_tokens INTEGER NOT NULL DEFAULT 0,
                cache_read_tokens INTEGER NOT NULL DEFAULT 0,
                cost_usd REAL NOT NULL DEFAULT 0,
                at INTEGER NOT NULL))")));
            QVERIFY(raw.exec(QStringLiteral("CREATE INDEX usage_session ON usage(session_id, at)")));
            QVERIFY(raw.exec(QStringLiteral("CREATE INDEX usage_at ON usage(at)")));
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            QVERIFY(
                raw.exec(QStringLiteral("INSERT INTO usage (id, session_id, message_id, model, input_tokens, "
                                        "cost_usd, at) VALUES (7, '%1', 'm1', 'claude-opus', 4000000000, "
                                        "0.25, %2), (9, '%3', 'm2', 'claude-haiku', 10, 1.5, %2)")
                        .arg(a.id, QString::number(now - 1000), b.id)));
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = 1")));
        }
        auto opened = Store::open(path);
        QVERIFY2(opened.store, qPrintable(opened.message));
        Store &store = *opened.store;
        QCOMPARE(store.totalCost(), 1.75);
        const QList<UsageRecord> rows = store.usage(a.id);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().messageId, QStringLiteral("m1"));
        QCOMPARE(rows.first().inputTokens, 4000000000LL);
        store.removeSession(a.id);
        QVERIFY(store.flush());
        QVERIFY(!store.session(a.id));
        QCOMPARE(store.totalCost(), 1.75);
        QCOMPARE(store.costSince(QDateTime::currentDateTimeUtc().addDays(-1)), 1.75);
        {
            RawDb raw(path);
            QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), Store::schemaVersion());
            QCOMPARE(
                raw.value(QStringLiteral("SELECT group_concat(id) FROM (SELECT id FROM usage ORDER BY id)"))
                    .toString(),
                QStringLiteral("7,9"));
            QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name IN "
                                              "('usage_session', 'usage_at', 'usage_v2')"))
                         .toInt(),
                2);
            QCOMPARE(raw.value(QStringLiteral("PRAGMA foreign_key_check")), QVariant());
            QCOMPARE(raw.value(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
        }
        // Opening again applies nothing twice.
        opened.store.reset();
        auto again = Store::open(path);
        QVERIFY2(again.store, qPrintable(again.message));
        QCOMPARE(again.store->totalCost(), 1.75);
    }

    void updateSessionTouchesOnlyItsColumns()
    {
        auto opened = openFresh();
        Store &store = *opened.store;
        SessionRecord s = makeSession(QStringLiteral("old title"));
        store.saveSession(s);
        // A rename queued before a state update from a stale copy: both survive.
        SessionRecord renamed = s;
        renamed.title = QStringLiteral("new title");
        renamed.model = QStringLiteral("claude-opus-4-1");
        store.saveSession(renamed);
        SessionUpdate update;
        update.state = QStringLiteral("running");
        update.updated = ms(1800000000000);
        store.updateSession(s.id, update);
        SessionUpdate draft;
        draft.draft = hostileText(2);
        store.updateSession(s.id, draft);
        store.updateSession(s.id, SessionUpdate {}); // nothing
        store.updateSession(Store::newId(), update); // no such session: nothing
        QVERIFY(store.flush());
        const std::optional<SessionRecord> read = store.session(s.id);
        QVERIFY(read);
        QCOMPARE(read->title, QStringLiteral("new title"));
        QCOMPARE(read->model, QStringLiteral("claude-opus-4-1"));
        QCOMPARE(read->state, QStringLiteral("running"));
        QCOMPARE(read->draft, hostileText(2));
        QCOMPARE(read->agent, s.agent);
        QCOMPARE(read->created, s.created);
        QCOMPARE(read->updated, ms(1800000000000));
        QCOMPARE(store.sessions().size(), 1);
    }

    void settingTypes_data()
    {
        QTest::addColumn<QVariant>("value");
        QTest::newRow("true") << QVariant(true);
        QTest::newRow("false") << QVariant(false);
        QTest::newRow("int") << QVariant(42);
        QTest::newRow("negative longlong") << QVariant(qlonglong(-9000000000000000000LL));
        QTest::newRow("ulonglong max") << QVariant(std::numeric_limits<qulonglong>::max());
        QTest::newRow("uint") << QVariant(4000000000U);
        QTest::newRow("double") << QVariant(3.141592653589793);
        QTest::newRow("tiny double") << QVariant(5e-324);
        QTest::newRow("string") << QVariant(hostileText(5));
        QTest::newRow("numeric string") << QVariant(QStringLiteral("0042"));
        QTest::newRow("empty string") << QVariant(QString());
        QTest::newRow("nul string") << QVariant(hostileText(6));
        QByteArray bytes;
        for (int i = 0; i < 256; ++i)
            bytes.append(char(i));
        QTest::newRow("bytes") << QVariant(bytes);
        QTest::newRow("string list") << QVariant(
            QStringList { QStringLiteral("a"), hostileText(2), QString() });
        QTest::newRow("map") << QVariant(
            QVariantMap { { QStringLiteral("k"), 1 }, { QStringLiteral("s"), QStringLiteral("v") } });
        QTest::newRow("list") << QVariant(QVariantList { 1, QStringLiteral("two"), 3.0 });
        QTest::newRow("datetime") << QVariant(ms(1700000000000));
        QTest::newRow("json object") << QVariant(QJsonObject { { QStringLiteral("a"), 1 } });
    }
    void settingTypes()
    {
        QFETCH(QVariant, value);
        static Store::OpenResult opened = openFresh();
        QVERIFY(opened.store);
        Store &store = *opened.store;
        const QString key = QString::fromLatin1(QTest::currentDataTag());
        store.setSetting(key, value);
        QVERIFY(store.flush());
        const QVariant read = store.setting(key);
        QCOMPARE(read.metaType(), value.metaType());
        QCOMPARE(read, value);
        // Overwrite with another type, then remove.
        store.setSetting(key, QStringLiteral("replaced"));
        QVERIFY(store.flush());
        QCOMPARE(store.setting(key), QVariant(QStringLiteral("replaced")));
        store.setSetting(key, QVariant());
        QVERIFY(store.flush());
        QCOMPARE(store.setting(key, 7), QVariant(7));
        QVERIFY(!store.setting(key).isValid());
        if (QByteArray(QTest::currentDataTag()) == "json object")
            opened.store.reset(); // the last row closes the shared store
    }

    void failedWriteIsReportedAndOthersLand()
    {
        auto opened = openFresh();
        Store &store = *opened.store;
        QSignalSpy failed(&store, &Store::writeFailed);
        QSignalSpy committed(&store, &Store::committed);
        const SessionRecord s = makeSession();
        store.saveSession(s);
        const MessageRecord orphan = makeMessage(Store::newId(), 1, QStringLiteral("orphan"));
        store.saveMessage(orphan); // unknown session: the foreign key refuses it
        const quint64 last = store.saveMessage(makeMessage(s.id, 1, QStringLiteral("fine")));
        QVERIFY(!store.flush());
        QVERIFY(failed.count() >= 1 || failed.wait(2000));
        QVERIFY2(failed.first().first().toString().contains(orphan.id),
            qPrintable(failed.first().first().toString()));
        QVERIFY(store.lastError().contains(QStringLiteral("FOREIGN KEY")));
        QCOMPARE(store.messageCount(s.id), 1);
        QCOMPARE(store.messageCount(orphan.sessionId), 0);
        QVERIFY(store.committedSeq() >= last);
        QTRY_VERIFY(!committed.isEmpty() && committed.last().first().toULongLong() >= last);
        // The failure was reported once; later flushes succeed.
        store.saveMessage(makeMessage(s.id, 2, QStringLiteral("more")));
        QVERIFY(store.flush());
    }

    void writeSeqsAreIncreasingAndCommittedCoversThem()
    {
        auto opened = openFresh();
        Store &store = *opened.store;
        QSignalSpy committed(&store, &Store::committed);
        const SessionRecord s = makeSession();
        quint64 previous = store.saveSession(s);
        for (int i = 1; i <= 500; ++i) {
            const quint64 seq = store.saveMessage(makeMessage(s.id, i, QStringLiteral("x")));
            QCOMPARE(seq, previous + 1);
            previous = seq;
        }
        QVERIFY(store.flush());
        QCOMPARE(store.committedSeq(), previous);
        QTRY_VERIFY(!committed.isEmpty() && committed.last().first().toULongLong() == previous);
        quint64 before = 0;
        for (const QList<QVariant> &args : std::as_const(committed)) {
            QVERIFY(args.first().toULongLong() > before);
            before = args.first().toULongLong();
        }
        QVERIFY(committed.size() < 500); // batched, not one transaction per write
    }

    void concurrentReadsWhileWriting()
    {
        auto opened = openFresh();
        Store &store = *opened.store;
        const SessionRecord s = makeSession();
        store.saveSession(s);
        QVERIFY(store.flush());
        constexpr int total = 3000;
        std::atomic<bool> done { false };
        std::atomic<int> reads { 0 };
        std::atomic<int> problems { 0 };
        QThread *reader = QThread::create([&] {
            int last = 0;
            while (!done.load()) {
                const QList<MessageRecord> messages = store.messagesRange(s.id, 1, -1);
                const int count = store.messageCount(s.id);
                // Counts only grow, and every committed prefix is complete and ordered.
                if (count < last || messages.size() < last)
                    ++problems;
                for (int i = 0; i < messages.size(); ++i)
                    if (messages.at(i).seq != i + 1)
                        ++problems;
                last = qMax(last, int(messages.size()));
                ++reads;
            }
        });
        QCOMPARE(store.messageCount(s.id), 0); // this thread's read connection exists
        const QStringList before = QSqlDatabase::connectionNames();
        reader->start();
        for (int i = 1; i <= total; ++i) {
            store.saveMessage(makeMessage(s.id, i, hostileText(i)));
            if (i % 500 == 0)
                QVERIFY(store.flush());
        }
        QVERIFY(store.flush());
        QTRY_VERIFY(reads.load() >= 3);
        done = true;
        QVERIFY(reader->wait(10000));
        delete reader;
        QCOMPARE(problems.load(), 0);
        QCOMPARE(store.messageCount(s.id), total);
        // The reader thread's connection closed with its thread.
        QCOMPARE(QSqlDatabase::connectionNames().size(), before.size());
    }

    void destructorCommitsEverythingQueued()
    {
        const QString path = m_dir.filePath(QStringLiteral("closing/proto.sqlite"));
        const SessionRecord s = makeSession();
        {
            auto opened = Store::open(path);
            QVERIFY(opened.store);
            opened.store->saveSession(s);
            for (int i = 1; i <= 2000; ++i)
                opened.store->saveMessage(makeMessage(s.id, i, QStringLiteral("bye")));
            // No flush: the destructor must commit it all.
        }
        // Closed cleanly: the log was checkpointed into the database file and removed.
        QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));
        auto opened = Store::open(path);
        QVERIFY(opened.store);
        QCOMPARE(opened.store->messageCount(s.id), 2000);
    }

    void flushFromTheStoreThreadDoesNotDeadlock()
    {
        auto opened = openFresh();
        Store &store = *opened.store;
        std::atomic<int> calls { 0 };
        connect(
            &store, &Store::committed, &store,
            [&store, &calls](quint64) {
                QVERIFY(store.flush()); // in the store thread: returns at once
                ++calls;
            },
            Qt::DirectConnection);
        store.saveSession(makeSession());
        QVERIFY(store.flush());
        QTRY_VERIFY(calls.load() >= 1);
    }

    void readerThreadMayOutliveTheStore()
    {
        auto opened = openFresh();
        QVERIFY(opened.store);
        const SessionRecord s = makeSession();
        opened.store->saveSession(s);
        QVERIFY(opened.store->flush());
        QThread thread;
        QObject worker;
        worker.moveToThread(&thread);
        thread.start();
        std::atomic<int> seen { -1 };
        Store *store = opened.store.get();
        QMetaObject::invokeMethod(&worker, [store, &seen] { seen = int(store->sessions().size()); });
        QTRY_COMPARE(seen.load(), 1);
        const int connections = int(QSqlDatabase::connectionNames().size());
        opened.store.reset(); // closes the other thread's connection too
        QVERIFY(QSqlDatabase::connectionNames().size() < connections);
        thread.quit();
        QVERIFY(thread.wait(5000)); // its finished() no longer reaches the store
    }

    void dataDirectoryFollowsEnvironment()
    {
        const QString home = m_dir.filePath(QStringLiteral("portable/home"));
        qputenv("PROTO_DESKTOP_HOME", home.toUtf8());
        QCOMPARE(Store::dataDirectory(), home);
        QVERIFY(QFileInfo(home).isDir());
        QCOMPARE(Store::defaultPath(), home + QStringLiteral("/proto.sqlite"));
        qunsetenv("PROTO_DESKTOP_HOME");
        const QString standard = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QCOMPARE(Store::dataDirectory(), standard);
        QVERIFY(QFileInfo(standard).isDir());
    }

    void newIdsAreUnique()
    {
        QSet<QString> ids;
        for (int i = 0; i < 1000; ++i) {
            const QString id = Store::newId();
            QCOMPARE(id.size(), 36);
            QVERIFY(!id.startsWith(u'{'));
            ids.insert(id);
        }
        QCOMPARE(ids.size(), 1000);
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
