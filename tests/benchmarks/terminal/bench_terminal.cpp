// bench_terminal: terminal throughput of our Terminal panel (QTermWidget in a TerminalView, and
// the same fed through an SSH shell channel) against qterminal and xterm on the same Xvfb, in
// the same run. The workload is timed from inside the terminal: the command waits for a go-file,
// then takes `date +%s%N` before and after, so start-up is not counted.
//
// Then the keystroke echo over SSH through DelayProxy at 0 and BENCH_TERMINAL_RTT_MS (default 50)
// round-trip time: from a key sent to the view to its echo on our screen, p50 and p90 (goal:
// p50 within 5 ms of the round trip).
//
// Last line: bench_terminal ours=..MB/s qterminal=..MB/s ratio=<ours/qterminal> (20 MB cat).
#include "delayproxy.h"
#include "sshdfixture.h"
#include "sshmachine.h"
#include "sshshellchannel.h"
#include "terminalview.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

using namespace Proto;
using namespace Qt::StringLiterals;

namespace {

pid_t g_xvfb = -1;

// Starts Xvfb on a free display number (it picks one and tells us through -displayfd).
bool startXvfb()
{
    int fds[2];
    if (::pipe(fds) != 0)
        return false;
    const std::string fd = std::to_string(fds[1]);
    const char *argv[]
        = { "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "1600x1000x24", "-nolisten", "tcp", nullptr };
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    const int rc = posix_spawnp(&g_xvfb, "Xvfb", &actions, nullptr, const_cast<char **>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
        ::close(fds[0]);
        return false;
    }
    char buffer[32] = {};
    ssize_t n = 0;
    size_t got = 0;
    while (got < sizeof buffer - 1 && (n = ::read(fds[0], buffer + got, sizeof buffer - 1 - got)) > 0) {
        got += size_t(n);
        if (std::memchr(buffer, '\n', got))
            break;
    }
    ::close(fds[0]);
    if (got == 0)
        return false;
    const std::string display = ":" + std::string(buffer, std::strcspn(buffer, "\n"));
    ::setenv("DISPLAY", display.c_str(), 1);
    ::setenv("QT_QPA_PLATFORM", "xcb", 1);
    return true;
}

void stopXvfb()
{
    if (g_xvfb > 0) {
        ::kill(g_xvfb, SIGTERM);
        ::waitpid(g_xvfb, nullptr, 0);
    }
}

struct Workload
{
    QString name;
    QString command; // run in the terminal between the two timestamps
    qint64 bytes = 0;
};

class Bench
{
public:
    explicit Bench(const QString &dir)
        : m_dir(dir)
    { }

    // Writes the script a terminal runs: wait for the go-file, time the workload, write the result.
    QString script(const Workload &workload, const QString &tag) const
    {
        const QString path = QDir(m_dir).filePath(tag + u".sh"_s);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write the script");
        const QString go = QDir(m_dir).filePath(tag + u".go"_s);
        const QString result = QDir(m_dir).filePath(tag + u".result"_s);
        file.write(u"while [ ! -e '%1' ]; do sleep 0.02; done\n"
                   u"s=$(date +%s%N)\n%2\ne=$(date +%s%N)\n"
                   u"echo \"$s $e\" > '%3.tmp' && mv '%3.tmp' '%3'\n"_s.arg(go, workload.command, result)
                       .toUtf8());
        file.close();
        QFile::setPermissions(path,
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                | QFileDevice::ReadOther);
        return path;
    }

    // Lets the terminal settle, drops the go-file, waits for the result; MB/s or -1.
    double measure(const Workload &workload, const QString &tag, int timeoutMs = 120000) const
    {
        wait(700);
        const QString go = QDir(m_dir).filePath(tag + u".go"_s);
        const QString result = QDir(m_dir).filePath(tag + u".result"_s);
        QFile(go).open(QIODevice::WriteOnly);
        QElapsedTimer timer;
        timer.start();
        while (!QFile::exists(result) && timer.elapsed() < timeoutMs)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QFile file(result);
        if (!file.open(QIODevice::ReadOnly))
            return -1;
        const QList<QByteArray> parts = file.readAll().trimmed().split(' ');
        if (parts.size() != 2)
            return -1;
        const double seconds = double(parts[1].toLongLong() - parts[0].toLongLong()) / 1e9;
        return seconds > 0 ? double(workload.bytes) / 1e6 / seconds : -1;
    }

    static void wait(int ms)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < ms)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }

private:
    QString m_dir;
};

double median(QList<double> values)
{
    values.removeIf([](double v) { return v <= 0; });
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

QString fmt(double mbps)
{
    return mbps > 0 ? QString::number(mbps, 'f', 1) : u"n/a"_s;
}

} // namespace

