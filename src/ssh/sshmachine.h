#pragma once

#include "machine.h"
#include "sshmachineconfig.h"
#include "sshtunnel.h"

#include <QList>
#include <QPointer>

namespace Proto {

class SshCommandJob;
class SshConnection;
class SshShell;

// A Machine reached over SSH: commands in exec channels, files over SFTP, all on one
// SshConnection (its own thread). Connects on first use; state() follows the connection
// (Connecting, Connected, Reconnecting after a drop, Failed). Prompts (host key, passphrase,
// password) are the connection's signals: connect to connection()->hostKeyPrompt /
// secretPrompt before the first operation. Commands still running when the machine goes away
// are killed on the server (process group and session) before the connection closes.
class SshMachine final : public Machine
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshMachine)

public:
    explicit SshMachine(const SshMachineConfig &config, QObject *parent = nullptr);
    ~SshMachine() override;

    SshConnection *connection() const { return m_connection; }
    // Connects now rather than on the first operation (the agent's tools want Connected).
    void connectToHost() override;
    void disconnectFromHost();
    const SshMachineConfig &config() const { return m_config; }

    Kind kind() const override { return Kind::Ssh; }
    QString name() const override { return m_config.displayName(); }
    State state() const override;
    QString stateMessage() const override;
    QString homePath() const override; // known once connected (SFTP realpath of ".")

    CommandJob *run(const CommandSpec &spec) override;
    void killCommands() override;
    FileJob *readFile(const QString &path, qint64 offset = 0, qint64 length = -1) override;
    using Machine::writeFile;
    FileJob *writeFile(const QString &path, const QByteArray &data, const WriteOptions &options) override;
    FileJob *list(const QString &directory) override;
    FileJob *stat(const QString &path) override;
    FileJob *makeDirectory(const QString &path, bool parents = false) override;
    FileJob *remove(const QString &path, bool recursive = false) override;
    FileJob *rename(const QString &from, const QString &to) override;
    FileJob *canonicalPath(const QString &path) override;
    FileJob *download(const QString &remotePath, const QString &localPath) override;
    FileJob *upload(const QString &localPath, const QString &remotePath) override;

    // The Terminal's shell: an SshShellChannel (pty-req, "shell", then cd to workingDirectory).
    bool canOpenShell() const override { return true; }
    // With a resumeName the shell runs in a tmux session of that name when the server has
    // tmux, so a dropped link detaches it and the next openShell with the name attaches again.
    ShellChannel *openShell(int columns, int rows, const QString &term, const QString &workingDirectory,
        QObject *parent = nullptr, const QString &resumeName = {}) override;
    // The raw interactive shell channel with a pty (TERM as given), running command instead of
    // the login shell when given. The caller owns it.
    void forgetShell(const QString &resumeName) override;
    SshShell *openSshShell(int columns, int rows, const QString &term = QStringLiteral("xterm-256color"),
        const QByteArray &command = {});
    // A listener on 127.0.0.1 (a free port, reported by SshTunnel::listening) whose every
    // connection is forwarded to remoteHost:remotePort as seen from the server (direct-tcpip).
    SshTunnel *openTunnel(const QString &remoteHost, quint16 remotePort, QObject *parent = nullptr) override;

private:
    FileJob *startFileJob(std::unique_ptr<class SshOperation> operation);

    SshMachineConfig m_config;
    SshConnection *m_connection;
    QList<QPointer<SshCommandJob>> m_commands; // started here, not yet finished
};

} // namespace Proto
