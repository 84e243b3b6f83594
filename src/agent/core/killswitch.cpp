#include "killswitch.h"

#include "store.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Proto {

namespace {
const QString SettingKey = QStringLiteral("agent/killSwitch");
}

KillSwitch::KillSwitch(QObject *parent)
    : QObject(parent)
{
    connect(&m_poll, &QTimer::timeout, this, &KillSwitch::poll);
}

KillSwitch::~KillSwitch() = default;

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
    m_poll.stop();
    if (!m_store)
        return;
    poll();
    m_poll.start(std::max(50, pollMs));
}

void KillSwitch::engage(const QString &reason)
{
    const QString why = reason.isEmpty() ? tr("stopped by the user") : reason;
    setState(true, why, true);
}

void KillSwitch::release()
{
    setState(false, {}, true);
}

void KillSwitch::setState(bool engaged, const QString &reason, bool persist)
{
    if (engaged == m_engaged)
        return;
    if (persist && m_store) {
        QJsonObject state;
        state.insert(QLatin1String("engaged"), engaged);
        state.insert(QLatin1String("reason"), reason);
        state.insert(QLatin1String("at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
        m_store->setSetting(
            SettingKey, QString::fromUtf8(QJsonDocument(state).toJson(QJsonDocument::Compact)));
        m_store->flush();
    }
    m_engaged = engaged;
    m_reason = engaged ? reason : QString();
    m_engagedAt = engaged ? QDateTime::currentDateTimeUtc() : QDateTime();
    Q_EMIT engagedChanged(engaged);
    if (engaged)
        Q_EMIT this->engaged(reason);
    else
        Q_EMIT released();
}

void KillSwitch::poll()
{
    if (!m_store)
        return;
    const QJsonObject state
        = QJsonDocument::fromJson(m_store->setting(SettingKey).toString().toUtf8()).object();
    const bool engaged = state.value(QLatin1String("engaged")).toBool();
    if (engaged != m_engaged)
        setState(engaged, state.value(QLatin1String("reason")).toString(), false);
}

} // namespace Proto
