#include "composer.h"

#include <QKeyEvent>
#include <QTextBlock>

#include <algorithm>

namespace Proto {

Composer::Composer(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setObjectName(QStringLiteral("chatComposer"));
    setPlaceholderText(tr("Message the agent (Enter sends, Shift+Enter for a new line)"));
    setTabChangesFocus(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { updateGeometry(); });
}

Composer::~Composer() = default;

int Composer::linesHeight(int lines) const
{
    return fontMetrics().lineSpacing() * lines + int(2 * document()->documentMargin()) + 2 * frameWidth() + 4;
}

QSize Composer::sizeHint() const
{
    const int lines = std::clamp(blockCount(), 2, 10);
    return { 400, linesHeight(lines) };
}

QSize Composer::minimumSizeHint() const
{
    return { 100, linesHeight(2) };
}

void Composer::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
        && !(event->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier | Qt::AltModifier))) {
        event->accept();
        Q_EMIT sendRequested();
        return;
    }
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
        && (event->modifiers() & Qt::ControlModifier)) {
        insertPlainText(QStringLiteral("\n"));
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

} // namespace Proto
