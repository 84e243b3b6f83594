#include "sshexecoperation.h"

#include "sshdurablescript.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QRegularExpression>

Q_DECLARE_LOGGING_CATEGORY(lcSsh)

namespace Proto {

namespace {

constexpr int kReadChunk = 256 * 1024;
constexpr int kMaxReadPerStep = 4 * 1024 * 1024;

QString tr(const char *text)
{
    return QCoreApplication::translate("SshMachine", text);
}

} // namespace

SshExecOperation::SshExecOperation(const CommandSpec &spec)
    : m_spec(spec)
{
    m_stdin = spec.stdinData;
    m_closeStdin = !spec.keepStdinOpen;
    if (spec.survivesDisconnect)
        m_jobId = SshDurableScript::newJobId();
}

QByteArray SshExecOperation::shellQuote(const QByteArray &text)
{
    QByteArray quoted = "'";
    for (char c : text) {
        if (c == '\'')
            quoted += "'\\''";
        else
            quoted += c;
    }
    quoted += '\'';
    return quoted;
}

QByteArray SshExecOperation::remoteScript(const CommandSpec &spec, QString *error)
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    const QByteArray command = spec.command.toUtf8();
    if (command.contains('\0') || spec.workingDirectory.contains(QChar(0))) {
        *error = tr("The command contains a NUL character.");
        return {};
    }
    QByteArray script = "printf '\\036proto-pid=%s\\036\\n' \"$$\"\n"
                        "printf '\\036proto-err\\036\\n' >&2\n";
    for (auto it = spec.environment.cbegin(); it != spec.environment.cend(); ++it) {
        if (!name.match(it.key()).hasMatch()) {
            *error = tr("\"%1\" is not a valid environment variable name.").arg(it.key());
            return {};
        }
        const QByteArray value = it.value().toUtf8();
        if (value.contains('\0')) {
            *error = tr("The value of %1 contains a NUL character.").arg(it.key());
            return {};
        }
        script += "export " + it.key().toUtf8() + '=' + shellQuote(value) + '\n';
    }
    if (!spec.workingDirectory.isEmpty())
        script += "cd -- " + shellQuote(spec.workingDirectory.toUtf8()) + " || exit 126\n";
    script += "exec /bin/sh -c " + shellQuote(command);
    // The wrapper's PID must lead its own session, so that killing its process group and its
    // session ends everything the command started. sshd already starts every session's
    // process with setsid(); where something did not (the process is not even a process-group
    // leader), setsid(1) without forking makes it one (same PID). Linux /proc tells: fields 5
    // and 6 of /proc/$$/stat are the process group and the session. Elsewhere the script
    // runs as it is.
    // One brace group: /bin/sh -s parses it whole before running it, so it reads nothing of
    // what follows the script (the command's stdin) and needs no quoting by any login shell.
    static const QByteArray guard = "if read -r t 2>/dev/null </proc/$$/stat; then set -- ${t##*) }\n"
                                    "  if [ \"$4\" != \"$$\" ] && [ \"$3\" != \"$$\" ] "
                                    "&& command -v setsid >/dev/null 2>&1; then\n"
                                    "    exec setsid /bin/sh -c \"$s\"\n"
                                    "  fi\n"
                                    "fi\n"
                                    "eval \"$s\"\n";
    return "{\ns=" + shellQuote(script) + '\n' + guard + "}\n";
}

int SshExecOperation::signalNumber(const QByteArray &signalName)
{
    static const struct
    {
        const char *name;
        int number;
    } table[] = {
        { "HUP", 1 },
        { "INT", 2 },
        { "QUIT", 3 },
        { "ILL", 4 },
        { "TRAP", 5 },
        { "ABRT", 6 },
        { "BUS", 7 },
        { "FPE", 8 },
        { "KILL", 9 },
        { "USR1", 10 },
        { "SEGV", 11 },
        { "USR2", 12 },
        { "PIPE", 13 },
        { "ALRM", 14 },
        { "TERM", 15 },
        { "XCPU", 24 },
        { "XFSZ", 25 },
    };
    QByteArray n = signalName;
    if (n.startsWith("SIG"))
        n = n.mid(3);
    for (const auto &entry : table)
        if (n == entry.name)
            return entry.number;
    return 0;
}

