#pragma once

#include "commandjob.h"
#include "filejob.h"
#include "machinetunnel.h"
#include "shellchannel.h"

#include <QObject>
#include <QString>

namespace Proto {

// A computer that sessions, panels and agent tools work on: this one (LocalMachine) or
// one reached over SSH (SshMachine). Every operation is asynchronous and returns a job the
// caller owns; nothing here blocks the calling thread. Paths are absolute POSIX paths on
// that machine.
class Machine : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Machine)

public:
    enum class Kind
    {
        Local,
        Ssh
    };
    Q_ENUM(Kind)
    enum class State
    {
        Disconnected,
        Connecting,
        Connected,
        Reconnecting,
        Failed
    };
    Q_ENUM(State)

    struct WriteOptions
    {
        bool atomic = true; // write a temporary file beside it, then rename over
        bool createParents = false;
        int permissions = -1; // -1: keep the existing file's mode, or the default for new files
    };

    using QObject::QObject;
    ~Machine() override = default;

    virtual Kind kind() const = 0;
    virtual QString name() const = 0; // shown to the user: "This computer", "build-vm"
    virtual State state() const = 0;
    virtual QString stateMessage() const { return {}; } // why it failed, what it waits for
    virtual QString homePath() const = 0;

    virtual CommandJob *run(const CommandSpec &spec) = 0;
    // The kill switch: ends every command this machine is running now, each one's whole
    // process group and session (SIGTERM, then SIGKILL after a short grace; on SSH over the
    // same connection). The jobs finish with Cancelled. Commands started afterwards run.
    virtual void killCommands() { }
    // Starts connecting when the machine is not connected (stateChanged() follows); nothing to do
    // for a machine that is always there.
    virtual void connectToHost() { }

    // length -1: to the end. A read of a directory fails with IsADirectory.
    virtual FileJob *readFile(const QString &path, qint64 offset = 0, qint64 length = -1) = 0;
    virtual FileJob *writeFile(const QString &path, const QByteArray &data, const WriteOptions &options) = 0;
    FileJob *writeFile(const QString &path, const QByteArray &data)
    {
        return writeFile(path, data, WriteOptions {});
    }
    virtual FileJob *list(const QString &directory) = 0;
    virtual FileJob *stat(const QString &path) = 0; // a symlink is followed; lstat semantics in info().type
    virtual FileJob *makeDirectory(const QString &path, bool parents = false) = 0;
    virtual FileJob *remove(const QString &path, bool recursive = false) = 0;
    // Never replaces an existing target: fails with AlreadyExists (as SFTP's rename does).
    virtual FileJob *rename(const QString &from, const QString &to) = 0;
    // The absolute path with "." / ".." and symlinks resolved (realpath) in info().path. A path
    // whose tail does not exist yet resolves its longest existing prefix and appends the rest,
    // so a file about to be created can be checked against a root folder.
    virtual FileJob *canonicalPath(const QString &path) = 0;
    // Copies between this machine and the local disk with progress; cancel leaves no partial file.
    virtual FileJob *download(const QString &remotePath, const QString &localPath) = 0;
    virtual FileJob *upload(const QString &localPath, const QString &remotePath) = 0;

    // An interactive shell with a pty of the given size and TERM, starting in workingDirectory
    // (empty: the login directory), owned by parent: what a Terminal tab of a remote machine
    // talks to. Null when the machine has none to offer (canOpenShell() false): this
    // computer's terminals run their shell on a pty of their own.
    // resumeName (a word of letters, digits and dashes) asks for a shell that survives a dropped
    // connection where the machine can keep one (ShellChannel::keepsRunning()): opening again
    // with the same name returns to it.
    virtual bool canOpenShell() const { return false; }
    virtual ShellChannel *openShell(int columns, int rows, const QString &term,
        const QString &workingDirectory, QObject *parent = nullptr, const QString &resumeName = {})
    {
        Q_UNUSED(columns);
        Q_UNUSED(rows);
        Q_UNUSED(term);
        Q_UNUSED(workingDirectory);
        Q_UNUSED(parent);
        Q_UNUSED(resumeName);
        return nullptr;
    }
    // Ends the shell kept under resumeName (the tab that used it was closed); nothing when none.
    virtual void forgetShell(const QString &resumeName) { Q_UNUSED(resumeName); }
    // A way to reach targetHost:targetPort as this machine sees it (a VNC server, a dev
    // server): over SSH a local forward on 127.0.0.1; on this computer the target itself.
    // Never null; owned by parent. Failures arrive as MachineTunnel::closed().
    virtual MachineTunnel *openTunnel(
        const QString &targetHost, quint16 targetPort, QObject *parent = nullptr)
        = 0;

Q_SIGNALS:
    void stateChanged(Proto::Machine::State state);
};

} // namespace Proto
