#include "shellparser.h"

#include <QCoreApplication>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ShellParser", text);
}

bool isBlank(QChar c)
{
    return c == u' ' || c == u'\t';
}

bool isMeta(QChar c)
{
    return isBlank(c) || c == u'\n' || c == u';' || c == u'&' || c == u'|' || c == u'(' || c == u')'
        || c == u'<' || c == u'>';
}

bool isNameStart(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || (c >= u'0' && c <= u'9');
}

QString describeChar(QChar c)
{
    return QStringLiteral("U+%1").arg(c.unicode(), 4, 16, QLatin1Char('0')).toUpper().replace(u'X', u'x');
}

// Characters bash would read differently from a person, or that hide text: every control
// character but tab and newline, Unicode spaces other than the ASCII one, line and paragraph
// separators, invisible format characters (zero-width, bidi overrides) and lone surrogates.
QString invisibleCharacter(const QString &s)
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        const char16_t u = c.unicode();
        if (u == u'\t' || u == u'\n')
            continue;
        if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0))
            return tr("control character %1 at position %2").arg(describeChar(c)).arg(i);
        switch (c.category()) {
        case QChar::Separator_Space:
            if (u != u' ')
                return tr("Unicode space %1 at position %2").arg(describeChar(c)).arg(i);
            break;
        case QChar::Separator_Line:
        case QChar::Separator_Paragraph:
        case QChar::Other_Format:
            return tr("invisible character %1 at position %2").arg(describeChar(c)).arg(i);
        case QChar::Other_Surrogate:
            if (c.isHighSurrogate() && i + 1 < s.size() && s.at(i + 1).isLowSurrogate()) {
                ++i;
                break;
            }
            return tr("broken character at position %1").arg(i);
        default:
            break;
        }
    }
    return {};
}

// Index just past the closing quote of a '...' string opened at `from`, or -1.
qsizetype skipSingle(const QString &s, qsizetype from)
{
    const qsizetype end = s.indexOf(u'\'', from + 1);
    return end < 0 ? -1 : end + 1;
}

// Index just past an ANSI-C $'...' string whose `$` is at `from`, or -1.
qsizetype skipAnsi(const QString &s, qsizetype from)
{
    for (qsizetype j = from + 2; j < s.size(); ++j) {
        if (s.at(j) == u'\\')
            ++j;
        else if (s.at(j) == u'\'')
            return j + 1;
    }
    return -1;
}

qsizetype matchClose(const QString &s, qsizetype from, QChar open, QChar close);

// Index just past a backtick substitution opened at `from`, or -1.
qsizetype skipBacktick(const QString &s, qsizetype from)
{
    for (qsizetype j = from + 1; j < s.size(); ++j) {
        if (s.at(j) == u'\\')
            ++j;
        else if (s.at(j) == u'`')
            return j + 1;
    }
    return -1;
}

// Index just past a "..." string opened at `from`, or -1.
qsizetype skipDouble(const QString &s, qsizetype from)
{
    for (qsizetype j = from + 1; j < s.size(); ++j) {
        const QChar c = s.at(j);
        if (c == u'\\') {
            ++j;
        } else if (c == u'"') {
            return j + 1;
        } else if (c == u'`') {
            const qsizetype end = skipBacktick(s, j);
            if (end < 0)
                return -1;
            j = end - 1;
        } else if (c == u'$' && j + 1 < s.size() && (s.at(j + 1) == u'(' || s.at(j + 1) == u'{')) {
            const bool paren = s.at(j + 1) == u'(';
            const qsizetype end = matchClose(s, j + 2, paren ? u'(' : u'{', paren ? u')' : u'}');
            if (end < 0)
                return -1;
            j = end;
        }
    }
    return -1;
}

// The index of the `close` that ends a group whose contents start at `from` (its opening
// character is just before), honouring quotes, escapes, comments and nesting; -1 when unclosed.
qsizetype matchClose(const QString &s, qsizetype from, QChar open, QChar close)
{
    int depth = 1;
    for (qsizetype j = from; j < s.size(); ++j) {
        const QChar c = s.at(j);
        qsizetype end = 0;
        if (c == u'\\') {
            ++j;
            continue;
        }
        if (c == u'$' && j + 1 < s.size() && s.at(j + 1) == u'\'') {
            end = skipAnsi(s, j);
        } else if (c == u'\'') {
            end = skipSingle(s, j);
        } else if (c == u'"') {
            end = skipDouble(s, j);
        } else if (c == u'`') {
            end = skipBacktick(s, j);
        } else if (c == u'#' && open == u'(' && (j == from || isMeta(s.at(j - 1)))) {
            const qsizetype eol = s.indexOf(u'\n', j);
            if (eol < 0)
                return -1;
            j = eol;
            continue;
        } else {
            if (c == open)
                ++depth;
            else if (c == close && --depth == 0)
                return j;
            continue;
        }
        if (end < 0)
            return -1;
        j = end - 1;
    }
    return -1;
}