int main(int argc, char **argv)
{
    if (!startXvfb()) {
        std::fprintf(stderr, "bench_terminal: cannot start Xvfb\n");
        return 1;
    }
    std::atexit(stopXvfb);
    QApplication app(argc, argv);
    const int runs = qEnvironmentVariableIntValue("PROTO_BENCH_RUNS") > 0
        ? qEnvironmentVariableIntValue("PROTO_BENCH_RUNS")
        : 3;

    QTemporaryDir dir;
    QFile::setPermissions(dir.path(),
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup
            | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther
            | QFileDevice::WriteOther);
    // 20 MB of printable text lines, like a big log.
    const QString big = dir.filePath(u"big.txt"_s);
    qint64 bigBytes = 0;
    {
        QFile file(big);
        if (!file.open(QIODevice::WriteOnly))
            return 1;
        QRandomGenerator random(42);
        static const char alphabet[]
            = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ./-_:=";
        QByteArray line;
        while (bigBytes < 20'000'000) {
            line.clear();
            const int length = 40 + int(random.bounded(80));
            for (int i = 0; i < length; ++i)
                line.append(alphabet[random.bounded(int(sizeof alphabet - 1))]);
            line.append('\n');
            file.write(line);
            bigBytes += line.size();
        }
        file.setPermissions(file.permissions() | QFileDevice::ReadOther | QFileDevice::ReadGroup);
    }
    const QList<Workload> workloads {
        { u"cat 20MB"_s, u"cat '%1'"_s.arg(big), bigBytes },
        { u"seq 8MB"_s, u"seq 1 1100000"_s, 0 },
    };
    QList<Workload> all = workloads;
    {
        // seq 1 1100000 writes this many bytes:
        qint64 bytes = 0;
        for (qint64 n = 1; n <= 1100000; ++n)
            bytes += QByteArray::number(n).size() + 1;
        all[1].bytes = bytes;
    }

    Bench bench(dir.path());
    int counter = 0;
    TerminalSettings settings;
    settings.shellProgram = u"/bin/sh"_s;
    settings.font = QFont(u"Monospace"_s, 10);

    // Ours, local pty.
    auto runOurs = [&](const Workload &workload, TerminalView::Kind kind, SshMachine *ssh) {
        QList<double> results;
        for (int i = 0; i < runs; ++i) {
            const QString tag = u"ours%1"_s.arg(++counter);
            const QString script = bench.script(workload, tag);
            std::unique_ptr<TerminalView> view;
            if (kind == TerminalView::Kind::Local) {
                view = std::make_unique<TerminalView>(settings, dir.path());
            } else {
                view = std::make_unique<TerminalView>(settings, dir.path(), SshShellChannel::opener(ssh));
            }
            view->resize(1000, 600);
            view->show();
            Bench::wait(300);
            view->sendText(u"sh '%1'\n"_s.arg(script));
            results << bench.measure(workload, tag);
        }
        return median(results);
    };

    auto runPeer = [&](const Workload &workload, const QString &program, const QStringList &before) {
        QList<double> results;
        for (int i = 0; i < runs; ++i) {
            const QString tag = u"peer%1"_s.arg(++counter);
            const QString script = bench.script(workload, tag);
            QTemporaryDir home; // qterminal remembers its window size in ~/.config
            QProcess process;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(u"HOME"_s, home.path());
            env.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u".config"_s));
            env.remove(u"QT_QPA_PLATFORM"_s);
            process.setProcessEnvironment(env);
            process.start(program, QStringList(before) << u"sh"_s << script);
            if (!process.waitForStarted(10000)) {
                results << -1;
                continue;
            }
            results << bench.measure(workload, tag);
            process.terminate();
            if (!process.waitForFinished(3000)) {
                process.kill();
                process.waitForFinished(3000);
            }
        }
        return median(results);
    };

    double oursCat = -1;
    double qterminalCat = -1;
    for (const Workload &workload : std::as_const(all)) {
        const double ours = runOurs(workload, TerminalView::Kind::Local, nullptr);
        const double qterminal = runPeer(workload, u"qterminal"_s, { u"-e"_s });
        const double xterm = runPeer(workload, u"xterm"_s, { u"-geometry"_s, u"120x36"_s, u"-e"_s });
        std::printf("%s local: ours=%sMB/s qterminal=%sMB/s xterm=%sMB/s\n", qPrintable(workload.name),
            qPrintable(fmt(ours)), qPrintable(fmt(qterminal)), qPrintable(fmt(xterm)));
        std::fflush(stdout);
        if (workload.name.startsWith(u"cat"_s)) {
            oursCat = ours;
            qterminalCat = qterminal;
        }
    }

    // Over SSH (the real sshd on 127.0.0.1): our SSH shell channel vs qterminal running OpenSSH's
    // ssh client.
    ProtoTest::SshdFixture sshd;
    QTemporaryDir client;
    if (sshd.start() && sshd.writeKnownHosts(client.filePath(u"known_hosts"_s))) {
        SshMachineConfig config;
        config.name = u"bench"_s;
        config.host = sshd.host();
        config.port = sshd.port();
        config.user = sshd.user();
        config.identityFile = sshd.clientKeyPath();
        config.sshDirectory = client.path();
        config.knownHostsPath = client.filePath(u"known_hosts"_s);
        config.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::Strict;
        config.useAgent = false;
        config.allowPassword = false;
        SshMachine machine(config);
        const QStringList sshArgs { u"-e"_s, u"ssh"_s, u"-F"_s, u"/dev/null"_s, u"-tt"_s, u"-p"_s,
            QString::number(sshd.port()), u"-i"_s, sshd.clientKeyPath(), u"-o"_s, u"IdentitiesOnly=yes"_s,
            u"-o"_s, u"UserKnownHostsFile="_s + client.filePath(u"known_hosts"_s), u"-o"_s,
            u"StrictHostKeyChecking=yes"_s, sshd.user() + u"@"_s + sshd.host() };
        for (const Workload &workload : std::as_const(all)) {
            const double ours = runOurs(workload, TerminalView::Kind::Remote, &machine);
            const double qterminal = runPeer(workload, u"qterminal"_s, sshArgs);
            std::printf("%s over ssh: ours=%sMB/s qterminal+ssh=%sMB/s\n", qPrintable(workload.name),
                qPrintable(fmt(ours)), qPrintable(fmt(qterminal)));
            std::fflush(stdout);
        }
        // Keystroke echo: one key at a time into the shell's line editor, timed until it shows.
        const int rtt = qEnvironmentVariableIntValue("BENCH_TERMINAL_RTT_MS") > 0
            ? qEnvironmentVariableIntValue("BENCH_TERMINAL_RTT_MS")
            : 50;
        for (const int delay : { 0, rtt }) {
            DelayProxy proxy(sshd.port(), delay / 2);
            if (!proxy.start())
                break;
            const QString hosts = client.filePath(u"known_hosts_%1"_s.arg(delay));
            {
                QFile file(hosts);
                if (!file.open(QIODevice::WriteOnly))
                    break;
                const QByteArray known = sshd.knownHostsLine().trimmed();
                file.write(
                    "[127.0.0.1]:" + QByteArray::number(proxy.port()) + known.mid(known.indexOf(' ')) + '\n');
            }
            SshMachineConfig far = config;
            far.port = proxy.port();
            far.knownHostsPath = hosts;
            SshMachine farMachine(far);
            TerminalView view(settings, dir.path(), SshShellChannel::opener(&farMachine));
            view.resize(1000, 600);
            view.show();
            view.sendText(u"echo echo-ready\n"_s);
            QElapsedTimer ready;
            ready.start();
            while (!view.screenText().contains(u"echo-ready\n"_s) && ready.elapsed() < 20000)
                Bench::wait(10);
            Bench::wait(300);
            QList<double> samples;
            for (int i = 0; i < 60; ++i) {
                const qsizetype before = view.screenText().count(u'q');
                QElapsedTimer timer;
                timer.start();
                view.sendText(u"q"_s);
                while (view.screenText().count(u'q') <= before && timer.elapsed() < 5000)
                    QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
                samples << double(timer.nsecsElapsed()) / 1e6;
                if (i % 20 == 19) {
                    view.sendText(u"\x15"_s); // ^U: clear the line now and then
                    Bench::wait(400);
                }
                Bench::wait(30);
            }
            std::sort(samples.begin(), samples.end());
            std::printf("keystroke echo over ssh at %d ms RTT: p50 %.1f ms, p90 %.1f ms (%s)\n", delay,
                samples.at(samples.size() / 2), samples.at(samples.size() * 9 / 10),
                view.keepsShell() ? "in tmux" : "plain shell");
            std::fflush(stdout);
        }
    } else {
        std::printf("over ssh: skipped (%s)\n", qPrintable(sshd.errorString()));
    }

    std::printf("bench_terminal ours=%sMB/s qterminal=%sMB/s ratio=%s\n", qPrintable(fmt(oursCat)),
        qPrintable(fmt(qterminalCat)),
        oursCat > 0 && qterminalCat > 0 ? qPrintable(QString::number(oursCat / qterminalCat, 'f', 2))
                                        : "n/a");
    return 0;
}
