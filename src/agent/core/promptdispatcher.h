#pragma once

#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

namespace Proto {

class AgentRunner;
class KillSwitch;
class Machine;
class PromptQueue;

// Sends what a person types to a session's agent, or keeps it in the session's PromptQueue while
// it cannot go: the agent is working, the provider cannot be reached (a turn ended with a network
// error: the last prompt is sent again after a growing pause, 2 s up to 60 s, or at once with
// retryNow()), or the session's machine is not connected (sent when it connects). Queued prompts
// go one turn at a time, in order, and none while the kill switch is engaged.
class PromptDispatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromptDispatcher)

public:
    enum class Waiting
    {
        Nothing,
        Agent, // a turn is running
        Provider, // the provider could not be reached; the last prompt goes again
        Machine, // the session's machine is not connected
        KillSwitch, // engaged: nothing goes until it is released
    };
    Q_ENUM(Waiting)

    PromptDispatcher(AgentRunner *runner, PromptQueue *queue, Machine *machine, QObject *parent = nullptr);

    // Sent now when nothing is in the way (true), else queued (false).
    bool submit(const QString &text, const QJsonArray &attachments = {});
    Waiting waiting() const;
    int retryInMs() const; // when waiting for the provider: until the next attempt
    void retryNow();
    void setRetryDelays(int firstMs, int maxMs);
    void setKillSwitch(KillSwitch *killSwitch); // queued prompts wait while it is engaged

Q_SIGNALS:
    void waitingChanged(Proto::PromptDispatcher::Waiting waiting);

private:
    void onTurnFinished();
    void drain();
    bool machineReady() const;
    void notify();

    QPointer<AgentRunner> m_runner;
    QPointer<PromptQueue> m_queue;
    QPointer<Machine> m_machine;
    QPointer<KillSwitch> m_killSwitch;
    bool m_offline = false; // the last turn ended with a network error; its prompt waits
    int m_delayMs = 0;
    int m_firstDelayMs = 2000;
    int m_maxDelayMs = 60000;
    QTimer m_retry;
    Waiting m_lastWaiting = Waiting::Nothing;
};

} // namespace Proto
