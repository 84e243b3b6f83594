#pragma once

#include <QStyledItemDelegate>

namespace Proto {

// Two lines per session: the title, then machine and state, with a coloured dot for a session
// that is working, waiting for the user or stopped with an error. Editing renames in place.
class SessionItemDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionItemDelegate)

public:
    explicit SessionItemDelegate(QObject *parent = nullptr);
    ~SessionItemDelegate() override;

    void paint(
        QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QWidget *createEditor(
        QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void updateEditorGeometry(
        QWidget *editor, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

private:
    static constexpr int HMargin = 10;
    static constexpr int VMargin = 7;
    static constexpr int LineGap = 2;
};

} // namespace Proto
