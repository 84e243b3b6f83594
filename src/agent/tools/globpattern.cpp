#include "globpattern.h"

#include <vector>

namespace Proto {

GlobPattern::GlobPattern(const QString &pattern, Mode mode)
    : m_pattern(pattern)
    , m_mode(mode)
{
    const qsizetype n = pattern.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = pattern.at(i);
        Token token;
        if (c == u'\\' && i + 1 < n) {
            token.ch = pattern.at(++i);
        } else if (c == u'?') {
            token.kind = Token::Kind::One;
            m_wildcards = true;
        } else if (c == u'*') {
            qsizetype stars = 1;
            while (i + 1 < n && pattern.at(i + 1) == u'*') {
                ++i;
                ++stars;
            }
            token.kind = stars >= 2 ? Token::Kind::AnyStar : Token::Kind::Star;
            m_wildcards = true;
            if (token.kind == Token::Kind::AnyStar && i + 1 < n && pattern.at(i + 1) == u'/') {
                Token split;
                split.kind = Token::Kind::Split;
                m_tokens.append(split);
                m_tokens.append(token);
                Token slash;
                slash.ch = u'/';
                m_tokens.append(slash);
                ++i;
                continue;
            }
        } else {
            token.ch = c;
        }
        m_tokens.append(token);
    }
}

bool GlobPattern::matches(const QString &text) const
{
    // A Thompson simulation over the token positions: state j means "the first j tokens have
    // matched the text read so far". Stars stay in place while consuming.
    const qsizetype m = m_tokens.size();
    std::vector<char> current(size_t(m + 1), 0);
    std::vector<char> next(size_t(m + 1), 0);
    const bool path = m_mode == Mode::Path;

    auto close = [&](std::vector<char> &states) {
        for (qsizetype j = 0; j < m; ++j) {
            if (!states[size_t(j)])
                continue;
            const Token &t = m_tokens.at(j);
            if (t.kind == Token::Kind::Star || t.kind == Token::Kind::AnyStar) {
                states[size_t(j + 1)] = 1;
            } else if (t.kind == Token::Kind::Split) {
                states[size_t(j + 1)] = 1; // into `**/`
                states[size_t(j + 3)] = 1; // past it: zero folders
            }
        }
    };

    current[0] = 1;
    close(current);
    for (const QChar c : text) {
        std::fill(next.begin(), next.end(), 0);
        bool any = false;
        for (qsizetype j = 0; j < m; ++j) {
            if (!current[size_t(j)])
                continue;
            const Token &t = m_tokens.at(j);
            switch (t.kind) {
            case Token::Kind::Literal:
                if (t.ch == c) {
                    next[size_t(j + 1)] = 1;
                    any = true;
                }
                break;
            case Token::Kind::One:
                if (!path || c != u'/') {
                    next[size_t(j + 1)] = 1;
                    any = true;
                }
                break;
            case Token::Kind::Star:
                if (!path || c != u'/') {
                    next[size_t(j)] = 1;
                    any = true;
                }
                break;
            case Token::Kind::AnyStar:
                next[size_t(j)] = 1;
                any = true;
                break;
            case Token::Kind::Split:
                break;
            }
        }
        if (!any)
            return false;
        close(next);
        current.swap(next);
    }
    return current[size_t(m)] != 0;
}

} // namespace Proto
