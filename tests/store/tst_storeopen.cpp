// Store::open refuses damaged, locked, newer, read-only and unreachable databases with a
// clear message naming the file, and leaves them untouched. Writes wait out another
// process's lock: a refused batch is kept and retried, never dropped.
//
// The executable doubles as the helper that holds a lock: tst_storeopen --hold-lock PATH MODE.

#include "store.h"
#include "storetestutil.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <iostream>
#include <string>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace Proto;
using StoreTest::RawDb;

namespace {

// Child mode: takes a lock on the database and holds it until stdin closes.
// "exclusive": locking_mode=EXCLUSIVE and a write, so nobody else may even read.
// "write": an open write transaction, so nobody else may write.
int holdLock(const QString &path, const QString &mode)
{
    RawDb raw(path);
    if (!raw.isOpen())
        return 2;
    if (mode == QLatin1String("exclusive") && !raw.exec(QStringLiteral("PRAGMA locking_mode = EXCLUSIVE")))
        return 3;
    if (!raw.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return 4;
    if (!raw.exec(
            QStringLiteral("INSERT INTO settings (key, type, value) VALUES ('lock-holder', 'QString', 'x') "
                           "ON CONFLICT(key) DO UPDATE SET value = excluded.value")))
        return 5;
    std::cout << "held" << std::endl;
    std::string line;
    std::getline(std::cin, line);
    raw.exec(QStringLiteral("ROLLBACK"));
    return 0;
}

// Waits for the lock holder to say "held".
bool waitForHolder(QProcess &holder)
{
    QByteArray output;
    QElapsedTimer timer;
    timer.start();
    while (!output.contains("held") && holder.state() == QProcess::Running && timer.elapsed() < 20000) {
        holder.waitForReadyRead(200);
        output += holder.readAllStandardOutput();
    }
    return output.contains("held") && holder.state() == QProcess::Running;
}

QByteArray fileDigest(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

QByteArray randomBytes(int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &c : bytes)
        c = char(QRandomGenerator::global()->bounded(256));
    return bytes;
}

// Creates a healthy store at `path` with `messages` messages of ~1 KiB.
bool createStore(const QString &path, int messages = 0)
{
    auto opened = Store::open(path);
    if (!opened.store)
        return false;
    SessionRecord s;
    s.id = Store::newId();
    s.title = QStringLiteral("kept");
    opened.store->saveSession(s);
    for (int i = 0; i < messages; ++i) {
        MessageRecord m;
        m.id = Store::newId();
        m.sessionId = s.id;
        m.seq = i;
        m.role = QStringLiteral("user");
        m.content = QJsonObject { { QStringLiteral("text"), QString(1024, QChar(u'a' + i % 26)) } };
        opened.store->saveMessage(m);
    }
    return opened.store->flush();
}

#ifdef Q_OS_UNIX
// Root ignores file permissions: run the read-only cases as "nobody" (effective ids only,
// restored at the end of the scope).
namespace {
int modeOf(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}
} // namespace

class Unprivileged final
{
    Q_DISABLE_COPY_MOVE(Unprivileged)

public:
    Unprivileged()
    {
        if (geteuid() != 0)
            return;
        m_switched = setegid(65534) == 0 && seteuid(65534) == 0;
    }
    ~Unprivileged()
    {
        if (m_switched) {
            [[maybe_unused]] const int a = seteuid(0);
            [[maybe_unused]] const int b = setegid(0);
        }
    }
    bool ok() const { return geteuid() != 0; }

private:
    bool m_switched = false;
};
#endif

} // namespace

class TestStoreOpen : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    QString freshFolder()
    {
        // Names that trip up careless formatting and quoting.
        const QString folder
            = m_dir.filePath(QString::fromUtf16(u"%1 %2 'q' $(x) ünï 🚀 ") + QString::number(++m_counter));
        QDir().mkpath(folder);
        QFile::setPermissions(folder, QFileDevice::Permissions(0x7777));
        return folder;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        // Readable and writable for the unprivileged read-only cases.
        QVERIFY(QFile::setPermissions(m_dir.path(), QFileDevice::Permissions(0x7777)));
    }

