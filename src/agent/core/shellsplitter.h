#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Proto {

// One simple command found in a shell command line, as policy rules see it.
struct ShellSegment
{
    // The words of the command with quotes and escapes removed, joined by single spaces:
    // `"git"  push 'origin'` reads `git push origin`. Allow rules match this form only.
    QString text;
    // Every form a deny or ask rule is checked against: text, the raw slice of the command
    // line, and text without leading variable assignments and wrappers (sudo, env, nohup,
    // exec, command, time, nice, timeout, xargs, builtin).
    QStringList variants;
};

// Splits a shell command line into the simple commands it would run, so that policy rules see
// each of them: `a && b; c | d` gives a, b, c, d; `$(...)`, backticks and `<(...)` give their
// contents too, as do `sh -c '...'`, `bash -c "..."` and `eval ...`. Never executes anything.
// Best effort by design: it is a gate in front of approvals, not a sandbox.
class ShellSplitter final
{
public:
    static QList<ShellSegment> split(const QString &command);

private:
    static void splitInto(const QString &command, int depth, QList<ShellSegment> &out);
};

} // namespace Proto
