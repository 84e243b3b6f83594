#include "sessionlistmodel.h"

#include "store.h"

#include <QCoreApplication>

namespace Proto {
namespace {

bool sameRecord(const SessionRecord &a, const SessionRecord &b)
{
    return a.id == b.id && a.title == b.title && a.machineId == b.machineId
        && a.workingDirectory == b.workingDirectory && a.agent == b.agent && a.model == b.model
        && a.provider == b.provider && a.state == b.state && a.draft == b.draft && a.archived == b.archived
        && a.created == b.created && a.updated == b.updated;
}

} // namespace

SessionListModel::SessionListModel(Store *store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    reloadMachines();
    m_sessions = m_store->sessions(true);
    connect(m_store, &Store::sessionsChanged, this, &SessionListModel::reload, Qt::QueuedConnection);
    connect(m_store, &Store::machinesChanged, this, &SessionListModel::reloadMachines, Qt::QueuedConnection);
}

SessionListModel::~SessionListModel() = default;

int SessionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_sessions.size());
}

QVariant SessionListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SessionRecord &s = m_sessions.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return s.title;
    case Qt::ToolTipRole: {
        QString tip = s.workingDirectory.isEmpty()
            ? machineName(s.machineId)
            : machineName(s.machineId) + QStringLiteral(": ") + s.workingDirectory;
        if (const auto reason = m_attention.constFind(s.id); reason != m_attention.cend())
            tip += u'\n' + tr("This session %1.").arg(*reason);
        return tip;
    }
    case IdRole:
        return s.id;
    case MachineIdRole:
        return s.machineId;
    case MachineNameRole:
        return machineName(s.machineId);
    case WorkingDirectoryRole:
        return s.workingDirectory;
    case StateRole:
        return s.state;
    case StateTextRole:
        return stateText(s.state);
    case ArchivedRole:
        return s.archived;
    case CreatedRole:
        return s.created;
    case UpdatedRole:
        return s.updated.isValid() ? s.updated : s.created;
    case ModelRole:
        return s.model;
    case RecordRole:
        return QVariant::fromValue(s);
    case AttentionRole:
        return m_attention.contains(s.id);
    case AttentionTextRole:
        return m_attention.value(s.id);
    default:
        return {};
    }
}

bool SessionListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    return rename(m_sessions.at(index.row()).id, value.toString());
}

Qt::ItemFlags SessionListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable | Qt::ItemNeverHasChildren;
}

QHash<int, QByteArray> SessionListModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(IdRole, "sessionId");
    names.insert(MachineNameRole, "machineName");
    names.insert(StateRole, "state");
    names.insert(ArchivedRole, "archived");
    names.insert(AttentionRole, "attention");
    return names;
}

QModelIndex SessionListModel::indexOf(const QString &sessionId) const
{
    for (qsizetype i = 0; i < m_sessions.size(); ++i) {
        if (m_sessions.at(i).id == sessionId)
            return index(int(i));
    }
    return {};
}

std::optional<SessionRecord> SessionListModel::session(const QString &sessionId) const
{
    for (const SessionRecord &s : m_sessions) {
        if (s.id == sessionId)
            return s;
    }
    return std::nullopt;
}

QString SessionListModel::machineName(const QString &machineId) const
{
    if (machineId == u"local")
        return tr("This computer");
    const QString name = m_machineNames.value(machineId);
    if (!name.isEmpty())
        return name;
    return machineId.isEmpty() ? tr("No machine") : tr("Unknown machine");
}

std::optional<SessionRecord> SessionListModel::createSession(const QString &title, const QString &machineId,
    const QString &workingDirectory, const QString &model, const QString &provider, const QString &agent)
{
    SessionRecord s;
    s.id = Store::newId();
    s.title = normalizedTitle(title);
    if (s.title.isEmpty())
        s.title = tr("New session");
    s.machineId = machineId;
    s.workingDirectory = workingDirectory.trimmed();
    s.model = model.trimmed();
    s.provider = provider.trimmed();
    s.agent = agent.trimmed();
    s.state = QStringLiteral("idle");
    s.created = QDateTime::currentDateTimeUtc();
    s.updated = s.created;
    if (!save(s))
        return std::nullopt;
    upsertRow(s);
    return s;
}

bool SessionListModel::rename(const QString &sessionId, const QString &title)
{
    auto s = session(sessionId);
    const QString t = normalizedTitle(title);
    if (!s || t.isEmpty())
        return false;
    if (s->title == t)
        return true;
    s->title = t;
    s->updated = QDateTime::currentDateTimeUtc();
    // The title alone: the runner may have just saved the state, the chat a draft.
    SessionUpdate update;
    update.title = s->title;
    update.updated = s->updated;
    if (!save(sessionId, update))
        return false;
    upsertRow(*s);
    return true;
}

