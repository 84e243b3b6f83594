#include "localmachine.h"
#include "shellquote.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

using namespace Proto;
using namespace Qt::StringLiterals;

namespace {

template<typename Job>
bool waitFor(Job *job, int timeoutMs = 20000)
{
    if (job->isFinished())
        return true;
    QSignalSpy spy(job, &MachineJob::finished);
    return spy.wait(timeoutMs);
}

struct Ran
{
    MachineJob::Error error = MachineJob::Error::Failed;
    QString errorString;
    int exitCode = -1;
    int exitSignal = 0;
    bool timedOut = false;
    QByteArray out;
    QByteArray err;
    int outChunks = 0;
};

Ran runCommand(Machine &machine, const CommandSpec &spec, int waitMs = 30000)
{
    Ran ran;
    std::unique_ptr<CommandJob> job(machine.run(spec));
    QObject::connect(job.get(), &CommandJob::stdoutData, job.get(), [&ran](const QByteArray &d) {
        ran.out += d;
        ++ran.outChunks;
    });
    QObject::connect(
        job.get(), &CommandJob::stderrData, job.get(), [&ran](const QByteArray &d) { ran.err += d; });
    if (!waitFor(job.get(), waitMs))
        return ran;
    ran.error = job->error();
    ran.errorString = job->errorString();
    ran.exitCode = job->exitCode();
    ran.exitSignal = job->exitSignal();
    ran.timedOut = job->timedOut();
    return ran;
}

Ran runCommand(Machine &machine, const QString &command)
{
    CommandSpec spec;
    spec.command = command;
    return runCommand(machine, spec);
}

QByteArray everyByte(int repeat = 1)
{
    QByteArray bytes;
    for (int r = 0; r < repeat; ++r)
        for (int i = 0; i < 256; ++i)
            bytes.append(char(i));
    return bytes;
}

bool processAlive(qint64 pid)
{
    if (::kill(pid_t(pid), 0) != 0)
        return false;
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return close < 0 || line.mid(close + 2, 1) != "Z"; // a zombie is dead
}

bool waitUntilDead(qint64 pid, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (processAlive(pid)) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QTest::qWait(20);
    }
    return true;
}

// Root ignores file modes: drop to nobody for the duration so permission checks are real.
class Unprivileged
{
public:
    Unprivileged()
    {
        if (::geteuid() == 0) {
            m_dropped = ::setegid(65534) == 0 && ::seteuid(65534) == 0;
        }
    }
    ~Unprivileged()
    {
        if (m_dropped) {
            (void)!::seteuid(0);
            (void)!::setegid(0);
        }
    }
    Q_DISABLE_COPY_MOVE(Unprivileged)

private:
    bool m_dropped = false;
};

} // namespace

