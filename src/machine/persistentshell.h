#pragma once

#include "commandjob.h"
#include "shellframing.h"

#include <QMap>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <deque>
#include <memory>

namespace Proto {

class Machine;
class PersistentShell;

// One command run in a PersistentShell: its output, exit status, timeout and cancel.
class ShellCommandJob final : public CommandJob
{
    Q_OBJECT

public:
    ShellCommandJob(PersistentShell *shell, int timeoutMs);
    ~ShellCommandJob() override;

    void writeStdin(const QByteArray &) override { } // stdin is /dev/null
    void closeStdin() override { }

protected:
    void doCancel() override;
    bool cancelFinishesLater() const override { return true; }

private:
    friend class PersistentShell;
    void deliver(const QByteArray &data);
    void complete(int exitCode, Error error, const QString &message = {});

    QPointer<PersistentShell> m_shell;
    QTimer m_timeout;
};

// A long-lived bash on a Machine (local process or SSH exec channel) that runs one command after
// another, so `cd`, `export`, functions and an activated virtualenv carry over, as the
// bash_20250124 tool promises. Commands are framed by ShellFraming. A timed-out or cancelled
// command is interrupted (SIGINT to the shell's process group, which the shell itself traps;
// then SIGKILL to the rest of the group; then the whole shell) and the shell keeps its state when
// the first steps suffice. When the shell ends (exit, exec, kill switch, lost connection) the next
// command starts a new one in the root folder.
class PersistentShell final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PersistentShell)

public:
    PersistentShell(Machine *machine, const QString &root, QObject *parent = nullptr);
    ~PersistentShell() override;

    // The caller owns the job. environment is used when this call starts the shell. One command
    // at a time: a second run() while one is running fails at once.
    CommandJob *run(const QString &command, int timeoutMs, const QMap<QString, QString> &environment = {});
    void restart(); // ends the shell (and a running command); the next run starts afresh

    bool isRunning() const { return m_job != nullptr; }
    bool isBusy() const;
    QString root() const { return m_root; }
    // Where the next command starts: the shell's $PWD after the last command when that is inside
    // root and was reported clearly, else root (run() goes back there first).
    QString currentDirectory() const;
    // False when the shell's last report could not be read: where it is and what PATH it uses
    // are unknown (the policy asks).
    bool stateKnown() const { return m_stateKnown; }
    // Whether $PATH differs from what it was when the shell started.
    bool pathChanged() const { return m_stateKnown && !m_initialPath.isEmpty() && m_path != m_initialPath; }
    void setInterruptGraceMs(int ms) { m_graceMs = ms; }

Q_SIGNALS:
    void started();
    void ended(const QString &why);

private:
    friend class ShellCommandJob;
    struct Pending
    {
        std::unique_ptr<ShellFraming> framing;
        QPointer<ShellCommandJob> job; // null for the shell's own set-up
    };
    enum class Stop
    {
        None,
        Timeout,
        Cancel
    };

    bool startShell(const QMap<QString, QString> &environment);
    void onOutput(const QByteArray &data);
    void onShellFinished();
    void interrupt(ShellCommandJob *job, Stop why);
    void escalate();
    void runSignal(const QString &command);
    void forget(const QString &why);

    QPointer<Machine> m_machine;
    QString m_root;
    QPointer<CommandJob> m_job;
    std::deque<Pending> m_pending;
    QByteArray m_stray; // output between commands (background jobs), given to the next one
    qint64 m_pid = 0;
    QString m_directory;
    QString m_path;
    QString m_initialPath;
    bool m_stateKnown = true;
    Stop m_stop = Stop::None;
    int m_stage = 0;
    int m_graceMs = 1000;
    QTimer m_escalation;
    // kill commands still on their way: the next command is written only after they ran, so a
    // late signal meant for an interrupted command cannot hit the next one.
    QList<QPointer<CommandJob>> m_signals;
    QByteArray m_deferred;
};

} // namespace Proto
