#include "shellinspector.h"

#include <QCoreApplication>
#include <QSet>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ShellInspection", text);
}

QString baseName(const QString &program)
{
    return program.section(u'/', -1);
}

bool inTrustedFolder(const QString &program)
{
    const QString dir = program.section(u'/', 0, -2);
    static const QStringList trusted { QStringLiteral("/usr/bin"), QStringLiteral("/bin"),
        QStringLiteral("/usr/local/bin"), QStringLiteral("/usr/sbin"), QStringLiteral("/sbin") };
    return trusted.contains(dir);
}

bool isShellProgram(const QString &name)
{
    static const QStringList shells { QStringLiteral("sh"), QStringLiteral("bash"), QStringLiteral("zsh"),
        QStringLiteral("dash"), QStringLiteral("ksh"), QStringLiteral("mksh"), QStringLiteral("ash"),
        QStringLiteral("fish"), QStringLiteral("csh"), QStringLiteral("tcsh"), QStringLiteral("rbash") };
    return shells.contains(name);
}

// How a wrapper reads its own words before the command it runs.
struct Wrapper
{
    const char *name;
    const char *shortWithValue; // option letters that take a value (-u root, -uroot)
    QStringList longWithValue; // --user root, --user=root
    int positional = 0; // words after the options that are not the command (timeout's duration)
    const char *shellOption = nullptr; // option whose value is a shell script (su -c '...')
};

const QList<Wrapper> &wrappers()
{
    static const QList<Wrapper> list {
        { "sudo", "ughpCrtUDRT",
            { QStringLiteral("--user"), QStringLiteral("--group"), QStringLiteral("--host"),
                QStringLiteral("--prompt"), QStringLiteral("--close-from"), QStringLiteral("--role"),
                QStringLiteral("--type"), QStringLiteral("--other-user"), QStringLiteral("--chdir"),
                QStringLiteral("--chroot"), QStringLiteral("--command-timeout") } },
        { "doas", "uC", {} },
        { "env", "uCS",
            { QStringLiteral("--unset"), QStringLiteral("--chdir"), QStringLiteral("--split-string") } },
        { "nohup", "", {} },
        { "exec", "a", {} },
        { "command", "", {} },
        { "builtin", "", {} },
        { "time", "fo", { QStringLiteral("--format"), QStringLiteral("--output") } },
        { "nice", "n", { QStringLiteral("--adjustment") } },
        { "ionice", "cn", { QStringLiteral("--class"), QStringLiteral("--classdata") } },
        { "chrt", "", {}, 1 },
        { "taskset", "", {}, 1 },
        { "timeout", "sk", { QStringLiteral("--signal"), QStringLiteral("--kill-after") }, 1 },
        { "stdbuf", "ioe",
            { QStringLiteral("--input"), QStringLiteral("--output"), QStringLiteral("--error") } },
        { "setsid", "", {} },
        { "chroot", "", { QStringLiteral("--userspec"), QStringLiteral("--groups") }, 1 },
        { "flock", "wEc", { QStringLiteral("--timeout"), QStringLiteral("--conflict-exit-code") }, 1, "c" },
        { "su", "cgGsw",
            { QStringLiteral("--command"), QStringLiteral("--group"), QStringLiteral("--shell") }, 0, "c" },
        { "runuser", "cgGsu",
            { QStringLiteral("--command"), QStringLiteral("--group"), QStringLiteral("--user") }, 0, "c" },
        { "script", "cEIOqT", { QStringLiteral("--command"), QStringLiteral("--log-io") }, 0, "c" },
        { "strace", "abeEIoOpPsSuUX", { QStringLiteral("--output") } },
        { "ltrace", "aAeDnoOpsSuw", { QStringLiteral("--output") } },
        { "nsenter", "tSGUmnpiuCrwT", { QStringLiteral("--target") } },
        { "unshare", "", {} },
        { "xargs", "adEILnPs",
            { QStringLiteral("--arg-file"), QStringLiteral("--delimiter"), QStringLiteral("--eof"),
                QStringLiteral("--max-lines"), QStringLiteral("--max-args"), QStringLiteral("--max-procs"),
                QStringLiteral("--max-chars"), QStringLiteral("--replace"),
                QStringLiteral("--process-slot-var") } },
        { "watch", "nd", { QStringLiteral("--interval"), QStringLiteral("--differences") } },
        { "busybox", "", {} },
        { "unbuffer", "", {} },
        { "firejail", "", {} },
        { "caffeinate", "", {} },
    };
    return list;
}