class TestLocalMachine : public QObject
{
    Q_OBJECT

private:
    LocalMachine m_machine;
    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.path() + u'/' + name; }

    FileJob *finished(FileJob *job)
    {
        const bool ok = waitFor(job);
        if (!ok)
            qWarning("job did not finish");
        return job;
    }

    QByteArray readAll(const QString &file)
    {
        std::unique_ptr<FileJob> job(finished(m_machine.readFile(file)));
        return job->data();
    }

    MachineJob::Error write(const QString &file, const QByteArray &data, Machine::WriteOptions options = {})
    {
        std::unique_ptr<FileJob> job(finished(m_machine.writeFile(file, data, options)));
        return job->error();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        ::chmod(QFile::encodeName(m_dir.path()).constData(), 0755);
        m_machine.setKillGraceMs(400);
        QCOMPARE(m_machine.kind(), Machine::Kind::Local);
        QCOMPARE(m_machine.state(), Machine::State::Connected);
        QVERIFY(!m_machine.name().isEmpty());
    }

    void hostileArgumentsSurviveQuoting_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("empty") << QString();
        QTest::newRow("single quotes") << u"it's 'quoted'"_s;
        QTest::newRow("double quotes") << u"say \"hi\""_s;
        QTest::newRow("command substitution") << u"$(touch /tmp/pwned)"_s;
        QTest::newRow("backticks") << u"`touch /tmp/pwned`"_s;
        QTest::newRow("newline") << u"line1\nline2; touch /tmp/pwned"_s;
        QTest::newRow("carriage return") << u"a\rb\r\n"_s;
        QTest::newRow("unicode") << u"héllo wörld ✓ 日本語 🙂"_s;
        QTest::newRow("glob and vars") << u"* ? [a] $HOME ${PATH} ~"_s;
        QTest::newRow("backslashes") << u"\\ \\\\ \\n \\'"_s;
        QTest::newRow("dash") << u"-n -e --"_s;
        QTest::newRow("separators") << u"; && || | & > < >>"_s;
    }

    void hostileArgumentsSurviveQuoting()
    {
        QFETCH(QString, value);
        QFile::remove(u"/tmp/pwned"_s);
        const Ran quoted = runCommand(m_machine, u"printf %s "_s + shellQuote(value));
        QCOMPARE(quoted.error, MachineJob::Error::None);
        QCOMPARE(quoted.exitCode, 0);
        QCOMPARE(QString::fromUtf8(quoted.out), value);

        CommandSpec spec;
        spec.command = u"printf %s \"$PROTO_VALUE\""_s;
        spec.environment.insert(u"PROTO_VALUE"_s, value);
        const Ran viaEnv = runCommand(m_machine, spec);
        QCOMPARE(QString::fromUtf8(viaEnv.out), value);
        QVERIFY(!QFile::exists(u"/tmp/pwned"_s));
    }

    void exitCodeAndSignal()
    {
        Ran ran = runCommand(m_machine, u"echo out; echo err >&2; exit 7"_s);
        QCOMPARE(ran.error, MachineJob::Error::None);
        QCOMPARE(ran.exitCode, 7);
        QCOMPARE(ran.exitSignal, 0);
        QCOMPARE(ran.out, "out\n"_ba);
        QCOMPARE(ran.err, "err\n"_ba);

        ran = runCommand(m_machine, u"kill -9 $$"_s);
        QCOMPARE(ran.error, MachineJob::Error::None);
        QCOMPARE(ran.exitSignal, 9);
    }

    void workingDirectoryStdinAndEnvironment()
    {
        const QString dir = path(u"dir with spaces 'and' $(quotes)"_s);
        QVERIFY(QDir().mkpath(dir));
        CommandSpec spec;
        spec.command = u"pwd; cat | od -An -v -tx1 | tr -d ' \\n'; echo; echo \"$A\""_s;
        spec.workingDirectory = dir;
        spec.stdinData = everyByte();
        spec.environment.insert(u"A"_s, u"x y"_s);
        const Ran ran = runCommand(m_machine, spec);
        QCOMPARE(ran.error, MachineJob::Error::None);
        const QList<QByteArray> lines = ran.out.split('\n');
        QCOMPARE(QString::fromUtf8(lines.value(0)), dir);
        QCOMPARE(lines.value(1), everyByte().toHex());
        QCOMPARE(lines.value(2), "x y"_ba);

        spec.workingDirectory = path(u"missing"_s);
        const Ran missing = runCommand(m_machine, spec);
        QCOMPARE(missing.error, MachineJob::Error::NotFound);
    }

    void interactiveStdin()
    {
        CommandSpec spec;
        spec.command = u"read a; echo \"got $a\"; read b; echo \"then $b\""_s;
        spec.keepStdinOpen = true;
        std::unique_ptr<CommandJob> job(m_machine.run(spec));
        QByteArray out;
        connect(job.get(), &CommandJob::stdoutData, this, [&out](const QByteArray &d) { out += d; });
        job->writeStdin("one\n");
        QTRY_COMPARE(out, "got one\n"_ba);
        job->writeStdin("two\n");
        job->closeStdin();
        QVERIFY(waitFor(job.get()));
        QCOMPARE(out, "got one\nthen two\n"_ba);
    }

    void hugeOutputIsStreamed()
    {
        const qint64 size = 40 * 1024 * 1024;
        CommandSpec spec;
        spec.command = u"head -c %1 /dev/zero | tr '\\0' 'x'; echo done >&2"_s.arg(size);
        qint64 received = 0;
        int chunks = 0;
        bool allX = true;
        std::unique_ptr<CommandJob> job(m_machine.run(spec));
        connect(job.get(), &CommandJob::stdoutData, this, [&](const QByteArray &d) {
            received += d.size();
            ++chunks;
            if (allX && d.count('x') != d.size())
                allX = false;
        });
        QVERIFY(waitFor(job.get(), 60000));
        QCOMPARE(job->error(), MachineJob::Error::None);
        QCOMPARE(received, size);
        QVERIFY(allX);
        QVERIFY2(chunks > 10, qPrintable(u"%1 chunks"_s.arg(chunks)));
    }

    void timeoutKillsTheWholeProcessGroup()
    {
        const QString pidFile = path(u"timeout.pid"_s);
        CommandSpec spec;
        spec.command = u"sleep 100 & echo $! > %1; wait"_s.arg(shellQuote(pidFile));
        spec.timeoutMs = 300;
        QElapsedTimer timer;
        timer.start();
        const Ran ran = runCommand(m_machine, spec, 10000);
        QCOMPARE(ran.error, MachineJob::Error::Timeout);
        QVERIFY(ran.timedOut);
        QVERIFY(timer.elapsed() < 5000);
        QVERIFY(!ran.errorString.isEmpty());
        const qint64 pid = readAll(pidFile).trimmed().toLongLong();
        QVERIFY(pid > 0);
        QVERIFY2(waitUntilDead(pid, 3000), "the background sleep survived the timeout");
    }

    void cancelKillsChildrenThatIgnoreSigterm()
    {
        const QString pidFile = path(u"cancel.pid"_s);
        CommandSpec spec;
        spec.command
            = u"trap '' TERM; sleep 100 & echo $! > %1; echo started; wait; wait"_s.arg(shellQuote(pidFile));
        std::unique_ptr<CommandJob> job(m_machine.run(spec));
        QByteArray out;
        connect(job.get(), &CommandJob::stdoutData, this, [&out](const QByteArray &d) { out += d; });
        QTRY_VERIFY(out.contains("started"));
        const qint64 pid = readAll(pidFile).trimmed().toLongLong();
        QVERIFY(processAlive(pid));
        QElapsedTimer timer;
        timer.start();
        job->cancel();
        QVERIFY(!job->isFinished());
        QVERIFY(waitFor(job.get(), 10000));
        QCOMPARE(job->error(), MachineJob::Error::Cancelled);
        QVERIFY(timer.elapsed() >= 300); // waited out the grace period before SIGKILL
        QVERIFY2(waitUntilDead(pid, 3000), "the background sleep survived cancel");
    }

    void deletingARunningJobKillsIt()
    {
        const QString pidFile = path(u"delete.pid"_s);
        CommandSpec spec;
        spec.command = u"sleep 100 & echo $! > %1; echo started; wait"_s.arg(shellQuote(pidFile));
        auto *job = m_machine.run(spec);
        QByteArray out;
        connect(job, &CommandJob::stdoutData, this, [&out](const QByteArray &d) { out += d; });
        QTRY_VERIFY(out.contains("started"));
        const qint64 pid = readAll(pidFile).trimmed().toLongLong();
        delete job;
        QVERIFY(waitUntilDead(pid, 3000));
    }

    void everyByteRoundTrips_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("every byte") << u"bytes.bin"_s << everyByte(64);
        QTest::newRow("empty") << u"empty"_s << QByteArray();
        QTest::newRow("spaces and quotes") << u"a 'b' \"c\" $(d) `e`.txt"_s << "x\r\ny\n"_ba;
        QTest::newRow("newline in name") << u"new\nline"_s << "n"_ba;
        QTest::newRow("unicode name") << u"日本語 ✓.txt"_s << u"ünï"_s.toUtf8();
        QByteArray big(5 * 1024 * 1024 + 17, Qt::Uninitialized);
        for (qsizetype i = 0; i < big.size(); ++i)
            big[i] = char((i * 7919) >> 3);
        QTest::newRow("5 MiB binary") << u"big.bin"_s << big;
    }

    void everyByteRoundTrips()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QCOMPARE(write(path(name), content), MachineJob::Error::None);
        QCOMPARE(readAll(path(name)), content);
        QFile local(path(name));
        QVERIFY(local.open(QIODevice::ReadOnly));
        QCOMPARE(local.readAll(), content);
    }

    void readWithOffsetAndLength()
    {
        QCOMPARE(write(path(u"digits"_s), "0123456789"_ba), MachineJob::Error::None);
        std::unique_ptr<FileJob> job(finished(m_machine.readFile(path(u"digits"_s), 3, 4)));
        QCOMPARE(job->data(), "3456"_ba);
        job.reset(finished(m_machine.readFile(path(u"digits"_s), 8, 100)));
        QCOMPARE(job->data(), "89"_ba);
        job.reset(finished(m_machine.readFile(path(u"digits"_s), 50, -1)));
        QCOMPARE(job->error(), MachineJob::Error::None);
        QCOMPARE(job->data(), QByteArray());
        job.reset(finished(m_machine.readFile(u"/proc/self/status"_s)));
        QVERIFY(job->data().contains("Pid:")); // size 0 on disk, content when read
    }

    void preciseErrors()
    {
        QVERIFY(QDir().mkpath(path(u"adir"_s)));
        std::unique_ptr<FileJob> job(finished(m_machine.readFile(path(u"adir"_s))));
        QCOMPARE(job->error(), MachineJob::Error::IsADirectory);
        job.reset(finished(m_machine.readFile(path(u"nope"_s))));
        QCOMPARE(job->error(), MachineJob::Error::NotFound);
        QVERIFY(job->errorString().contains(u"nope"_s));
        job.reset(finished(m_machine.readFile(path(u"digits/x"_s))));
        QVERIFY(
            job->error() == MachineJob::Error::NotADirectory || job->error() == MachineJob::Error::NotFound);
        QCOMPARE(write(path(u"adir"_s), "x"_ba), MachineJob::Error::IsADirectory);
        QCOMPARE(write(path(u"no/such/dir/f"_s), "x"_ba), MachineJob::Error::NotFound);
        job.reset(finished(m_machine.list(path(u"digits"_s))));
        QCOMPARE(job->error(), MachineJob::Error::NotADirectory);
        job.reset(finished(m_machine.readFile(u"relative/path"_s)));
        QCOMPARE(job->error(), MachineJob::Error::NotFound);
        job.reset(finished(m_machine.makeDirectory(path(u"adir"_s))));
        QCOMPARE(job->error(), MachineJob::Error::AlreadyExists);
    }

    void permissionDenied()
    {
        const QString secret = path(u"secret"_s);
        QCOMPARE(write(secret, "s"_ba), MachineJob::Error::None);
        QVERIFY(QFile::setPermissions(secret, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const QString locked = path(u"locked"_s);
        QVERIFY(QDir().mkpath(locked));
        QVERIFY(QFile::setPermissions(locked,
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadOther
                | QFileDevice::ExeOther));
        Unprivileged drop;
        if (::geteuid() == 0)
            QSKIP("cannot drop root privileges here");
        std::unique_ptr<FileJob> job(finished(m_machine.readFile(secret)));
        QCOMPARE(job->error(), MachineJob::Error::PermissionDenied);
        QCOMPARE(write(locked + u"/new"_s, "x"_ba), MachineJob::Error::PermissionDenied);
        job.reset(finished(m_machine.remove(secret)));
        QCOMPARE(job->error(), MachineJob::Error::PermissionDenied);
        const Ran ran = runCommand(m_machine, u"cat "_s + shellQuote(secret));
        QVERIFY(ran.exitCode != 0);
    }

    void atomicWriteKeepsModeAndLeavesNoTemporaries()
    {
        const QString dir = path(u"atomic"_s);
        QVERIFY(QDir().mkpath(dir));
        const QString file = dir + u"/script.sh"_s;
        QCOMPARE(write(file, "old"_ba), MachineJob::Error::None);
        QVERIFY(::chmod(QFile::encodeName(file).constData(), 0750) == 0);
        std::unique_ptr<FileJob> job(finished(m_machine.writeFile(file, "new content"_ba)));
        QCOMPARE(job->error(), MachineJob::Error::None);
        QCOMPARE(job->info().permissions, 0750u);
        QCOMPARE(job->info().size, 11);
        QCOMPARE(readAll(file), "new content"_ba);
        QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
            QStringList { u"script.sh"_s });

        Machine::WriteOptions options;
        options.permissions = 0600;
        QCOMPARE(write(file, "x"_ba, options), MachineJob::Error::None);
        QFileInfo info(file);
        QCOMPARE(int(info.permissions() & (QFileDevice::ReadOther | QFileDevice::ExeGroup)), 0);

        // Writing through a symlink updates its target and keeps the link.
        QVERIFY(QFile::link(file, dir + u"/link"_s));
        QCOMPARE(write(dir + u"/link"_s, "via link"_ba), MachineJob::Error::None);
        QVERIFY(QFileInfo(dir + u"/link"_s).isSymLink());
        QCOMPARE(readAll(file), "via link"_ba);
    }

    void createParentsWithDotDotAndSpaces()
    {
        const QString file = path(u"p q/../r s/t u/v.txt"_s);
        Machine::WriteOptions options;
        options.createParents = true;
        QCOMPARE(write(file, "deep"_ba, options), MachineJob::Error::None);
        QCOMPARE(readAll(path(u"r s/t u/v.txt"_s)), "deep"_ba);
    }

    void cancelledWriteLeavesNoFile()
    {
        const QString dir = path(u"cancelwrite"_s);
        QVERIFY(QDir().mkpath(dir));
        QByteArray data(64 * 1024 * 1024, 'z');
        FileJob *job = m_machine.writeFile(dir + u"/big"_s, data);
        job->cancel();
        QVERIFY(waitFor(job));
        QCOMPARE(job->error(), MachineJob::Error::Cancelled);
        delete job;
        QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());
    }

    void listReportsTypesAndMetadata()
    {
        const QString dir = path(u"listing"_s);
        QVERIFY(QDir().mkpath(dir + u"/sub dir"_s));
        QCOMPARE(write(dir + u"/file 'q'.txt"_s, "12345"_ba), MachineJob::Error::None);
        QVERIFY(QFile::link(dir + u"/sub dir"_s, dir + u"/link"_s));
        QVERIFY(QFile::link(dir + u"/gone"_s, dir + u"/dangling"_s));
        std::unique_ptr<FileJob> job(finished(m_machine.list(dir)));
        QCOMPARE(job->error(), MachineJob::Error::None);
        const QList<FileInfo> entries = job->entries();
        QStringList names;
        for (const FileInfo &e : entries)
            names << e.name;
        QCOMPARE(names, (QStringList { u"dangling"_s, u"file 'q'.txt"_s, u"link"_s, u"sub dir"_s }));
        QCOMPARE(entries[0].type, FileInfo::Type::Symlink);
        QCOMPARE(entries[0].symlinkTarget, dir + u"/gone"_s);
        QCOMPARE(entries[1].type, FileInfo::Type::File);
        QCOMPARE(entries[1].size, 5);
        QCOMPARE(entries[1].path, dir + u"/file 'q'.txt"_s);
        QVERIFY(entries[1].modified.isValid());
        QVERIFY(qAbs(entries[1].modified.secsTo(QDateTime::currentDateTime())) < 60);
        QVERIFY(!entries[1].owner.isEmpty());
        QVERIFY(!entries[1].group.isEmpty());
        QVERIFY(entries[1].permissions & 0400);
        QCOMPARE(entries[2].type, FileInfo::Type::Symlink);
        QCOMPARE(entries[3].type, FileInfo::Type::Directory);

        job.reset(finished(m_machine.stat(dir + u"/link"_s)));
        QCOMPARE(job->info().type, FileInfo::Type::Symlink);
        QCOMPARE(job->info().symlinkTarget, dir + u"/sub dir"_s);
        job.reset(finished(m_machine.stat(dir + u"/missing"_s)));
        QCOMPARE(job->error(), MachineJob::Error::NotFound);
    }

    void removeRenameAndMakeDirectory()
    {
        const QString dir = path(u"rm"_s);
        std::unique_ptr<FileJob> job(finished(m_machine.makeDirectory(dir + u"/a/b/c"_s, true)));
        QCOMPARE(job->error(), MachineJob::Error::None);
        QCOMPARE(job->info().type, FileInfo::Type::Directory);
        job.reset(finished(m_machine.makeDirectory(dir + u"/x/y"_s, false)));
        QCOMPARE(job->error(), MachineJob::Error::NotFound);
        // A symlink inside the tree pointing at precious data outside it must not be followed.
        const QString precious = path(u"precious"_s);
        QCOMPARE(write(precious + u"/keep.txt"_s, "keep"_ba, { true, true, -1 }), MachineJob::Error::None);
        QVERIFY(QFile::link(precious, dir + u"/a/b/escape"_s));
        QCOMPARE(write(dir + u"/a/b/c/f"_s, "f"_ba), MachineJob::Error::None);

        job.reset(finished(m_machine.remove(dir + u"/a"_s)));
        QCOMPARE(job->error(), MachineJob::Error::Failed);
        QVERIFY(job->errorString().contains(u"not empty"_s));

        QCOMPARE(write(dir + u"/target"_s, "t"_ba), MachineJob::Error::None);
        job.reset(finished(m_machine.rename(dir + u"/a"_s, dir + u"/target"_s)));
        QCOMPARE(job->error(), MachineJob::Error::AlreadyExists);
        job.reset(finished(m_machine.rename(dir + u"/a"_s, dir + u"/renamed a"_s)));
        QCOMPARE(job->error(), MachineJob::Error::None);
        QVERIFY(QFileInfo(dir + u"/renamed a/b/c/f"_s).exists());

        job.reset(finished(m_machine.remove(dir + u"/renamed a"_s, true)));
        QCOMPARE(job->error(), MachineJob::Error::None);
        QVERIFY(!QFileInfo::exists(dir + u"/renamed a"_s));
        QCOMPARE(readAll(precious + u"/keep.txt"_s), "keep"_ba);
        job.reset(finished(m_machine.remove(dir + u"/renamed a"_s, true)));
        QCOMPARE(job->error(), MachineJob::Error::NotFound);
    }

    void canonicalPathResolvesSymlinksAndDotDot()
    {
        const QString real = path(u"canon/real"_s);
        QVERIFY(QDir().mkpath(real));
        QVERIFY(QFile::link(real, path(u"canon/ln"_s)));
        const QString base = QFileInfo(m_dir.path()).canonicalFilePath();
        std::unique_ptr<FileJob> job(finished(m_machine.canonicalPath(path(u"canon/ln/../ln/./"_s))));
        QCOMPARE(job->error(), MachineJob::Error::None);
        QCOMPARE(job->info().path, base + u"/canon/real"_s);
        job.reset(finished(m_machine.canonicalPath(path(u"canon/ln/new/../new2/file"_s))));
        QCOMPARE(job->info().path, base + u"/canon/real/new2/file"_s);
    }

    void transfersCopyWithProgressAndCancelCleanly()
    {
        const QString source = path(u"transfer source"_s);
        QByteArray data(24 * 1024 * 1024 + 3, Qt::Uninitialized);
        for (qsizetype i = 0; i < data.size(); ++i)
            data[i] = char(i ^ (i >> 9));
        QCOMPARE(write(source, data), MachineJob::Error::None);
        QVERIFY(::chmod(QFile::encodeName(source).constData(), 0640) == 0);

        const QString target = path(u"downloaded copy"_s);
        std::unique_ptr<FileJob> job(m_machine.download(source, target));
        qint64 lastDone = 0, lastTotal = 0;
        connect(job.get(), &MachineJob::progress, this, [&](qint64 done, qint64 total) {
            QVERIFY(done >= lastDone);
            lastDone = done;
            lastTotal = total;
        });
        QVERIFY(waitFor(job.get()));
        QCOMPARE(job->error(), MachineJob::Error::None);
        QCOMPARE(lastDone, qint64(data.size()));
        QCOMPARE(lastTotal, qint64(data.size()));
        QCOMPARE(readAll(target), data);
        QCOMPARE(job->info().permissions, 0640u);

        const QString dir = path(u"upload dir"_s);
        QVERIFY(QDir().mkpath(dir));
        job.reset(m_machine.upload(source, dir + u"/up"_s));
        job->cancel();
        QVERIFY(waitFor(job.get()));
        QCOMPARE(job->error(), MachineJob::Error::Cancelled);
        QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());

        job.reset(finished(m_machine.upload(path(u"absent"_s), dir + u"/up"_s)));
        QCOMPARE(job->error(), MachineJob::Error::NotFound);
        job.reset(finished(m_machine.upload(source, dir)));
        QCOMPARE(job->error(), MachineJob::Error::IsADirectory);
    }

    void finishedIsNeverEmittedSynchronously()
    {
        std::unique_ptr<FileJob> job(m_machine.stat(u"/"_s));
        QSignalSpy spy(job.get(), &MachineJob::finished);
        QCOMPARE(spy.count(), 0);
        QVERIFY(spy.wait(5000));
        QCOMPARE(job->info().type, FileInfo::Type::Directory);
    }
};

QTEST_GUILESS_MAIN(TestLocalMachine)
#include "tst_localmachine.moc"