// Decodes the body of $'...' (without the quotes) as bash does.
QString decodeAnsi(const QString &body)
{
    QString out;
    const qsizetype n = body.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = body.at(i);
        if (c != u'\\' || i + 1 >= n) {
            out += c;
            continue;
        }
        const QChar e = body.at(++i);
        auto hex = [&](int maxDigits) {
            uint value = 0;
            int digits = 0;
            while (digits < maxDigits && i + 1 < n
                && QStringLiteral("0123456789abcdefABCDEF").contains(body.at(i + 1))) {
                value = value * 16 + uint(QString(body.at(++i)).toUInt(nullptr, 16));
                ++digits;
            }
            return digits == 0 ? -1 : int(value);
        };
        switch (e.unicode()) {
        case u'a':
            out += QChar(0x07);
            break;
        case u'b':
            out += QChar(0x08);
            break;
        case u'e':
        case u'E':
            out += QChar(0x1b);
            break;
        case u'f':
            out += QChar(0x0c);
            break;
        case u'n':
            out += u'\n';
            break;
        case u'r':
            out += u'\r';
            break;
        case u't':
            out += u'\t';
            break;
        case u'v':
            out += QChar(0x0b);
            break;
        case u'\\':
        case u'\'':
        case u'"':
        case u'?':
            out += e;
            break;
        case u'x': {
            const int v = hex(2);
            out += v < 0 ? QStringLiteral("\\x") : QString(QChar(v));
            break;
        }
        case u'u':
        case u'U': {
            const int v = hex(e == u'u' ? 4 : 8);
            if (v < 0)
                out += QStringLiteral("\\") + e;
            else
                out += QString::fromUcs4(reinterpret_cast<const char32_t *>(&v), 1);
            break;
        }
        case u'c':
            if (i + 1 < n)
                out += QChar(body.at(++i).unicode() & 0x1f);
            break;
        default:
            if (e >= u'0' && e <= u'7') {
                int v = e.unicode() - u'0';
                for (int k = 0; k < 2 && i + 1 < n && body.at(i + 1) >= u'0' && body.at(i + 1) <= u'7'; ++k)
                    v = v * 8 + (body.at(++i).unicode() - u'0');
                out += QChar(v & 0xff);
            } else {
                out += u'\\';
                out += e;
            }
        }
    }
    return out;
}

// Builds one ShellWord: its text, the shape rules match, and the path forms.
class WordBuilder
{
public:
    explicit WordBuilder(ShellWord &word)
        : m_word(word)
    {
        m_word.paths.append(ShellPathForm {});
        m_forms.append(0);
        m_segmentStart.append(true);
    }

    void literal(QChar c, bool quoted)
    {
        m_word.text += c;
        m_word.textShape.appendChar(c);
        if (quoted)
            m_word.quoted = true;
        for (qsizetype k = 0; k < m_forms.size(); ++k) {
            ShellPathForm &form = m_word.paths[m_forms.at(k)];
            form.literal += c;
            if (m_braces == 0)
                form.shape.appendChar(c);
            m_segmentStart[k] = c == u'/';
        }
        if (!quoted && m_word.paths.size() < 8 && (c == u'=' || c == u':' || c == u'@')) {
            m_word.paths.append(ShellPathForm {});
            m_forms.append(m_word.paths.size() - 1);
            m_segmentStart.append(true);
        }
    }

    void literalText(const QString &text, bool quoted)
    {
        for (const QChar c : text)
            literal(c, quoted);
        if (text.isEmpty() && quoted) {
            m_word.quoted = true;
        }
    }

    // An expansion whose value is not known here: any text, any path.
    void expansion(const QString &written)
    {
        m_word.text += written;
        m_word.expands = true;
        m_word.textShape.appendRun(GlobShape::Class::Any);
        for (qsizetype k = 0; k < m_forms.size(); ++k) {
            ShellPathForm &form = m_word.paths[m_forms.at(k)];
            form.literal += written;
            form.isLiteral = false;
            if (m_braces == 0)
                form.shape.appendRun(GlobShape::Class::Any);
            m_segmentStart[k] = false;
        }
    }

    void glob(QChar c, const QString &written)
    {
        m_word.text += written;
        m_word.globs = true;
        m_word.textShape.appendRun(GlobShape::Class::Any);
        for (qsizetype k = 0; k < m_forms.size(); ++k) {
            ShellPathForm &form = m_word.paths[m_forms.at(k)];
            form.literal += written;
            form.isLiteral = false;
            if (m_braces == 0) {
                // A name's first character never matches a leading dot (dotglob is off).
                const auto first
                    = m_segmentStart.at(k) ? GlobShape::Class::NotSlashNotDot : GlobShape::Class::NotSlash;
                if (c == u'*') {
                    GlobShape name;
                    name.appendOne(first);
                    name.appendRun(GlobShape::Class::NotSlash);
                    form.shape.appendOptional(name);
                } else {
                    form.shape.appendOne(first);
                }
            }
            m_segmentStart[k] = false;
        }
    }

