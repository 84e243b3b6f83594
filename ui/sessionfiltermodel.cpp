#include "sessionfiltermodel.h"

#include "sessionlistmodel.h"

#include <QDateTime>

namespace Proto {

SessionFilterModel::SessionFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    sort(0, Qt::DescendingOrder);
}

SessionFilterModel::~SessionFilterModel() = default;

void SessionFilterModel::setSearchText(const QString &text)
{
    if (text == m_searchText)
        return;
    m_searchText = text;
    m_words = text.simplified().split(u' ', Qt::SkipEmptyParts);
    invalidateRowsFilter();
}

void SessionFilterModel::setShowArchived(bool show)
{
    if (show == m_showArchived)
        return;
    m_showArchived = show;
    invalidateRowsFilter();
}

bool SessionFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_showArchived && index.data(SessionListModel::ArchivedRole).toBool())
        return false;
    if (m_words.isEmpty())
        return true;
    const QString haystack = index.data(Qt::DisplayRole).toString() + u'\n'
        + index.data(SessionListModel::MachineNameRole).toString() + u'\n'
        + index.data(SessionListModel::WorkingDirectoryRole).toString();
    for (const QString &word : m_words) {
        if (!haystack.contains(word, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

bool SessionFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QDateTime a = left.data(SessionListModel::UpdatedRole).toDateTime();
    const QDateTime b = right.data(SessionListModel::UpdatedRole).toDateTime();
    if (a != b)
        return a < b;
    // Stable for equal times: by title, descending sort flips it, so compare reversed.
    return QString::localeAwareCompare(left.data().toString(), right.data().toString()) > 0;
}

} // namespace Proto
