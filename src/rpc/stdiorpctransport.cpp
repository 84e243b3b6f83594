#include "stdiorpctransport.h"

#include "machine.h"
#include "rpclogging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaObject>

namespace Proto {

namespace {

QString printable(QByteArrayView bytes)
{
    QString text = QString::fromUtf8(bytes.first(qMin<qsizetype>(bytes.size(), 160)));
    for (QChar &c : text) {
        if (!c.isPrint())
            c = QLatin1Char('?');
    }
    return bytes.size() > 160 ? text + QStringLiteral("...") : text;
}

} // namespace

StdioRpcTransport::StdioRpcTransport(Machine *machine, const CommandSpec &spec, QObject *parent)
    : StdioRpcTransport(machine, spec, Limits {}, parent)
{ }

StdioRpcTransport::StdioRpcTransport(
    Machine *machine, const CommandSpec &spec, const Limits &limits, QObject *parent)
    : RpcTransport(parent)
    , m_machine(machine)
    , m_spec(spec)
    , m_limits(limits)
    , m_decoder(limits.maxMessageBytes)
{
    m_spec.keepStdinOpen = true;
    m_spec.timeoutMs = 0;
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        if (m_job)
            m_job->cancel();
    });
}

StdioRpcTransport::~StdioRpcTransport()
{
    if (m_job) {
        m_job->disconnect(this);
        m_job->cancel();
        delete m_job; // a local job ends its process group when deleted while running
    }
}

void StdioRpcTransport::start()
{
    if (m_job || m_closed)
        return;
    if (!m_machine) {
        QMetaObject::invokeMethod(
            this, [this] { fail(QStringLiteral("the machine is gone")); }, Qt::QueuedConnection);
        return;
    }
    qCInfo(lcRpc) << "starting a JSON-RPC process on" << m_machine->name();
    m_job = m_machine->run(m_spec);
    connect(m_job, &CommandJob::stdoutData, this, &StdioRpcTransport::onStdout);
    connect(m_job, &CommandJob::stderrData, this, &StdioRpcTransport::onStderr);
    connect(m_job, &MachineJob::finished, this, &StdioRpcTransport::onFinished);
    m_open = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_open)
                Q_EMIT opened();
        },
        Qt::QueuedConnection);
}

void StdioRpcTransport::send(const QJsonObject &message)
{
    if (!m_open || m_closing || !m_job)
        return;
    QByteArray line = QJsonDocument(message).toJson(QJsonDocument::Compact);
    line.append('\n');
    m_job->writeStdin(line);
}

void StdioRpcTransport::close()
{
    if (!m_job || m_closed || m_closing)
        return;
    // MCP's stdio shutdown: close stdin, give the server a moment to exit, then end its group.
    m_closing = true;
    m_job->closeStdin();
    m_killTimer.start(m_limits.closeGraceMs);
}

QString StdioRpcTransport::diagnostics() const
{
    return QString::fromUtf8(m_stderr).trimmed();
}

void StdioRpcTransport::onStdout(const QByteArray &data)
{
    if (m_closed)
        return;
    QList<QByteArray> lines;
    const bool ok = m_decoder.feed(data, lines);
    for (const QByteArray &line : std::as_const(lines)) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError) {
            Q_EMIT garbageReceived(QStringLiteral("output that is not JSON: \"%1\"").arg(printable(line)));
        } else if (document.isObject()) {
            Q_EMIT messageReceived(document.object());
        } else if (document.isArray()) {
            // A batch: each element on its own.
            for (const QJsonValue &element : document.array()) {
                if (element.isObject())
                    Q_EMIT messageReceived(element.toObject());
                else
                    Q_EMIT garbageReceived(QStringLiteral("a batch element that is not an object"));
            }
        } else {
            Q_EMIT garbageReceived(QStringLiteral("JSON that is not a message: \"%1\"").arg(printable(line)));
        }
        if (m_closed)
            return;
    }
    if (!ok)
        fail(QStringLiteral("the server sent %1").arg(m_decoder.errorString()));
}

void StdioRpcTransport::onStderr(const QByteArray &data)
{
    m_stderr.append(data);
    if (m_stderr.size() > m_limits.maxStderrBytes)
        m_stderr.remove(0, m_stderr.size() - m_limits.maxStderrBytes);
}

void StdioRpcTransport::onFinished()
{
    if (m_closed)
        return;
    QString reason;
    if (m_closing) {
        reason = QStringLiteral("the connection was closed");
    } else if (m_job->error() == MachineJob::Error::None) {
        reason = m_job->exitSignal() != 0
            ? QStringLiteral("the server process was killed by signal %1").arg(m_job->exitSignal())
            : QStringLiteral("the server process exited with code %1").arg(m_job->exitCode());
    } else {
        reason = QStringLiteral("the server process could not run: %1").arg(m_job->errorString());
    }
    const QString log = diagnostics();
    if (!m_closing && !log.isEmpty())
        reason += QStringLiteral("; its last output on stderr: %1").arg(log.right(400));
    fail(reason);
}

void StdioRpcTransport::fail(const QString &reason)
{
    if (m_closed)
        return;
    m_closed = true;
    m_open = false;
    m_killTimer.stop();
    if (m_job && !m_job->isFinished())
        m_job->cancel();
    Q_EMIT closed(reason);
}

} // namespace Proto
