#include "sshshell.h"

#include "sshconnection.h"
#include "sshexecoperation.h"
#include "sshshelloperation.h"

#include <QCoreApplication>

namespace Proto {

SshShell::SshShell(SshConnection *connection, int columns, int rows, const QString &term,
    const QByteArray &command, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
{
    m_id = connection->start(
        std::make_unique<SshShellOperation>(columns, rows, term.toLatin1(), command), this);
}

SshShell::~SshShell()
{
    close();
}

void SshShell::write(const QByteArray &data)
{
    if (!m_connection || m_finished || data.isEmpty())
        return;
    m_connection->invoke(
        m_id, [data](SshOperation &op, SshContext &) { static_cast<SshShellOperation &>(op).write(data); });
}

void SshShell::resize(int columns, int rows)
{
    if (!m_connection || m_finished)
        return;
    m_connection->invoke(m_id, [columns, rows](SshOperation &op, SshContext &) {
        static_cast<SshShellOperation &>(op).resize(columns, rows);
    });
}

void SshShell::close()
{
    if (m_connection && !m_finished)
        m_connection->cancel(m_id);
    m_finished = true;
}

void SshShell::sshEvent(const SshEvent &event)
{
    if (m_finished)
        return; // closed by us: nothing more to say
    switch (event.type) {
    case SshEvent::Type::Opened:
        m_open = true;
        Q_EMIT opened();
        break;
    case SshEvent::Type::Stdout:
        Q_EMIT dataReceived(event.data);
        break;
    case SshEvent::Type::Exit:
        m_exitCode = int(event.a);
        m_exitSignal = int(event.b);
        break;
    case SshEvent::Type::Finished:
        m_finished = true;
        m_error = event.error;
        m_errorString = event.message;
        Q_EMIT finished();
        break;
    default:
        break;
    }
}

SshShellOperation::SshShellOperation(int columns, int rows, const QByteArray &term, const QByteArray &command)
    : m_term(term.isEmpty() ? QByteArrayLiteral("xterm-256color") : term)
    , m_command(command)
    , m_columns(qBound(1, columns, 10000))
    , m_rows(qBound(1, rows, 10000))
{ }

void SshShellOperation::resize(int columns, int rows)
{
    m_columns = qBound(1, columns, 10000);
    m_rows = qBound(1, rows, 10000);
    m_resizePending = true;
}

bool SshShellOperation::step(SshContext &ctx)
{
    if (!m_channel) {
        m_channel.reset(ssh_channel_new(ctx.session()));
        const char *failure = nullptr;
        if (!m_channel || ssh_channel_open_session(m_channel.get()) != SSH_OK)
            failure = "The server refused a new channel: %1";
        else if (ssh_channel_request_pty_size(m_channel.get(), m_term.constData(), m_columns, m_rows)
            != SSH_OK)
            failure = "The server refused a terminal: %1";
        else if (m_command.isEmpty()
                ? ssh_channel_request_shell(m_channel.get()) != SSH_OK
                : ssh_channel_request_exec(m_channel.get(), m_command.constData()) != SSH_OK)
            failure = "The server refused a shell: %1";
        if (failure) {
            m_channel.reset();
            if (ctx.sessionAlive())
                finish(ctx, MachineJob::Error::Failed,
                    QCoreApplication::translate("SshShell", failure).arg(ctx.lastError()));
            return true;
        }
        m_buffer.resize(64 * 1024);
        SshEvent opened;
        opened.type = SshEvent::Type::Opened;
        post(ctx, std::move(opened));
        m_resizePending = false;
        return true;
    }
    ssh_channel ch = m_channel.get();
    bool progress = false;
    if (m_resizePending) {
        m_resizePending = false;
        ssh_channel_change_pty_size(ch, m_columns, m_rows);
        progress = true;
    }
    while (!m_input.isEmpty()) {
        const uint32_t window = ssh_channel_window_size(ch);
        if (window == 0)
            break;
        const uint32_t n = std::min<uint32_t>({ window, uint32_t(m_input.size()), 32768u });
        const int written = ssh_channel_write(ch, m_input.constData(), n);
        if (written <= 0)
            break;
        m_input.remove(0, written);
        progress = true;
    }
    for (int stream = 0; stream < 2; ++stream) {
        for (int i = 0; i < 64; ++i) {
            const int n
                = ssh_channel_read_nonblocking(ch, m_buffer.data(), uint32_t(m_buffer.size()), stream);
            if (n <= 0)
                break;
            SshEvent event;
            event.type = SshEvent::Type::Stdout;
            event.data = QByteArray(m_buffer.constData(), n);
            post(ctx, std::move(event));
            progress = true;
        }
    }
    if (!ctx.sessionAlive())
        return false;
    if (!progress && (ssh_channel_is_eof(ch) || ssh_channel_is_closed(ch))) {
        uint32_t code = 0;
        char *signal = nullptr;
        int core = 0;
        int rc;
        {
            SshNonBlockingScope nonBlocking(ctx.session());
            rc = ssh_channel_get_exit_state(ch, &code, &signal, &core);
        }
        if (rc == SSH_AGAIN && !ssh_channel_is_closed(ch))
            return false;
        SshEvent exit;
        exit.type = SshEvent::Type::Exit;
        exit.a = rc == SSH_OK && !signal ? int(code) : -1;
        exit.b = signal ? SshExecOperation::signalNumber(QByteArray(signal)) : 0;
        if (signal)
            ssh_string_free_char(signal);
        post(ctx, std::move(exit));
        m_channel.reset();
        finish(ctx);
        return true;
    }
    return progress;
}

void SshShellOperation::cancel(SshContext &ctx)
{
    m_channel.reset();
    finish(ctx, MachineJob::Error::Cancelled);
}

void SshShellOperation::abort(SshContext &ctx, MachineJob::Error error, const QString &message)
{
    m_channel.reset();
    finish(ctx, error, message);
}

} // namespace Proto