const Wrapper *wrapperFor(const QString &program)
{
    for (const Wrapper &w : wrappers()) {
        if (program == QLatin1String(w.name))
            return &w;
    }
    return nullptr;
}

struct Unwrapped
{
    qsizetype command = -1; // index of the wrapped command's first word, -1 when none
    QString script; // a shell script the wrapper runs (su -c, env -S, sudo -s rest)
    bool scriptIsRest = false; // the script is the rest of the words joined (watch, sudo -s)
};

// Reads a wrapper's options and positional words in words[first + 1 ...].
Unwrapped unwrap(const Wrapper &w, const QList<ShellWord> &words, qsizetype first)
{
    Unwrapped out;
    const QString name = QLatin1String(w.name);
    const QString shortValue = QLatin1String(w.shortWithValue);
    qsizetype i = first + 1;
    int positional = w.positional;
    bool shellMode = false;
    while (i < words.size()) {
        const QString &t = words.at(i).text;
        if (t == u"--") {
            ++i;
            break;
        }
        if (name == u"env" && words.at(i).assignmentName > 0) {
            ++i;
            continue;
        }
        if (t.startsWith(QLatin1String("--")) && t.size() > 2) {
            const QString option = t.section(u'=', 0, 0);
            const bool takesValue = w.longWithValue.contains(option);
            QString value;
            if (takesValue && !t.contains(u'=') && i + 1 < words.size())
                value = words.at(++i).text;
            else if (t.contains(u'='))
                value = t.section(u'=', 1);
            if ((option == u"--split-string" && name == u"env") || (option == u"--command" && w.shellOption))
                out.script = value;
            if (name == u"sudo" && (option == u"--shell" || option == u"--login"))
                shellMode = true;
            ++i;
            continue;
        }
        if (t.startsWith(u'-') && t.size() > 1) {
            // A cluster of short options: -u root, -uroot, -Eu root.
            for (qsizetype k = 1; k < t.size(); ++k) {
                const QChar letter = t.at(k);
                if (name == u"sudo" && (letter == u's' || letter == u'i'))
                    shellMode = true;
                if (shortValue.contains(letter)) {
                    QString value = t.mid(k + 1);
                    if (value.isEmpty() && i + 1 < words.size())
                        value = words.at(++i).text;
                    if ((name == u"env" && letter == u'S')
                        || (w.shellOption && letter == QLatin1Char(w.shellOption[0])))
                        out.script = value;
                    break;
                }
            }
            ++i;
            continue;
        }
        if (name == u"su" || name == u"runuser") {
            // su [options] [-] [user [args]]: the user, then arguments for the shell.
            if (t == u"-") {
                ++i;
                continue;
            }
            return out; // su USER: a login shell, nothing to follow on the line
        }
        if (positional > 0) {
            --positional;
            ++i;
            continue;
        }
        break;
    }
    if (name == u"watch" || (name == u"sudo" && shellMode)) {
        if (i < words.size())
            out.scriptIsRest = true;
        out.command = i < words.size() ? i : -1;
        return out;
    }
    if (name == u"flock" && !out.script.isEmpty())
        return out;
    out.command = i < words.size() ? i : -1;
    return out;
}

