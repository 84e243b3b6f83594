#pragma once

#include "machine.h"

#include <QList>
#include <QPointer>
#include <QThreadPool>

namespace Proto {

class LocalCommandJob;

// This computer. Commands run as /bin/sh -c in their own process group (QProcess, never
// blocking); file operations are POSIX calls on a small worker pool owned by the machine,
// reported back as jobs on the calling thread. Always Connected. Commands still running when
// the machine is destroyed are killed with their process group.
class LocalMachine final : public Machine
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalMachine)

public:
    explicit LocalMachine(QObject *parent = nullptr);
    ~LocalMachine() override;

    Kind kind() const override { return Kind::Local; }
    QString name() const override;
    State state() const override { return State::Connected; }
    QString homePath() const override;

    // How long a timed-out or cancelled command's process group gets between SIGTERM and
    // SIGKILL (default 2000 ms).
    void setKillGraceMs(int ms) { m_killGraceMs = ms; }
    int killGraceMs() const { return m_killGraceMs; }

    CommandJob *run(const CommandSpec &spec) override;
    void killCommands() override;

    FileJob *readFile(const QString &path, qint64 offset = 0, qint64 length = -1) override;
    FileJob *writeFile(const QString &path, const QByteArray &data, const WriteOptions &options) override;
    using Machine::writeFile;
    FileJob *list(const QString &directory) override;
    FileJob *stat(const QString &path) override;
    FileJob *makeDirectory(const QString &path, bool parents = false) override;
    FileJob *remove(const QString &path, bool recursive = false) override;
    FileJob *rename(const QString &from, const QString &to) override;
    FileJob *canonicalPath(const QString &path) override;
    FileJob *download(const QString &remotePath, const QString &localPath) override;
    FileJob *upload(const QString &localPath, const QString &remotePath) override;
    // The target as it is (a DirectTunnel): this computer needs no forward.
    MachineTunnel *openTunnel(
        const QString &targetHost, quint16 targetPort, QObject *parent = nullptr) override;

private:
    QList<QPointer<LocalCommandJob>> liveCommands();

    QThreadPool m_pool;
    QList<QPointer<LocalCommandJob>> m_commands; // started here, not yet deleted
    int m_killGraceMs = 2000;
};

} // namespace Proto
