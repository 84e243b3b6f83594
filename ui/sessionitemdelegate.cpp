#include "sessionitemdelegate.h"

#include "sessionlistmodel.h"

#include <QApplication>
#include <QLineEdit>
#include <QPainter>

#include <algorithm>

namespace Proto {
namespace {

QColor stateColour(const QString &state)
{
    if (state == u"running")
        return QColor(0x2f, 0x9e, 0x44);
    if (state == u"waiting")
        return QColor(0xe0, 0x8e, 0x0b);
    if (state == u"error")
        return QColor(0xd6, 0x2f, 0x2f);
    return {};
}

QFont titleFont(const QFont &base)
{
    QFont f = base;
    f.setWeight(QFont::DemiBold);
    return f;
}

QFont detailFont(const QFont &base)
{
    QFont f = base;
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * 0.9);
    return f;
}

} // namespace

SessionItemDelegate::SessionItemDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

SessionItemDelegate::~SessionItemDelegate() = default;

void SessionItemDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();

    // Background, selection and focus as the style draws them, without the text.
    opt.text.clear();
    opt.icon = {};
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const bool selected = opt.state.testFlag(QStyle::State_Selected);
    const QPalette::ColorGroup group = !opt.state.testFlag(QStyle::State_Enabled) ? QPalette::Disabled
        : opt.state.testFlag(QStyle::State_Active)                                ? QPalette::Active
                                                                                  : QPalette::Inactive;
    const QColor text = opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    QColor muted = text;
    muted.setAlphaF(selected ? 0.85f : 0.62f);

    const QFont tf = titleFont(opt.font);
    const QFont df = detailFont(opt.font);
    const QFontMetrics tfm(tf);
    const QFontMetrics dfm(df);
    const QRect r = opt.rect.adjusted(HMargin, VMargin, -HMargin, -VMargin);

    const QString state = index.data(SessionListModel::StateRole).toString();
    const QColor dot = stateColour(state);
    const int dotSize = 8;
    int titleRight = r.right();
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (dot.isValid()) {
        const QRect dotRect(
            r.right() - dotSize + 1, r.top() + (tfm.height() - dotSize) / 2, dotSize, dotSize);
        painter->setPen(Qt::NoPen);
        painter->setBrush(dot);
        painter->drawEllipse(dotRect);
        titleRight = dotRect.left() - 6;
    }
    // The attention badge: an accent disc with "!" left of the state dot, like an unread count.
    if (index.data(SessionListModel::AttentionRole).toBool()) {
        const int size = std::max(12, tfm.height() - 2);
        const QRect badge(titleRight - size + 1, r.top() + (tfm.height() - size) / 2, size, size);
        painter->setPen(Qt::NoPen);
        painter->setBrush(
            opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Highlight));
        painter->drawEllipse(badge);
        QFont bf = df;
        bf.setBold(true);
        painter->setFont(bf);
        painter->setPen(opt.palette.color(group, selected ? QPalette::Highlight : QPalette::HighlightedText));
        painter->drawText(badge, Qt::AlignCenter, QStringLiteral("!"));
        titleRight = badge.left() - 6;
    }

    const QRect titleRect(r.left(), r.top(), titleRight - r.left() + 1, tfm.height());
    painter->setFont(tf);
    painter->setPen(text);
    painter->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
        tfm.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight, titleRect.width()));

    QString detail = index.data(SessionListModel::MachineNameRole).toString() + QStringLiteral("  ·  ")
        + index.data(SessionListModel::StateTextRole).toString();
    if (index.data(SessionListModel::ArchivedRole).toBool())
        detail += QStringLiteral("  ·  ") + SessionItemDelegate::tr("Archived");
    const QRect detailRect(r.left(), titleRect.bottom() + 1 + LineGap, r.width(), dfm.height());
    painter->setFont(df);
    painter->setPen(muted);
    painter->drawText(detailRect, Qt::AlignLeft | Qt::AlignVCenter,
        dfm.elidedText(detail, Qt::ElideRight, detailRect.width()));
    painter->restore();
}

QSize SessionItemDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics tfm(titleFont(option.font));
    const QFontMetrics dfm(detailFont(option.font));
    return { 200, VMargin * 2 + tfm.height() + LineGap + dfm.height() };
}

QWidget *SessionItemDelegate::createEditor(
    QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &) const
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(QStringLiteral("sessionTitleEditor"));
    edit->setMaxLength(200);
    edit->setFrame(true);
    return edit;
}

void SessionItemDelegate::updateEditorGeometry(
    QWidget *editor, const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const int h = editor->sizeHint().height();
    QRect r = option.rect.adjusted(HMargin / 2, 0, -HMargin / 2, 0);
    r.setTop(option.rect.top() + (option.rect.height() - h) / 2);
    r.setHeight(h);
    editor->setGeometry(r);
}

void SessionItemDelegate::setModelData(
    QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    auto *edit = qobject_cast<QLineEdit *>(editor);
    if (!edit)
        return;
    const QString title = SessionListModel::normalizedTitle(edit->text());
    if (title.isEmpty())
        return; // an empty title keeps the old one
    model->setData(index, title, Qt::EditRole);
}

} // namespace Proto
