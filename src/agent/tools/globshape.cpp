#include "globshape.h"

#include <vector>

namespace Proto {

GlobShape::GlobShape()
{
    addState();
}

int GlobShape::addState()
{
    m_states.append(State {});
    return int(m_states.size() - 1);
}

void GlobShape::appendChar(QChar c)
{
    const int s = addState();
    m_states[m_end].edges.append({ s, Class::Char, c });
    m_end = s;
}

void GlobShape::appendText(const QString &text)
{
    for (const QChar c : text)
        appendChar(c);
}

void GlobShape::appendOne(Class cls)
{
    if (cls == Class::Char)
        return;
    const int s = addState();
    m_states[m_end].edges.append({ s, cls, {} });
    m_end = s;
    m_literal = false;
}

void GlobShape::appendRun(Class cls)
{
    if (cls == Class::Char)
        return;
    const int s = addState();
    m_states[m_end].epsilon.append(s);
    m_states[s].edges.append({ s, cls, {} });
    m_end = s;
    m_literal = false;
}

void GlobShape::append(const GlobShape &other)
{
    const int offset = int(m_states.size());
    for (State state : other.m_states) {
        for (Edge &e : state.edges)
            e.to += offset;
        for (int &e : state.epsilon)
            e += offset;
        m_states.append(state);
    }
    m_states[m_end].epsilon.append(offset); // other's start is its state 0
    m_end = offset + other.m_end;
    m_literal = m_literal && other.m_literal;
}

void GlobShape::appendOptional(const GlobShape &other)
{
    const int before = m_end;
    append(other);
    const int after = addState();
    m_states[m_end].epsilon.append(after);
    m_states[before].epsilon.append(after);
    m_end = after;
    m_literal = false;
}

GlobShape GlobShape::anything()
{
    GlobShape shape;
    shape.appendRun(Class::Any);
    return shape;
}

GlobShape GlobShape::fromGlob(const QString &pattern, GlobPattern::Mode mode)
{
    // The same reading as GlobPattern: \x, ?, *, ** and **/ (zero or more whole folders).
    const bool path = mode == GlobPattern::Mode::Path;
    GlobShape shape;
    const qsizetype n = pattern.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = pattern.at(i);
        if (c == u'\\' && i + 1 < n) {
            shape.appendChar(pattern.at(++i));
        } else if (c == u'?') {
            shape.appendOne(path ? Class::NotSlash : Class::Any);
        } else if (c == u'*') {
            qsizetype stars = 1;
            while (i + 1 < n && pattern.at(i + 1) == u'*') {
                ++i;
                ++stars;
            }
            if (stars >= 2 && i + 1 < n && pattern.at(i + 1) == u'/') {
                GlobShape folders;
                folders.appendRun(Class::Any);
                folders.appendChar(u'/');
                shape.appendOptional(folders);
                ++i;
            } else {
                shape.appendRun(stars >= 2 || !path ? Class::Any : Class::NotSlash);
            }
        } else {
            shape.appendChar(c);
        }
    }
    return shape;
}

bool GlobShape::accepts(const Edge &e, QChar c)
{
    switch (e.cls) {
    case Class::Char:
        return e.ch == c;
    case Class::NotSlash:
        return c != u'/';
    case Class::NotSlashNotDot:
        return c != u'/' && c != u'.';
    case Class::Any:
        return true;
    }
    return false;
}

bool GlobShape::compatible(const Edge &a, const Edge &b)
{
    if (a.cls == Class::Char)
        return accepts(b, a.ch);
    if (b.cls == Class::Char)
        return accepts(a, b.ch);
    return true; // two wildcard classes always share an ordinary letter
}

QList<int> GlobShape::closure(QList<int> states) const
{
    std::vector<char> seen(size_t(m_states.size()), 0);
    for (int s : std::as_const(states))
        seen[size_t(s)] = 1;
    for (qsizetype i = 0; i < states.size(); ++i) {
        for (int e : m_states.at(states.at(i)).epsilon) {
            if (!seen[size_t(e)]) {
                seen[size_t(e)] = 1;
                states.append(e);
            }
        }
    }
    return states;
}

bool GlobShape::matches(const QString &text) const
{
    QList<int> current = closure({ 0 });
    for (const QChar c : text) {
        QList<int> next;
        std::vector<char> seen(size_t(m_states.size()), 0);
        for (int s : std::as_const(current)) {
            for (const Edge &e : m_states.at(s).edges) {
                if (accepts(e, c) && !seen[size_t(e.to)]) {
                    seen[size_t(e.to)] = 1;
                    next.append(e.to);
                }
            }
        }
        if (next.isEmpty())
            return false;
        current = closure(next);
    }
    return current.contains(m_end);
}

bool GlobShape::overlaps(const GlobShape &a, const GlobShape &b)
{
    // Breadth-first search of the product automaton from (start, start) to (end, end).
    const qsizetype nb = b.m_states.size();
    if (a.m_states.size() * nb > MaxProduct)
        return true; // too large to decide: assume the worst
    std::vector<char> seen(size_t(a.m_states.size() * nb), 0);
    QList<QPair<int, int>> queue;
    auto push = [&](int x, int y) {
        const size_t key = size_t(x) * size_t(nb) + size_t(y);
        if (!seen[key]) {
            seen[key] = 1;
            queue.append({ x, y });
        }
    };
    push(0, 0);
    for (qsizetype i = 0; i < queue.size(); ++i) {
        const auto [x, y] = queue.at(i);
        if (x == a.m_end && y == b.m_end)
            return true;
        for (int e : a.m_states.at(x).epsilon)
            push(e, y);
        for (int e : b.m_states.at(y).epsilon)
            push(x, e);
        for (const Edge &ea : a.m_states.at(x).edges) {
            for (const Edge &eb : b.m_states.at(y).edges) {
                if (compatible(ea, eb))
                    push(ea.to, eb.to);
            }
        }
    }
    return false;
}

} // namespace Proto
