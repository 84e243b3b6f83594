#pragma once

#include "visibletext.h"

#include <QPlainTextEdit>

namespace Proto {

// A read-only, scrollable monospace box for text a person must see exactly (the command of an
// approval, the diff it makes). Plain text only; characters VisibleText escapes are shown as
// highlighted markers, and a cap is marked at the end ("… 1200 more characters not shown").
class CodeBox final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CodeBox)

public:
    explicit CodeBox(QWidget *parent = nullptr);
    ~CodeBox() override;

    // Each returns how many characters of the text were left out (0: all of it is shown).
    qsizetype showText(const QString &text, const VisibleText::Options &options, qsizetype maxChars);
    // A unified diff, its lines coloured (added, removed, hunk headers).
    qsizetype showDiff(const QString &diff, qsizetype maxChars);

    bool hasMarkers() const { return m_markers; } // an escape or a collapsed run is shown
    // The height for the content (wrapped lines counted), between 1 and maxLines lines.
    void fitHeight(int maxLines);

private:
    bool isDark() const;
    QTextCharFormat markerFormat() const;
    void insertPieces(QTextCursor &cursor, QStringView text, const VisibleText::Options &options,
        const QTextCharFormat &normal);
    void insertCutNote(QTextCursor &cursor, qsizetype cut);

    bool m_markers = false;
};

} // namespace Proto