bool SessionListModel::setAgentChoice(
    const QString &sessionId, const QString &provider, const QString &model, const QString &agent)
{
    auto s = session(sessionId);
    if (!s)
        return false;
    if (s->provider == provider && s->model == model.trimmed() && s->agent == agent)
        return true;
    s->provider = provider;
    s->model = model.trimmed();
    s->agent = agent;
    // These columns alone: the runner may have just saved the state, the chat a draft.
    SessionUpdate update;
    update.provider = s->provider;
    update.model = s->model;
    update.agent = s->agent;
    if (!save(sessionId, update))
        return false;
    upsertRow(*s);
    return true;
}

bool SessionListModel::setArchived(const QString &sessionId, bool archived)
{
    auto s = session(sessionId);
    if (!s)
        return false;
    if (s->archived == archived)
        return true;
    s->archived = archived;
    SessionUpdate update;
    update.archived = archived;
    if (!save(sessionId, update))
        return false;
    upsertRow(*s);
    return true;
}

bool SessionListModel::remove(const QString &sessionId)
{
    if (!session(sessionId))
        return false;
    m_store->removeSession(sessionId);
    if (!m_store->flush()) {
        m_lastError = m_store->lastError();
        Q_EMIT writeFailed(m_lastError);
        return false;
    }
    removeSessionRow(sessionId);
    return true;
}

QString SessionListModel::stateText(const QString &state)
{
    if (state == u"running")
        return tr("Working");
    if (state == u"waiting")
        return tr("Waiting for you");
    if (state == u"error")
        return tr("Stopped with an error");
    return tr("Idle");
}

QString SessionListModel::normalizedTitle(const QString &title)
{
    QString t = title.simplified();
    t.remove(QChar(0));
    if (t.size() > 200)
        t = t.left(200).trimmed();
    return t;
}

void SessionListModel::reload()
{
    const QList<SessionRecord> fresh = m_store->sessions(true);
    QHash<QString, qsizetype> freshIds;
    for (qsizetype i = 0; i < fresh.size(); ++i)
        freshIds.insert(fresh.at(i).id, i);
    for (qsizetype i = m_sessions.size() - 1; i >= 0; --i) {
        if (!freshIds.contains(m_sessions.at(i).id))
            removeSessionRow(m_sessions.at(i).id);
    }
    for (const SessionRecord &s : fresh)
        upsertRow(s);
}

void SessionListModel::reloadMachines()
{
    m_machineNames.clear();
    const QList<MachineRecord> machines = m_store->machines();
    for (const MachineRecord &m : machines)
        m_machineNames.insert(m.id, m.name);
    if (!m_sessions.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_sessions.size()) - 1), { MachineNameRole, Qt::ToolTipRole });
}

bool SessionListModel::save(const SessionRecord &record)
{
    m_store->saveSession(record);
    return flushed();
}

bool SessionListModel::save(const QString &sessionId, const SessionUpdate &update)
{
    m_store->updateSession(sessionId, update);
    return flushed();
}

bool SessionListModel::flushed()
{
    if (m_store->flush())
        return true;
    m_lastError = m_store->lastError();
    Q_EMIT writeFailed(m_lastError);
    return false;
}

void SessionListModel::upsertRow(const SessionRecord &record)
{
    const QModelIndex existing = indexOf(record.id);
    if (existing.isValid()) {
        SessionRecord &current = m_sessions[existing.row()];
        if (sameRecord(current, record))
            return;
        current = record;
        Q_EMIT dataChanged(existing, existing);
        Q_EMIT sessionChanged(record);
        return;
    }
    const int row = int(m_sessions.size());
    beginInsertRows({}, row, row);
    m_sessions.append(record);
    endInsertRows();
}

void SessionListModel::removeSessionRow(QString sessionId)
{
    const QModelIndex existing = indexOf(sessionId);
    if (!existing.isValid())
        return;
    beginRemoveRows({}, existing.row(), existing.row());
    m_sessions.removeAt(existing.row());
    m_attention.remove(sessionId);
    endRemoveRows();
    Q_EMIT sessionRemoved(sessionId);
}

void SessionListModel::setAttention(const QString &sessionId, const QString &reason)
{
    const QModelIndex index = indexOf(sessionId);
    if (!index.isValid() || m_attention.value(sessionId, QStringLiteral("\n")) == reason)
        return;
    m_attention.insert(sessionId, reason);
    Q_EMIT dataChanged(index, index, { AttentionRole, AttentionTextRole });
}

void SessionListModel::clearAttention(const QString &sessionId)
{
    if (!m_attention.remove(sessionId))
        return;
    const QModelIndex index = indexOf(sessionId);
    if (index.isValid())
        Q_EMIT dataChanged(index, index, { AttentionRole, AttentionTextRole });
}

} // namespace Proto
