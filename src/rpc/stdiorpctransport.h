#pragma once

#include "commandjob.h"
#include "jsonlinedecoder.h"
#include "rpctransport.h"

#include <QPointer>
#include <QTimer>

namespace Proto {

class Machine;

// JSON-RPC over a process's stdin and stdout, one message per line (MCP's stdio transport, ACP):
// the process runs on a Machine (a local process, or an exec channel of an SSH connection) in a
// process group of its own. stderr is kept as a log (its tail, capped). Lines longer than the
// message cap end the link; lines that are not JSON are reported as garbage.
class StdioRpcTransport final : public RpcTransport
{
    Q_OBJECT

public:
    struct Limits
    {
        qsizetype maxMessageBytes = 16 * 1024 * 1024;
        qsizetype maxStderrBytes = 64 * 1024; // the tail kept
        int closeGraceMs = 2000; // after stdin is closed, before the process group is ended
    };

    // spec.command is the shell command line (shellJoin of program and arguments).
    StdioRpcTransport(Machine *machine, const CommandSpec &spec, QObject *parent = nullptr);
    StdioRpcTransport(
        Machine *machine, const CommandSpec &spec, const Limits &limits, QObject *parent = nullptr);
    ~StdioRpcTransport() override;

    void start() override;
    void send(const QJsonObject &message) override;
    void close() override;
    bool isOpen() const override { return m_open; }
    QString diagnostics() const override;

private:
    void onStdout(const QByteArray &data);
    void onStderr(const QByteArray &data);
    void onFinished();
    void fail(const QString &reason);

    QPointer<Machine> m_machine;
    CommandSpec m_spec;
    Limits m_limits;
    JsonLineDecoder m_decoder;
    CommandJob *m_job = nullptr;
    QByteArray m_stderr;
    QTimer m_killTimer;
    bool m_open = false;
    bool m_closed = false;
    bool m_closing = false;
};

} // namespace Proto