    // ~ or ~/ at the start of a form: the home folder.
    bool tildeAllowed() const
    {
        return m_forms.size() > 0 && m_word.paths.at(m_forms.last()).literal.isEmpty();
    }

    // ~ (or $HOME) at the start of the last form: that form is relative to the home folder.
    void home(const QString &written = QStringLiteral("~"))
    {
        m_word.text += written;
        if (written != u"~") {
            m_word.expands = true;
            m_word.textShape.appendRun(GlobShape::Class::Any);
        } else {
            m_word.textShape.appendChar(u'~');
        }
        ShellPathForm &form = m_word.paths[m_forms.last()];
        form.home = true;
        form.literal += u'~';
        for (qsizetype k = 0; k + 1 < m_forms.size(); ++k) {
            ShellPathForm &outer = m_word.paths[m_forms.at(k)];
            outer.literal += written;
            if (written == u"~") {
                outer.shape.appendChar(u'~');
            } else {
                outer.isLiteral = false;
                outer.shape.appendRun(GlobShape::Class::Any);
            }
        }
    }

    // An expansion that never holds a '/' (a number, a user name).
    void nameExpansion(const QString &written)
    {
        m_word.text += written;
        m_word.expands = true;
        m_word.textShape.appendRun(GlobShape::Class::Any);
        for (qsizetype k = 0; k < m_forms.size(); ++k) {
            ShellPathForm &form = m_word.paths[m_forms.at(k)];
            form.literal += written;
            form.isLiteral = false;
            if (m_braces == 0)
                form.shape.appendRun(GlobShape::Class::NotSlash);
            m_segmentStart[k] = false;
        }
    }

    void openBraces()
    {
        if (m_braces++ == 0) {
            m_word.expands = true;
            for (qsizetype k = 0; k < m_forms.size(); ++k) {
                ShellPathForm &form = m_word.paths[m_forms.at(k)];
                form.isLiteral = false;
                form.shape.appendRun(GlobShape::Class::Any);
            }
        }
        m_word.text += u'{';
        m_word.textShape.appendRun(GlobShape::Class::Any);
    }

    void closeBraces()
    {
        m_word.text += u'}';
        if (m_braces > 0)
            --m_braces;
    }

private:
    ShellWord &m_word;
    QList<qsizetype> m_forms; // indexes into m_word.paths that are still being written
    QList<bool> m_segmentStart;
    int m_braces = 0;
};

class Parser
{
public:
    Parser(const QString &s, int depth, ShellAnalysis &out)
        : m_s(s)
        , m_depth(depth)
        , m_out(out)
    { }

    void run();

private:
    enum class ForState
    {
        None,
        Name,
        In,
        Words
    };
    struct HereDoc
    {
        QString delimiter;
        bool quoted = false;
        bool stripTabs = false;
    };

    void problem(const QString &what)
    {
        if (!m_out.problems.contains(what) && m_out.problems.size() < 20)
            m_out.problems.append(what);
    }
    QChar at(qsizetype i) const { return i < m_s.size() ? m_s.at(i) : QChar(); }

    void finishCommand();
    void flushNested();
    void parseWord(ShellWord &word);
    void parseDouble(WordBuilder &builder);
    bool parseDollar(WordBuilder &builder, bool quoted);
    void parseBacktick(WordBuilder &builder);
    void parseRedirect();
    void handleWord(ShellWord word);
    void readHereDocs();
    void scanSubstitutions(const QString &text, bool singleQuotes);
    void checkArithmetic(const QString &body);
    void variable(WordBuilder &builder, const QString &name, const QString &written);

    const QString &m_s;
    qsizetype m_i = 0;
    int m_depth;
    ShellAnalysis &m_out;
    ShellCommand m_command;
    ForState m_for = ForState::None;
    bool m_afterTime = false;
    int m_subshells = 0;
    QList<HereDoc> m_hereDocs;
    QStringList m_nested;
};

