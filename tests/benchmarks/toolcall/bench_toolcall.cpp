// bench_toolcall: what one tool call costs in our tool layer (schema validation, dispatch,
// path resolution on the machine, the asynchronous machine jobs) against a floor measured in
// the same run: reading the same small file with QFile, and starting /bin/true with QProcess.
// The last line is "bench_toolcall ... ratio=<floor/ours>" (the geometric mean of the read and
// bash ratios; 1.0 would mean no overhead at all).

#include "localmachine.h"
#include "toolregistry.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <cmath>
#include <cstdio>

using namespace Proto;

namespace {

bool runTool(
    const ToolRegistry &registry, const QString &name, const QJsonObject &input, const ToolContext &context)
{
    std::unique_ptr<ToolJob> job(registry.run(name, input, context));
    if (!job->isFinished()) {
        QEventLoop loop;
        QObject::connect(job.get(), &ToolJob::finished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return !job->result().isError;
}

template<typename F>
double microsPerCall(int iterations, F &&call)
{
    for (int i = 0; i < iterations / 10 + 1; ++i) // warm up
        call();
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < iterations; ++i)
        call();
    return double(timer.nsecsElapsed()) / 1000.0 / iterations;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    const QString file = dir.path() + QStringLiteral("/small.txt");
    {
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly))
            return 1;
        for (int i = 1; i <= 40; ++i)
            f.write("a small file, line " + QByteArray::number(i) + '\n');
    }
    LocalMachine machine;
    const auto registry = ToolRegistry::createStandard();
    ToolContext context;
    context.machine = &machine;
    context.root = dir.path();
    const QJsonObject readInput { { QStringLiteral("path"), QStringLiteral("small.txt") } };
    const QJsonObject bashInput { { QStringLiteral("command"), QStringLiteral("true") } };
    bool ok = true;

    const double validateUs = microsPerCall(
        20000, [&] { ok = ok && registry->validate(QStringLiteral("read"), readInput).isEmpty(); });
    const double readUs = microsPerCall(
        2000, [&] { ok = ok && runTool(*registry, QStringLiteral("read"), readInput, context); });
    const double readFloorUs = microsPerCall(2000, [&] {
        QFile f(file);
        ok = ok && f.open(QIODevice::ReadOnly) && !f.readAll().isEmpty();
    });
    const double bashUs = microsPerCall(
        200, [&] { ok = ok && runTool(*registry, QStringLiteral("bash"), bashInput, context); });
    const double bashFloorUs = microsPerCall(200, [&] {
        QProcess p;
        p.start(QStringLiteral("/bin/true"), {});
        ok = ok && p.waitForFinished(10000) && p.exitCode() == 0;
    });
    // For reference: the machine layer alone (sh -c true through LocalMachine::run).
    const double machineRunUs = microsPerCall(200, [&] {
        CommandSpec spec;
        spec.command = QStringLiteral("true");
        std::unique_ptr<CommandJob> job(machine.run(spec));
        QEventLoop loop;
        QObject::connect(job.get(), &MachineJob::finished, &loop, &QEventLoop::quit);
        loop.exec();
        ok = ok && job->exitCode() == 0;
    });
    if (!ok) {
        std::fprintf(stderr, "bench_toolcall: a call failed\n");
        return 1;
    }
    const double readRatio = readFloorUs / readUs;
    const double bashRatio = bashFloorUs / bashUs;
    std::printf("validate (schema check alone): %.2f us/call\n", validateUs);
    std::printf(
        "read tool: %.1f us/call, QFile floor: %.1f us/call, ratio %.3f\n", readUs, readFloorUs, readRatio);
    std::printf("bash tool (true): %.0f us/call, QProcess /bin/true floor: %.0f us/call, ratio %.3f\n",
        bashUs, bashFloorUs, bashRatio);
    std::printf(
        "LocalMachine::run(\"true\") alone: %.0f us/call (the bash tool adds starting bash)\n", machineRunUs);
    std::printf(
        "bench_toolcall read_us=%.1f read_floor_us=%.1f bash_us=%.0f bash_floor_us=%.0f validate_us=%.2f "
        "ratio=%.3f\n",
        readUs, readFloorUs, bashUs, bashFloorUs, validateUs, std::sqrt(readRatio * bashRatio));
    return 0;
}
