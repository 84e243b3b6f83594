#include "sshconnection.h"

#include "sshoperation.h"
#include "sshworker.h"

#include <QLoggingCategory>
#include <QMetaMethod>

#include <atomic>

Q_LOGGING_CATEGORY(lcSsh, "proto.ssh")

namespace Proto {

namespace {
std::atomic<quint64> g_nextOperationId { 1 };
} // namespace

SshConnection::SshConnection(const SshMachineConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_worker(std::make_unique<SshWorker>(this, config))
{
    qRegisterMetaType<Proto::SshHostKeyPrompt>();
    qRegisterMetaType<Proto::SshSecretPrompt>();
    qRegisterMetaType<Proto::Machine::State>();
}

SshConnection::~SshConnection()
{
    m_worker->stopThread();
    // Whoever still waits for an answer gets one: the connection is gone.
    const auto receivers = std::exchange(m_receivers, {});
    for (const Receiver &r : receivers) {
        if (!r.object)
            continue;
        SshEvent event;
        event.type = SshEvent::Type::Finished;
        event.error = MachineJob::Error::ConnectionLost;
        event.message = tr("The connection was closed.");
        r.receiver->sshEvent(event);
    }
}

void SshConnection::connectToHost()
{
    m_worker->startThread();
    m_worker->post([](SshWorker &w) { w.requestConnect(); });
}

void SshConnection::disconnectFromHost()
{
    m_worker->post([](SshWorker &w) { w.requestDisconnect(); });
}

void SshConnection::answerHostKey(quint64 promptId, bool accept)
{
    m_worker->answer(promptId, accept ? std::optional<QByteArray>(QByteArrayLiteral("yes")) : std::nullopt);
}

void SshConnection::answerSecret(quint64 promptId, const QString &secret)
{
    m_worker->answer(promptId, secret.toUtf8());
}

void SshConnection::cancelSecret(quint64 promptId)
{
    m_worker->answer(promptId, std::nullopt);
}

quint64 SshConnection::start(std::unique_ptr<SshOperation> operation, QObject *receiver)
{
    const quint64 id = g_nextOperationId++;
    operation->setId(id);
    m_receivers.insert(id, Receiver { receiver, dynamic_cast<SshEventReceiver *>(receiver) });
    m_worker->startThread();
    // std::function needs a copyable callable: hand the operation over through a shared holder.
    auto holder = std::make_shared<std::unique_ptr<SshOperation>>(std::move(operation));
    m_worker->post([holder](SshWorker &w) { w.addOperation(std::move(*holder)); });
    return id;
}

void SshConnection::cancel(quint64 operationId)
{
    m_worker->post([operationId](SshWorker &w) {
        if (SshOperation *op = w.find(operationId))
            op->cancel(w);
    });
}

void SshConnection::invoke(quint64 operationId, std::function<void(SshOperation &, SshContext &)> call)
{
    m_worker->post([operationId, call = std::move(call)](SshWorker &w) {
        if (SshOperation *op = w.find(operationId))
            call(*op, w);
    });
}

void SshConnection::deliver(quint64 operationId, const SshEvent &event)
{
    auto it = m_receivers.find(operationId);
    if (it == m_receivers.end())
        return;
    if (!it->object) {
        m_receivers.erase(it);
        return;
    }
    SshEventReceiver *receiver = it->receiver;
    if (event.type == SshEvent::Type::Finished)
        m_receivers.erase(it);
    if (receiver)
        receiver->sshEvent(event);
}

void SshConnection::setState(Machine::State state, SshError error, const QString &message)
{
    m_error = error;
    m_errorString = message;
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void SshConnection::raiseHostKeyPrompt(const SshHostKeyPrompt &prompt)
{
    if (!isSignalConnected(QMetaMethod::fromSignal(&SshConnection::hostKeyPrompt))) {
        answerHostKey(prompt.id, false);
        return;
    }
    Q_EMIT hostKeyPrompt(prompt);
}

void SshConnection::raiseSecretPrompt(const SshSecretPrompt &prompt)
{
    if (!isSignalConnected(QMetaMethod::fromSignal(&SshConnection::secretPrompt))) {
        cancelSecret(prompt.id);
        return;
    }
    Q_EMIT secretPrompt(prompt);
}

} // namespace Proto
