#include "killswitch.h"

#include "store.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcAgent)

namespace Proto {

KillSwitch::KillSwitch(QObject *parent)
    : QObject(parent)
{
    connect(&m_poll, &QTimer::timeout, this, &KillSwitch::poll);
}

KillSwitch::~KillSwitch() = default;

QString KillSwitch::settingKey()
{
    return QStringLiteral("agent/killSwitch");
}

QString KillSwitch::stateJson(bool engaged, const QString &reason, const QDateTime &at)
{
    QJsonObject state;
    state.insert(QLatin1String("engaged"), engaged);
    state.insert(QLatin1String("reason"), engaged ? reason : QString());
    state.insert(QLatin1String("at"), at.toUTC().toString(Qt::ISODateWithMs));
    return QString::fromUtf8(QJsonDocument(state).toJson(QJsonDocument::Compact));
}

QString KillSwitch::refusal() const
{
    if (!m_engaged)
        return {};
    return m_reason.isEmpty() ? tr("Kill switch engaged. Release it to continue.")
                              : tr("Kill switch engaged: %1. Release it to continue.").arg(m_reason);
}

void KillSwitch::attachStore(Store *store, int pollMs)
{
    m_store = store;
    m_pendingWrite = 0;
    m_poll.stop();
    if (!m_store)
        return;
    poll();
    m_poll.start(std::max(50, pollMs));
}

void KillSwitch::engage(const QString &reason)
{
    if (m_engaged)
        return;
    const QString why = reason.isEmpty() ? tr("stopped by the user") : reason;
    // Everyone is told first; the write to the database follows and is not waited for.
    setState(true, why, QDateTime::currentDateTimeUtc());
    persist();
}

void KillSwitch::release()
{
    if (!m_engaged)
        return;
    setState(false, {}, QDateTime::currentDateTimeUtc());
    persist();
}

void KillSwitch::setState(bool engaged, const QString &reason, const QDateTime &at)
{
    m_changedAt = at;
    if (engaged == m_engaged)
        return;
    m_engaged = engaged;
    m_reason = engaged ? reason : QString();
    m_engagedAt = engaged ? at : QDateTime();
    Q_EMIT engagedChanged(engaged);
    if (engaged)
        Q_EMIT this->engaged(m_reason);
    else
        Q_EMIT released();
}

void KillSwitch::persist()
{
    if (!m_store)
        return;
    m_pendingWrite = m_store->setSetting(settingKey(), stateJson(m_engaged, m_reason, m_changedAt));
}

bool KillSwitch::writePending() const
{
    return m_store && m_pendingWrite != 0 && m_store->committedSeq() < m_pendingWrite;
}

void KillSwitch::poll()
{
    // While our own write is on its way, the database still shows the state before it.
    if (!m_store || writePending())
        return;
    const QVariant stored = m_store->setting(settingKey());
    if (!stored.isValid())
        return; // never set, or the read failed: nothing to adopt
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(stored.toString().toUtf8(), &parseError);
    const QJsonValue engagedValue = document.object().value(QLatin1String("engaged"));
    if (parseError.error != QJsonParseError::NoError || !document.isObject() || !engagedValue.isBool()) {
        qCWarning(lcAgent) << "the kill switch setting is unreadable; keeping the switch"
                           << (m_engaged ? "engaged" : "released");
        return;
    }
    const bool engaged = engagedValue.toBool();
    if (engaged == m_engaged)
        return;
    const QDateTime at
        = QDateTime::fromString(document.object().value(QLatin1String("at")).toString(), Qt::ISODateWithMs);
    if (m_changedAt.isValid() && at.isValid() && at < m_changedAt) {
        // Older than our own change: our write was lost (a failed write); put it back.
        persist();
        return;
    }
    setState(engaged, document.object().value(QLatin1String("reason")).toString(),
        at.isValid() ? at : QDateTime::currentDateTimeUtc());
}

} // namespace Proto