QString joinWords(const QList<ShellWord> &words, qsizetype from)
{
    QStringList parts;
    for (qsizetype i = from; i < words.size(); ++i)
        parts.append(words.at(i).text);
    return parts.join(u' ');
}

bool isDeviceTarget(const ShellWord &word)
{
    if (!word.isLiteral())
        return false;
    static const QStringList devices { QStringLiteral("/dev/null"), QStringLiteral("/dev/stdout"),
        QStringLiteral("/dev/stderr"), QStringLiteral("/dev/tty") };
    return devices.contains(word.text) || (word.text.startsWith(QLatin1String("/dev/fd/")));
}

// The values of options that name files the program writes: -o FILE, -oFILE, --output=FILE.
void optionTargets(const QList<ShellWord> &args, const QString &shortLetters, const QStringList &longNames,
    QList<ShellWord> &writes)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &t = args.at(i).text;
        if (t == u"--")
            return;
        if (t.startsWith(QLatin1String("--"))) {
            const QString option = t.section(u'=', 0, 0);
            if (!longNames.contains(option))
                continue;
            if (t.contains(u'=')) {
                ShellWord value = args.at(i);
                value.text = t.section(u'=', 1);
                writes.append(value); // its path forms include the part after '='
            } else if (i + 1 < args.size()) {
                writes.append(args.at(++i));
            }
            continue;
        }
        if (!t.startsWith(u'-') || t.size() < 2 || shortLetters.isEmpty())
            continue;
        for (qsizetype k = 1; k < t.size(); ++k) {
            if (!t.at(k).isLetter())
                break;
            if (shortLetters.contains(t.at(k))) {
                if (k + 1 < t.size())
                    writes.append(args.at(i)); // -oFILE: the whole word names it
                else if (i + 1 < args.size())
                    writes.append(args.at(++i));
                break;
            }
        }
    }
}

QList<ShellWord> operands(const QList<ShellWord> &args, const QString &shortWithValue = {})
{
    QList<ShellWord> out;
    bool options = true;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &t = args.at(i).text;
        if (options && t == u"--") {
            options = false;
            continue;
        }
        if (options && t.startsWith(u'-') && t.size() > 1) {
            if (!t.startsWith(QLatin1String("--")) && t.size() == 2 && shortWithValue.contains(t.at(1)))
                ++i;
            continue;
        }
        out.append(args.at(i));
    }
    return out;
}

