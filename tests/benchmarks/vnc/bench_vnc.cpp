// bench_vnc: our VncClient against TigerVNC's vncviewer on the same 1920x1080 Xvnc running a
// continuous repaint workload (glxgears, fullscreen). Both viewers are counted by Xvnc itself
// ("EncodeManager: Framebuffer updates: N" per client on disconnect) and their CPU time is read
// from /proc/<pid>/stat, each for the same wall time. Then the action-to-stable-screenshot time
// of a click through our client: click, wait until the screen has been still for 100 ms, check
// that the frame shows the click's effect.
//
//   bench_vnc                 run the benchmark (prints "bench_vnc ... ratio=X" last)
//   bench_vnc --client H P [slow]   headless viewer used by the benchmark: runs until SIGTERM
//                                   (slow: the tight/JPEG profile instead of raw for loopback)
#include "clickresponder.h"
#include "fixtureutil.h"
#include "vncclient.h"
#include "xvfbfixture.h"
#include "xvncfixture.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QProcess>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

using namespace Proto;

namespace {

constexpr int kRunSeconds = 10; // per slice; viewers alternate so a change in machine load hits both
constexpr int kRounds = 2;

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

double cpuSeconds(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    const qsizetype paren = stat.lastIndexOf(')');
    const QList<QByteArray> fields = stat.mid(paren + 2).split(' ');
    // After "pid (comm) ": state is field 3 -> index 0; utime is field 14 -> index 11; stime 12.
    if (fields.size() < 13)
        return -1;
    const double ticks = double(::sysconf(_SC_CLK_TCK));
    return (fields.at(11).toDouble() + fields.at(12).toDouble()) / ticks;
}

int runHeadlessClient(const QString &host, quint16 port, bool slowLink)
{
    VncClient client;
    Vnc::Settings settings;
    if (slowLink)
        settings.link = Vnc::Link::Slow; // tight + JPEG, as vncviewer picks for itself
    client.setSettings(settings);
    quint64 frames = 0;
    QObject context;
    // Like a viewer, take every frame (and so keep the previous one alive until the next).
    QImage held;
    QObject::connect(&client, &VncClient::frameUpdated, &context, [&](const QRegion &) {
        held = client.screenshot();
        ++frames;
    });
    QObject::connect(&client, &VncClient::stateChanged, &context, [&](Vnc::State state) {
        if (state == Vnc::State::Failed) {
            std::fprintf(stderr, "bench client: %s\n", qPrintable(client.errorString()));
            QCoreApplication::exit(1);
        }
    });
    client.connectToHost(host, port);
    return QCoreApplication::exec();
}

struct ViewerRun
{
    qint64 updates = -1;
    double cpu = -1;
    double seconds = 0;
};

// Runs one viewer process for kRunSeconds against xvnc, returns what Xvnc counted and its CPU.
ViewerRun measure(ProtoTest::XvncFixture &xvnc, const QString &program, const QStringList &args,
    const QProcessEnvironment &env)
{
    ViewerRun run;
    const qsizetype before = xvnc.framebufferUpdateCounts().size();
    QProcess viewer;
    viewer.setProcessEnvironment(env);
    viewer.setStandardOutputFile(QProcess::nullDevice());
    viewer.setStandardErrorFile(QProcess::nullDevice());
    QElapsedTimer timer;
    timer.start();
    viewer.start(program, args);
    if (!viewer.waitForStarted(10000)) {
        out() << "cannot start " << program << ": " << viewer.errorString() << Qt::endl;
        return run;
    }
    const qint64 pid = viewer.processId();
    QThread::sleep(kRunSeconds);
    run.cpu = cpuSeconds(pid);
    run.seconds = timer.elapsed() / 1000.0;
    ProtoTest::stopProcess(viewer);
    // Xvnc logs the count when it notices the disconnect.
    for (int i = 0; i < 100 && xvnc.framebufferUpdateCounts().size() <= before; ++i)
        QThread::msleep(50);
    const QList<qint64> counts = xvnc.framebufferUpdateCounts();
    if (counts.size() > before)
        run.updates = counts.last();
    return run;
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    const qsizetype index = std::min<qsizetype>(values.size() - 1, qsizetype(p * (values.size() - 1) + 0.5));
    return values.at(index);
}

// Click on the responder window, wait for a still screen, check the frame shows the new colour.
QList<double> measureClickToStable(
    VncClient &client, ClickResponder &responder, const QPoint &at, int rounds, int *wrongFrames)
{
    QList<double> times;
    *wrongFrames = 0;
    QObject context;
    for (int i = 0; i < rounds; ++i) {
        const int expectedClicks = responder.clicks() + 1;
        QElapsedTimer timer;
        timer.start();
        bool done = false;
        QImage frame;
        client.click(at);
        client.whenStill(100, 3000, &context, [&](bool, const QImage &f) {
            frame = f;
            done = true;
        });
        while (!done)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        times.append(double(timer.nsecsElapsed()) / 1e6);
        const QRgb expected = 0xff000000u | ClickResponder::colourFor(expectedClicks);
        if (frame.isNull() || frame.pixel(at + QPoint(20, 20)) != expected)
            ++*wrongFrames;
        const qint64 pause = 150;
        QElapsedTimer gap;
        gap.start();
        while (gap.elapsed() < pause)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    }
    return times;
}

} // namespace

