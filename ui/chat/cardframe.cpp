#include "cardframe.h"

#include <QPainter>

namespace Proto {

CardFrame::CardFrame(const QColor &border, QWidget *parent)
    : QFrame(parent)
    , m_border(border)
{
    setFrameShape(QFrame::NoFrame);
}

CardFrame::~CardFrame() = default;

void CardFrame::paintEvent(QPaintEvent *event)
{
    QFrame::paintEvent(event);
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(m_border, 2));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(QRectF(rect()).adjusted(1, 1, -1, -1), 6, 6);
}

} // namespace Proto
