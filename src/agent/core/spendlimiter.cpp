#include "spendlimiter.h"

#include "limitsettings.h"
#include "store.h"

#include <QCoreApplication>

namespace Proto {

namespace {
QString money(double usd)
{
    return QStringLiteral("$") + QString::number(usd, 'f', usd < 1 ? 4 : 2);
}
} // namespace

SpendLimits SpendLimits::fromStore(const Store &store, double perRunUsd)
{
    const LimitSettings settings = LimitSettings::read(store);
    SpendLimits limits;
    limits.perSessionUsd = settings.sessionUsd;
    limits.perDayUsd = settings.dailyUsd;
    limits.perRunUsd = perRunUsd;
    return limits;
}

std::function<SpendLimits()> SpendLimiter::settingsSource(Store *store)
{
    return [store] { return SpendLimits::fromStore(*store); };
}

SpendLimiter::Source SpendLimiter::storeSource(Store *store)
{
    Source source;
    source.sessionCost = [store](const QString &id) { return store->totalCost(id); };
    source.costSince = [store](const QDateTime &since) { return store->costSince(since); };
    source.sync = [store] { store->flush(); };
    return source;
}

SpendLimiter::SpendLimiter(Source source, SpendLimits limits)
    : m_source(std::move(source))
    , m_limits(limits)
{ }

void SpendLimiter::syncIfDirty()
{
    if (m_dirty && m_source.sync)
        m_source.sync();
    m_dirty = false;
}

QDateTime SpendLimiter::startOfToday() const
{
    const QDateTime now = m_source.now ? m_source.now() : QDateTime::currentDateTime();
    return QDateTime(now.toLocalTime().date(), QTime(0, 0)).toUTC();
}

void SpendLimiter::startRun(const QString &sessionId)
{
    m_runBaseline.insert(sessionId, sessionCost(sessionId));
}

void SpendLimiter::noteSpent(const QString &)
{
    m_dirty = true;
}

double SpendLimiter::sessionCost(const QString &sessionId)
{
    syncIfDirty();
    return m_source.sessionCost ? m_source.sessionCost(sessionId) : 0.0;
}

double SpendLimiter::todayCost()
{
    syncIfDirty();
    return m_source.costSince ? m_source.costSince(startOfToday()) : 0.0;
}

double SpendLimiter::runCost(const QString &sessionId)
{
    return std::max(0.0, sessionCost(sessionId) - m_runBaseline.value(sessionId, 0.0));
}

bool SpendLimiter::check(const QString &sessionId, QString *reason)
{
    auto refuse = [reason](const QString &text) {
        if (reason)
            *reason = text;
        return false;
    };
    // Totals are read fresh each time (proto-cli may spend beside the app); only our own
    // queued writes need a flush first, after noteSpent().
    if (m_settings) {
        syncIfDirty();
        const SpendLimits current = m_settings();
        m_limits.perSessionUsd = current.perSessionUsd;
        m_limits.perDayUsd = current.perDayUsd;
    }
    if (m_limits.perRunUsd > 0) {
        const double spent = runCost(sessionId);
        if (spent >= m_limits.perRunUsd)
            return refuse(QCoreApplication::translate(
                "SpendLimiter", "Spend limit reached: this run spent %1 of its %2 limit")
                    .arg(money(spent), money(m_limits.perRunUsd)));
    }
    if (m_limits.perSessionUsd > 0) {
        const double spent = sessionCost(sessionId);
        if (spent >= m_limits.perSessionUsd)
            return refuse(QCoreApplication::translate(
                "SpendLimiter", "Spend limit reached: this session spent %1 of its %2 limit")
                    .arg(money(spent), money(m_limits.perSessionUsd)));
    }
    if (m_limits.perDayUsd > 0) {
        const double spent = todayCost();
        if (spent >= m_limits.perDayUsd)
            return refuse(
                QCoreApplication::translate("SpendLimiter", "Daily spend limit reached: %1 of %2 spent today")
                    .arg(money(spent), money(m_limits.perDayUsd)));
    }
    return true;
}

} // namespace Proto
