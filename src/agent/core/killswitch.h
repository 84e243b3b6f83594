#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QTimer>

namespace Proto {

class Store;

// The big red button. One object per process, handed to every AgentRunner (never a global).
// engage() tells every runner at once (engagedChanged / engaged signals, direct connections):
// they abort their LLM request, cancel their tool job and approvals, and refuse new work with
// reason() until release() is called explicitly.
//
// With a store attached the state is shared between processes through the setting
// "agent/killSwitch" (engaging it in the app stops a proto-cli run and the other way round),
// polled every pollMs.
class KillSwitch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KillSwitch)

public:
    explicit KillSwitch(QObject *parent = nullptr);
    ~KillSwitch() override;

    bool isEngaged() const { return m_engaged; }
    QString reason() const { return m_reason; } // why it was engaged
    QDateTime engagedAt() const { return m_engagedAt; }
    // The sentence shown when work is refused: "Kill switch engaged: <reason>. Release it to continue."
    QString refusal() const;

    void attachStore(Store *store, int pollMs = 500);

public Q_SLOTS:
    void engage(const QString &reason = {});
    void release();

Q_SIGNALS:
    void engagedChanged(bool engaged);
    void engaged(const QString &reason);
    void released();

private:
    void setState(bool engaged, const QString &reason, bool persist);
    void poll();

    bool m_engaged = false;
    QString m_reason;
    QDateTime m_engagedAt;
    Store *m_store = nullptr;
    QTimer m_poll;
};

} // namespace Proto