// Files a program writes, from its own words.
void programWrites(const QString &program, const QList<ShellWord> &args, ShellInvocation &inv)
{
    QList<ShellWord> &writes = inv.writes;
    if (program == u"tee") {
        writes.append(operands(args));
    } else if (program == u"sort") {
        optionTargets(args, QStringLiteral("o"), { QStringLiteral("--output") }, writes);
    } else if (program == u"git") {
        optionTargets(args, {}, { QStringLiteral("--output"), QStringLiteral("--output-directory") }, writes);
        for (const ShellWord &a : args) {
            if (a.text == u"format-patch") {
                optionTargets(args, QStringLiteral("o"), {}, writes);
                break;
            }
        }
    } else if (program == u"dd") {
        for (const ShellWord &a : args) {
            if (a.text.startsWith(QLatin1String("of="))) {
                ShellWord value = a;
                value.text = a.text.mid(3);
                writes.append(value);
            }
        }
    } else if (program == u"curl") {
        optionTargets(args, QStringLiteral("oDc"),
            { QStringLiteral("--output"), QStringLiteral("--dump-header"), QStringLiteral("--cookie-jar"),
                QStringLiteral("--trace"), QStringLiteral("--trace-ascii"), QStringLiteral("--stderr"),
                QStringLiteral("--libcurl"), QStringLiteral("--etag-save"), QStringLiteral("--hsts"),
                QStringLiteral("--alt-svc") },
            writes);
        for (const ShellWord &a : args) {
            if (a.text == u"-O" || a.text == u"--remote-name" || a.text == u"--remote-name-all"
                || a.text == u"-J" || a.text == u"--output-dir"
                || (a.text.startsWith(u'-') && !a.text.startsWith(QLatin1String("--"))
                    && a.text.contains(u'O')))
                inv.writesUnknown = true;
        }
    } else if (program == u"wget") {
        QList<ShellWord> named;
        optionTargets(args, QStringLiteral("Ooa"),
            { QStringLiteral("--output-document"), QStringLiteral("--output-file"),
                QStringLiteral("--append-output") },
            named);
        bool toStdout = false;
        for (const ShellWord &w : std::as_const(named))
            toStdout = toStdout || w.text == u"-";
        if (!toStdout)
            inv.writesUnknown = true;
        for (const ShellWord &w : std::as_const(named)) {
            if (w.text != u"-")
                writes.append(w);
        }
    } else if (program == u"time" || program == u"strace" || program == u"ltrace") {
        optionTargets(args, QStringLiteral("o"), { QStringLiteral("--output") }, writes);
    } else if (program == u"cp" || program == u"mv" || program == u"install" || program == u"ln"
        || program == u"rsync" || program == u"scp") {
        QList<ShellWord> target;
        optionTargets(args, QStringLiteral("t"), { QStringLiteral("--target-directory") }, target);
        if (!target.isEmpty()) {
            writes.append(target);
        } else {
            const QList<ShellWord> ops = operands(args, QStringLiteral("tSmogb"));
            if (!ops.isEmpty())
                writes.append(ops.last());
        }
    } else if (program == u"touch" || program == u"mkdir" || program == u"rm" || program == u"rmdir"
        || program == u"truncate" || program == u"shred" || program == u"unlink" || program == u"mkfifo"
        || program == u"gzip" || program == u"gunzip" || program == u"bzip2" || program == u"xz"
        || program == u"unxz" || program == u"zstd") {
        writes.append(operands(args, QStringLiteral("srmdtS")));
    } else if (program == u"chmod" || program == u"chown" || program == u"chgrp") {
        QList<ShellWord> ops = operands(args);
        bool reference = false;
        for (const ShellWord &a : args)
            reference = reference || a.text.startsWith(QLatin1String("--reference"));
        if (!reference && !ops.isEmpty())
            ops.removeFirst();
        writes.append(ops);
    } else if (program == u"sed" || program == u"perl") {
        bool inPlace = false;
        bool scriptOption = false;
        for (const ShellWord &a : args) {
            const QString &t = a.text;
            if (t.startsWith(QLatin1String("--in-place")))
                inPlace = true;
            if (t == u"--expression" || t.startsWith(QLatin1String("--expression=")) || t == u"--file"
                || t.startsWith(QLatin1String("--file=")))
                scriptOption = true;
            if (t.startsWith(u'-') && !t.startsWith(QLatin1String("--"))) {
                for (qsizetype k = 1; k < t.size(); ++k) {
                    if (t.at(k) == u'i') {
                        inPlace = true;
                        break;
                    }
                    if (t.at(k) == u'e' || t.at(k) == u'f' || t.at(k) == u'l') {
                        scriptOption = true;
                        break;
                    }
                }
            }
        }
        if (inPlace) {
            QList<ShellWord> ops = operands(args, QStringLiteral("efl"));
            if (!scriptOption && !ops.isEmpty())
                ops.removeFirst();
            writes.append(ops);
            if (ops.isEmpty())
                inv.writesUnknown = true;
        }
    } else if (program == u"tar") {
        const QString mode = args.isEmpty() ? QString() : args.first().text;
        bool create = false;
        bool extract = false;
        for (const ShellWord &a : args) {
            const QString &t = a.text;
            if (t == u"--create" || t == u"--append" || t == u"--update")
                create = true;
            if (t == u"--extract" || t == u"--get")
                extract = true;
            if (t.startsWith(u'-') && !t.startsWith(QLatin1String("--"))) {
                create = create || t.contains(u'c') || t.contains(u'r') || t.contains(u'u');
                extract = extract || t.contains(u'x');
            }
        }
        if (!mode.startsWith(u'-')) {
            create = create || mode.contains(u'c') || mode.contains(u'r') || mode.contains(u'u');
            extract = extract || mode.contains(u'x');
        }
        if (extract)
            inv.writesUnknown = true;
        if (create) {
            QList<ShellWord> file;
            optionTargets(args, QStringLiteral("f"), { QStringLiteral("--file") }, file);
            writes.append(file);
            if (file.isEmpty() && !mode.startsWith(u'-') && mode.contains(u'f') && args.size() > 1)
                writes.append(args.at(1));
        }
    } else if (program == u"patch" || program == u"unzip" || program == u"7z" || program == u"cpio") {
        inv.writesUnknown = true;
    } else if (program == u"find") {
        for (qsizetype i = 0; i < args.size(); ++i) {
            const QString &t = args.at(i).text;
            if ((t == u"-fprint" || t == u"-fprint0" || t == u"-fls" || t == u"-fprintf")
                && i + 1 < args.size())
                writes.append(args.at(i + 1));
            if (t == u"-delete")
                inv.writesUnknown = true;
        }
    }
}

} // namespace

