#include "sshexecoperation.h"
#include "sshmachine.h"
#include "sshtestsupport.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTest>

using namespace Proto;
using namespace ProtoTest;

class TestSshSftp : public QObject
{
    Q_OBJECT

    std::unique_ptr<SshTestEnvironment> m_env;
    std::unique_ptr<SshMachine> m_machine;
    QString m_dir; // remote scratch directory (on this very machine, owned by the ssh user)
    QTemporaryDir m_local;

    QByteArray sh(const QString &command)
    {
        std::unique_ptr<CommandJob> job(m_machine->run(CommandSpec { command, {}, {}, 0, {}, false }));
        QByteArray out;
        connect(job.get(), &CommandJob::stdoutData, this, [&out](const QByteArray &d) { out += d; });
        if (!waitForJob(job.get()) || job->exitCode() != 0)
            qWarning("command failed: %s", qPrintable(command));
        return out;
    }

    std::unique_ptr<FileJob> wait(FileJob *raw)
    {
        std::unique_ptr<FileJob> job(raw);
        waitForJob(job.get(), 120000);
        return job;
    }

    QString path(const QString &name) const { return m_dir + QLatin1Char('/') + name; }

    static QByteArray randomBytes(qsizetype size)
    {
        QByteArray data(size, Qt::Uninitialized);
        QRandomGenerator generator(42);
        generator.fillRange(reinterpret_cast<quint32 *>(data.data()), size / 4);
        return data;
    }