QByteArray SshExecOperation::killCommand(qint64 pid)
{
    // The process group, and the session it leads (a job-control shell inside the command moves
    // its jobs to groups of their own; pkill -s finds them where procps is installed): SIGTERM,
    // up to half a second to go, then SIGKILL.
    const QByteArray p = QByteArray::number(pid);
    return "kill -TERM -- -" + p + " 2>/dev/null; pkill -TERM -s " + p
        + " 2>/dev/null; i=0; while [ $i -lt 5 ] && { kill -0 -- -" + p + " || pgrep -s " + p
        + "; } >/dev/null 2>&1; do sleep 0.1; i=$((i+1)); done; kill -KILL -- -" + p
        + " 2>/dev/null; pkill -KILL -s " + p + " 2>/dev/null; exit 0";
}

SshOperation::Clock::time_point SshExecOperation::deadline() const
{
    return std::min({ m_timeoutAt, m_giveUpAt, m_exitKnown ? m_exitGraceUntil : Clock::time_point::max() });
}

bool SshExecOperation::step(SshContext &ctx)
{
    if (m_stage == Stage::Open)
        return open(ctx);
    return pump(ctx);
}

bool SshExecOperation::open(SshContext &ctx)
{
    QString error;
    if (m_attach)
        m_script = SshDurableScript::attach(
            m_jobId, m_outBytes, m_errBytes, SshDurableScript::wantsStdin(m_spec) && !m_eofSent);
    else if (!m_jobId.isEmpty())
        m_script = SshDurableScript::start(m_spec, m_jobId, remoteScript(m_spec, &error), &error);
    else
        m_script = remoteScript(m_spec, &error);
    if (m_script.isEmpty()) {
        finish(ctx, MachineJob::Error::Failed, error);
        return true;
    }
    m_channel.reset(ssh_channel_new(ctx.session()));
    if (!m_channel || ssh_channel_open_session(m_channel.get()) != SSH_OK) {
        if (ctx.sessionAlive())
            finish(ctx, MachineJob::Error::Failed,
                tr("The server refused a new channel: %1").arg(ctx.lastError()));
        m_channel.reset();
        return true;
    }
    if (ssh_channel_request_exec(m_channel.get(), shellRequest().constData()) != SSH_OK) {
        if (ctx.sessionAlive())
            finish(ctx, MachineJob::Error::Failed,
                tr("The server refused to run the command: %1").arg(ctx.lastError()));
        m_channel.reset();
        return true;
    }
    m_stage = Stage::Running;
    if (m_spec.timeoutMs > 0 && m_timeoutAt == Clock::time_point::max())
        m_timeoutAt = Clock::now() + std::chrono::milliseconds(m_spec.timeoutMs);
    m_buffer.resize(kReadChunk);
    return true;
}

void SshExecOperation::handleStdout(SshContext &ctx, const char *data, int size)
{
    if (m_pidKnown) {
        postOutput(ctx, SshEvent::Type::Stdout, QByteArray(data, size));
        return;
    }
    // The wrapper's first words are a marked PID line. What comes before it is a login shell's
    // startup files talking (a banner): the command has not started yet, so it is dropped.
    static const QByteArray marker = "\x1eproto-pid=";
    m_head.append(data, size);
    QByteArray rest;
    const qsizetype at = m_head.indexOf(marker);
    const qsizetype end = at >= 0 ? m_head.indexOf("\x1e\n", at + marker.size()) : -1;
    if (end >= 0) {
        bool ok = false;
        // "PID", or "PID/d/N" from a supervised job whose stdin log holds N bytes.
        const QList<QByteArray> fields = m_head.mid(at + marker.size(), end - at - marker.size()).split('/');
        const bool durable = fields.size() == 3 && fields.at(1) == "d";
        if (durable)
            confirmStdin(fields.at(2).toLongLong());
        const qint64 number = fields.at(0).toLongLong(&ok);
        if (ok && number > 0)
            m_pid = number;
        else if (!m_attach)
            m_pid = 0;
        m_remoteDurable = m_remoteDurable || durable;
        rest = m_head.mid(end + 2);
    } else if (m_head.size() > 64 * 1024) {
        rest = m_head; // no wrapper line: a shell that did not run it; nothing to strip
    } else {
        return;
    }
    m_pidKnown = true;
    m_head.clear();
    pidKnown(ctx);
    if (!rest.isEmpty())
        postOutput(ctx, SshEvent::Type::Stdout, rest);
}

