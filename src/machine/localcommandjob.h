#pragma once

#include "commandjob.h"

#include <QProcess>
#include <QTimer>

namespace Proto {

// A command run by /bin/sh -c in its own session and process group (setsid in the child),
// so a timeout or cancel can end everything it started: SIGTERM to the group and to every
// process of its session (a job-control shell moves its jobs to groups of their own), then
// SIGKILL after the grace period. finished() follows the shell's exit (after a cancel: once it is
// dead); output arrives in chunks as the process writes it.
class LocalCommandJob final : public CommandJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalCommandJob)

public:
    LocalCommandJob(const CommandSpec &spec, int killGraceMs, QObject *parent = nullptr);
    ~LocalCommandJob() override;

    qint64 processGroup() const { return m_group; }
    // The shell (or what it left in its group while being stopped) is still there.
    bool isRunning() const;
    // Shortens (or lengthens) the time between SIGTERM and SIGKILL, also for a stop under way.
    void setKillGraceMs(int ms);
    // SIGKILL to the process group and session at once; finished() follows the shell's exit.
    void killNow();

    void writeStdin(const QByteArray &data) override;
    void closeStdin() override;

protected:
    void doCancel() override;
    bool cancelFinishesLater() const override { return true; }

private:
    void start(const CommandSpec &spec);
    void terminateGroup();
    void killGroup();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onError(QProcess::ProcessError error);

    QProcess m_process;
    QTimer m_timeout;
    QTimer m_killTimer;
    QString m_workingDirectory;
    qint64 m_group = 0;
    bool m_stopping = false;
};

} // namespace Proto