void Parser::run()
{
    const qsizetype n = m_s.size();
    while (m_i < n) {
        const QChar c = m_s.at(m_i);
        if (isBlank(c)) {
            ++m_i;
            continue;
        }
        if (c == u'\n') {
            finishCommand();
            ++m_i;
            readHereDocs();
            continue;
        }
        if (c == u'#') {
            const qsizetype eol = m_s.indexOf(u'\n', m_i);
            m_i = eol < 0 ? n : eol;
            continue;
        }
        if (c == u';') {
            if (at(m_i + 1) == u';' || at(m_i + 1) == u'&')
                problem(tr("\"%1\" outside a case statement").arg(m_s.mid(m_i, 2)));
            finishCommand();
            ++m_i;
            continue;
        }
        if (c == u'&' && at(m_i + 1) != u'>') {
            finishCommand();
            m_i += at(m_i + 1) == u'&' ? 2 : 1;
            continue;
        }
        if (c == u'|') {
            finishCommand();
            m_i += (at(m_i + 1) == u'|' || at(m_i + 1) == u'&') ? 2 : 1;
            continue;
        }
        if (c == u'(') {
            if (!m_command.words.isEmpty())
                problem(tr("a function definition"));
            else if (at(m_i + 1) == u'(')
                problem(tr("an arithmetic command (( ))"));
            else if (!m_command.assignments.isEmpty())
                problem(tr("an array assignment"));
            finishCommand();
            ++m_subshells;
            ++m_i;
            continue;
        }
        if (c == u')') {
            if (m_subshells > 0)
                --m_subshells;
            else
                problem(tr("an unbalanced \")\""));
            finishCommand();
            ++m_i;
            continue;
        }
        if ((c == u'<' || c == u'>') && at(m_i + 1) != u'(') {
            parseRedirect();
            continue;
        }
        if (c == u'&') { // &> and &>>
            parseRedirect();
            continue;
        }
        if (c.isDigit()) {
            qsizetype j = m_i;
            while (j < n && m_s.at(j).isDigit())
                ++j;
            if (j < n && (m_s.at(j) == u'<' || m_s.at(j) == u'>') && at(j + 1) != u'(') {
                parseRedirect();
                continue;
            }
        }
        ShellWord word;
        parseWord(word);
        if (word.text.isEmpty() && !word.quoted) {
            if (m_i < n && !isMeta(m_s.at(m_i)))
                ++m_i; // nothing readable here (a problem was noted): never loop on it
            continue;
        }
        handleWord(word);
        if (m_out.commands.size() > ShellParser::MaxCommands) {
            problem(tr("more than %1 commands").arg(ShellParser::MaxCommands));
            return;
        }
    }
    finishCommand();
    if (!m_hereDocs.isEmpty())
        problem(tr("a here-document without its body"));
    if (m_subshells > 0)
        problem(tr("an unclosed \"(\""));
}