    void refusesBadDatabases_data()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<Store::OpenError>("expected");
        QTest::newRow("random bytes") << "random" << Store::OpenError::Corrupt;
        QTest::newRow("text file") << "text" << Store::OpenError::Corrupt;
        QTest::newRow("sqlite header then garbage") << "header-garbage" << Store::OpenError::Corrupt;
        QTest::newRow("truncated to half") << "truncated-half" << Store::OpenError::Corrupt;
        QTest::newRow("truncated to 100 bytes") << "truncated-100" << Store::OpenError::Corrupt;
        QTest::newRow("pages overwritten") << "scribbled" << Store::OpenError::Corrupt;
        QTest::newRow("newer schema") << "newer" << Store::OpenError::NewerSchema;
        QTest::newRow("another program's database") << "foreign" << Store::OpenError::CannotOpen;
        QTest::newRow("locked by another process") << "locked" << Store::OpenError::Locked;
        QTest::newRow("written by another process") << "write-locked" << Store::OpenError::Locked;
        QTest::newRow("read-only file") << "readonly-file" << Store::OpenError::ReadOnly;
        QTest::newRow("read-only folder, new file") << "readonly-folder-new" << Store::OpenError::ReadOnly;
        QTest::newRow("read-only folder, existing file")
            << "readonly-folder-existing" << Store::OpenError::ReadOnly;
        QTest::newRow("folder cannot be created") << "no-folder" << Store::OpenError::CannotOpen;
        QTest::newRow("path is a folder") << "is-folder" << Store::OpenError::CannotOpen;
    }
    void refusesBadDatabases()
    {
        QFETCH(QString, setup);
        QFETCH(Store::OpenError, expected);
        const QString folder = freshFolder();
        QString path = folder + QStringLiteral("/proto.sqlite");
        QProcess holder;
        bool unprivileged = false;

        if (setup == QLatin1String("random")) {
            QVERIFY(writeFile(path, randomBytes(64 * 1024)));
        } else if (setup == QLatin1String("text")) {
            QVERIFY(writeFile(path, "hello, this is not a database\n"));
        } else if (setup == QLatin1String("header-garbage")) {
            QVERIFY(writeFile(path, QByteArray("SQLite format 3\0", 16) + randomBytes(8192)));
        } else if (setup.startsWith(QLatin1String("truncated")) || setup == QLatin1String("scribbled")) {
            QVERIFY(createStore(path, 2000));
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            const qint64 size = file.size();
            QVERIFY(size > 1024 * 1024);
            if (setup == QLatin1String("truncated-half"))
                QVERIFY(file.resize(size / 2));
            else if (setup == QLatin1String("truncated-100"))
                QVERIFY(file.resize(100));
            else {
                // Overwrite a run of pages in the middle of the file (the b-tree pages there).
                QVERIFY(file.seek((size / 2) & ~qint64(4095)));
                QVERIFY(file.write(randomBytes(64 * 1024)) == 64 * 1024);
            }
        } else if (setup == QLatin1String("foreign")) {
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("CREATE TABLE machines (x)")));
            QVERIFY(raw.exec(QStringLiteral("INSERT INTO machines VALUES (1)")));
        } else if (setup == QLatin1String("newer")) {
            QVERIFY(createStore(path));
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = %1").arg(Store::schemaVersion() + 1)));
        } else if (setup.endsWith(QLatin1String("locked"))) {
            QVERIFY(createStore(path));
            holder.start(QCoreApplication::applicationFilePath(),
                { QStringLiteral("--hold-lock"), path,
                    setup == QLatin1String("locked") ? QStringLiteral("exclusive")
                                                     : QStringLiteral("write") });
            QVERIFY(holder.waitForStarted());
            QVERIFY2(waitForHolder(holder), holder.readAllStandardError().constData());
            QCOMPARE(holder.state(), QProcess::Running);
        } else if (setup.startsWith(QLatin1String("readonly"))) {
#ifdef Q_OS_UNIX
            if (setup == QLatin1String("readonly-file")) {
                QVERIFY(createStore(path));
                QVERIFY(QFile::setPermissions(
                    path, QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther));
            } else {
                if (setup == QLatin1String("readonly-folder-existing")) {
                    QVERIFY(createStore(path));
                    QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions(0x6666)));
                }
                QVERIFY(QFile::setPermissions(folder, QFileDevice::Permissions(0x5555)));
            }
            unprivileged = true;