    static QByteArray localFile(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    QStringList leftovers(const QString &dir)
    {
        std::unique_ptr<FileJob> job = wait(m_machine->list(dir));
        QStringList names;
        for (const FileInfo &info : job->entries())
            if (info.name.contains(QStringLiteral(".proto-")))
                names << info.name;
        return names;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_env = std::make_unique<SshTestEnvironment>();
        PROTO_REQUIRE_PEER(m_env->start(), m_env->sshd.errorString());
        m_machine = std::make_unique<SshMachine>(m_env->config());
        m_dir = QString::fromUtf8(sh(QStringLiteral("mktemp -d /tmp/proto-sftp-XXXXXX")).trimmed());
        QVERIFY(m_dir.startsWith(QStringLiteral("/tmp/proto-sftp-")));
    }

    void cleanupTestCase()
    {
        if (m_machine && !m_dir.isEmpty())
            sh(QStringLiteral("rm -rf ") + QString::fromUtf8(SshExecOperation::shellQuote(m_dir.toUtf8())));
        m_machine.reset();
        m_env.reset();
    }

    void largeRoundTrip()
    {
        const QByteArray data = randomBytes(64 * 1024 * 1024);
        auto write = wait(m_machine->writeFile(path(QStringLiteral("large.bin")), data));
        QCOMPARE(write->error(), MachineJob::Error::None);
        QCOMPARE(write->info().size, data.size());
        QVERIFY(localFile(path(QStringLiteral("large.bin"))) == data);
        auto read = wait(m_machine->readFile(path(QStringLiteral("large.bin"))));
        QCOMPARE(read->error(), MachineJob::Error::None);
        QCOMPARE(read->data().size(), data.size());
        QVERIFY(read->data() == data);
    }

    void everyByteValue()
    {
        QByteArray data;
        for (int round = 0; round < 1000; ++round)
            for (int c = 0; c < 256; ++c)
                data += char((c + round) & 0xff);
        auto write = wait(m_machine->writeFile(path(QStringLiteral("bytes.bin")), data));
        QCOMPARE(write->error(), MachineJob::Error::None);
        auto read = wait(m_machine->readFile(path(QStringLiteral("bytes.bin"))));
        QVERIFY(read->data() == data);
        auto part = wait(m_machine->readFile(path(QStringLiteral("bytes.bin")), 1000, 300));
        QCOMPARE(part->data(), data.mid(1000, 300));
        auto tail = wait(m_machine->readFile(path(QStringLiteral("bytes.bin")), data.size() - 5));
        QCOMPARE(tail->data(), data.right(5));
        auto beyond = wait(m_machine->readFile(path(QStringLiteral("bytes.bin")), data.size() + 10));
        QCOMPARE(beyond->error(), MachineJob::Error::None);
        QVERIFY(beyond->data().isEmpty());
    }

    void emptyFileAndProcFile()
    {
        auto write = wait(m_machine->writeFile(path(QStringLiteral("empty")), QByteArray()));
        QCOMPARE(write->error(), MachineJob::Error::None);
        auto read = wait(m_machine->readFile(path(QStringLiteral("empty"))));
        QCOMPARE(read->error(), MachineJob::Error::None);
        QVERIFY(read->data().isEmpty());
        // A file whose size says 0 but has contents.
        auto proc = wait(m_machine->readFile(QStringLiteral("/proc/self/status")));
        QCOMPARE(proc->error(), MachineJob::Error::None);
        QVERIFY(proc->data().contains("Name:"));
    }

    void readErrors()
    {
        auto dir = wait(m_machine->readFile(m_dir));
        QCOMPARE(dir->error(), MachineJob::Error::IsADirectory);
        auto missing = wait(m_machine->readFile(path(QStringLiteral("missing"))));
        QCOMPARE(missing->error(), MachineJob::Error::NotFound);
        QVERIFY(missing->errorString().contains(QStringLiteral("missing")));
    }

    void listAndStat()
    {
        const QString d = path(QStringLiteral("tree"));
        sh(QStringLiteral(
            "mkdir -p '%1/sub' && printf 12345 > '%1/five' && chmod 0741 '%1/five' && ln -s five '%1/link' "
            "&& touch '%1/we'\\''ird name $x'")
                .arg(d));
        auto list = wait(m_machine->list(d));
        QCOMPARE(list->error(), MachineJob::Error::None);
        QMap<QString, FileInfo> byName;
        for (const FileInfo &info : list->entries())
            byName.insert(info.name, info);
        QCOMPARE(byName.keys(),
            QStringList({ QStringLiteral("five"), QStringLiteral("link"), QStringLiteral("sub"),
                QStringLiteral("we'ird name $x") }));
        QCOMPARE(byName[QStringLiteral("five")].size, 5);
        QCOMPARE(byName[QStringLiteral("five")].permissions, 0741u);
        QCOMPARE(byName[QStringLiteral("five")].path, d + QStringLiteral("/five"));
        QVERIFY(byName[QStringLiteral("sub")].isDir());
        QCOMPARE(byName[QStringLiteral("link")].type, FileInfo::Type::Symlink);
        QCOMPARE(byName[QStringLiteral("link")].symlinkTarget, QStringLiteral("five"));
        QVERIFY(byName[QStringLiteral("five")].modified.isValid());

        auto stat = wait(m_machine->stat(d + QStringLiteral("/link")));
        QCOMPARE(stat->error(), MachineJob::Error::None);
        QCOMPARE(stat->info().type, FileInfo::Type::Symlink);
        QCOMPARE(stat->info().size, 5); // followed
        QCOMPARE(stat->info().symlinkTarget, QStringLiteral("five"));
        auto missing = wait(m_machine->stat(d + QStringLiteral("/nope")));
        QCOMPARE(missing->error(), MachineJob::Error::NotFound);
        auto notDir = wait(m_machine->list(d + QStringLiteral("/five")));
        QCOMPARE(notDir->error(), MachineJob::Error::NotADirectory);
        auto noDir = wait(m_machine->list(d + QStringLiteral("/nope")));
        QCOMPARE(noDir->error(), MachineJob::Error::NotFound);
    }

    void makeRemoveRename()
    {
        const QString d = path(QStringLiteral("ops"));
        QCOMPARE(wait(m_machine->makeDirectory(d))->error(), MachineJob::Error::None);
        QCOMPARE(wait(m_machine->makeDirectory(d))->error(), MachineJob::Error::AlreadyExists);
        QCOMPARE(wait(m_machine->makeDirectory(d + QStringLiteral("/a/b/c"), true))->error(),
            MachineJob::Error::None);
        QCOMPARE(wait(m_machine->makeDirectory(d + QStringLiteral("/a/b/c"), true))->error(),
            MachineJob::Error::None);
        QCOMPARE(
            wait(m_machine->makeDirectory(d + QStringLiteral("/x/y")))->error(), MachineJob::Error::NotFound);
        QVERIFY(QFileInfo(d + QStringLiteral("/a/b/c")).isDir());

        QCOMPARE(wait(m_machine->writeFile(d + QStringLiteral("/a/b/c/f"), "x"))->error(),
            MachineJob::Error::None);
        auto notEmpty = wait(m_machine->remove(d + QStringLiteral("/a")));
        QVERIFY(notEmpty->error() != MachineJob::Error::None);
        QVERIFY(QFileInfo::exists(d + QStringLiteral("/a/b/c/f")));

        QCOMPARE(wait(m_machine->rename(d + QStringLiteral("/a"), d + QStringLiteral("/renamed")))->error(),
            MachineJob::Error::None);
        QVERIFY(QFileInfo::exists(d + QStringLiteral("/renamed/b/c/f")));
        QCOMPARE(
            wait(m_machine->writeFile(d + QStringLiteral("/other"), "y"))->error(), MachineJob::Error::None);
        QCOMPARE(
            wait(m_machine->rename(d + QStringLiteral("/other"), d + QStringLiteral("/renamed")))->error(),
            MachineJob::Error::AlreadyExists);
        QCOMPARE(wait(m_machine->rename(d + QStringLiteral("/nope"), d + QStringLiteral("/nope2")))->error(),
            MachineJob::Error::NotFound);

        QCOMPARE(
            wait(m_machine->remove(d + QStringLiteral("/renamed"), true))->error(), MachineJob::Error::None);
        QVERIFY(!QFileInfo::exists(d + QStringLiteral("/renamed")));
        QCOMPARE(wait(m_machine->remove(d + QStringLiteral("/other")))->error(), MachineJob::Error::None);
        QCOMPARE(wait(m_machine->remove(d + QStringLiteral("/other")))->error(), MachineJob::Error::NotFound);
        QCOMPARE(wait(m_machine->remove(d))->error(), MachineJob::Error::None);
        QVERIFY(!QFileInfo::exists(d));
    }

    void atomicWriteKeepsModeAndLeavesNoTemp()
    {
        const QString f = path(QStringLiteral("script.sh"));
        sh(QStringLiteral("printf old > '%1' && chmod 0750 '%1'").arg(f));
        auto write = wait(m_machine->writeFile(f, "#!/bin/sh\necho new\n"));
        QCOMPARE(write->error(), MachineJob::Error::None);
        QCOMPARE(localFile(f), QByteArray("#!/bin/sh\necho new\n"));
        QCOMPARE(write->info().permissions, 0750u);
        QCOMPARE(int(QFileInfo(f).permissions() & QFileDevice::ExeOwner) != 0, true);
        QVERIFY(leftovers(m_dir).isEmpty());

        Machine::WriteOptions options;
        options.permissions = 0600;
        options.createParents = true;
        const QString nested = path(QStringLiteral("new/parents/secret"));
        auto created = wait(m_machine->writeFile(nested, "s3cret", options));
        QCOMPARE(created->error(), MachineJob::Error::None);
        QCOMPARE(created->info().permissions, 0600u);
        QCOMPARE(localFile(nested), QByteArray("s3cret"));

        Machine::WriteOptions direct;
        direct.atomic = false;
        QCOMPARE(wait(m_machine->writeFile(f, "direct", direct))->error(), MachineJob::Error::None);
        QCOMPARE(localFile(f), QByteArray("direct"));
    }

    void writeErrorsLeaveNothing()
    {
        QCOMPARE(wait(m_machine->writeFile(m_dir, "x"))->error(), MachineJob::Error::IsADirectory);
        QCOMPARE(wait(m_machine->writeFile(path(QStringLiteral("no/parent/f")), "x"))->error(),
            MachineJob::Error::NotFound);
        if (m_env->sshd.user() != QLatin1String("root")) {
            auto denied = wait(m_machine->writeFile(QStringLiteral("/etc/proto-denied"), "x"));
            QCOMPARE(denied->error(), MachineJob::Error::PermissionDenied);
            QVERIFY(!QFile::exists(QStringLiteral("/etc/proto-denied")));
        }
        QVERIFY(leftovers(m_dir).isEmpty());
    }

    void uploadAndDownloadWithProgress()
    {
        const QByteArray data = randomBytes(48 * 1024 * 1024 + 123);
        const QString source = m_local.filePath(QStringLiteral("source.bin"));
        {
            QFile file(source);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(data);
            file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup);
        }
        std::unique_ptr<FileJob> up(m_machine->upload(source, path(QStringLiteral("uploaded.bin"))));
        QList<QPair<qint64, qint64>> progress;
        connect(up.get(), &MachineJob::progress, this,
            [&progress](qint64 d, qint64 t) { progress.append({ d, t }); });
        QVERIFY(waitForJob(up.get(), 120000));
        QCOMPARE(up->error(), MachineJob::Error::None);
        QVERIFY(progress.size() >= 3);
        QCOMPARE(progress.last().first, qint64(data.size()));
        QCOMPARE(progress.last().second, qint64(data.size()));
        for (qsizetype i = 1; i < progress.size(); ++i)
            QVERIFY(progress.at(i).first >= progress.at(i - 1).first);
        QVERIFY(localFile(path(QStringLiteral("uploaded.bin"))) == data);
        QCOMPARE(QFileInfo(path(QStringLiteral("uploaded.bin"))).permissions() & 0x0777,
            QFileInfo(source).permissions() & 0x0777);

        sh(QStringLiteral("chmod 0751 '%1'").arg(path(QStringLiteral("uploaded.bin"))));
        const QString target = m_local.filePath(QStringLiteral("downloaded.bin"));
        std::unique_ptr<FileJob> down(m_machine->download(path(QStringLiteral("uploaded.bin")), target));
        progress.clear();
        connect(down.get(), &MachineJob::progress, this,
            [&progress](qint64 d, qint64 t) { progress.append({ d, t }); });
        QVERIFY(waitForJob(down.get(), 120000));
        QCOMPARE(down->error(), MachineJob::Error::None);
        QCOMPARE(progress.last().first, qint64(data.size()));
        QVERIFY(localFile(target) == data);
        QVERIFY(QFileInfo(target).permissions() & QFileDevice::ExeOwner);
        QVERIFY(QFileInfo(target).permissions() & QFileDevice::ExeOther);
    }