bool ShellInspection::runsOtherCode(const QString &program)
{
    if (wrapperFor(program) || isShellProgram(program))
        return true;
    static const QStringList others { QStringLiteral("eval"), QStringLiteral("source"), QStringLiteral("."),
        QStringLiteral("exec"), QStringLiteral("python"), QStringLiteral("python2"),
        QStringLiteral("python3"), QStringLiteral("pypy"), QStringLiteral("pypy3"), QStringLiteral("perl"),
        QStringLiteral("ruby"), QStringLiteral("node"), QStringLiteral("nodejs"), QStringLiteral("deno"),
        QStringLiteral("bun"), QStringLiteral("php"), QStringLiteral("lua"), QStringLiteral("luajit"),
        QStringLiteral("tclsh"), QStringLiteral("wish"), QStringLiteral("expect"), QStringLiteral("awk"),
        QStringLiteral("gawk"), QStringLiteral("mawk"), QStringLiteral("nawk"), QStringLiteral("sed"),
        QStringLiteral("find"), QStringLiteral("xargs"), QStringLiteral("parallel"), QStringLiteral("ssh"),
        QStringLiteral("osascript"), QStringLiteral("pwsh"), QStringLiteral("powershell"),
        QStringLiteral("java"), QStringLiteral("jshell"), QStringLiteral("Rscript"), QStringLiteral("R"),
        QStringLiteral("julia"), QStringLiteral("swift"), QStringLiteral("ghci"), QStringLiteral("runghc"),
        QStringLiteral("scala"), QStringLiteral("groovy"), QStringLiteral("kotlin"), QStringLiteral("dotnet"),
        QStringLiteral("gdb"), QStringLiteral("vim"), QStringLiteral("vi"), QStringLiteral("nvim"),
        QStringLiteral("emacs") };
    return others.contains(program) || program.startsWith(QLatin1String("python"));
}

ShellInspection::ShellInspection(const QString &command)
    : m_analysis(ShellParser::parse(command))
{
    for (qsizetype i = 0; i < m_analysis.commands.size(); ++i) {
        const ShellCommand simple = m_analysis.commands.at(i); // nested scripts append to the list
        addInvocation(simple);
    }
}

void ShellInspection::nestedScript(const QString &script, int depth)
{
    ShellParser::parseInto(script, depth + 1, m_analysis);
}

