#pragma once

#include <QSortFilterProxyModel>

namespace Proto {

// Sorts sessions by last activity (newest first), filters them by the search text (title,
// machine name, working folder; every word must match) and hides archived ones unless asked.
class SessionFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionFilterModel)

public:
    explicit SessionFilterModel(QObject *parent = nullptr);
    ~SessionFilterModel() override;

    QString searchText() const { return m_searchText; }
    void setSearchText(const QString &text);
    bool showArchived() const { return m_showArchived; }
    void setShowArchived(bool show);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_searchText;
    QStringList m_words;
    bool m_showArchived = false;
};

} // namespace Proto