void Parser::parseWord(ShellWord &word)
{
    WordBuilder builder(word);
    const qsizetype n = m_s.size();
    int braces = 0;
    while (m_i < n) {
        const QChar c = m_s.at(m_i);
        if ((c == u'<' || c == u'>') && at(m_i + 1) == u'(') {
            const qsizetype close = matchClose(m_s, m_i + 2, u'(', u')');
            if (close < 0) {
                problem(tr("an unclosed process substitution"));
                m_i = n;
                return;
            }
            m_nested.append(m_s.mid(m_i + 2, close - m_i - 2));
            builder.expansion(m_s.mid(m_i, close - m_i + 1));
            m_i = close + 1;
            continue;
        }
        if (isMeta(c))
            break;
        if (c == u'\\') {
            if (at(m_i + 1) == u'\n') {
                m_i += 2;
                continue;
            }
            if (m_i + 1 < n) {
                builder.literal(m_s.at(m_i + 1), true);
                m_i += 2;
            } else {
                builder.literal(c, false);
                ++m_i;
            }
        } else if (c == u'\'') {
            const qsizetype end = skipSingle(m_s, m_i);
            if (end < 0) {
                problem(tr("an unterminated ' quote"));
                m_i = n;
                return;
            }
            builder.literalText(m_s.mid(m_i + 1, end - m_i - 2), true);
            m_i = end;
        } else if (c == u'$' && at(m_i + 1) == u'\'') {
            const qsizetype end = skipAnsi(m_s, m_i);
            if (end < 0) {
                problem(tr("an unterminated $' quote"));
                m_i = n;
                return;
            }
            const QString decoded = decodeAnsi(m_s.mid(m_i + 2, end - m_i - 3));
            const QString invisible = invisibleCharacter(decoded);
            if (!invisible.isEmpty())
                problem(tr("$'...' makes a %1").arg(invisible));
            builder.literalText(decoded, true);
            m_i = end;
        } else if (c == u'"' || (c == u'$' && at(m_i + 1) == u'"')) {
            if (c == u'$')
                ++m_i;
            parseDouble(builder);
        } else if (c == u'$') {
            if (!parseDollar(builder, false))
                return;
        } else if (c == u'`') {
            parseBacktick(builder);
        } else if (c == u'~' && builder.tildeAllowed()) {
            // ~ and ~/...: the home folder; ~user, ~+ and ~-: some other folder. After = : @
            // too (bash expands it in assignments; elsewhere counting it as home errs on the
            // careful side).
            qsizetype j = m_i + 1;
            while (j < n && !isMeta(m_s.at(j)) && m_s.at(j) != u'/' && m_s.at(j) != u':' && m_s.at(j) != u'\\'
                && m_s.at(j) != u'\'' && m_s.at(j) != u'"' && m_s.at(j) != u'$' && m_s.at(j) != u'`')
                ++j;
            if (j == m_i + 1) {
                builder.home();
                ++m_i;
            } else {
                builder.expansion(m_s.mid(m_i, j - m_i));
                m_i = j;
            }
        } else if (c == u'*' || c == u'?') {
            if (at(m_i + 1) == u'(') {
                problem(tr("an extended glob %1(...)").arg(c));
                m_i = n;
                return;
            }
            builder.glob(c, QString(c));
            ++m_i;
        } else if (c == u'[') {
            qsizetype j = m_i + 1;
            if (at(j) == u'!' || at(j) == u'^')
                ++j;
            if (at(j) == u']')
                ++j;
            while (
                j < n && m_s.at(j) != u']' && !isMeta(m_s.at(j)) && m_s.at(j) != u'\'' && m_s.at(j) != u'"')
                ++j;
            if (j < n && m_s.at(j) == u']') {
                builder.glob(u'?', m_s.mid(m_i, j - m_i + 1));
                m_i = j + 1;
            } else {
                builder.literal(c, false);
                ++m_i;
            }
        } else if (c == u'{' && at(m_i + 1) != u'}') {
            // Brace expansion when a matching } with a comma or .. follows in this word.
            int depth = 0;
            bool expansion = false;
            for (qsizetype j = m_i; j < n && !isBlank(m_s.at(j)) && m_s.at(j) != u'\n'; ++j) {
                const QChar d = m_s.at(j);
                if (d == u'\\') {
                    ++j;
                } else if (d == u'{') {
                    ++depth;
                } else if (d == u'}') {
                    if (--depth == 0)
                        break;
                } else if (depth == 1 && (d == u',' || (d == u'.' && at(j + 1) == u'.'))) {
                    expansion = true;
                } else if (d == u'\'' || d == u'"' || isMeta(d)) {
                    expansion = expansion || d == u'\'' || d == u'"';
                    if (isMeta(d))
                        break;
                }
            }
            if (expansion) {
                builder.openBraces();
                ++braces;
            } else {
                builder.literal(c, false);
            }
            ++m_i;
        } else if (c == u'}' && braces > 0) {
            builder.closeBraces();
            --braces;
            ++m_i;
        } else if (c == u'!' && at(m_i + 1) == u'(') {
            problem(tr("an extended glob !(...)"));
            m_i = n;
            return;
        } else if ((c == u'@' || c == u'+') && at(m_i + 1) == u'(') {
            problem(tr("an extended glob %1(...)").arg(c));
            m_i = n;
            return;
        } else {
            if (c == u'=' && word.assignmentName < 0 && !word.quoted && word.isLiteral()) {
                QString name = word.text;
                if (name.endsWith(u'+'))
                    name.chop(1);
                bool valid = !name.isEmpty() && isNameStart(name.at(0));
                for (const QChar d : std::as_const(name))
                    valid = valid && isNameChar(d);
                if (valid)
                    word.assignmentName = name.size();
            }
            builder.literal(c, false);
            ++m_i;
        }
    }
}

void Parser::parseDouble(WordBuilder &builder)
{
    // m_i is at the opening quote.
    const qsizetype n = m_s.size();
    ++m_i;
    builder.literalText(QString(), true);
    while (m_i < n) {
        const QChar c = m_s.at(m_i);
        if (c == u'"') {
            ++m_i;
            return;
        }
        if (c == u'\\' && m_i + 1 < n) {
            const QChar e = m_s.at(m_i + 1);
            if (e == u'\n') {
                // continuation
            } else if (e == u'$' || e == u'`' || e == u'"' || e == u'\\') {
                builder.literal(e, true);
            } else {
                builder.literal(c, true);
                builder.literal(e, true);
            }
            m_i += 2;
            continue;
        }
        if (c == u'$') {
            if (!parseDollar(builder, true))
                return;
            continue;
        }
        if (c == u'`') {
            parseBacktick(builder);
            continue;
        }
        builder.literal(c, true);
        ++m_i;
    }
    problem(tr("an unterminated \" quote"));
}

void Parser::checkArithmetic(const QString &body)
{
    // Only plain numbers and operators: a name would be evaluated recursively, and an array
    // subscript in a variable's value runs commands (x='a[$(id)]'; $((x))).
    for (const QChar c : body) {
        if (isNameStart(c) || c == u'$' || c == u'`' || c == u'[' || c == u'\'' || c == u'"' || c == u'\\') {
            problem(tr("arithmetic on variables or substitutions"));
            return;
        }
    }
}

