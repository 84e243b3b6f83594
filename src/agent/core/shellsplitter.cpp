#include "shellsplitter.h"

#include <QRegularExpression>

namespace Proto {

namespace {

constexpr int MaxDepth = 8;

// The index of the `)` closing a `$(` / `<(` whose contents start at `from`, honouring quotes
// and nesting; the text length when it is never closed.
qsizetype closingParen(const QString &s, qsizetype from)
{
    int depth = 1;
    bool single = false;
    bool dbl = false;
    for (qsizetype i = from; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (single) {
            if (c == u'\'')
                single = false;
            continue;
        }
        if (c == u'\\') {
            ++i;
            continue;
        }
        if (dbl) {
            if (c == u'"')
                dbl = false;
            continue;
        }
        if (c == u'\'')
            single = true;
        else if (c == u'"')
            dbl = true;
        else if (c == u'(')
            ++depth;
        else if (c == u')' && --depth == 0)
            return i;
    }
    return s.size();
}

qsizetype closingBacktick(const QString &s, qsizetype from)
{
    for (qsizetype i = from; i < s.size(); ++i) {
        if (s.at(i) == u'\\')
            ++i;
        else if (s.at(i) == u'`')
            return i;
    }
    return s.size();
}

bool isAssignment(const QString &word)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*\\+?="));
    return re.match(word).hasMatch();
}

bool isShell(const QString &word)
{
    const QString base = word.section(u'/', -1);
    static const QStringList shells { QStringLiteral("sh"), QStringLiteral("bash"), QStringLiteral("zsh"),
        QStringLiteral("dash"), QStringLiteral("ksh"), QStringLiteral("fish"), QStringLiteral("busybox") };
    return shells.contains(base);
}

// Drops leading assignments and wrappers that run the rest of the line as a command.
QStringList stripWrappers(QStringList words)
{
    static const QStringList plain { QStringLiteral("sudo"), QStringLiteral("doas"), QStringLiteral("env"),
        QStringLiteral("nohup"), QStringLiteral("exec"), QStringLiteral("command"), QStringLiteral("builtin"),
        QStringLiteral("time"), QStringLiteral("nice"), QStringLiteral("xargs"), QStringLiteral("timeout"),
        QStringLiteral("stdbuf"), QStringLiteral("setsid"), QStringLiteral("!"), QStringLiteral("{"),
        QStringLiteral("then"), QStringLiteral("do"), QStringLiteral("else"), QStringLiteral("if"),
        QStringLiteral("while"), QStringLiteral("until") };
    bool changed = true;
    while (changed && !words.isEmpty()) {
        changed = false;
        const QString first = words.first();
        const QString base = first.section(u'/', -1);
        if (isAssignment(first) || plain.contains(base)) {
            words.removeFirst();
            changed = true;
            // Options of the wrapper (sudo -u root, timeout 10, nice -n 5) go too.
            while (!words.isEmpty()
                && (words.first().startsWith(u'-')
                    || (base == QLatin1String("timeout") && words.first().at(0).isDigit())
                    || (base == QLatin1String("nice") && words.first().at(0).isDigit()))) {
                words.removeFirst();
            }
        }
    }
    return words;
}

} // namespace

QList<ShellSegment> ShellSplitter::split(const QString &command)
{
    QList<ShellSegment> out;
    splitInto(command, 0, out);
    return out;
}