int main(int argc, char **argv)
{
    QGuiApplication::setAttribute(Qt::AA_Use96Dpi);
    qputenv("QT_QPA_PLATFORM", "offscreen");
    if (!qEnvironmentVariableIsSet("QT_LOGGING_RULES")) // the viewers' chatter would bury the figures
        qputenv("QT_LOGGING_RULES", "proto.*.debug=false;proto.*.info=false");
    QGuiApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 4 && args.at(1) == QLatin1String("--client"))
        return runHeadlessClient(args.at(2), quint16(args.at(3).toUInt()),
            args.size() >= 5 && args.at(4) == QLatin1String("slow"));

    const QString glxgears = ProtoTest::findProgram(QStringLiteral("glxgears"));
    const QString vncviewer = ProtoTest::findProgram(QStringLiteral("vncviewer"));
    if (glxgears.isEmpty() || vncviewer.isEmpty() || !ProtoTest::XvncFixture::available()
        || !ProtoTest::XvfbFixture::available()) {
        out() << "bench_vnc needs Xvnc, Xvfb, glxgears (mesa-utils) and vncviewer (tigervnc-viewer)"
              << Qt::endl;
        return 1;
    }

    ProtoTest::XvncFixture xvnc;
    ProtoTest::XvncFixture::Options options;
    options.size = QSize(1920, 1080);
    QString error;
    if (!xvnc.start(options, &error)) {
        out() << "Xvnc: " << error << Qt::endl;
        return 1;
    }
    ProtoTest::XvfbFixture viewerDisplay; // vncviewer needs an X display of its own
    if (!viewerDisplay.start(QSize(1920, 1080), 24, &error)) {
        out() << "Xvfb: " << error << Qt::endl;
        return 1;
    }

    QProcessEnvironment workloadEnv = QProcessEnvironment::systemEnvironment();
    workloadEnv.insert(QStringLiteral("DISPLAY"), xvnc.display());
    workloadEnv.insert(QStringLiteral("vblank_mode"), QStringLiteral("0"));
    QProcess gears;
    gears.setProcessEnvironment(workloadEnv);
    gears.setProcessChannelMode(QProcess::MergedChannels);
    gears.setStandardOutputFile(QProcess::nullDevice());
    gears.start(glxgears, { QStringLiteral("-fullscreen") });
    if (!gears.waitForStarted(10000)) {
        out() << "glxgears did not start" << Qt::endl;
        return 1;
    }
    QThread::sleep(2);

    const QString target = QStringLiteral("127.0.0.1::%1").arg(xvnc.port());
    QProcessEnvironment viewerEnv = QProcessEnvironment::systemEnvironment();
    viewerEnv.insert(QStringLiteral("DISPLAY"), viewerDisplay.display());
    viewerEnv.insert(QStringLiteral("HOME"), QDir::tempPath());
    const QStringList ourArgs { QStringLiteral("--client"), QStringLiteral("127.0.0.1"),
        QString::number(xvnc.port()) };
    ViewerRun peer { 0, 0, 0 };
    ViewerRun ours { 0, 0, 0 };
    auto add = [](ViewerRun &total, const ViewerRun &slice) {
        if (slice.updates < 0 || slice.cpu < 0 || total.updates < 0) {
            total.updates = -1;
            return;
        }
        total.updates += slice.updates;
        total.cpu += slice.cpu;
        total.seconds += slice.seconds;
    };
    for (int round = 1; round <= kRounds; ++round) {
        out() << "round " << round << "/" << kRounds << ": TigerVNC vncviewer " << kRunSeconds
              << " s, then VncClient " << kRunSeconds << " s..." << Qt::endl;
        add(peer, measure(xvnc, vncviewer, { QStringLiteral("-Shared"), target }, viewerEnv));
        add(ours,
            measure(xvnc, QCoreApplication::applicationFilePath(), ourArgs,
                QProcessEnvironment::systemEnvironment()));
    }
    out() << "ours with the slow-link profile (tight + JPEG) for " << kRunSeconds << " s..." << Qt::endl;
    const ViewerRun oursSlow = measure(xvnc, QCoreApplication::applicationFilePath(),
        ourArgs + QStringList { QStringLiteral("slow") }, QProcessEnvironment::systemEnvironment());
    ProtoTest::stopProcess(gears);

    if (peer.updates <= 0 || ours.updates <= 0 || peer.cpu <= 0 || ours.cpu <= 0) {
        out() << "measurement failed: peer updates " << peer.updates << " cpu " << peer.cpu
              << ", ours updates " << ours.updates << " cpu " << ours.cpu << Qt::endl;
        return 1;
    }
    const double peerRate = peer.updates / peer.seconds;
    const double ourRate = ours.updates / ours.seconds;
    const double peerCpuPerUpdate = peer.cpu / peer.updates;
    const double ourCpuPerUpdate = ours.cpu / ours.updates;
    out() << QStringLiteral("vncviewer: %1 updates in %2 s = %3/s, %4 CPU-s (%5 ms CPU per update)")
                 .arg(peer.updates)
                 .arg(peer.seconds, 0, 'f', 1)
                 .arg(peerRate, 0, 'f', 1)
                 .arg(peer.cpu, 0, 'f', 2)
                 .arg(peerCpuPerUpdate * 1000, 0, 'f', 2)
          << Qt::endl;
    out() << QStringLiteral("VncClient: %1 updates in %2 s = %3/s, %4 CPU-s (%5 ms CPU per update)")
                 .arg(ours.updates)
                 .arg(ours.seconds, 0, 'f', 1)
                 .arg(ourRate, 0, 'f', 1)
                 .arg(ours.cpu, 0, 'f', 2)
                 .arg(ourCpuPerUpdate * 1000, 0, 'f', 2)
          << Qt::endl;

    if (oursSlow.updates > 0 && oursSlow.cpu > 0)
        out() << QStringLiteral(
            "VncClient tight/JPEG: %1 updates in %2 s = %3/s (%4x vncviewer), %5 CPU-s (%6x)")
                     .arg(oursSlow.updates)
                     .arg(oursSlow.seconds, 0, 'f', 1)
                     .arg(oursSlow.updates / oursSlow.seconds, 0, 'f', 1)
                     .arg((oursSlow.updates / oursSlow.seconds) / peerRate, 0, 'f', 2)
                     .arg(oursSlow.cpu, 0, 'f', 2)
                     .arg(oursSlow.cpu / peer.cpu, 0, 'f', 2)
              << Qt::endl;

    // Action to stable screenshot, through our client, on the quiet screen.
    ClickResponder responder;
    const QRect window(200, 150, 600, 400);
    if (!responder.start(xvnc.display(), window)) {
        out() << "cannot open the click responder window" << Qt::endl;
        return 1;
    }
    VncClient client;
    client.connectToHost(QStringLiteral("127.0.0.1"), xvnc.port());
    QElapsedTimer wait;
    wait.start();
    while ((!client.isConnected() || client.screenshot().isNull()) && wait.elapsed() < 15000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    if (!client.isConnected()) {
        out() << "click test: " << client.errorString() << Qt::endl;
        return 1;
    }
    int wrong = 0;
    const QList<double> times
        = measureClickToStable(client, responder, window.topLeft() + QPoint(50, 50), 60, &wrong);
    responder.stop();
    client.disconnectFromHost();
    const double p50 = percentile(times, 0.5);
    const double p99 = percentile(times, 0.99);
    out() << QStringLiteral(
        "click to stable screenshot (100 ms still): p50 %1 ms, p99 %2 ms over %3 clicks, %4 "
        "frames without the click's effect")
                 .arg(p50, 0, 'f', 1)
                 .arg(p99, 0, 'f', 1)
                 .arg(times.size())
                 .arg(wrong)
          << Qt::endl;

    const double updatesRatio = ourRate / peerRate;
    const double cpuRatio = ours.cpu / peer.cpu;
    out() << QStringLiteral(
        "bench_vnc updates=%1x cpu=%2x cpu_per_update=%3x stable_p50=%4ms stable_p99=%5ms "
        "ratio=%6")
                 .arg(updatesRatio, 0, 'f', 2)
                 .arg(cpuRatio, 0, 'f', 2)
                 .arg(ourCpuPerUpdate / peerCpuPerUpdate, 0, 'f', 2)
                 .arg(p50, 0, 'f', 0)
                 .arg(p99, 0, 'f', 0)
                 .arg(updatesRatio, 0, 'f', 2)
          << Qt::endl;
    return wrong == 0 ? 0 : 2;
}