void SshExecOperation::confirmStdin(qint64 onServer)
{
    if (!SshDurableScript::wantsStdin(m_spec) || !m_attach)
        return;
    // What the server's log lacks of what was sent goes again, before anything newer.
    const qint64 base = m_stdinSent - m_unconfirmed.size();
    if (onServer < base || onServer > m_stdinSent || (m_unconfirmedOverflow && onServer != m_stdinSent)) {
        qCWarning(lcSsh) << "stdin of a supervised command: the server has" << onServer << "of" << m_stdinSent
                         << "bytes, which cannot be sent again";
    } else {
        m_stdin.prepend(m_unconfirmed.mid(onServer - base));
        m_stdinSent = onServer;
    }
    m_unconfirmed.clear();
    m_unconfirmedOverflow = false;
}

void SshExecOperation::pidKnown(SshContext &ctx)
{
    qCDebug(lcSsh) << "command" << m_pid << (m_remoteDurable ? "supervised" : "plain")
                   << (m_attach ? "followed again" : "started") << m_outBytes << m_errBytes << m_stdin.size();
    // Stdin that was closed before the job could be named (no stdin at all, or all of it sent
    // at once): the keeper goes, so the command reads end-of-file.
    if (m_remoteDurable && m_eofSent && SshDurableScript::wantsStdin(m_spec))
        ctx.runDetached(SshDurableScript::closeStdin(m_jobId, m_stdinSent));
    if (m_killAfterAttach && !m_killSent) {
        m_killAfterAttach = false;
        kill(ctx);
    }
}

void SshExecOperation::postOutput(SshContext &ctx, SshEvent::Type type, const QByteArray &data)
{
    if (data.isEmpty())
        return;
    (type == SshEvent::Type::Stdout ? m_outBytes : m_errBytes) += data.size();
    SshEvent event;
    event.type = type;
    event.data = data;
    post(ctx, std::move(event));
}

void SshExecOperation::handleStderr(SshContext &ctx, const char *data, int size)
{
    QByteArray out;
    if (m_errStarted) {
        out = QByteArray(data, size);
    } else {
        // As on stdout: what precedes the start mark is the login shell's, not the command's.
        static const QByteArray mark = "\x1eproto-err\x1e\n";
        m_errHead.append(data, size);
        const qsizetype at = m_errHead.indexOf(mark);
        if (at >= 0)
            out = m_errHead.mid(at + mark.size());
        else if (m_errHead.size() > 64 * 1024)
            out = m_errHead; // no mark: a shell that did not run the script; nothing to strip
        else
            return;
        m_errStarted = true;
        m_errHead.clear();
    }
    postOutput(ctx, SshEvent::Type::Stderr, out);
}

void SshExecOperation::kill(SshContext &ctx)
{
    if (m_killSent)
        return;
    m_killSent = true;
    if (m_pid > 1)
        ctx.runDetached(killCommand(m_pid));
    m_giveUpAt = Clock::now() + std::chrono::seconds(5);
}

