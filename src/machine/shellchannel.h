#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

namespace Proto {

// An interactive shell on the other end of a connection (an SSH "shell" channel with a
// pty): what a remote terminal tab talks to. Output and the end of the shell arrive by
// signal; input and window-size changes go the other way. The owner deletes it.
class ShellChannel : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShellChannel)

public:
    using QObject::QObject;
    ~ShellChannel() override = default;

    virtual void sendInput(const QByteArray &data) = 0;
    virtual void resize(int columns, int rows) = 0; // an SSH "window-change"
    virtual void close() = 0; // hangs up; finished() follows
    // After finished(): whether it ended because the connection dropped (not by exiting).
    virtual bool connectionLost() const { return false; }
    // Whether the shell lives on the other side when the connection drops (tmux), so opening
    // again with the same resume name returns to it.
    virtual bool keepsRunning() const { return false; }

Q_SIGNALS:
    void started();
    void output(const QByteArray &data);
    // exitStatus is -1 when the shell did not report one (lost connection, signal);
    // errorString says why it ended when it was not a normal exit.
    void finished(int exitStatus, const QString &errorString);
};

// Opens a shell with a pty of the given size and TERM, starting in workingDirectory (empty:
// the login directory), resumable under resumeName where the machine can (Machine::openShell).
// Returns nullptr when the machine cannot open one right now.
using ShellOpener = std::function<ShellChannel *(int columns, int rows, const QString &term,
    const QString &workingDirectory, QObject *parent, const QString &resumeName)>;

} // namespace Proto