// A variable whose value is known well enough: $HOME and $PWD at the start of a path are the home
// and working folders; special parameters and a few shell variables never hold a '/'. Any other
// variable may hold any path (KUBECONFIG, GOOGLE_APPLICATION_CREDENTIALS...).
void Parser::variable(WordBuilder &builder, const QString &name, const QString &written)
{
    if (name == u"HOME" && builder.tildeAllowed()) {
        builder.home(written);
        return;
    }
    static const QStringList noSlash { QStringLiteral("$"), QStringLiteral("?"), QStringLiteral("#"),
        QStringLiteral("!"), QStringLiteral("-"), QStringLiteral("PPID"), QStringLiteral("RANDOM"),
        QStringLiteral("SECONDS"), QStringLiteral("LINENO"), QStringLiteral("BASHPID"), QStringLiteral("UID"),
        QStringLiteral("EUID"), QStringLiteral("USER"), QStringLiteral("LOGNAME"), QStringLiteral("HOSTNAME"),
        QStringLiteral("LANG"), QStringLiteral("TERM"), QStringLiteral("COLUMNS"), QStringLiteral("LINES"),
        QStringLiteral("SHLVL"), QStringLiteral("EPOCHSECONDS"), QStringLiteral("SRANDOM") };
    if (noSlash.contains(name)) {
        builder.nameExpansion(written);
        return;
    }
    builder.expansion(written);
}

bool Parser::parseDollar(WordBuilder &builder, bool quoted)
{
    // m_i is at '$'.
    const qsizetype n = m_s.size();
    const QChar next = at(m_i + 1);
    if (next == u'(') {
        const qsizetype close = matchClose(m_s, m_i + 2, u'(', u')');
        if (close < 0) {
            problem(tr("an unclosed $( substitution"));
            m_i = n;
            return false;
        }
        const QString body = m_s.mid(m_i + 2, close - m_i - 2);
        if (body.startsWith(u'(') && body.endsWith(u')')
            && matchClose(m_s, m_i + 3, u'(', u')') == close - 1) {
            checkArithmetic(body.mid(1, body.size() - 2));
        } else {
            m_nested.append(body);
        }
        builder.expansion(m_s.mid(m_i, close - m_i + 1));
        m_i = close + 1;
        return true;
    }
    if (next == u'{') {
        const qsizetype close = matchClose(m_s, m_i + 2, u'{', u'}');
        if (close < 0) {
            problem(tr("an unclosed ${ expansion"));
            m_i = n;
            return false;
        }
        const QString body = m_s.mid(m_i + 2, close - m_i - 2);
        qsizetype j = 0;
        while (j < body.size() && (body.at(j) == u'#' || body.at(j) == u'!'))
            ++j;
        while (j < body.size() && isNameChar(body.at(j)))
            ++j;
        if (j < body.size() && body.at(j) == u'[')
            problem(tr("an array subscript in ${...}"));
        else if (j < body.size() && body.at(j) == u'@')
            problem(tr("a ${...@...} transformation"));
        scanSubstitutions(body.mid(j), !quoted);
        bool plainName = !body.isEmpty() && isNameStart(body.at(0));
        for (const QChar c : body)
            plainName = plainName && isNameChar(c);
        if (plainName)
            variable(builder, body, m_s.mid(m_i, close - m_i + 1));
        else
            builder.expansion(m_s.mid(m_i, close - m_i + 1));
        m_i = close + 1;
        return true;
    }
    if (next == u'[') {
        problem(tr("a $[ ] arithmetic expansion"));
        m_i = n;
        return false;
    }
    if (isNameStart(next)) {
        qsizetype j = m_i + 1;
        while (j < n && isNameChar(m_s.at(j)))
            ++j;
        variable(builder, m_s.mid(m_i + 1, j - m_i - 1), m_s.mid(m_i, j - m_i));
        m_i = j;
        return true;
    }
    if (next.isDigit() || QStringLiteral("@*#?$!-").contains(next)) {
        variable(builder, QString(next), m_s.mid(m_i, 2));
        m_i += 2;
        return true;
    }
    builder.literal(u'$', quoted);
    ++m_i;
    return true;
}

void Parser::parseBacktick(WordBuilder &builder)
{
    const qsizetype end = skipBacktick(m_s, m_i);
    if (end < 0) {
        problem(tr("an unterminated ` substitution"));
        m_i = m_s.size();
        return;
    }
    QString body;
    for (qsizetype j = m_i + 1; j < end - 1; ++j) {
        const QChar c = m_s.at(j);
        if (c == u'\\' && j + 1 < end - 1
            && (m_s.at(j + 1) == u'$' || m_s.at(j + 1) == u'`' || m_s.at(j + 1) == u'\\')) {
            body += m_s.at(++j);
            continue;
        }
        body += c;
    }
    m_nested.append(body);
    builder.expansion(m_s.mid(m_i, end - m_i));
    m_i = end;
}

