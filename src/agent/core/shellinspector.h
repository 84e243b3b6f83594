#pragma once

#include "shellparser.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Proto {

// One program a command line would start, as policy rules see it.
struct ShellInvocation
{
    // What allow rules match: the words as written, quotes removed, leading assignments kept
    // (so `LD_PRELOAD=x ls` is not `ls`), `/usr/bin/git` read as `git` (trusted system folders
    // only). Empty for a command that starts no program (a for-loop header, `> file`).
    QString allowText;
    GlobShape allowShape; // the same with expansions as wildcards
    bool literal = true; // no expansion or glob in allowText
    // Every form deny and ask rules are checked against: allowText, the program's base name
    // whatever its folder, and the command inside each wrapper (sudo -u root git push is also
    // `git push`; git -C dir push is also `git push`).
    QStringList denyTexts;
    QList<GlobShape> denyShapes; // for forms with expansions
    QString program; // base name of the program ("git"), empty when unknown
    QStringList arguments; // the words after the program (inside wrappers)
    QList<ShellWord> words; // every word a path could hide in (args, assignments, targets)
    QList<ShellWord> writes; // files it writes: > >> &> targets, tee FILE, --output=FILE, ...
    bool writesUnknown = false; // writes files whose names are not on the command line (wget, -O)
};

// A command line taken apart for the policy: the parse (ShellParser) plus what bash's programs
// make of their words: wrappers (sudo, env, timeout, xargs, nice, nohup, exec, command...) and
// the command they run, shells and eval with their scripts, find -exec, and the options and
// programs that write files. Nested scripts are parsed like the command line itself.
class ShellInspection final
{
public:
    explicit ShellInspection(const QString &command);
    Q_DISABLE_COPY_MOVE(ShellInspection)

    const QList<ShellInvocation> &invocations() const { return m_invocations; }
    QStringList problems() const { return m_analysis.problems; }
    bool understood() const { return m_analysis.understood(); }
    const ShellAnalysis &analysis() const { return m_analysis; }
    // Literal folders given to cd (in order); true in *unknownCd when a cd went somewhere not
    // known before it runs (cd $X, cd -, pushd, popd).
    QStringList cdTargets(bool *unknownCd) const;

    // Whether the line may change how the shell runs later lines, when it runs in a persistent
    // shell: functions, aliases, options, traps, source/eval/exec, and variables that decide
    // which programs run or where (PATH, HOME, IFS, LD_*, GIT_*...). cd and other variables do not
    // count (the shell reports its folder; $X is never trusted anyway). True for a line not understood.
    bool changesShellState() const { return m_changesShell || !understood(); }

    // Programs that run other code given to them (shells, interpreters, wrappers, xargs, find,
    // sed, awk...): an "allow always" for them is never a prefix rule.
    static bool runsOtherCode(const QString &program);

private:
    void addInvocation(const ShellCommand &command);
    void nestedScript(const QString &script, int depth);

    void noteShellState(const ShellCommand &command);

    ShellAnalysis m_analysis;
    QList<ShellInvocation> m_invocations;
    bool m_changesShell = false;
};

} // namespace Proto
