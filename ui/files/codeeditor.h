#pragma once

#include <QPlainTextEdit>

namespace KSyntaxHighlighting {
class Repository;
class SyntaxHighlighter;
} // namespace KSyntaxHighlighting

namespace Proto {

// A plain-text editor for source files: line numbers in a gutter, the current line
// highlighted, syntax colouring by KSyntaxHighlighting with a theme that follows the
// application's light or dark appearance.
class CodeEditor final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CodeEditor)

public:
    explicit CodeEditor(QWidget *parent = nullptr);
    ~CodeEditor() override;

    // Chooses the syntax definition from the file name, then from the content's MIME type.
    void setSyntaxFor(const QString &fileName, const QByteArray &content);
    QString syntaxName() const;
    void applyTheme(); // light or dark, from the palette
    int lineNumberAreaWidth() const;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    friend class LineNumberArea;
    void paintLineNumbers(QPaintEvent *event);
    void updateLineNumberAreaWidth();
    void updateLineNumberArea(const QRect &rect, int dy);
    void highlightCurrentLine();

    QWidget *m_lineNumberArea = nullptr;
    KSyntaxHighlighting::SyntaxHighlighter *m_highlighter = nullptr;
    QColor m_gutterBackground;
    QColor m_gutterText;
    QColor m_currentLine;
    bool m_applyingTheme = false;
};

} // namespace Proto
