#pragma once

#include "globpattern.h"

#include <QList>
#include <QString>

namespace Proto {

// A set of strings as a small automaton: what a shell word may turn into at run time (literal
// characters, with "any text" where bash would expand something), or what a rule's glob
// matches. overlaps() tells whether some string belongs to both, in time proportional to the
// product of their sizes, so a rule can be checked against a command whose words are not fully
// known, and a path against protected locations it might reach.
class GlobShape final
{
public:
    enum class Class : quint8
    {
        Char, // one given character
        NotSlash, // any character but '/'
        NotSlashNotDot, // any character but '/' and '.' (the first of a shell glob's name)
        Any
    };

    GlobShape();

    void appendChar(QChar c);
    void appendText(const QString &text);
    void appendOne(Class cls); // exactly one character of the class
    void appendRun(Class cls); // zero or more characters of the class
    void append(const GlobShape &other); // concatenation
    void appendOptional(const GlobShape &other); // other or nothing

    // A rule's glob (GlobPattern syntax and modes).
    static GlobShape fromGlob(const QString &pattern, GlobPattern::Mode mode);
    static GlobShape anything();

    // True when some string belongs to both; also true (the cautious answer) when the two are
    // too large to compare (more than MaxProduct state pairs).
    static bool overlaps(const GlobShape &a, const GlobShape &b);
    static constexpr qsizetype MaxProduct = 16 * 1024 * 1024;
    bool matches(const QString &text) const;

    bool isLiteral() const { return m_literal; }
    qsizetype stateCount() const { return m_states.size(); }

private:
    struct Edge
    {
        int to = 0;
        Class cls = Class::Char;
        QChar ch;
    };
    struct State
    {
        QList<Edge> edges;
        QList<int> epsilon;
    };

    int addState();
    QList<int> closure(QList<int> states) const;
    static bool compatible(const Edge &a, const Edge &b);
    static bool accepts(const Edge &e, QChar c);

    QList<State> m_states;
    int m_end = 0;
    bool m_literal = true;
};

} // namespace Proto