void ShellSplitter::splitInto(const QString &command, int depth, QList<ShellSegment> &out)
{
    if (depth > MaxDepth) {
        // Too deep to follow: the whole text stands as one segment that no allow rule matches
        // (its words carry a marker) while deny rules still see it raw.
        out.append({ QStringLiteral("\x01") + command, { command } });
        return;
    }

    QStringList words;
    QString word;
    bool inWord = false;
    QString raw;
    QList<QString> nested; // substitutions, split after this level

    auto endWord = [&] {
        if (inWord)
            words.append(word);
        word.clear();
        inWord = false;
    };
    auto endSegment = [&] {
        endWord();
        const QString rawText = raw.trimmed();
        raw.clear();
        if (words.isEmpty())
            return;
        ShellSegment segment;
        segment.text = words.join(u' ');
        segment.variants.append(segment.text);
        if (rawText != segment.text)
            segment.variants.append(rawText);
        const QStringList stripped = stripWrappers(words);
        if (!stripped.isEmpty() && stripped.size() != words.size())
            segment.variants.append(stripped.join(u' '));
        out.append(segment);
        // What a nested shell would run.
        const QStringList &w = stripped.isEmpty() ? words : stripped;
        if (!w.isEmpty() && isShell(w.first())) {
            const qsizetype c = w.indexOf(QStringLiteral("-c"));
            if (c > 0 && c + 1 < w.size())
                nested.append(w.at(c + 1));
        } else if (!w.isEmpty() && w.first() == QLatin1String("eval") && w.size() > 1) {
            nested.append(w.mid(1).join(u' '));
        }
        words.clear();
    };

    const qsizetype n = command.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = command.at(i);
        if (c == u'\\') {
            if (i + 1 < n && (command.at(i + 1) == u'\n')) {
                ++i; // line continuation
                continue;
            }
            raw += c;
            if (i + 1 < n) {
                raw += command.at(i + 1);
                word += command.at(++i);
            }
            inWord = true;
            continue;
        }
        if (c == u'\'') {
            const qsizetype end = command.indexOf(u'\'', i + 1);
            const qsizetype stop = end < 0 ? n : end;
            word += command.mid(i + 1, stop - i - 1);
            raw += command.mid(i, stop - i + 1);
            inWord = true;
            i = stop;
            continue;
        }
        if (c == u'"') {
            raw += c;
            inWord = true;
            ++i;
            for (; i < n && command.at(i) != u'"'; ++i) {
                const QChar d = command.at(i);
                if (d == u'\\' && i + 1 < n) {
                    const QChar e = command.at(i + 1);
                    raw += d;
                    raw += e;
                    if (e == u'"' || e == u'\\' || e == u'$' || e == u'`')
                        word += e;
                    else if (e != u'\n') {
                        word += d;
                        word += e;
                    }
                    ++i;
                } else if (d == u'$' && i + 1 < n && command.at(i + 1) == u'(') {
                    const qsizetype close = closingParen(command, i + 2);
                    nested.append(command.mid(i + 2, close - i - 2));
                    raw += command.mid(i, close - i + 1);
                    word += command.mid(i, close - i + 1);
                    i = close;
                } else if (d == u'`') {
                    const qsizetype close = closingBacktick(command, i + 1);
                    nested.append(command.mid(i + 1, close - i - 1));
                    raw += command.mid(i, close - i + 1);
                    word += command.mid(i, close - i + 1);
                    i = close;
                } else {
                    raw += d;
                    word += d;
                }
            }
            if (i < n)
                raw += u'"';
            continue;
        }
        if ((c == u'$' || c == u'<' || c == u'>') && i + 1 < n && command.at(i + 1) == u'(') {
            const qsizetype close = closingParen(command, i + 2);
            nested.append(command.mid(i + 2, close - i - 2));
            raw += command.mid(i, close - i + 1);
            word += command.mid(i, close - i + 1);
            inWord = true;
            i = close;
            continue;
        }
        if (c == u'`') {
            const qsizetype close = closingBacktick(command, i + 1);
            nested.append(command.mid(i + 1, close - i - 1));
            raw += command.mid(i, close - i + 1);
            word += command.mid(i, close - i + 1);
            inWord = true;
            i = close;
            continue;
        }
        if (c == u';' || c == u'&' || c == u'|' || c == u'\n' || c == u'\r' || c == u'(' || c == u')') {
            endSegment();
            continue;
        }
        if (c == u'#' && !inWord && (raw.isEmpty() || raw.back().isSpace())) {
            // A comment runs to the end of the line.
            const qsizetype eol = command.indexOf(u'\n', i);
            i = eol < 0 ? n : eol - 1;
            continue;
        }
        if (c.isSpace()) {
            endWord();
            raw += c;
            continue;
        }
        raw += c;
        word += c;
        inWord = true;
    }
    endSegment();

    for (const QString &inner : std::as_const(nested))
        splitInto(inner, depth + 1, out);
}

} // namespace Proto