bool SshExecOperation::pump(SshContext &ctx)
{
    ssh_channel ch = m_channel.get();
    bool progress = false;

    if (m_stage == Stage::Running) {
        const auto send = [ch, &progress](QByteArray &buffer) {
            while (!buffer.isEmpty()) {
                const uint32_t window = ssh_channel_window_size(ch);
                if (window == 0)
                    break;
                const uint32_t n = std::min<uint32_t>({ window, uint32_t(buffer.size()), 65536u });
                const int written = ssh_channel_write(ch, buffer.constData(), n);
                if (written <= 0)
                    break;
                buffer.remove(0, written);
                progress = true;
            }
        };
        send(m_script);
        // The command's own stdin only once the script runs (its PID line is in): /bin/sh has
        // then parsed the whole script and reads no further.
        if (m_script.isEmpty() && m_pidKnown) {
            const qsizetype before = m_stdin.size();
            const QByteArray pending = m_remoteDurable ? m_stdin : QByteArray();
            send(m_stdin);
            const qsizetype sent = before - m_stdin.size();
            if (m_remoteDurable && sent > 0) {
                m_stdinSent += sent;
                m_unconfirmed += pending.left(sent);
                constexpr qsizetype kMaxUnconfirmed = 8 * 1024 * 1024;
                if (m_unconfirmed.size() > kMaxUnconfirmed) {
                    m_unconfirmed.remove(0, m_unconfirmed.size() - kMaxUnconfirmed);
                    m_unconfirmedOverflow = true;
                }
            }
        }
        if (m_closeStdin && m_script.isEmpty() && m_stdin.isEmpty() && !m_eofSent) {
            ssh_channel_send_eof(ch);
            m_eofSent = true;
            if (m_pidKnown && m_remoteDurable && SshDurableScript::wantsStdin(m_spec))
                ctx.runDetached(SshDurableScript::closeStdin(m_jobId, m_stdinSent));
        }
    }

    int total = 0;
    bool readSomething = false;
    for (int stream = 0; stream < 2; ++stream) {
        while (total < kMaxReadPerStep) {
            const int n = ssh_channel_read_nonblocking(ch, m_buffer.data(), kReadChunk, stream);
            if (n <= 0)
                break;
            total += n;
            readSomething = true;
            if (m_stage == Stage::CancelWaitingForPid) {
                if (stream == 0)
                    handleStdout(ctx, m_buffer.constData(), n);
                continue;
            }
            if (stream == 0)
                handleStdout(ctx, m_buffer.constData(), n);
            else
                handleStderr(ctx, m_buffer.constData(), n);
        }
    }
    progress = progress || readSomething;
    if (!ctx.sessionAlive())
        return false; // the worker aborts everything with ConnectionLost

    const auto now = Clock::now();
    if (m_stage == Stage::CancelWaitingForPid) {
        if (m_pidKnown && m_pid > 1) {
            kill(ctx); // then wait, as for a timeout, until the group is gone
            m_stage = Stage::Running;
            return true;
        }
        if (m_pidKnown || now >= m_giveUpAt || ssh_channel_is_eof(ch) || ssh_channel_is_closed(ch)) {
            m_channel.reset();
            finish(ctx, MachineJob::Error::Cancelled);
            return true;
        }
        return progress;
    }
    if (now >= m_timeoutAt && !m_killSent) {
        m_timedOut = true;
        kill(ctx);
        progress = true;
    }
    if (readSomething) {
        if (m_exitKnown) // still flowing after the exit status: keep reading until it goes quiet
            m_exitGraceUntil = now + std::chrono::milliseconds(250);
        return true;
    }
    const bool ended = ssh_channel_is_eof(ch) || ssh_channel_is_closed(ch);
    if (!m_exitKnown) {
        uint32_t code = 0;
        char *signal = nullptr;
        int core = 0;
        int rc;
        {
            SshNonBlockingScope nonBlocking(ctx.session());
            rc = ssh_channel_get_exit_state(ch, &code, &signal, &core);
        }
        if (rc == SSH_OK) {
            m_exitKnown = true;
            m_exitSignal = 0;
            if (signal) {
                m_exitSignal = SshExecOperation::signalNumber(QByteArray(signal));
                if (m_exitSignal == 0)
                    m_exitSignal = -1; // a signal this table does not name
                ssh_string_free_char(signal);
            }
            m_exitCode = signal ? -1 : int(code);
            // The shell is gone; a background process may still hold its output open. Read on
            // while output flows (it may trail the exit status), and end the call once it has
            // been quiet for a moment, as a local shell would.
            m_exitGraceUntil = now + std::chrono::milliseconds(250);
        } else if (ended && (ssh_channel_is_closed(ch) || rc == SSH_ERROR)) {
            complete(ctx, -1, 0);
            return true;
        }
    }
    if (m_exitKnown && (ended || now >= m_exitGraceUntil)) {
        complete(ctx, m_exitCode, m_exitSignal);
        return true;
    }
    if (now >= m_giveUpAt) {
        complete(ctx, -1, 0);
        return true;
    }
    return progress;
}

void SshExecOperation::complete(SshContext &ctx, int code, int signal)
{
    // The script never ran (no /bin/sh, a login shell that refused): what was said instead is
    // the only explanation there is, so it goes through.
    if (!m_pidKnown && !m_head.isEmpty()) {
        SshEvent out;
        out.type = SshEvent::Type::Stdout;
        out.data = m_head;
        post(ctx, std::move(out));
        m_head.clear();
    }
    if (!m_errStarted && !m_errHead.isEmpty()) {
        SshEvent err;
        err.type = SshEvent::Type::Stderr;
        err.data = m_errHead;
        post(ctx, std::move(err));
        m_errHead.clear();
    }
    SshEvent event;
    event.type = SshEvent::Type::Exit;
    event.a = code;
    event.b = signal;
    event.timedOut = m_timedOut;
    post(ctx, std::move(event));
    m_channel.reset();
    if (m_remoteDurable)
        ctx.runDetached(SshDurableScript::forget(m_jobId)); // its status is in: the folder goes
    if (m_cancelled)
        finish(ctx, MachineJob::Error::Cancelled);
    else if (m_timedOut)
        finish(ctx, MachineJob::Error::Timeout,
            tr("The command did not finish within %1 s and was killed.").arg(m_spec.timeoutMs / 1000.0));
    else
        finish(ctx);
}

