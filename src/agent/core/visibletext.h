#pragma once

#include <QList>
#include <QString>
#include <QStringView>

namespace Proto {

// Text the model wrote, made safe to show a person: characters that would act instead of show
// (terminal controls, carriage returns, backspaces), reorder what is seen (bidi overrides) or be
// invisible (zero-width and other default-ignorable characters, look-alike spaces) become escapes
// such as `\x1b`, `\r`, `\u202e`. The approval card, proto-cli and the chat's painted lines use it,
// so what a person approves is what the text is.
class VisibleText final
{
public:
    enum class Mode
    {
        // For approvals: every control, format, bidi, zero-width, default-ignorable, unassigned
        // and private-use character, and every space that is not U+0020.
        Strict,
        // For text printed to a terminal or painted in a line: C0 and C1 controls, DEL, bidi
        // controls and lone surrogates (what can move the cursor, recolour or reorder).
        Terminal,
    };

    struct Options
    {
        Mode mode = Mode::Strict;
        bool keepNewlines = true; // "\n" stays a line break (else it shows as \n)
        bool keepTabs = false; // "\t" stays a tab (else it shows as \t)
        // Runs of 16 or more spaces and of 3 or more empty lines shown as "[40 spaces]" /
        // "[12 empty lines]", so padding cannot push the rest of a command out of sight.
        bool collapseRuns = false;
    };

    // A part of the shown text: the text's own characters, or a marker of ours (an escape or a
    // collapsed run), which a widget can style apart so it is not mistaken for typed text.
    struct Piece
    {
        QString text;
        bool marker = false;
    };

    static QList<Piece> pieces(QStringView text, const Options &options);
    static QString escaped(QStringView text, const Options &options);
    static QString escaped(QStringView text) { return escaped(text, Options {}); }
    // A single line: newlines and tabs escaped too.
    static QString line(QStringView text, Mode mode = Mode::Strict);

    static bool needsEscape(char32_t c, const Options &options);
    static QString escape(char32_t c); // "\r", "\x1b", "\u202e", "\U000e0041"

    // Rich text that shows `text` literally (for tooltips, which otherwise guess whether text
    // is HTML): escaped, in a paragraph that keeps line breaks and spaces.
    static QString asRichText(QStringView text);

    // The first maxChars UTF-16 units of text, never ending inside a surrogate pair; *cut (when
    // given) gets how many units were left out.
    static QString head(const QString &text, qsizetype maxChars, qsizetype *cut = nullptr);
};

} // namespace Proto
