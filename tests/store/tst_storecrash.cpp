// Crash safety: a child process writes messages as fast as it can and prints each message
// seq once committed() says it is durable; the parent SIGKILLs it at a random moment, then
// checks that the database is intact and holds every acknowledged message.
//
// The executable doubles as the child: tst_storecrash --crash-writer PATH FIRST_SEQ.

#include "store.h"
#include "storetestutil.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <csignal>
#include <cstdio>

#ifdef Q_OS_UNIX
#include <sys/types.h>
#include <unistd.h>
#endif

using namespace Proto;
using StoreTest::RawDb;

namespace {

const QString kSessionId = QStringLiteral("crash-session");

QJsonObject contentFor(qint64 seq)
{
    const QString text
        = QString::fromUtf16(u"message %1 — ünïcødé 🚀 ").arg(seq) + QString(int(seq % 7) * 90, QChar(u'z'));
    return QJsonObject { { QStringLiteral("content"),
        QJsonArray { QJsonObject {
            { QStringLiteral("type"), QStringLiteral("text") }, { QStringLiteral("text"), text } } } } };
}

QString idFor(qint64 seq)
{
    return QStringLiteral("msg-%1").arg(seq);
}

// Child mode. Never returns: the parent kills it.
int crashWriter(const QString &path, qint64 firstSeq)
{
    auto opened = Store::open(path);
    if (!opened.store) {
        std::fprintf(stderr, "open failed: %s\n", qPrintable(opened.message));
        return 2;
    }
    Store &store = *opened.store;
    SessionRecord session;
    session.id = kSessionId;
    session.title = QStringLiteral("crash test");
    const quint64 sessionWrite = store.saveSession(session);

    // Writes after the session are, in order: message firstSeq, firstSeq + 1, ... with an audit
    // row after every 16th message. writeSeq -> message seq is kept in a ring the commit
    // callback reads (the writer thread).
    constexpr int kRing = 1 << 16;
    static std::atomic<qint64> messageOfWrite[kRing];
    std::atomic<quint64> lastAcked { 0 };
    QObject::connect(
        &store, &Store::committed, &store,
        [&](quint64 writeSeq) {
            qint64 best = 0;
            for (quint64 w = qMax(lastAcked.load(), sessionWrite) + 1; w <= writeSeq; ++w)
                best = qMax(best, messageOfWrite[w % kRing].load());
            lastAcked = writeSeq;
            if (best > 0) {
                char line[64];
                const int n = std::snprintf(line, sizeof line, "ack %lld\n", static_cast<long long>(best));
                [[maybe_unused]] const auto written = ::write(STDOUT_FILENO, line, size_t(n));
            }
        },
        Qt::DirectConnection);

    // Each write's entry is filled before the write is queued (the numbers are predictable:
    // this thread is the only writer), so the callback never reads a stale one.
    quint64 lastWrite = sessionWrite;
    const auto queue = [&](qint64 seq, auto &&write) {
        while (lastWrite - store.committedSeq() > kRing / 4)
            QThread::usleep(200);
        messageOfWrite[(lastWrite + 1) % kRing] = seq;
        const quint64 w = write();
        if (w != lastWrite + 1) {
            std::fprintf(stderr, "unexpected write number %llu\n", static_cast<unsigned long long>(w));
            std::_Exit(3);
        }
        lastWrite = w;
    };
    for (qint64 seq = firstSeq;; ++seq) {
        MessageRecord m;
        m.id = idFor(seq);
        m.sessionId = kSessionId;
        m.seq = seq;
        m.role = seq % 2 ? QStringLiteral("user") : QStringLiteral("assistant");
        m.content = contentFor(seq);
        m.created = QDateTime::currentDateTimeUtc();
        queue(seq, [&] { return store.saveMessage(m); });
        if (seq % 16 == 0) {
            AuditRecord a;
            a.sessionId = kSessionId;
            a.action = QStringLiteral("tool:bash");
            a.input = QJsonObject { { QStringLiteral("seq"), seq } };
            a.outcome = QStringLiteral("ok");
            queue(seq, [&] { return store.appendAudit(a); });
        }
    }
}

} // namespace

class TestStoreCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void killedWriterLosesNothingAcknowledged()
    {
#ifndef Q_OS_UNIX
        QSKIP("SIGKILL is POSIX");
#else
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("proto.sqlite"));
        qint64 nextSeq = 1;
        qint64 totalAcked = 0;
        QElapsedTimer budget;
        budget.start();
        constexpr int kIterations = 15;
        for (int iteration = 0; iteration < kIterations; ++iteration) {
            QProcess child;
            child.start(QCoreApplication::applicationFilePath(),
                { QStringLiteral("--crash-writer"), path, QString::number(nextSeq) });
            QVERIFY(child.waitForStarted());

            // Wait until it acknowledges something, then let it run a random while more.
            QByteArray output;
            QElapsedTimer timer;
            timer.start();
            while (
                !output.contains("ack ") && child.state() == QProcess::Running && timer.elapsed() < 30000) {
                child.waitForReadyRead(100);
                output += child.readAllStandardOutput();
            }
            QVERIFY2(output.contains("ack "), child.readAllStandardError().constData());
            const int delayMs = int(QRandomGenerator::global()->bounded(400));
            timer.restart();
            while (timer.elapsed() < delayMs && child.state() == QProcess::Running) {
                child.waitForReadyRead(qMax(1, int(delayMs - timer.elapsed())));
                output += child.readAllStandardOutput();
            }
            QCOMPARE(child.state(), QProcess::Running);
            QCOMPARE(::kill(pid_t(child.processId()), SIGKILL), 0);
            QVERIFY(child.waitForFinished(10000));
            QCOMPARE(child.exitStatus(), QProcess::CrashExit);
            output += child.readAllStandardOutput();

            // The highest acknowledged seq, from complete lines only.
            qint64 acked = 0;
            const QList<QByteArray> lines = output.split('\n');
            for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
                if (lines.at(i).startsWith("ack "))
                    acked = qMax(acked, lines.at(i).mid(4).toLongLong());
            }
            QVERIFY(acked >= nextSeq);

            {
                RawDb raw(path);
                QVERIFY(raw.isOpen());
                QCOMPARE(
                    raw.value(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
                QCOMPARE(raw.value(QStringLiteral("PRAGMA foreign_key_check")), QVariant());
                // Every seq up to the acknowledged one is there, each once.
                QCOMPARE(raw.value(QStringLiteral("SELECT count(DISTINCT seq) FROM messages WHERE seq <= %1")
                                       .arg(acked))
                             .toLongLong(),
                    acked);
                QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM messages WHERE seq <= %1").arg(acked))
                             .toLongLong(),
                    acked);
            }
            auto opened = Store::open(path);
            QVERIFY2(opened.store, qPrintable(opened.message));
            Store &store = *opened.store;
            const QList<MessageRecord> mine
                = store.messagesRange(kSessionId, nextSeq, int(acked - nextSeq + 1));
            QCOMPARE(mine.size(), int(acked - nextSeq + 1));
            for (const MessageRecord &m : mine) {
                QCOMPARE(m.id, idFor(m.seq));
                QCOMPARE(m.content, contentFor(m.seq));
            }
            QString problem;
            QCOMPARE(store.verifyAudit(&problem), 0);
            const QList<MessageRecord> last = store.messagesRange(kSessionId, acked, -1);
            nextSeq = last.isEmpty() ? acked + 1 : last.last().seq + 1;
            totalAcked = acked;
            QVERIFY2(budget.elapsed() < 200000, "the crash loop ran out of time");
        }
        qInfo(
            "%d kills, %lld messages acknowledged, %lld s", kIterations, totalAcked, budget.elapsed() / 1000);
#endif
    }

    // Killed while creating and migrating a fresh database: the next open finds either no
    // schema or the whole of it, never half.
    void killedDuringFirstOpenLeavesAUsableFile()
    {
#ifndef Q_OS_UNIX
        QSKIP("SIGKILL is POSIX");
#else
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        for (int iteration = 0; iteration < 12; ++iteration) {
            const QString path = dir.filePath(QStringLiteral("fresh%1/proto.sqlite").arg(iteration));
            QProcess child;
            child.start(QCoreApplication::applicationFilePath(),
                { QStringLiteral("--crash-writer"), path, QStringLiteral("1") });
            QVERIFY(child.waitForStarted());
            // Spread the kills over start-up: loading, opening, migrating, first writes.
            QTest::qSleep(int(QRandomGenerator::global()->bounded(5 + iteration * 12)));
            ::kill(pid_t(child.processId()), SIGKILL);
            QVERIFY(child.waitForFinished(10000));
            auto opened = Store::open(path);
            QVERIFY2(opened.store, qPrintable(opened.message));
            const QList<MachineRecord> machines = opened.store->machines();
            QCOMPARE(machines.size(), 1);
            QCOMPARE(machines.first().id, Store::localMachineId());
            QCOMPARE(opened.store->verifyAudit(), 0);
            opened.store.reset();
            RawDb raw(path);
            QCOMPARE(raw.value(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
            QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), Store::schemaVersion());
        }
#endif
    }
};

int main(int argc, char **argv)
{
    if (argc == 4 && qstrcmp(argv[1], "--crash-writer") == 0) {
        QCoreApplication app(argc, argv);
        return crashWriter(QString::fromLocal8Bit(argv[2]), QByteArray(argv[3]).toLongLong());
    }
    QCoreApplication app(argc, argv);
    TestStoreCrash test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_storecrash.moc"