// Finds the substitutions in text that bash expands without word parsing: here-document
// bodies and the operands of ${...}.
void Parser::scanSubstitutions(const QString &text, bool singleQuotes)
{
    for (qsizetype j = 0; j < text.size(); ++j) {
        const QChar c = text.at(j);
        if (c == u'\\') {
            ++j;
        } else if (c == u'\'' && singleQuotes) {
            const qsizetype end = skipSingle(text, j);
            if (end < 0)
                return;
            j = end - 1;
        } else if (c == u'`') {
            const qsizetype end = skipBacktick(text, j);
            if (end < 0) {
                problem(tr("an unterminated ` substitution"));
                return;
            }
            m_nested.append(text.mid(j + 1, end - j - 2));
            j = end - 1;
        } else if (c == u'$' && j + 1 < text.size()) {
            const QChar next = text.at(j + 1);
            if (next == u'(' || next == u'{') {
                const qsizetype close
                    = matchClose(text, j + 2, next, next == u'(' ? QChar(u')') : QChar(u'}'));
                if (close < 0) {
                    problem(tr("an unclosed substitution"));
                    return;
                }
                const QString body = text.mid(j + 2, close - j - 2);
                if (next == u'{')
                    scanSubstitutions(body, singleQuotes);
                else if (body.startsWith(u'(') && body.endsWith(u')'))
                    checkArithmetic(body.mid(1, body.size() - 2));
                else
                    m_nested.append(body);
                j = close;
            } else if (next == u'[') {
                problem(tr("a $[ ] arithmetic expansion"));
            }
        }
    }
}

void Parser::parseRedirect()
{
    const qsizetype n = m_s.size();
    while (m_i < n && m_s.at(m_i).isDigit())
        ++m_i;
    static const char *const ops[]
        = { "&>>", "&>", "<<<", "<<-", "<<", "<>", "<&", "<", ">>", ">|", ">&", ">" };
    QString op;
    for (const char *candidate : ops) {
        const QString o = QLatin1String(candidate);
        if (m_s.mid(m_i, o.size()) == o) {
            op = o;
            break;
        }
    }
    if (op.isEmpty()) { // cannot happen: callers stand on < > or &
        problem(tr("an unknown redirection"));
        m_i = n;
        return;
    }
    m_i += op.size();
    while (m_i < n && isBlank(m_s.at(m_i)))
        ++m_i;
    if (m_i >= n
        || (isMeta(m_s.at(m_i)) && !((m_s.at(m_i) == u'<' || m_s.at(m_i) == u'>') && at(m_i + 1) == u'('))) {
        problem(tr("a redirection \"%1\" without a target").arg(op));
        return;
    }
    ShellRedirect redirect;
    redirect.op = op;
    parseWord(redirect.target);
    const QString &target = redirect.target.text;
    if (op == u"<")
        redirect.kind = ShellRedirect::Kind::Read;
    else if (op == u"<<" || op == u"<<-") {
        redirect.kind = ShellRedirect::Kind::HereDoc;
        m_hereDocs.append({ target, redirect.target.quoted, op == u"<<-" });
    } else if (op == u"<<<")
        redirect.kind = ShellRedirect::Kind::HereString;
    else if (op == u"<&" || op == u">&") {
        bool fd = redirect.target.isLiteral() && !target.isEmpty();
        for (qsizetype k = 0; k < target.size(); ++k)
            fd = fd && (target.at(k).isDigit() || (target.at(k) == u'-' && k == target.size() - 1));
        redirect.kind = fd ? ShellRedirect::Kind::Duplicate
            : op == u">&"  ? ShellRedirect::Kind::Write
                           : ShellRedirect::Kind::Read;
    } else {
        redirect.kind = ShellRedirect::Kind::Write;
    }
    m_command.redirects.append(redirect);
}