    void cancelledTransfersLeaveNoPartialFile()
    {
        sh(QStringLiteral("head -c 400000000 /dev/zero > '%1'").arg(path(QStringLiteral("huge.bin"))));
        const QString target = m_local.filePath(QStringLiteral("cancelled.bin"));
        std::unique_ptr<FileJob> down(m_machine->download(path(QStringLiteral("huge.bin")), target));
        bool cancelled = false;
        connect(down.get(), &MachineJob::progress, this, [&](qint64 done, qint64) {
            if (done > 0 && !cancelled) {
                cancelled = true;
                down->cancel();
            }
        });
        QVERIFY(waitForJob(down.get()));
        QCOMPARE(down->error(), MachineJob::Error::Cancelled);
        QTest::qWait(300);
        QVERIFY(!QFile::exists(target));
        QCOMPARE(
            QDir(m_local.path()).entryList(QDir::Files | QDir::Hidden).filter(QStringLiteral("cancelled")),
            QStringList());

        const QString source = m_local.filePath(QStringLiteral("big-source.bin"));
        {
            QFile file(source);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QVERIFY(file.resize(300 * 1024 * 1024));
        }
        std::unique_ptr<FileJob> up(m_machine->upload(source, path(QStringLiteral("never.bin"))));
        cancelled = false;
        connect(up.get(), &MachineJob::progress, this, [&](qint64 done, qint64) {
            if (done > 0 && !cancelled) {
                cancelled = true;
                up->cancel();
            }
        });
        QVERIFY(waitForJob(up.get()));
        QCOMPARE(up->error(), MachineJob::Error::Cancelled);
        // The connection thread cleans up after the job reports: give it a moment.
        QVERIFY(waitUntil([this] { return leftovers(m_dir).isEmpty(); }, 5000));
        QVERIFY(!QFile::exists(path(QStringLiteral("never.bin"))));
        auto missing = wait(
            m_machine->download(path(QStringLiteral("missing.bin")), m_local.filePath(QStringLiteral("m"))));
        QCOMPARE(missing->error(), MachineJob::Error::NotFound);
        QVERIFY(!QFile::exists(m_local.filePath(QStringLiteral("m"))));
    }

