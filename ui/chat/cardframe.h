#pragma once

#include <QColor>
#include <QFrame>

namespace Proto {

// A frame with a rounded coloured border (approval prompt, error banner), painted by hand so
// its children keep following the palette when the theme changes (a style sheet would freeze
// them).
class CardFrame : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CardFrame)

public:
    explicit CardFrame(const QColor &border, QWidget *parent = nullptr);
    ~CardFrame() override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QColor m_border;
};

} // namespace Proto