namespace {

// Variables that decide which programs a later command runs, what they load, or where `~` is.
bool isShellSensitiveVariable(QStringView name)
{
    static const QSet<QString> names {
        QStringLiteral("PATH"),
        QStringLiteral("HOME"),
        QStringLiteral("IFS"),
        QStringLiteral("CDPATH"),
        QStringLiteral("ENV"),
        QStringLiteral("BASH_ENV"),
        QStringLiteral("PROMPT_COMMAND"),
        QStringLiteral("PS0"),
        QStringLiteral("PS1"),
        QStringLiteral("PS2"),
        QStringLiteral("PS4"),
        QStringLiteral("BASH_ALIASES"),
        QStringLiteral("BASH_CMDS"),
        QStringLiteral("SHELLOPTS"),
        QStringLiteral("BASHOPTS"),
        QStringLiteral("POSIXLY_CORRECT"),
        QStringLiteral("GLOBIGNORE"),
        QStringLiteral("FUNCNEST"),
        QStringLiteral("BASH_XTRACEFD"),
        QStringLiteral("EXECIGNORE"),
        QStringLiteral("BASH_LOADABLES_PATH"),
        QStringLiteral("PAGER"),
        QStringLiteral("MANPAGER"),
        QStringLiteral("EDITOR"),
        QStringLiteral("VISUAL"),
        QStringLiteral("LESSOPEN"),
        QStringLiteral("LESSCLOSE"),
        QStringLiteral("XDG_CONFIG_HOME"),
        QStringLiteral("PYTHONPATH"),
        QStringLiteral("PYTHONSTARTUP"),
        QStringLiteral("PYTHONHOME"),
        QStringLiteral("PERL5LIB"),
        QStringLiteral("PERL5OPT"),
        QStringLiteral("NODE_OPTIONS"),
        QStringLiteral("NODE_PATH"),
        QStringLiteral("RUBYOPT"),
        QStringLiteral("RUBYLIB"),
    };
    return names.contains(name.toString()) || name.startsWith(u"LD_") || name.startsWith(u"DYLD_")
        || name.startsWith(u"GIT_");
}

// The NAME of NAME=..., NAME+=..., NAME[i]=... or a bare NAME operand.
QStringView variableName(const QString &word)
{
    qsizetype end = 0;
    while (end < word.size() && (word.at(end).isLetterOrNumber() || word.at(end) == u'_'))
        ++end;
    return QStringView(word).left(end);
}

} // namespace

void ShellInspection::noteShellState(const ShellCommand &command)
{
    for (const ShellWord &w : command.assignments) {
        // `PATH=x ls` sets PATH for ls alone; a bare `PATH=x` stays in the shell.
        if (command.words.isEmpty() && isShellSensitiveVariable(variableName(w.text)))
            m_changesShell = true;
    }
    if (command.words.isEmpty())
        return;
    const ShellWord &first = command.words.first();
    if (!first.isLiteral()) {
        m_changesShell = true; // a command name known only when it runs
        return;
    }
    static const QSet<QString> always { QStringLiteral("source"), QStringLiteral("."), QStringLiteral("eval"),
        QStringLiteral("alias"), QStringLiteral("unalias"), QStringLiteral("shopt"), QStringLiteral("set"),
        QStringLiteral("trap"), QStringLiteral("enable"), QStringLiteral("hash"), QStringLiteral("exec"),
        QStringLiteral("builtin"), QStringLiteral("command"), QStringLiteral("bind"),
        QStringLiteral("complete"), QStringLiteral("compopt"), QStringLiteral("umask"),
        QStringLiteral("ulimit"), QStringLiteral("fc"), QStringLiteral("history"),
        QStringLiteral("function") };
    static const QSet<QString> assigning { QStringLiteral("export"), QStringLiteral("declare"),
        QStringLiteral("typeset"), QStringLiteral("local"), QStringLiteral("readonly"),
        QStringLiteral("unset"), QStringLiteral("read"), QStringLiteral("mapfile"),
        QStringLiteral("readarray"), QStringLiteral("printf"), QStringLiteral("let"),
        QStringLiteral("getopts") };
    const QString &name = first.text;
    // `command -v x` only looks x up; `command x` runs x past functions, so x could be `source`.
    if (name == QLatin1String("command") && command.words.size() > 1
        && (command.words.at(1).text == QLatin1String("-v")
            || command.words.at(1).text == QLatin1String("-V")))
        return;
    if (always.contains(name)) {
        m_changesShell = true;
        return;
    }
    if (!assigning.contains(name))
        return;
    for (qsizetype i = 1; i < command.words.size(); ++i) {
        const ShellWord &w = command.words.at(i);
        if (!w.isLiteral()) {
            m_changesShell = true; // a name known only when it runs
            return;
        }
        if (w.text.startsWith(u'-')) {
            // declare -f / export -f / unset -f and friends work on functions.
            if (name != QLatin1String("printf") && name != QLatin1String("read") && w.text.contains(u'f'))
                m_changesShell = true;
            continue;
        }
        if (isShellSensitiveVariable(variableName(w.text)))
            m_changesShell = true;
    }
}

