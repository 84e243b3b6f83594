#pragma once

#include "fixtureutil.h"
#include "machinejob.h"
#include "sshconnection.h"
#include "sshdfixture.h"
#include "sshmachineconfig.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace ProtoTest {

// A running sshd plus an isolated client side (its own ~/.ssh with a known_hosts file that
// already trusts the server), shared by the ssh tests.
struct SshTestEnvironment
{
    SshdFixture sshd;
    QTemporaryDir clientDir;
    bool oddShell = false; // log in as the fixture's odd-shell user (SshdFixture::useOddShellUser)

    bool start()
    {
        if (!clientDir.isValid() || (oddShell && !sshd.useOddShellUser()) || !sshd.start())
            return false;
        return sshd.writeKnownHosts(knownHostsPath());
    }

    QString knownHostsPath() const { return clientDir.filePath(QStringLiteral("known_hosts")); }

    // Key authentication with the fixture's plain key, host key already known.
    Proto::SshMachineConfig config() const
    {
        Proto::SshMachineConfig c;
        c.name = QStringLiteral("fixture");
        c.host = sshd.host();
        c.port = sshd.port();
        c.user = sshd.user();
        c.identityFile = sshd.clientKeyPath();
        c.sshDirectory = clientDir.path();
        c.knownHostsPath = knownHostsPath();
        c.hostKeyPolicy = Proto::SshMachineConfig::HostKeyPolicy::Strict;
        c.useAgent = false;
        c.allowPassword = false;
        c.connectTimeoutMs = 10000;
        return c;
    }
};

// The file's bytes; empty when it cannot be read.
inline QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Waits until a job finished (its signal was delivered).
inline bool waitForJob(Proto::MachineJob *job, int timeoutMs = 30000)
{
    if (job->isFinished())
        return true;
    QSignalSpy spy(job, &Proto::MachineJob::finished);
    QDeadlineTimer deadline(timeoutMs);
    while (!job->isFinished() && !deadline.hasExpired())
        spy.wait(int(qBound<qint64>(qint64(1), deadline.remainingTime(), qint64(200))));
    return job->isFinished();
}

template<typename Predicate>
bool waitUntil(Predicate predicate, int timeoutMs = 20000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!predicate()) {
        if (deadline.hasExpired())
            return false;
        QTest::qWait(20);
    }
    return true;
}

// Connects and waits until the connection is up or has failed; returns the state it reached.
inline Proto::Machine::State connectAndWait(Proto::SshConnection &connection, int timeoutMs = 30000)
{
    connection.connectToHost();
    waitUntil(
        [&] {
            return connection.state() == Proto::Machine::State::Connected
                || connection.state() == Proto::Machine::State::Failed;
        },
        timeoutMs);
    return connection.state();
}

} // namespace ProtoTest