void SshExecOperation::cancel(SshContext &ctx)
{
    m_cancelled = true;
    if (m_stage == Stage::Open && m_attach) {
        m_killAfterAttach = true; // the link is down: killed once it is back
        return;
    }
    if (m_stage == Stage::Open) {
        finish(ctx, MachineJob::Error::Cancelled);
        return;
    }
    if (!m_pidKnown) {
        m_stage = Stage::CancelWaitingForPid; // the kill needs the PID line, due any moment
        m_giveUpAt = Clock::now() + std::chrono::seconds(3);
        return;
    }
    if (m_pid <= 1) {
        m_channel.reset();
        finish(ctx, MachineJob::Error::Cancelled);
        return;
    }
    kill(ctx); // Cancelled is reported once the channel closes: the group is gone
}

bool SshExecOperation::killOnShutdown(SshContext &ctx)
{
    if (isDone() || m_stage == Stage::Open)
        return false;
    m_cancelled = true;
    if (!m_pidKnown) {
        m_stage = Stage::CancelWaitingForPid;
        m_giveUpAt = std::min(m_giveUpAt, Clock::now() + std::chrono::seconds(1));
        return true;
    }
    if (m_pid <= 1 || m_killSent)
        return false;
    kill(ctx);
    return true;
}

bool SshExecOperation::delaysShutdown() const
{
    return !isDone() && m_stage == Stage::CancelWaitingForPid;
}

bool SshExecOperation::suspend(SshContext &)
{
    if (isDone() || !m_remoteDurable || !m_pidKnown || m_stage == Stage::Open)
        return false;
    // The channel died with the connection; the command runs on under its supervisor. What
    // was delivered stays counted; what was on its way in the dead channel is sent again by
    // the follower from those offsets.
    m_channel.reset();
    m_stage = Stage::Open;
    m_attach = true;
    m_pidKnown = false;
    m_head.clear();
    m_errHead.clear();
    m_errStarted = false;
    m_exitKnown = false;
    m_exitGraceUntil = Clock::time_point::max();
    m_killAfterAttach = m_killAfterAttach || m_killSent || m_cancelled || m_timedOut;
    m_killSent = false;
    m_giveUpAt = Clock::time_point::max();
    m_script.clear();
    // End-of-file goes again once what the server lacks has been sent again.
    if (SshDurableScript::wantsStdin(m_spec))
        m_eofSent = false;
    return true;
}

void SshExecOperation::abort(SshContext &ctx, MachineJob::Error error, const QString &message)
{
    m_channel.reset();
    finish(ctx, error, message);
    setDone();
}

SshDetachedExec::SshDetachedExec(const QByteArray &command)
    : m_command(command)
    , m_giveUpAt(Clock::now() + std::chrono::seconds(30))
{ }

bool SshDetachedExec::step(SshContext &ctx)
{
    if (!m_channel) {
        m_channel.reset(ssh_channel_new(ctx.session()));
        if (!m_channel || ssh_channel_open_session(m_channel.get()) != SSH_OK
            || ssh_channel_request_exec(m_channel.get(), SshExecOperation::shellRequest().constData())
                != SSH_OK) {
            m_channel.reset();
            setDone();
            return true;
        }
        // A few hundred bytes: within any channel window.
        const QByteArray script = m_command + '\n';
        ssh_channel_write(m_channel.get(), script.constData(), uint32_t(script.size()));
        ssh_channel_send_eof(m_channel.get());
        return true;
    }
    char buffer[4096];
    bool progress = false;
    for (int stream = 0; stream < 2; ++stream)
        while (ssh_channel_read_nonblocking(m_channel.get(), buffer, sizeof buffer, stream) > 0)
            progress = true;
    if (ssh_channel_is_eof(m_channel.get()) || ssh_channel_is_closed(m_channel.get())
        || Clock::now() >= m_giveUpAt) {
        m_channel.reset();
        setDone();
        return true;
    }
    return progress;
}

void SshDetachedExec::cancel(SshContext &)
{
    m_channel.reset();
    setDone();
}

void SshDetachedExec::abort(SshContext &, MachineJob::Error, const QString &)
{
    m_channel.reset();
    setDone();
}

} // namespace Proto
