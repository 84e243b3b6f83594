#include "composer.h"

#include <QImage>
#include <QKeyEvent>
#include <QMimeData>
#include <QTextBlock>
#include <QUrl>

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

QStringList Composer::localFiles(const QMimeData *source)
{
    QStringList paths;
    if (!source || !source->hasUrls())
        return paths;
    for (const QUrl &url : source->urls()) {
        if (!url.isLocalFile())
            return {};
        paths.append(url.toLocalFile());
    }
    return paths;
}

bool Composer::canInsertFromMimeData(const QMimeData *source) const
{
    return !localFiles(source).isEmpty() || (source && source->hasImage())
        || QPlainTextEdit::canInsertFromMimeData(source);
}

void Composer::insertFromMimeData(const QMimeData *source)
{
    if (const QStringList files = localFiles(source); !files.isEmpty()) {
        Q_EMIT filesDropped(files);
        return;
    }
    if (source && source->hasImage() && !source->hasText()) {
        Q_EMIT imagePasted(qvariant_cast<QImage>(source->imageData()));
        return;
    }
    QPlainTextEdit::insertFromMimeData(source);
}

} // namespace Proto
