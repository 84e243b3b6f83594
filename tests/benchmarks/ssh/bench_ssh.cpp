// bench_ssh: our SSH client against OpenSSH's, both talking to the same sshd (the test fixture)
// on 127.0.0.1 with the same key:
//   cold   connect + authenticate + exec `true`   vs  ssh -o BatchMode=yes ... true
//   exec   one more `true` on the open connection  vs  our own cold figure (goal <= 0.2x)
//   sftp   download of a large file on tmpfs       vs  sftp -b (goal >= 0.9x throughput)
// and, through DelayProxy at BENCH_SSH_RTT_MS (default 50 ms) round-trip time, the cold connect,
// the cold connect through a jump host (vs ssh -J), and an SFTP download and upload
// (BENCH_SSH_RTT_SFTP_MB, default 256) against the same OpenSSH commands.
#include "delayproxy.h"
#include "machine.h"
#include "sshdfixture.h"
#include "sshmachine.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace Proto;

namespace {

bool wait(MachineJob *job)
{
    if (!job->isFinished()) {
        QEventLoop loop;
        QObject::connect(job, &MachineJob::finished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return job->error() == MachineJob::Error::None;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

QStringList opensshOptions(const ProtoTest::SshdFixture &sshd, const QString &knownHosts)
{
    return { QStringLiteral("-F"), QStringLiteral("/dev/null"), QStringLiteral("-o"),
        QStringLiteral("BatchMode=yes"), QStringLiteral("-o"), QStringLiteral("StrictHostKeyChecking=yes"),
        QStringLiteral("-o"), QStringLiteral("UserKnownHostsFile=") + knownHosts, QStringLiteral("-o"),
        QStringLiteral("GlobalKnownHostsFile=/dev/null"), QStringLiteral("-o"),
        QStringLiteral("IdentitiesOnly=yes"), QStringLiteral("-i"), sshd.clientKeyPath() };
}

double runTimed(const QString &program, const QStringList &args, bool *ok)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer timer;
    timer.start();
    process.start(program, args);
    process.closeWriteChannel();
    process.waitForFinished(600000);
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    *ok = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    return ms;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("proto.*.debug=false"));
    ProtoTest::SshdFixture sshd;
    QTemporaryDir client;
    if (!sshd.start()) {
        std::fprintf(stderr, "bench_ssh: cannot start sshd: %s\n", qPrintable(sshd.errorString()));
        return 1;
    }
    const QString knownHosts = client.filePath(QStringLiteral("known_hosts"));
    sshd.writeKnownHosts(knownHosts);
    SshMachineConfig config;
    config.host = sshd.host();
    config.port = sshd.port();
    config.user = sshd.user();
    config.identityFile = sshd.clientKeyPath();
    config.sshDirectory = client.path();
    config.knownHostsPath = knownHosts;
    config.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::Strict;
    config.useAgent = false;
    config.allowPassword = false;
    const QString ssh = QStringLiteral("/usr/bin/ssh");
    const QString sftp = QStringLiteral("/usr/bin/sftp");
    const QString target = sshd.user() + QStringLiteral("@127.0.0.1");
    const int rounds = qEnvironmentVariableIntValue("BENCH_SSH_ROUNDS") > 0
        ? qEnvironmentVariableIntValue("BENCH_SSH_ROUNDS")
        : 15;

    // --- cold connect + auth + exec ---------------------------------------------------------
    std::vector<double> ours, theirs;
    for (int i = 0; i < rounds; ++i) {
        QElapsedTimer timer;
        timer.start();
        {
            SshMachine machine(config);
            std::unique_ptr<CommandJob> job(
                machine.run(CommandSpec { QStringLiteral("true"), {}, {}, 0, {}, false }));
            if (!wait(job.get()) || job->exitCode() != 0) {
                std::fprintf(stderr, "bench_ssh: our exec failed: %s\n", qPrintable(job->errorString()));
                return 1;
            }
            ours.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
        bool ok = false;
        QStringList args = opensshOptions(sshd, knownHosts);
        args << QStringLiteral("-p") << QString::number(sshd.port()) << target << QStringLiteral("true");
        theirs.push_back(runTimed(ssh, args, &ok));
        if (!ok) {
            std::fprintf(stderr, "bench_ssh: OpenSSH ssh failed\n");
            return 1;
        }
    }
    const double coldOurs = median(ours), coldTheirs = median(theirs);
    std::printf("cold connect+auth+exec true: ours %.1f ms, OpenSSH ssh %.1f ms (median of %d)\n", coldOurs,
        coldTheirs, rounds);

    // --- one more exec on the open connection -------------------------------------------------
    SshMachine machine(config);
    {
        std::unique_ptr<CommandJob> warm(
            machine.run(CommandSpec { QStringLiteral("true"), {}, {}, 0, {}, false }));
        wait(warm.get());
    }
    std::vector<double> extra;
    for (int i = 0; i < rounds * 2; ++i) {
        QElapsedTimer timer;
        timer.start();
        std::unique_ptr<CommandJob> job(
            machine.run(CommandSpec { QStringLiteral("true"), {}, {}, 0, {}, false }));
        wait(job.get());
        extra.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    const double extraOurs = median(extra);
    std::printf("extra exec true on the open connection: %.1f ms (%.2fx of our cold connect)\n", extraOurs,
        extraOurs / coldOurs);

    // --- SFTP download ------------------------------------------------------------------------
    const qint64 size = qEnvironmentVariableIntValue("BENCH_SSH_SFTP_MB") > 0
        ? qint64(qEnvironmentVariableIntValue("BENCH_SSH_SFTP_MB")) << 20
        : qint64(768) << 20;
    QTemporaryDir data(QStringLiteral("/tmp/bench-ssh-XXXXXX"));
    QFile::setPermissions(data.path(),
        QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::WriteGroup
            | QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther
            | QFile::ExeOther); // sshd's user uploads here
    const QString remote = data.filePath(QStringLiteral("source.bin"));
    {
        QFile file(remote);
        if (!file.open(QIODevice::WriteOnly)) {
            std::fprintf(stderr, "bench_ssh: cannot create %s\n", qPrintable(remote));
            return 1;
        }
        QByteArray block(1 << 20, Qt::Uninitialized);
        for (qint64 written = 0; written < size; written += block.size()) {
            for (qsizetype i = 0; i < block.size(); ++i)
                block[i] = char((i * 31 + written / 4096) & 0xff);
            file.write(block);
        }
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    }
    std::vector<double> oursMBs, theirsMBs, theirsGcmMBs;
    const int sftpRounds = 3;
    for (int i = 0; i < sftpRounds; ++i) {
        const QString mine = data.filePath(QStringLiteral("ours.bin"));
        QElapsedTimer timer;
        timer.start();
        std::unique_ptr<FileJob> job(machine.download(remote, mine));
        if (!wait(job.get()) || QFileInfo(mine).size() != size) {
            std::fprintf(stderr, "bench_ssh: our download failed: %s\n", qPrintable(job->errorString()));
            return 1;
        }
        oursMBs.push_back(double(size) / (1 << 20) / (double(timer.nsecsElapsed()) / 1e9));
        QFile::remove(mine);

        const QString batch = data.filePath(QStringLiteral("batch"));
        const QString theirsPath = data.filePath(QStringLiteral("theirs.bin"));
        {
            QFile file(batch);
            file.open(QIODevice::WriteOnly);
            file.write("get " + remote.toUtf8() + ' ' + theirsPath.toUtf8() + '\n');
        }
        bool ok = false;
        QStringList args = opensshOptions(sshd, knownHosts);
        args << QStringLiteral("-q") << QStringLiteral("-P") << QString::number(sshd.port())
             << QStringLiteral("-b") << batch << target;
        const double ms = runTimed(sftp, args, &ok);
        if (!ok || QFileInfo(theirsPath).size() != size) {
            std::fprintf(stderr, "bench_ssh: OpenSSH sftp failed\n");
            return 1;
        }
        theirsMBs.push_back(double(size) / (1 << 20) / (ms / 1e3));
        QFile::remove(theirsPath);

        // For reference: OpenSSH with the cipher we prefer (AES-GCM) instead of its default.
        QStringList gcmArgs = args;
        gcmArgs.prepend(QStringLiteral("Ciphers=aes128-gcm@openssh.com"));
        gcmArgs.prepend(QStringLiteral("-o"));
        const double gcmMs = runTimed(sftp, gcmArgs, &ok);
        if (ok && QFileInfo(theirsPath).size() == size)
            theirsGcmMBs.push_back(double(size) / (1 << 20) / (gcmMs / 1e3));
        QFile::remove(theirsPath);
    }
    const double sftpOurs = median(oursMBs), sftpTheirs = median(theirsMBs);
    std::printf(
        "SFTP download of %lld MiB on tmpfs: ours %.0f MiB/s, OpenSSH sftp %.0f MiB/s (median of %d)\n",
        size >> 20, sftpOurs, sftpTheirs, sftpRounds);
    if (!theirsGcmMBs.empty())
        std::printf(
            "  reference, not in the ratio: OpenSSH sftp with our preferred cipher aes128-gcm %.0f MiB/s\n",
            median(theirsGcmMBs));

    // --- the same at a real distance -----------------------------------------------------------
    const int rtt = qEnvironmentVariableIntValue("BENCH_SSH_RTT_MS") > 0
        ? qEnvironmentVariableIntValue("BENCH_SSH_RTT_MS")
        : 50;
    DelayProxy proxy(sshd.port(), rtt / 2);
    if (!proxy.start()) {
        std::fprintf(stderr, "bench_ssh: the delay proxy cannot listen\n");
        return 1;
    }
    const QString farHosts = client.filePath(QStringLiteral("known_hosts_far"));
    {
        QFile file(farHosts);
        if (!file.open(QIODevice::WriteOnly))
            return 1;
        // The same key under the proxy's address: "[127.0.0.1]:PORT TYPE KEY".
        const QByteArray known = sshd.knownHostsLine().trimmed();
        const QByteArray line
            = "[127.0.0.1]:" + QByteArray::number(proxy.port()) + known.mid(known.indexOf(' '));
        file.write(line + '\n');
    }
    SshMachineConfig far = config;
    far.port = proxy.port();
    far.knownHostsPath = farHosts;
    std::vector<double> farOurs, farTheirs;
    for (int i = 0; i < std::max(5, rounds / 3); ++i) {
        QElapsedTimer timer;
        timer.start();
        {
            SshMachine farMachine(far);
            std::unique_ptr<CommandJob> job(
                farMachine.run(CommandSpec { QStringLiteral("true"), {}, {}, 0, {}, false }));
            if (!wait(job.get()) || job->exitCode() != 0) {
                std::fprintf(
                    stderr, "bench_ssh: our exec at %d ms failed: %s\n", rtt, qPrintable(job->errorString()));
                return 1;
            }
            farOurs.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
        bool ok = false;
        QStringList args = opensshOptions(sshd, farHosts);
        args << QStringLiteral("-p") << QString::number(proxy.port()) << target << QStringLiteral("true");
        farTheirs.push_back(runTimed(ssh, args, &ok));
        if (!ok) {
            std::fprintf(stderr, "bench_ssh: OpenSSH ssh at %d ms failed\n", rtt);
            return 1;
        }
    }
    const double farColdOurs = median(farOurs), farColdTheirs = median(farTheirs);
    std::printf("at %d ms RTT: cold connect+auth+exec true: ours %.0f ms, OpenSSH ssh %.0f ms\n", rtt,
        farColdOurs, farColdTheirs);

    // Through a jump host at that distance (the bastion behind the proxy, the target one hop
    // further on the bastion's side, as a VM behind its cloud's bastion): ours against ssh -J,
    // which passes only -F on to the hop, so both legs get their options from a config file.
    const QString jumpHosts = client.filePath(QStringLiteral("known_hosts_jump"));
    {
        QFile file(jumpHosts);
        QFile a(farHosts), b(knownHosts);
        if (!file.open(QIODevice::WriteOnly) || !a.open(QIODevice::ReadOnly) || !b.open(QIODevice::ReadOnly))
            return 1;
        file.write(a.readAll() + b.readAll());
    }
    const QString jumpConfig = client.filePath(QStringLiteral("ssh_config_jump"));
    {
        QFile file(jumpConfig);
        if (!file.open(QIODevice::WriteOnly))
            return 1;
        file.write("Host *\n  BatchMode yes\n  StrictHostKeyChecking yes\n  UserKnownHostsFile "
            + jumpHosts.toUtf8() + "\n  GlobalKnownHostsFile /dev/null\n  IdentitiesOnly yes\n  IdentityFile "
            + sshd.clientKeyPath().toUtf8() + "\n");
    }
    const QString bastion = sshd.user() + QStringLiteral("@127.0.0.1:") + QString::number(proxy.port());
    SshMachineConfig jumped = config;
    jumped.proxyJump = bastion;
    jumped.knownHostsPath = jumpHosts;
    std::vector<double> jumpOurs, jumpTheirs;
    for (int i = 0; i < std::max(5, rounds / 3); ++i) {
        QElapsedTimer timer;
        timer.start();
        {
            SshMachine jumpMachine(jumped);
            std::unique_ptr<CommandJob> job(
                jumpMachine.run(CommandSpec { QStringLiteral("true"), {}, {}, 0, {}, false }));
            if (!wait(job.get()) || job->exitCode() != 0) {
                std::fprintf(stderr, "bench_ssh: our exec through the jump host at %d ms failed: %s\n", rtt,
                    qPrintable(job->errorString()));
                return 1;
            }
            jumpOurs.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
        bool ok = false;
        const QStringList args { QStringLiteral("-F"), jumpConfig, QStringLiteral("-J"), bastion,
            QStringLiteral("-p"), QString::number(sshd.port()), target, QStringLiteral("true") };
        jumpTheirs.push_back(runTimed(ssh, args, &ok));
        if (!ok) {
            std::fprintf(stderr, "bench_ssh: OpenSSH ssh -J at %d ms failed\n", rtt);
            return 1;
        }
    }
    const double jumpColdOurs = median(jumpOurs), jumpColdTheirs = median(jumpTheirs);
    std::printf("at %d ms RTT to the bastion: cold connect+auth+exec true through it: ours %.0f ms, "
                "OpenSSH ssh -J %.0f ms\n",
        rtt, jumpColdOurs, jumpColdTheirs);

    const qint64 farSize = qEnvironmentVariableIntValue("BENCH_SSH_RTT_SFTP_MB") > 0
        ? qint64(qEnvironmentVariableIntValue("BENCH_SSH_RTT_SFTP_MB")) << 20
        : qint64(256) << 20;
    const QString farRemote = data.filePath(QStringLiteral("far.bin"));
    QFile::copy(remote, farRemote);
    QFile::resize(farRemote, farSize);
    // One transfer each way, connect included on both sides; "get" and "put" batch files.
    const auto opensshTransfer = [&](const QByteArray &command, const QString &check) -> double {
        const QString batch = data.filePath(QStringLiteral("far-batch"));
        {
            QFile file(batch);
            file.open(QIODevice::WriteOnly);
            file.write(command + '\n');
        }
        bool ok = false;
        QStringList args = opensshOptions(sshd, farHosts);
        args << QStringLiteral("-q") << QStringLiteral("-P") << QString::number(proxy.port())
             << QStringLiteral("-b") << batch << target;
        const double ms = runTimed(sftp, args, &ok);
        if (!ok || QFileInfo(check).size() != farSize)
            return -1;
        return double(farSize) / (1 << 20) / (ms / 1e3);
    };
    double farSftpOurs = 0, farSftpTheirs = 0, farUpOurs = 0, farUpTheirs = 0;
    {
        SshMachine farMachine(far);
        const QString mine = data.filePath(QStringLiteral("far-ours.bin"));
        QElapsedTimer timer;
        timer.start();
        std::unique_ptr<FileJob> job(farMachine.download(farRemote, mine));
        if (!wait(job.get()) || QFileInfo(mine).size() != farSize) {
            std::fprintf(
                stderr, "bench_ssh: our download at %d ms failed: %s\n", rtt, qPrintable(job->errorString()));
            return 1;
        }
        farSftpOurs = double(farSize) / (1 << 20) / (double(timer.nsecsElapsed()) / 1e9); // connect included
        QFile::remove(mine);
    }
    {
        SshMachine farMachine(far);
        const QString remoteCopy = data.filePath(QStringLiteral("far-up-ours.bin"));
        QElapsedTimer timer;
        timer.start();
        std::unique_ptr<FileJob> job(farMachine.upload(farRemote, remoteCopy));
        if (!wait(job.get()) || QFileInfo(remoteCopy).size() != farSize) {
            std::fprintf(
                stderr, "bench_ssh: our upload at %d ms failed: %s\n", rtt, qPrintable(job->errorString()));
            return 1;
        }
        farUpOurs = double(farSize) / (1 << 20) / (double(timer.nsecsElapsed()) / 1e9);
        QFile::remove(remoteCopy);
    }
    const QString theirsPath = data.filePath(QStringLiteral("far-theirs.bin"));
    farSftpTheirs = opensshTransfer("get " + farRemote.toUtf8() + ' ' + theirsPath.toUtf8(), theirsPath);
    QFile::remove(theirsPath);
    farUpTheirs = opensshTransfer("put " + farRemote.toUtf8() + ' ' + theirsPath.toUtf8(), theirsPath);
    QFile::remove(theirsPath);
    if (farSftpTheirs <= 0 || farUpTheirs <= 0) {
        std::fprintf(stderr, "bench_ssh: OpenSSH sftp at %d ms failed\n", rtt);
        return 1;
    }
    std::printf("at %d ms RTT: SFTP download of %lld MiB: ours %.1f MiB/s, OpenSSH sftp %.1f MiB/s\n", rtt,
        farSize >> 20, farSftpOurs, farSftpTheirs);
    std::printf("at %d ms RTT: SFTP upload of %lld MiB: ours %.1f MiB/s, OpenSSH sftp %.1f MiB/s\n", rtt,
        farSize >> 20, farUpOurs, farUpTheirs);

    std::printf("bench_ssh cold=%.2fx exec=%.2fx sftp=%.2fx cold@%dms=%.2fx jump@%dms=%.2fx "
                "download@%dms=%.2fx upload@%dms=%.2fx ratio=%.2f\n",
        coldOurs / coldTheirs, extraOurs / coldOurs, sftpOurs / sftpTheirs, rtt, farColdOurs / farColdTheirs,
        rtt, jumpColdOurs / jumpColdTheirs, rtt, farSftpOurs / farSftpTheirs, rtt, farUpOurs / farUpTheirs,
        sftpOurs / sftpTheirs);
    return 0;
}
