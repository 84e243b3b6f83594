#pragma once

#include <QPalette>
#include <QString>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListView;
class QStackedWidget;
class QToolButton;

namespace Proto {

class SessionFilterModel;
class SessionListModel;

// The sidebar: a search field, the sessions (newest activity first) and a toggle for archived
// ones. Selecting a row makes it the current session.
class SessionListWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionListWidget)

public:
    explicit SessionListWidget(SessionListModel *model, QWidget *parent = nullptr);
    ~SessionListWidget() override;

    QString currentSessionId() const;
    bool selectSession(const QString &sessionId); // shows archived ones when needed
    void beginRename(); // inline editor on the current row
    void focusSearch();

    bool showArchived() const;
    void setShowArchived(bool show);
    void setNewSessionAction(QAction *action); // the button beside the search field

    QListView *view() const { return m_view; }
    QLineEdit *searchField() const { return m_search; }
    SessionFilterModel *filterModel() const { return m_filter; }

    void refreshIcons(const QPalette &palette);

Q_SIGNALS:
    void currentSessionChanged(const QString &sessionId); // empty: none
    void showArchivedChanged(bool show);

private:
    void updateEmptyState();
    void emitCurrentIfChanged();

    SessionListModel *m_model;
    SessionFilterModel *m_filter;
    QLineEdit *m_search;
    QToolButton *m_newButton;
    QToolButton *m_archivedButton;
    QListView *m_view;
    QLabel *m_emptyLabel;
    QStackedWidget *m_stack;
    QString m_lastEmitted;
};

} // namespace Proto
