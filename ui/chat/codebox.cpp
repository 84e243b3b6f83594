#include "codebox.h"

#include <QFontDatabase>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextLayout>

#include <algorithm>
#include <climits>

namespace Proto {

CodeBox::CodeBox(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setTabChangesFocus(true);
    setUndoRedoEnabled(false);
}

CodeBox::~CodeBox() = default;

bool CodeBox::isDark() const
{
    return palette().color(QPalette::Base).lightnessF() < 0.5;
}

QTextCharFormat CodeBox::markerFormat() const
{
    QTextCharFormat format;
    format.setBackground(isDark() ? QColor(0x7a, 0x52, 0x05) : QColor(0xff, 0xe0, 0x99));
    format.setForeground(isDark() ? QColor(0xff, 0xe6, 0xb0) : QColor(0x6b, 0x3a, 0x00));
    return format;
}

void CodeBox::insertPieces(
    QTextCursor &cursor, QStringView text, const VisibleText::Options &options, const QTextCharFormat &normal)
{
    const QTextCharFormat marker = markerFormat();
    const QList<VisibleText::Piece> pieces = VisibleText::pieces(text, options);
    for (const VisibleText::Piece &piece : pieces) {
        m_markers |= piece.marker;
        cursor.insertText(piece.text, piece.marker ? marker : normal);
    }
}

void CodeBox::insertCutNote(QTextCursor &cursor, qsizetype cut)
{
    if (cut <= 0)
        return;
    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
    cursor.insertText(
        tr("[… %n more character(s) not shown]", nullptr, int(std::min<qsizetype>(cut, INT_MAX))),
        markerFormat());
}

qsizetype CodeBox::showText(const QString &text, const VisibleText::Options &options, qsizetype maxChars)
{
    clear();
    m_markers = false;
    qsizetype cut = 0;
    const QString shown = VisibleText::head(text, maxChars, &cut);
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    insertPieces(cursor, shown, options, QTextCharFormat());
    insertCutNote(cursor, cut);
    cursor.endEditBlock();
    moveCursor(QTextCursor::Start);
    return cut;
}

qsizetype CodeBox::showDiff(const QString &diff, qsizetype maxChars)
{
    clear();
    m_markers = false;
    qsizetype cut = 0;
    const QString shown = VisibleText::head(diff, maxChars, &cut);
    const bool dark = isDark();
    const QColor added = dark ? QColor(0x2e, 0x5e, 0x3a) : QColor(0xd8, 0xf5, 0xdd);
    const QColor removed = dark ? QColor(0x6a, 0x2c, 0x2c) : QColor(0xfb, 0xdd, 0xdd);
    const QColor hunk = palette().color(QPalette::Highlight);
    VisibleText::Options options;
    options.keepNewlines = false;
    options.keepTabs = true;
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    qsizetype pos = 0;
    bool first = true;
    while (pos < shown.size()) {
        qsizetype eol = shown.indexOf(u'\n', pos);
        if (eol < 0)
            eol = shown.size();
        const QStringView line = QStringView(shown).mid(pos, eol - pos);
        pos = eol + 1;
        QTextBlockFormat block;
        QTextCharFormat chars;
        if (line.startsWith(u"+++") || line.startsWith(u"---")) {
            chars.setFontWeight(QFont::Bold);
        } else if (line.startsWith(u'+')) {
            block.setBackground(added);
        } else if (line.startsWith(u'-')) {
            block.setBackground(removed);
        } else if (line.startsWith(u"@@")) {
            chars.setForeground(hunk);
        }
        if (first)
            cursor.setBlockFormat(block);
        else
            cursor.insertBlock(block, chars);
        first = false;
        insertPieces(cursor, line, options, chars);
    }
    insertCutNote(cursor, cut);
    cursor.endEditBlock();
    moveCursor(QTextCursor::Start);
    return cut;
}

void CodeBox::fitHeight(int maxLines)
{
    const QFontMetrics fm(font());
    const bool wraps = lineWrapMode() != QPlainTextEdit::NoWrap;
    const int columns = std::max(20, viewport()->width() / std::max(1, fm.horizontalAdvance(u'M')));
    auto *layout = qobject_cast<QPlainTextDocumentLayout *>(document()->documentLayout());
    int lines = 0;
    bool wide = false;
    for (QTextBlock b = document()->begin(); b.isValid() && lines <= maxLines; b = b.next()) {
        if (wraps && layout) {
            layout->ensureBlockLayout(b); // wrapped at the box's current width
            lines += std::max(1, b.layout() ? b.layout()->lineCount() : 1);
        } else {
            lines += 1;
            wide |= b.length() - 1 > columns;
        }
    }
    lines = std::clamp(lines, 1, maxLines);
    int height = lines * fm.lineSpacing() + 2 * frameWidth() + int(2 * document()->documentMargin()) + 2;
    if (wide)
        height += horizontalScrollBar()->sizeHint().height();
    setFixedHeight(height);
}

} // namespace Proto