void ShellInspection::addInvocation(const ShellCommand &command)
{
    noteShellState(command);
    ShellInvocation inv;
    for (const ShellWord &w : command.assignments)
        inv.words.append(w);
    for (const ShellWord &w : command.words)
        inv.words.append(w);
    for (const ShellRedirect &r : command.redirects) {
        if (r.kind == ShellRedirect::Kind::Read || r.kind == ShellRedirect::Kind::Write)
            inv.words.append(r.target);
        if (r.kind == ShellRedirect::Kind::Write && !isDeviceTarget(r.target))
            inv.writes.append(r.target);
    }
    if (command.control || command.words.isEmpty()) {
        // A loop header or a bare redirection starts no program; bare assignments do change
        // what later commands run (PATH=..., LD_PRELOAD=...), so rules must allow them.
        if (!command.control && !command.assignments.isEmpty()) {
            inv.allowText = command.text();
            inv.allowShape = command.textShape();
            inv.literal = command.isLiteral();
            inv.denyTexts.append(inv.allowText);
            if (!inv.literal)
                inv.denyShapes.append(inv.allowShape);
        }
        m_invocations.append(inv);
        return;
    }

    const ShellWord &first = command.words.first();
    if (!first.isLiteral()) {
        m_analysis.problems.append(
            tr("a command name that is only known when it runs (%1)").arg(first.text.left(80)));
    }
    const QString program = first.isLiteral() ? baseName(first.text) : QString();
    inv.program = program;
    for (qsizetype i = 1; i < command.words.size(); ++i)
        inv.arguments.append(command.words.at(i).text);

    // What allow rules match: the line as written, /usr/bin/git read as git.
    ShellCommand normalized = command;
    if (first.isLiteral() && first.text.contains(u'/') && inTrustedFolder(first.text)) {
        ShellWord name;
        name.text = program;
        name.textShape.appendText(program);
        normalized.words[0] = name;
    }
    inv.allowText = normalized.text();
    inv.allowShape = normalized.textShape();
    inv.literal = command.isLiteral();

    // Every form deny rules see.
    auto addDenyForm = [&inv](const ShellCommand &form) {
        const QString text = form.text();
        if (!inv.denyTexts.contains(text)) {
            inv.denyTexts.append(text);
            if (!form.isLiteral())
                inv.denyShapes.append(form.textShape());
        }
    };
    addDenyForm(normalized);
    ShellCommand bare = command;
    bare.assignments.clear();
    if (!program.isEmpty()) {
        ShellWord name;
        name.text = program;
        name.textShape.appendText(program);
        bare.words[0] = name;
    }
    addDenyForm(bare);
    QList<ShellWord> args = command.words.mid(1);
    if (program == u"git") {
        // git's own options before the subcommand: -C dir, -c key=value, --git-dir=...
        qsizetype i = 0;
        while (i < args.size() && args.at(i).text.startsWith(u'-')) {
            const QString &t = args.at(i).text;
            if ((t == u"-C" || t == u"-c" || t == u"--git-dir" || t == u"--work-tree" || t == u"--namespace"
                    || t == u"--config-env" || t == u"--exec-path" || t == u"--super-prefix")
                && i + 1 < args.size())
                ++i;
            ++i;
        }
        if (i > 0 && i < args.size()) {
            ShellCommand sub = bare;
            sub.words = QList<ShellWord> { bare.words.first() } + args.mid(i);
            addDenyForm(sub);
        }
    }
    programWrites(program, args, inv);
    const qsizetype invIndex = m_invocations.size();
    m_invocations.append(inv);

    // What the program runs in turn: a wrapped command, a shell's script, find -exec.
    const int depth = command.depth;
    if (const Wrapper *w = wrapperFor(program)) {
        const Unwrapped u = unwrap(*w, command.words, 0);
        if (!u.script.isEmpty())
            nestedScript(
                u.script + (u.command >= 0 ? u' ' + joinWords(command.words, u.command) : QString()), depth);
        else if (u.scriptIsRest)
            nestedScript(joinWords(command.words, u.command), depth);
        else if (u.command >= 0) {
            ShellCommand inner;
            inner.depth = depth;
            inner.words = command.words.mid(u.command);
            addInvocation(inner);
            // The wrapped command is also what the wrapper's line means to deny rules.
            for (qsizetype k = invIndex + 1; k < m_invocations.size(); ++k) {
                m_invocations[invIndex].denyTexts.append(m_invocations.at(k).denyTexts);
                m_invocations[invIndex].denyShapes.append(m_invocations.at(k).denyShapes);
            }
        }
    } else if (isShellProgram(program)) {
        // sh -c 'script', bash -lc "...", sh -e -c ...: the first operand after -c is a script.
        bool script = false;
        for (qsizetype i = 1; i < command.words.size(); ++i) {
            const QString &t = command.words.at(i).text;
            if (!script && t.startsWith(u'-') && !t.startsWith(QLatin1String("--"))) {
                if (t.contains(u'c'))
                    script = true;
                if (t.contains(u'o') && i + 1 < command.words.size())
                    ++i;
                continue;
            }
            if (script) {
                nestedScript(t, depth);
                break;
            }
            if (!t.startsWith(u'-'))
                break; // sh FILE: a script file, not visible here
        }
    } else if (program == u"eval" && command.words.size() > 1) {
        nestedScript(joinWords(command.words, 1), depth);
    } else if (program == u"find") {
        for (qsizetype i = 1; i < command.words.size(); ++i) {
            const QString &t = command.words.at(i).text;
            if (t != u"-exec" && t != u"-execdir" && t != u"-ok" && t != u"-okdir")
                continue;
            qsizetype end = i + 1;
            while (end < command.words.size() && command.words.at(end).text != u";"
                && command.words.at(end).text != u"+")
                ++end;
            if (end > i + 1) {
                ShellCommand inner;
                inner.depth = depth;
                inner.words = command.words.mid(i + 1, end - i - 1);
                addInvocation(inner);
            }
            i = end;
        }
    }
}

QStringList ShellInspection::cdTargets(bool *unknownCd) const
{
    QStringList out;
    bool unknown = false;
    for (const ShellInvocation &inv : m_invocations) {
        if (inv.program != u"cd" && inv.program != u"pushd" && inv.program != u"popd")
            continue;
        QStringList operands;
        for (const QString &a : inv.arguments) {
            if (!a.startsWith(u'-'))
                operands.append(a);
        }
        if (inv.program == u"cd" && operands.isEmpty())
            out.append(QStringLiteral("~"));
        else if (inv.program != u"cd" || operands.size() != 1 || !inv.literal || operands.first() == u"-")
            unknown = true;
        else
            out.append(operands.first());
    }
    if (unknownCd)
        *unknownCd = unknown;
    return out;
}

} // namespace Proto
