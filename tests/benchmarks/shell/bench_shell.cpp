// bench_shell: what one short bash tool call (`true`, then `cd` + `echo $X`) costs in the
// session's persistent shell against a fresh `bash -c` per call (the tool's one-shot mode), both
// measured in this run through the same tool layer, on this computer and over SSH to a local
// sshd. The last line is "bench_shell ... ratio=<one-shot/persistent>" (the geometric mean of
// the local and SSH ratios; the goal is >= 5).

#include "localmachine.h"
#include "persistentshell.h"
#include "sshmachine.h"
#include "sshtestsupport.h"
#include "toolregistry.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace Proto;

namespace {

bool runBash(const ToolRegistry &registry, const QString &command, const ToolContext &context)
{
    std::unique_ptr<ToolJob> job(registry.run(
        QStringLiteral("bash"), QJsonObject { { QStringLiteral("command"), command } }, context));
    if (!job->isFinished()) {
        QEventLoop loop;
        QObject::connect(job.get(), &ToolJob::finished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (job->result().isError) {
        std::fprintf(
            stderr, "bench_shell: %s failed: %s\n", qPrintable(command), qPrintable(job->result().text()));
        return false;
    }
    return true;
}

// Median milliseconds per call.
double measure(
    int rounds, const ToolRegistry &registry, const QString &command, const ToolContext &context, bool *ok)
{
    for (int i = 0; i < 3; ++i)
        *ok = runBash(registry, command, context) && *ok;
    std::vector<double> times;
    for (int i = 0; i < rounds; ++i) {
        QElapsedTimer timer;
        timer.start();
        *ok = runBash(registry, command, context) && *ok;
        times.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

struct Figures
{
    double oneShot = 0;
    double persistent = 0;
};

Figures compare(const char *where, Machine *machine, const QString &root, int rounds, bool *ok)
{
    const auto registry = ToolRegistry::createStandard();
    ToolContext oneShot;
    oneShot.machine = machine;
    oneShot.root = root;
    PersistentShell shell(machine, root);
    ToolContext persistent = oneShot;
    persistent.shell = &shell;
    Figures f;
    for (const QString &command :
        { QStringLiteral("true"), QStringLiteral("cd . && echo \"$HOME\" >/dev/null") }) {
        const double a = measure(rounds, *registry, command, oneShot, ok);
        const double b = measure(rounds, *registry, command, persistent, ok);
        std::printf("%-6s %-36s one-shot bash -c %7.2f ms   persistent shell %6.2f ms   %5.1fx\n", where,
            qPrintable(command), a, b, a / b);
        f.oneShot += a;
        f.persistent += b;
    }
    return f;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("proto.*.debug=false"));
    const int rounds = qEnvironmentVariableIntValue("BENCH_SHELL_ROUNDS") > 0
        ? qEnvironmentVariableIntValue("BENCH_SHELL_ROUNDS")
        : 200;
    bool ok = true;
    QTemporaryDir dir;
    LocalMachine local;
    const Figures l = compare("local", &local, dir.path(), rounds, &ok);

    // The ssh tests' environment: sshd on 127.0.0.1, a client folder that already trusts it.
    ProtoTest::SshTestEnvironment env;
    if (!env.start()) {
        std::fprintf(stderr, "bench_shell: cannot start sshd: %s\n", qPrintable(env.sshd.errorString()));
        return 1;
    }
    SshMachine remote(env.config());
    remote.connectToHost();
    if (!ProtoTest::waitUntil(
            [&remote] {
                return remote.state() == Machine::State::Connected
                    || remote.state() == Machine::State::Failed;
            },
            30000)
        || remote.state() != Machine::State::Connected) {
        std::fprintf(stderr, "bench_shell: cannot connect: %s\n", qPrintable(remote.stateMessage()));
        return 1;
    }
    const Figures r = compare("ssh", &remote, QStringLiteral("/tmp"), std::max(20, rounds / 4), &ok);
    if (!ok) {
        std::fprintf(stderr, "bench_shell: a command failed\n");
        return 1;
    }
    const double localRatio = l.oneShot / l.persistent;
    const double sshRatio = r.oneShot / r.persistent;
    std::printf("bench_shell local %.1fx ssh %.1fx ratio=%.2f\n", localRatio, sshRatio,
        std::sqrt(localRatio * sshRatio));
    return 0;
}
