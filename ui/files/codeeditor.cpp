#include "codeeditor.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QMimeDatabase>
#include <QPainter>
#include <QStyleHints>
#include <QTextBlock>

namespace Proto {

namespace {

KSyntaxHighlighting::Repository &repository()
{
    // Loading the definitions costs tens of milliseconds: once per process.
    static KSyntaxHighlighting::Repository instance;
    return instance;
}

bool prefersDark(const QPalette &palette)
{
    const Qt::ColorScheme scheme = QGuiApplication::styleHints()->colorScheme();
    if (scheme != Qt::ColorScheme::Unknown)
        return scheme == Qt::ColorScheme::Dark;
    return palette.color(QPalette::Base).lightness() < 128;
}

} // namespace

class LineNumberArea final : public QWidget
{
public:
    explicit LineNumberArea(CodeEditor *editor)
        : QWidget(editor)
        , m_editor(editor)
    { }
    QSize sizeHint() const override { return { m_editor->lineNumberAreaWidth(), 0 }; }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintLineNumbers(event); }

private:
    CodeEditor *m_editor;
};

CodeEditor::CodeEditor(QWidget *parent)
    : QPlainTextEdit(parent)
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    setFont(font);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTabStopDistance(QFontMetricsF(font).horizontalAdvance(QLatin1Char(' ')) * 4);
    m_lineNumberArea = new LineNumberArea(this);
    m_highlighter = new KSyntaxHighlighting::SyntaxHighlighter(document());

    connect(this, &QPlainTextEdit::blockCountChanged, this, &CodeEditor::updateLineNumberAreaWidth);
    connect(this, &QPlainTextEdit::updateRequest, this, &CodeEditor::updateLineNumberArea);
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, &CodeEditor::highlightCurrentLine);
    connect(QGuiApplication::styleHints(), &QStyleHints::colorSchemeChanged, this, &CodeEditor::applyTheme);
    applyTheme();
    updateLineNumberAreaWidth();
}

CodeEditor::~CodeEditor() = default;

void CodeEditor::setSyntaxFor(const QString &fileName, const QByteArray &content)
{
    KSyntaxHighlighting::Definition definition = repository().definitionForFileName(fileName);
    if (!definition.isValid()) {
        const QMimeType mime = QMimeDatabase().mimeTypeForFileNameAndData(fileName, content);
        definition = repository().definitionForMimeType(mime.name());
        if (!definition.isValid()) {
            // A script without an extension: trust its #! line.
            for (const QString &parent : mime.allAncestors()) {
                definition = repository().definitionForMimeType(parent);
                if (definition.isValid() && parent != QLatin1String("text/plain"))
                    break;
                definition = {};
            }
        }
    }
    m_highlighter->setDefinition(definition);
}

QString CodeEditor::syntaxName() const
{
    return m_highlighter->definition().isValid() ? m_highlighter->definition().name() : QString();
}

void CodeEditor::applyTheme()
{
    if (m_applyingTheme)
        return;
    m_applyingTheme = true;
    const bool dark = prefersDark(palette());
    const KSyntaxHighlighting::Theme theme = repository().defaultTheme(
        dark ? KSyntaxHighlighting::Repository::DarkTheme : KSyntaxHighlighting::Repository::LightTheme);
    m_highlighter->setTheme(theme);
    m_highlighter->rehighlight();

    QPalette pal = palette();
    pal.setColor(
        QPalette::Base, QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::BackgroundColor)));
    pal.setColor(QPalette::Text, QColor::fromRgba(theme.textColor(KSyntaxHighlighting::Theme::Normal)));
    pal.setColor(
        QPalette::Highlight, QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::TextSelection)));
    setPalette(pal);
    m_gutterBackground = QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::IconBorder));
    m_gutterText = QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::LineNumbers));
    m_currentLine = QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::CurrentLine));
    highlightCurrentLine();
    m_lineNumberArea->update();
    m_applyingTheme = false;
}

int CodeEditor::lineNumberAreaWidth() const
{
    int digits = 1;
    for (int max = qMax(1, blockCount()); max >= 10; max /= 10)
        ++digits;
    digits = qMax(digits, 3);
    return 12 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * digits;
}

void CodeEditor::updateLineNumberAreaWidth()
{
    setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
}

void CodeEditor::updateLineNumberArea(const QRect &rect, int dy)
{
    if (dy != 0)
        m_lineNumberArea->scroll(0, dy);
    else
        m_lineNumberArea->update(0, rect.y(), m_lineNumberArea->width(), rect.height());
    if (rect.contains(viewport()->rect()))
        updateLineNumberAreaWidth();
}

void CodeEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect area = contentsRect();
    m_lineNumberArea->setGeometry(QRect(area.left(), area.top(), lineNumberAreaWidth(), area.height()));
}

void CodeEditor::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        setTabStopDistance(QFontMetricsF(font()).horizontalAdvance(QLatin1Char(' ')) * 4);
        updateLineNumberAreaWidth();
    }
}

void CodeEditor::highlightCurrentLine()
{
    QList<QTextEdit::ExtraSelection> selections;
    if (!isReadOnly()) {
        QTextEdit::ExtraSelection selection;
        selection.format.setBackground(m_currentLine);
        selection.format.setProperty(QTextFormat::FullWidthSelection, true);
        selection.cursor = textCursor();
        selection.cursor.clearSelection();
        selections.append(selection);
    }
    setExtraSelections(selections);
}

void CodeEditor::paintLineNumbers(QPaintEvent *event)
{
    QPainter painter(m_lineNumberArea);
    painter.fillRect(event->rect(), m_gutterBackground);
    QTextBlock block = firstVisibleBlock();
    int number = block.blockNumber();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    int bottom = top + qRound(blockBoundingRect(block).height());
    const int current = textCursor().blockNumber();
    const int width = m_lineNumberArea->width() - 6;
    while (block.isValid() && top <= event->rect().bottom()) {
        if (block.isVisible() && bottom >= event->rect().top()) {
            QColor color = m_gutterText;
            if (number == current)
                color = palette().color(QPalette::Text);
            painter.setPen(color);
            painter.drawText(
                0, top, width, fontMetrics().height(), Qt::AlignRight, QString::number(number + 1));
        }
        block = block.next();
        top = bottom;
        bottom = top + qRound(blockBoundingRect(block).height());
        ++number;
    }
}

} // namespace Proto
