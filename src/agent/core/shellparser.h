#pragma once

#include "globshape.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Proto {

// A path a shell word may name: the whole word, or what follows an unquoted `=`, `:` or `@` in it
// (`--output=FILE`, `HEAD:.env`, `@file`). Expansions bash would perform at run time are
// wildcards in the shape, so a check can tell whether the word might reach a given place.
struct ShellPathForm
{
    QString literal; // the text, when the form has no expansion or glob
    bool isLiteral = true;
    bool home = false; // starts with an unquoted `~` or `~/`: relative to the home folder
    GlobShape shape; // without the leading `~` when home is set
};

// One word of a shell command after bash's quote removal. Expansions bash would perform at run
// time (parameters, command substitution, arithmetic, braces, globs, ~user) cannot be known
// here: the word records that it has them, and its shapes treat each as "any text".
struct ShellWord
{
    QString text; // quotes removed; expansions kept as written ($HOME, $(id), *.c, {a,b})
    GlobShape textShape; // what the word can become, for matching rules
    QList<ShellPathForm> paths; // what it can name as a path
    bool expands = false; // has a parameter, command or arithmetic expansion, or braces
    bool globs = false; // has unquoted *, ? or [...]
    bool quoted = false; // any part was quoted or escaped (so never a reserved word)
    qsizetype assignmentName = -1; // length of NAME in an unquoted NAME= / NAME+= prefix

    bool isLiteral() const { return !expands && !globs; }
};

// A redirection: `> file`, `2>> log`, `&> out`, `< in`, `<<EOF`, `<<< word`, `>&2`.
struct ShellRedirect
{
    enum class Kind
    {
        Read, // <  (the target is read)
        Write, // > >> >| &> &>> <> >&file (the target is written)
        Duplicate, // >&2 <&0 >&- (no file)
        HereDoc, // << <<- (the body is the command's input)
        HereString // <<< word
    };
    Kind kind = Kind::Read;
    QString op;
    ShellWord target;
};

// One simple command: leading assignments, its words (argv) and its redirections. Reserved
// words of compound commands (if, then, do, {, !, ...) are not part of it.
struct ShellCommand
{
    QList<ShellWord> assignments; // NAME=value before the command word
    QList<ShellWord> words;
    QList<ShellRedirect> redirects;
    bool control = false; // the header of a `for NAME in WORDS` loop: words are data, not a program
    int depth = 0; // 0 for the command line itself, 1 inside one substitution or sh -c, ...

    // The command as rules read it: assignments and words, quotes removed, single spaces.
    QString text() const;
    // The same as a shape: expansions and globs may become any text.
    GlobShape textShape() const;
    bool isLiteral() const;
};

// What a command line would run, as bash reads it: every simple command at every level
// (lists, pipelines, subshells, groups, if/while/until/for bodies, $(...), `...`, <(...),
// >(...), here-document bodies, ${...} operands), in order. Never executes anything.
//
// It follows bash's rules: blanks are space and tab only, newline separates commands, '...' is
// literal, $'...' decodes ANSI-C escapes (\' does not end it), "..." and $"..." expand, \x
// quotes x. Whatever it does not understand is listed in problems (then nothing may be allowed
// without asking): control characters other than tab and newline, Unicode spaces and invisible
// format characters anywhere, unterminated quotes or substitutions, case, function definitions,
// [[ ]], (( )), arrays, arithmetic on variables, extended globs, nesting deeper than a limit,
// over-long input, and unbalanced parentheses.
struct ShellAnalysis
{
    QList<ShellCommand> commands;
    QStringList problems;

    bool understood() const { return problems.isEmpty(); }
};

class ShellParser final
{
public:
    static ShellAnalysis parse(const QString &command);
    // Parses text that is itself a shell script found inside a command (sh -c '...', eval,
    // substitutions) into out, at the given depth.
    static void parseInto(const QString &command, int depth, ShellAnalysis &out);

    static constexpr int MaxDepth = 8;
    static constexpr qsizetype MaxLength = 256 * 1024;
    static constexpr qsizetype MaxCommands = 4096;
};

} // namespace Proto