#else
            QSKIP("read-only cases use POSIX permissions");
#endif
        } else if (setup == QLatin1String("no-folder")) {
            QVERIFY(writeFile(folder + QStringLiteral("/a-file"), "x"));
            path = folder + QStringLiteral("/a-file/sub/proto.sqlite");
        } else if (setup == QLatin1String("is-folder")) {
            QVERIFY(QDir().mkpath(path));
        }

        const QByteArray before = fileDigest(path);
        Store::OpenResult result;
        {
#ifdef Q_OS_UNIX
            std::optional<Unprivileged> guard;
            if (unprivileged) {
                guard.emplace();
                QVERIFY2(guard->ok(), "cannot drop privileges for the read-only case");
            }
#endif
            Store::OpenOptions options;
            options.busyTimeoutMs = 300;
            QElapsedTimer timer;
            timer.start();
            result = Store::open(path, options);
            QVERIFY2(timer.elapsed() < 10000, "open took too long");
        }
        QVERIFY2(!result.store, qPrintable(result.message));
        QCOMPARE(result.error, expected);
        QVERIFY2(result.message.contains(QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath())),
            qPrintable(result.message));
        if (setup != QLatin1String("no-folder") && setup != QLatin1String("is-folder")
            && setup != QLatin1String("locked"))
            QCOMPARE(fileDigest(path), before); // left untouched

        if (holder.state() == QProcess::Running) {
            holder.closeWriteChannel();
            QVERIFY(holder.waitForFinished(10000));
            QCOMPARE(holder.exitCode(), 0);
            // Once the other process is gone, the same file opens.
            auto opened = Store::open(path);
            QVERIFY2(opened.store, qPrintable(opened.message));
            QCOMPARE(opened.store->sessions().size(), 1);
        }
        if (setup == QLatin1String("newer")) {
            RawDb raw(path);
            QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), Store::schemaVersion() + 1);
        }
    }

    void emptyFileBecomesAStore()
    {
        const QString path = freshFolder() + QStringLiteral("/proto.sqlite");
        QVERIFY(writeFile(path, QByteArray()));
        auto opened = Store::open(path);
        QVERIFY2(opened.store, qPrintable(opened.message));
        QCOMPARE(opened.store->machines().size(), 1);
    }

    // Every conversation and the audit log live here: other local users read none of it. A new
    // data folder is 0700, the database and its -wal/-shm files 0600; files an older version left
    // readable are tightened at open; a folder that is not ours (the home folder, /tmp) is left.
    void dataFilesArePrivate()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString home = dir.filePath(QStringLiteral("data/proto"));
        qputenv("PROTO_DESKTOP_HOME", QFile::encodeName(home));
        const auto restore = qScopeGuard([] { qunsetenv("PROTO_DESKTOP_HOME"); });
        QCOMPARE(Store::dataDirectory(), home);
        QCOMPARE(modeOf(home), 0700);
        {
            auto opened = Store::open(Store::defaultPath());
            QVERIFY2(opened.store, qPrintable(opened.message));
            SessionRecord session;
            session.id = Store::newId();
            session.title = QStringLiteral("private");
            session.machineId = Store::localMachineId();
            session.created = session.updated = QDateTime::currentDateTimeUtc();
            opened.store->saveSession(session);
            QVERIFY(opened.store->flush());
            QCOMPARE(modeOf(Store::defaultPath()), 0600);
            QCOMPARE(modeOf(Store::defaultPath() + QStringLiteral("-wal")), 0600);
            QCOMPARE(modeOf(Store::defaultPath() + QStringLiteral("-shm")), 0600);
        }
        // As an older version left them.
        QVERIFY(::chmod(QFile::encodeName(home).constData(), 0755) == 0);
        QVERIFY(::chmod(QFile::encodeName(Store::defaultPath()).constData(), 0644) == 0);
        QCOMPARE(Store::dataDirectory(), home);
        QCOMPARE(modeOf(home), 0700);
        {
            auto opened = Store::open(Store::defaultPath());
            QVERIFY(opened.store);
            QCOMPARE(modeOf(Store::defaultPath()), 0600);
            QCOMPARE(opened.store->sessions().size(), 1); // tightened, not lost
        }
        // A database in a folder that exists already leaves the folder as it is.
        const QString shared = dir.filePath(QStringLiteral("shared"));
        QVERIFY(QDir().mkpath(shared));
        QVERIFY(::chmod(QFile::encodeName(shared).constData(), 0755) == 0);
        {
            auto opened = Store::open(shared + QStringLiteral("/other.sqlite"));
            QVERIFY(opened.store);
        }
        QCOMPARE(modeOf(shared), 0755);
        QCOMPARE(modeOf(shared + QStringLiteral("/other.sqlite")), 0600);
    }

    void writesWaitOutAnotherProcessLock()
    {
        const QString path = freshFolder() + QStringLiteral("/proto.sqlite");
        Store::OpenOptions options;
        options.busyTimeoutMs = 100;
        auto opened = Store::open(path, options);
        QVERIFY2(opened.store, qPrintable(opened.message));
        Store &store = *opened.store;
        SessionRecord s;
        s.id = Store::newId();
        store.saveSession(s);
        QVERIFY(store.flush());

        QProcess holder;
        holder.start(QCoreApplication::applicationFilePath(),
            { QStringLiteral("--hold-lock"), path, QStringLiteral("write") });
        QVERIFY(holder.waitForStarted());
        QVERIFY2(waitForHolder(holder), holder.readAllStandardError().constData());
        QCOMPARE(holder.state(), QProcess::Running);

        QSignalSpy failed(&store, &Store::writeFailed);
        for (int i = 1; i <= 50; ++i) {
            UsageRecord u;
            u.sessionId = s.id;
            u.costUsd = 0.5;
            store.addUsage(u);
            AuditRecord a;
            a.action = QStringLiteral("tool:bash");
            a.outcome = QString::number(i);
            store.appendAudit(a);
        }
        QVERIFY(!store.flush()); // the batch was refused (busy), and kept
        QVERIFY(failed.count() >= 1 || failed.wait(5000));
        QVERIFY(store.lastError().contains(QDir::toNativeSeparators(path)));
        QCOMPARE(store.usage(s.id).size(), 0);

        holder.closeWriteChannel();
        QVERIFY(holder.waitForFinished(10000));
        QVERIFY(store.flush()); // retried until it landed
        QCOMPARE(store.usage(s.id).size(), 50); // each exactly once
        QCOMPARE(store.totalCost(s.id), 25.0);
        const QList<AuditRecord> audit = store.audit();
        QCOMPARE(audit.size(), 50);
        QCOMPARE(audit.last().outcome, QStringLiteral("50"));
        QCOMPARE(store.verifyAudit(), 0);
    }
};

int main(int argc, char **argv)
{
    if (argc == 4 && qstrcmp(argv[1], "--hold-lock") == 0) {
        QCoreApplication app(argc, argv);
        return holdLock(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]));
    }
    QCoreApplication app(argc, argv);
    TestStoreOpen test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_storeopen.moc"
