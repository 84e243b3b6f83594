#include "sessionlistwidget.h"

#include "icons.h"
#include "sessionfiltermodel.h"
#include "sessionitemdelegate.h"
#include "sessionlistmodel.h"

#include <QAction>
#include <QApplication>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace Proto {

SessionListWidget::SessionListWidget(SessionListModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_filter(new SessionFilterModel(this))
    , m_search(new QLineEdit(this))
    , m_newButton(new QToolButton(this))
    , m_archivedButton(new QToolButton(this))
    , m_view(new QListView(this))
    , m_emptyLabel(new QLabel(this))
    , m_stack(new QStackedWidget(this))
{
    setObjectName(QStringLiteral("sessionList"));
    m_filter->setSourceModel(m_model);

    m_search->setObjectName(QStringLiteral("sessionSearch"));
    m_search->setPlaceholderText(tr("Search sessions"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search sessions"));
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setSearchText(text);
        updateEmptyState();
    });

    m_newButton->setAutoRaise(true);
    m_newButton->setObjectName(QStringLiteral("newSessionButton"));

    m_archivedButton->setObjectName(QStringLiteral("showArchivedButton"));
    m_archivedButton->setCheckable(true);
    m_archivedButton->setAutoRaise(true);
    m_archivedButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_archivedButton->setText(tr("Show archived"));
    m_archivedButton->setToolTip(tr("Show archived sessions in the list"));
    connect(m_archivedButton, &QToolButton::toggled, this, [this](bool on) {
        m_filter->setShowArchived(on);
        updateEmptyState();
        Q_EMIT showArchivedChanged(on);
    });

    m_view->setObjectName(QStringLiteral("sessionView"));
    m_view->setModel(m_filter);
    m_view->setItemDelegate(new SessionItemDelegate(m_view));
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_view->setUniformItemSizes(true);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setAccessibleName(tr("Sessions"));
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex &, const QModelIndex &) { emitCurrentIfChanged(); });
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, [this] {
        updateEmptyState();
        emitCurrentIfChanged();
    });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &SessionListWidget::updateEmptyState);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &SessionListWidget::updateEmptyState);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, [this] {
        if (m_view->currentIndex().isValid())
            m_view->scrollTo(m_view->currentIndex());
    });

    m_emptyLabel->setObjectName(QStringLiteral("sessionListEmpty"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    m_emptyLabel->setContentsMargins(16, 16, 16, 16);
    m_emptyLabel->setBackgroundRole(QPalette::Base);
    m_emptyLabel->setAutoFillBackground(true);

    m_stack->addWidget(m_view);
    m_stack->addWidget(m_emptyLabel);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(8, 8, 6, 6);
    top->setSpacing(4);
    top->addWidget(m_search, 1);
    top->addWidget(m_newButton);

    auto *bottom = new QHBoxLayout;
    bottom->setContentsMargins(6, 4, 6, 6);
    bottom->addWidget(m_archivedButton);
    bottom->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    layout->addWidget(m_stack, 1);
    layout->addLayout(bottom);

    refreshIcons(QApplication::palette());
    updateEmptyState();
}

SessionListWidget::~SessionListWidget() = default;

QString SessionListWidget::currentSessionId() const
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || !m_view->selectionModel()->isSelected(current))
        return {};
    return current.data(SessionListModel::IdRole).toString();
}

bool SessionListWidget::selectSession(const QString &sessionId)
{
    const QModelIndex source = m_model->indexOf(sessionId);
    if (!source.isValid())
        return false;
    QModelIndex proxy = m_filter->mapFromSource(source);
    if (!proxy.isValid() && source.data(SessionListModel::ArchivedRole).toBool() && !showArchived()) {
        setShowArchived(true);
        proxy = m_filter->mapFromSource(source);
    }
    if (!proxy.isValid() && !m_search->text().isEmpty()) {
        m_search->clear();
        proxy = m_filter->mapFromSource(source);
    }
    if (!proxy.isValid())
        return false;
    m_view->selectionModel()->setCurrentIndex(proxy, QItemSelectionModel::ClearAndSelect);
    m_view->scrollTo(proxy);
    emitCurrentIfChanged();
    return true;
}

void SessionListWidget::beginRename()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    m_view->setFocus(Qt::ShortcutFocusReason);
    m_view->edit(current);
}

void SessionListWidget::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

bool SessionListWidget::showArchived() const
{
    return m_archivedButton->isChecked();
}

void SessionListWidget::setShowArchived(bool show)
{
    m_archivedButton->setChecked(show);
}

void SessionListWidget::setNewSessionAction(QAction *action)
{
    m_newButton->setDefaultAction(action);
}

void SessionListWidget::refreshIcons(const QPalette &p)
{
    m_archivedButton->setIcon(Icons::themed(u"archive", p));
    const auto actions = m_search->actions();
    for (QAction *a : actions)
        m_search->removeAction(a);
    m_search->addAction(Icons::themed(u"search", p), QLineEdit::LeadingPosition);
}

void SessionListWidget::updateEmptyState()
{
    if (m_filter->rowCount() > 0) {
        m_stack->setCurrentWidget(m_view);
        return;
    }
    if (m_model->rowCount() == 0) {
        m_emptyLabel->setText(tr("No sessions yet.\nCreate one with New Session (%1).")
                                  .arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
    } else if (!m_search->text().trimmed().isEmpty()) {
        m_emptyLabel->setText(tr("No session matches “%1”.").arg(m_search->text().trimmed()));
    } else {
        m_emptyLabel->setText(tr("Every session is archived.\nTurn on “Show archived” to see them."));
    }
    m_stack->setCurrentWidget(m_emptyLabel);
}

void SessionListWidget::emitCurrentIfChanged()
{
    const QString id = currentSessionId();
    if (id == m_lastEmitted)
        return;
    m_lastEmitted = id;
    Q_EMIT currentSessionChanged(id);
}

} // namespace Proto
