#include "chatview.h"

#include "chatdelegate.h"
#include "chatmodel.h"
#include "imageviewerdialog.h"

#include <QAction>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QGuiApplication>
#include <QMenu>
#include <QMouseEvent>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTimer>

namespace Proto {

ChatView::ChatView(ChatModel *model, QWidget *parent)
    : QListView(parent)
    , m_model(model)
    , m_delegate(new ChatDelegate(this))
{
    setObjectName(QStringLiteral("chatView"));
    setModel(model);
    setItemDelegate(m_delegate);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    verticalScrollBar()->setSingleStep(24);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn); // a stable width for the laid-out text
    setSelectionMode(QAbstractItemView::NoSelection);
    setFocusPolicy(Qt::NoFocus);
    setUniformItemSizes(false);
    setResizeMode(QListView::Adjust);
    setFrameShape(QFrame::NoFrame);
    setMouseTracking(false);
    updateDark();

    connect(verticalScrollBar(), &QScrollBar::valueChanged, this,
        [this](int value) { m_follow = value >= verticalScrollBar()->maximum() - 4; });
    connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, [this] {
        if (m_follow)
            keepAtEnd();
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_follow)
            QTimer::singleShot(0, this, &ChatView::keepAtEnd);
    });
    connect(model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from) {
        // Heights change while text streams in: re-lay out from that row.
        Q_EMIT m_delegate->sizeHintChanged(from);
    });
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        m_follow = true;
        QTimer::singleShot(0, this, &ChatView::keepAtEnd);
    });
    connect(this, &QAbstractItemView::clicked, this, [this](const QModelIndex &index) {
        const auto kind = ChatItem::Kind(index.data(ChatModel::KindRole).toInt());
        if (kind == ChatItem::Kind::Thinking || kind == ChatItem::Kind::Tool)
            m_model->toggleExpanded(index.row());
    });
}

ChatView::~ChatView() = default;

void ChatView::keepAtEnd()
{
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    m_follow = true;
}

void ChatView::measureVisible()
{
    if (m_model->rowCount() == 0)
        return;
    executeDelayedItemsLayout();
    // Rows with estimated heights become exact as they come into view; the row at the top
    // keeps its place on screen unless the view follows the end.
    for (int pass = 0; pass < 4; ++pass) {
        const QRect area = viewport()->rect();
        const QModelIndex top = indexAt(QPoint(area.width() / 2, area.top()));
        const QModelIndex bottom = indexAt(QPoint(area.width() / 2, area.bottom()));
        const int first = top.isValid() ? top.row() : 0;
        const int last = bottom.isValid() ? bottom.row() : m_model->rowCount() - 1;
        const int anchorY = top.isValid() ? visualRect(top).top() : 0;
        if (!m_delegate->measure(*m_model, first, last, font()))
            return;
        const bool follow = m_follow;
        doItemsLayout();
        if (follow) {
            keepAtEnd();
        } else if (top.isValid()) {
            QScrollBar *bar = verticalScrollBar();
            bar->setValue(bar->value() + visualRect(top).top() - anchorY);
        }
    }
}

ImageViewerDialog *ChatView::openImage(int row)
{
    if (row < 0 || row >= m_model->rowCount() || m_model->item(row).image.isEmpty())
        return nullptr;
    const ChatItem &item = m_model->item(row);
    const QString title = item.kind == ChatItem::Kind::User
        ? (item.summary.isEmpty() ? tr("Attached image") : item.summary)
        : tr("%1 — %2").arg(item.tool, ChatModel::inputSummary(item.tool, item.input));
    auto *dialog = new ImageViewerDialog(item.image, title, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

void ChatView::mouseReleaseEvent(QMouseEvent *event)
{
    const QModelIndex index = indexAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && index.isValid()) {
        const QRect image = m_delegate->imageRect(m_model->item(index.row()), font());
        if (!image.isEmpty()
            && image.translated(visualRect(index).topLeft()).contains(event->position().toPoint())) {
            openImage(index.row());
            event->accept();
            return;
        }
    }
    QListView::mouseReleaseEvent(event);
}

void ChatView::paintEvent(QPaintEvent *event)
{
    measureVisible();
    QListView::paintEvent(event);
}

void ChatView::updateDark()
{
    m_delegate->setDark(palette().color(QPalette::Base).lightness() < 128);
}

void ChatView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange) {
        updateDark();
        scheduleDelayedItemsLayout();
    }
    QListView::changeEvent(event);
}

void ChatView::resizeEvent(QResizeEvent *event)
{
    m_delegate->setWidth(viewport()->width());
    QListView::resizeEvent(event);
    scheduleDelayedItemsLayout();
    if (m_follow)
        QTimer::singleShot(0, this, &ChatView::keepAtEnd);
}

QString ChatView::messageText(int row) const
{
    if (row < 0 || row >= m_model->rowCount())
        return {};
    const ChatItem &it = m_model->item(row);
    if (it.kind == ChatItem::Kind::Tool)
        return it.diff.isEmpty() ? it.output : it.diff;
    return it.text;
}

QString ChatView::codeText(int row) const
{
    static const QRegularExpression fence(
        QStringLiteral("```[^\\n]*\\n(.*?)```"), QRegularExpression::DotMatchesEverythingOption);
    QStringList blocks;
    auto it = fence.globalMatch(messageText(row));
    while (it.hasNext())
        blocks.append(it.next().captured(1));
    return blocks.join(u'\n');
}

void ChatView::contextMenuEvent(QContextMenuEvent *event)
{
    const QModelIndex index = indexAt(event->pos());
    if (!index.isValid())
        return;
    const int row = index.row();
    QMenu menu(this);
    QAction *copy = menu.addAction(tr("Copy Message"));
    connect(copy, &QAction::triggered, this,
        [this, row] { QGuiApplication::clipboard()->setText(messageText(row)); });
    const QString code = codeText(row);
    if (!code.isEmpty()) {
        QAction *copyCode = menu.addAction(tr("Copy Code"));
        connect(copyCode, &QAction::triggered, this, [code] { QGuiApplication::clipboard()->setText(code); });
    }
    menu.exec(event->globalPos());
}

} // namespace Proto
