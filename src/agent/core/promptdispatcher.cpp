#include "promptdispatcher.h"

#include "agentrunner.h"
#include "killswitch.h"
#include "machine.h"
#include "promptqueue.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcAgent)

namespace Proto {

PromptDispatcher::PromptDispatcher(AgentRunner *runner, PromptQueue *queue, Machine *machine, QObject *parent)
    : QObject(parent)
    , m_runner(runner)
    , m_queue(queue)
    , m_machine(machine)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &PromptDispatcher::retryNow);
    connect(runner, &AgentRunner::turnFinished, this, &PromptDispatcher::onTurnFinished);
    connect(runner, &AgentRunner::stateChanged, this, &PromptDispatcher::notify);
    connect(queue, &PromptQueue::changed, this, &PromptDispatcher::notify);
    if (machine) {
        connect(machine, &Machine::stateChanged, this, [this](Machine::State state) {
            if (state == Machine::State::Connected)
                QMetaObject::invokeMethod(this, &PromptDispatcher::drain, Qt::QueuedConnection);
            notify();
        });
    }
    // A queue kept from an earlier run goes as soon as it can.
    QMetaObject::invokeMethod(this, &PromptDispatcher::drain, Qt::QueuedConnection);
}

void PromptDispatcher::setRetryDelays(int firstMs, int maxMs)
{
    m_firstDelayMs = std::max(1, firstMs);
    m_maxDelayMs = std::max(m_firstDelayMs, maxMs);
}

void PromptDispatcher::setKillSwitch(KillSwitch *killSwitch)
{
    if (m_killSwitch)
        m_killSwitch->disconnect(this);
    m_killSwitch = killSwitch;
    if (!killSwitch)
        return;
    connect(killSwitch, &KillSwitch::engagedChanged, this, [this](bool engaged) {
        if (!engaged)
            QMetaObject::invokeMethod(this, &PromptDispatcher::drain, Qt::QueuedConnection);
        notify();
    });
}

bool PromptDispatcher::machineReady() const
{
    return !m_machine || m_machine->state() == Machine::State::Connected;
}

PromptDispatcher::Waiting PromptDispatcher::waiting() const
{
    if (m_runner && m_runner->isBusy())
        return Waiting::Agent;
    if (m_killSwitch && m_killSwitch->isEngaged())
        return Waiting::KillSwitch;
    if (m_offline)
        return Waiting::Provider;
    if (!machineReady())
        return Waiting::Machine;
    return Waiting::Nothing;
}

int PromptDispatcher::retryInMs() const
{
    return m_retry.isActive() ? m_retry.remainingTime() : 0;
}

bool PromptDispatcher::submit(const QString &text, const QJsonArray &attachments)
{
    if (!m_runner || !m_queue)
        return false;
    // Order is kept: nothing overtakes what already waits. With the kill switch engaged the
    // runner itself refuses, and says so.
    const Waiting now = waiting();
    if ((now == Waiting::Nothing || now == Waiting::KillSwitch) && m_queue->isEmpty()) {
        if (m_runner->send(text, attachments))
            return true;
    }
    m_queue->enqueue(text, attachments);
    notify();
    return false;
}

void PromptDispatcher::onTurnFinished()
{
    if (!m_runner)
        return;
    if (m_runner->lastError().kind == AgentError::Kind::Network) {
        // The conversation still ends with the prompt: it goes again, later.
        m_offline = true;
        m_delayMs = m_delayMs == 0 ? m_firstDelayMs : std::min(m_maxDelayMs, m_delayMs * 2);
        m_retry.start(m_delayMs);
        qCInfo(lcAgent) << "provider unreachable; trying again in" << m_delayMs << "ms";
        notify();
        return;
    }
    m_offline = false;
    m_delayMs = 0;
    m_retry.stop();
    QMetaObject::invokeMethod(this, &PromptDispatcher::drain, Qt::QueuedConnection);
    notify();
}

void PromptDispatcher::retryNow()
{
    m_retry.stop();
    if (!m_runner || m_runner->isBusy() || !m_offline || (m_killSwitch && m_killSwitch->isEngaged()))
        return;
    if (!machineReady()) {
        notify();
        return; // the machine's Connected state brings it back
    }
    m_offline = false; // until the attempt says otherwise
    if (!m_runner->resume()) {
        m_offline = true;
        m_retry.start(std::max(m_delayMs, m_firstDelayMs));
    }
    notify();
}

void PromptDispatcher::drain()
{
    if (!m_runner || !m_queue || m_runner->isBusy() || (m_killSwitch && m_killSwitch->isEngaged()))
        return;
    if (m_offline) {
        if (machineReady() && !m_retry.isActive())
            retryNow();
        return;
    }
    if (!machineReady() || m_queue->isEmpty())
        return;
    const PromptQueue::Item next = m_queue->takeFirst();
    if (!m_runner->send(next.text, next.attachments)) {
        m_queue->putBack(next); // it could not go after all: first in line again
        return;
    }
    notify();
}

void PromptDispatcher::notify()
{
    const Waiting now = waiting();
    if (now == m_lastWaiting)
        return;
    m_lastWaiting = now;
    Q_EMIT waitingChanged(now);
}

} // namespace Proto
