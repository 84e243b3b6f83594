#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QTimer>

namespace Proto {

class Store;

// The big red button. One object per process, handed to every AgentRunner (never a global).
// engage() flips the state and tells everyone at once (engagedChanged / engaged signals, direct
// connections): runners abort their LLM request, cancel their tool job and approvals; the
// application also kills the machines' running commands and drops queued VNC input. Work is
// refused with refusal() until release() is called explicitly.
//
// With a store attached the state is shared between processes through the setting
// "agent/killSwitch" (engaging it in the app stops a proto-cli run and the other way round),
// polled every pollMs. The state is written after the signals went out and without waiting
// for the write (a busy database never delays the stop). Polling only ever adopts an explicit
// stored state that is newer than the local change: a failed or garbled read, a missing
// setting or a stale "released" never releases the switch.
class KillSwitch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KillSwitch)

public:
    static constexpr int DefaultPollMs = 250;

    explicit KillSwitch(QObject *parent = nullptr);
    ~KillSwitch() override;

    bool isEngaged() const { return m_engaged; }
    QString reason() const { return m_reason; } // why it was engaged
    QDateTime engagedAt() const { return m_engagedAt; }
    // The sentence shown when work is refused: "Kill switch engaged: <reason>. Release it to continue."
    QString refusal() const;

    void attachStore(Store *store, int pollMs = DefaultPollMs);
    // Reads the stored state now (the timer does this every pollMs).
    void poll();

    // The setting's name and its JSON value ({"engaged", "reason", "at"}), shared with proto-cli.
    static QString settingKey();
    static QString stateJson(bool engaged, const QString &reason, const QDateTime &at);

public Q_SLOTS:
    void engage(const QString &reason = {});
    void release();

Q_SIGNALS:
    void engagedChanged(bool engaged);
    void engaged(const QString &reason);
    void released();

private:
    void setState(bool engaged, const QString &reason, const QDateTime &at);
    void persist();
    bool writePending() const;

    bool m_engaged = false;
    QString m_reason;
    QDateTime m_engagedAt;
    QDateTime m_changedAt; // the last change of state here (local or adopted); invalid: none yet
    Store *m_store = nullptr;
    quint64 m_pendingWrite = 0; // the store's write sequence number of our last state write
    QTimer m_poll;
};

} // namespace Proto
