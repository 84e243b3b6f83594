#pragma once

#include <QList>
#include <QString>

namespace Proto {

// A glob pattern as written in policy rules, matched in time linear in the pattern times the
// text (never backtracking, whatever the input): `*` any run of characters, `?` one character,
// `**` any run including `/`, `**/` zero or more whole folders, `\x` the character x itself.
// In Path mode `*` and `?` never match `/`; in Text mode (shell commands) they match anything.
class GlobPattern final
{
public:
    enum class Mode
    {
        Text,
        Path
    };

    GlobPattern() = default;
    GlobPattern(const QString &pattern, Mode mode);

    bool matches(const QString &text) const;
    QString pattern() const { return m_pattern; }
    Mode mode() const { return m_mode; }
    bool isEmpty() const { return m_pattern.isEmpty(); }
    bool hasWildcards() const { return m_wildcards; }

private:
    struct Token
    {
        // Split consumes nothing: it leads both to the next token and past the `**/` group.
        enum class Kind
        {
            Literal,
            One,
            Star,
            AnyStar,
            Split
        } kind
            = Kind::Literal;
        QChar ch;
    };

    QString m_pattern;
    Mode m_mode = Mode::Text;
    QList<Token> m_tokens;
    bool m_wildcards = false;
};

} // namespace Proto