void Parser::handleWord(ShellWord word)
{
    const bool plain = !word.quoted && word.isLiteral();
    const bool commandStart
        = m_command.words.isEmpty() && m_command.assignments.isEmpty() && m_command.redirects.isEmpty();
    if (m_for == ForState::Name) {
        bool valid = plain && !word.text.isEmpty() && isNameStart(word.text.at(0));
        for (const QChar c : std::as_const(word.text))
            valid = valid && isNameChar(c);
        if (!valid)
            problem(tr("a for loop that is not \"for NAME in WORDS\""));
        m_for = ForState::In;
        return;
    }
    if (m_for == ForState::In) {
        if (plain && word.text == u"in") {
            m_for = ForState::Words;
            return;
        }
        if (plain && word.text == u"do") {
            m_for = ForState::None;
            return;
        }
        problem(tr("a for loop that is not \"for NAME in WORDS\""));
        m_for = ForState::Words;
    }
    if (m_for == ForState::Words) {
        m_command.words.append(word);
        return;
    }
    if (plain && commandStart) {
        const QString &t = word.text;
        static const QStringList skipped { QStringLiteral("!"), QStringLiteral("{"), QStringLiteral("}"),
            QStringLiteral("then"), QStringLiteral("do"), QStringLiteral("else"), QStringLiteral("if"),
            QStringLiteral("elif"), QStringLiteral("while"), QStringLiteral("until"), QStringLiteral("fi"),
            QStringLiteral("done") };
        if (skipped.contains(t))
            return;
        if (t == u"time") {
            m_afterTime = true;
            return;
        }
        if (t == u"for") {
            m_for = ForState::Name;
            m_command.control = true;
            return;
        }
        static const QStringList unknown { QStringLiteral("case"), QStringLiteral("esac"),
            QStringLiteral("select"), QStringLiteral("function"), QStringLiteral("coproc"),
            QStringLiteral("[["), QStringLiteral("]]"), QStringLiteral("in") };
        if (unknown.contains(t)) {
            problem(tr("the shell construct \"%1\"").arg(t));
            m_command.words.append(word);
            return;
        }
    }
    if (m_afterTime && commandStart && plain && word.text == u"-p")
        return;
    if (m_command.words.isEmpty() && word.assignmentName > 0) {
        if (at(m_i) == u'(')
            problem(tr("an array assignment"));
        m_command.assignments.append(word);
        return;
    }
    if (m_command.words.isEmpty() && !word.quoted && word.text.size() > 0 && isNameStart(word.text.at(0))
        && word.text.contains(QStringLiteral("]="))) {
        problem(tr("an array element assignment"));
    }
    m_command.words.append(word);
}

void Parser::finishCommand()
{
    if (m_for == ForState::Name)
        problem(tr("a for loop without a variable"));
    m_for = ForState::None;
    m_afterTime = false;
    if (!m_command.words.isEmpty() || !m_command.assignments.isEmpty() || !m_command.redirects.isEmpty()) {
        m_command.depth = m_depth;
        m_out.commands.append(m_command);
    }
    m_command = ShellCommand {};
    flushNested();
}

void Parser::flushNested()
{
    const QStringList nested = m_nested;
    m_nested.clear();
    for (const QString &body : nested)
        ShellParser::parseInto(body, m_depth + 1, m_out);
}

void Parser::readHereDocs()
{
    const qsizetype n = m_s.size();
    const QList<HereDoc> docs = m_hereDocs;
    m_hereDocs.clear();
    for (const HereDoc &doc : docs) {
        QString body;
        bool closed = false;
        while (m_i < n) {
            const qsizetype eol = m_s.indexOf(u'\n', m_i);
            const qsizetype end = eol < 0 ? n : eol;
            QString line = m_s.mid(m_i, end - m_i);
            m_i = eol < 0 ? n : eol + 1;
            if (doc.stripTabs) {
                while (line.startsWith(u'\t'))
                    line.remove(0, 1);
            }
            if (line == doc.delimiter) {
                closed = true;
                break;
            }
            body += line + u'\n';
        }
        if (!closed)
            problem(tr("a here-document not closed by \"%1\"").arg(doc.delimiter));
        if (!doc.quoted)
            scanSubstitutions(body, false);
    }
    flushNested();
}

} // namespace

QString ShellCommand::text() const
{
    QStringList parts;
    for (const ShellWord &w : assignments)
        parts.append(w.text);
    for (const ShellWord &w : words)
        parts.append(w.text);
    return parts.join(u' ');
}

GlobShape ShellCommand::textShape() const
{
    GlobShape shape;
    bool first = true;
    for (const QList<ShellWord> *list : { &assignments, &words }) {
        for (const ShellWord &w : *list) {
            if (!first)
                shape.appendChar(u' ');
            first = false;
            shape.append(w.textShape);
        }
    }
    return shape;
}

bool ShellCommand::isLiteral() const
{
    for (const QList<ShellWord> *list : { &assignments, &words }) {
        for (const ShellWord &w : *list) {
            if (!w.isLiteral())
                return false;
        }
    }
    return true;
}

ShellAnalysis ShellParser::parse(const QString &command)
{
    ShellAnalysis out;
    parseInto(command, 0, out);
    return out;
}

void ShellParser::parseInto(const QString &command, int depth, ShellAnalysis &out)
{
    if (depth > MaxDepth) {
        out.problems.append(tr("substitutions nested more than %1 deep").arg(MaxDepth));
        return;
    }
    if (command.size() > MaxLength) {
        out.problems.append(tr("a command longer than %1 characters").arg(MaxLength));
        return;
    }
    const QString invisible = invisibleCharacter(command);
    if (!invisible.isEmpty())
        out.problems.append(tr("a %1").arg(invisible));
    Parser parser(command, depth, out);
    parser.run();
}

} // namespace Proto