    // A large transfer spreads its requests over more SFTP sessions of the same connection
    // (each channel moves at most its window per round trip); the extra ones are given back
    // when idle, since sshd's MaxSessions counts them. sshd logs each SFTP session it starts.
    void largeTransfersUseSeveralLanesAndGiveThemBack()
    {
        const auto sftpSessions
            = [this] { return m_env->sshd.sshdLog().count(QStringLiteral("subsystem 'sftp'")); };
        const QByteArray data = randomBytes(24 * 1024 * 1024 + 7);
        const QString source = m_local.filePath(QStringLiteral("lanes.bin"));
        {
            QFile file(source);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(data);
        }
        SshMachine fresh(m_env->config());
        const int before = sftpSessions();
        auto up = wait(fresh.upload(source, path(QStringLiteral("lanes.bin"))));
        QCOMPARE(up->error(), MachineJob::Error::None);
        QVERIFY(localFile(path(QStringLiteral("lanes.bin"))) == data);
        QVERIFY2(waitUntil([&] { return sftpSessions() >= before + 5; }, 5000),
            qPrintable(QStringLiteral("%1 -> %2\n").arg(before).arg(sftpSessions())
                + m_env->sshd.sshdLog().right(3000)));
        const int opened = sftpSessions();
        // Small files use the connection's one SFTP session only.
        auto small = wait(fresh.writeFile(path(QStringLiteral("small.txt")), QByteArray("x")));
        QCOMPARE(small->error(), MachineJob::Error::None);
        QTest::qWait(200);
        QCOMPARE(sftpSessions(), opened);
        // Ten idle seconds later the lanes are closed: the next large transfer opens them again.
        QTest::qWait(11000);
        const QString target = m_local.filePath(QStringLiteral("lanes-back.bin"));
        auto down = wait(fresh.download(path(QStringLiteral("lanes.bin")), target));
        QCOMPARE(down->error(), MachineJob::Error::None);
        QVERIFY(localFile(target) == data);
        QVERIFY(waitUntil([&] { return sftpSessions() >= opened + 4; }, 5000));
        // A ranged read across lanes returns exactly the bytes asked for.
        auto part = wait(fresh.readFile(path(QStringLiteral("lanes.bin")), 1000003, 20 * 1024 * 1024));
        QCOMPARE(part->error(), MachineJob::Error::None);
        QVERIFY(part->data() == data.mid(1000003, 20 * 1024 * 1024));
    }

    void commandsRunDuringATransfer()
    {
        sh(QStringLiteral("head -c 200000000 /dev/zero > '%1'").arg(path(QStringLiteral("busy.bin"))));
        std::unique_ptr<FileJob> down(
            m_machine->download(path(QStringLiteral("busy.bin")), m_local.filePath(QStringLiteral("busy"))));
        QElapsedTimer timer;
        timer.start();
        const QByteArray out = sh(QStringLiteral("echo alongside"));
        QCOMPARE(out, QByteArray("alongside\n"));
        QVERIFY(waitForJob(down.get(), 120000));
        QCOMPARE(down->error(), MachineJob::Error::None);
        QCOMPARE(QFileInfo(m_local.filePath(QStringLiteral("busy"))).size(), 200000000);
    }
};

QTEST_GUILESS_MAIN(TestSshSftp)
#include "tst_sshsftp.moc"
