#include "sshdurablescript.h"

#include "sshexecoperation.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QRegularExpression>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SshMachine", text);
}

bool validJobId(const QByteArray &id)
{
    if (id.isEmpty() || id.size() > 64)
        return false;
    for (char c : id)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

// The follower: marks, then both files from the given offsets until the supervisor ends; the
// command's status becomes the follower's exit (a signal is raised again, as sshd would report
// it for a plain command). A helper loop renews the lease while the SSH session that started
// the follower lives ($PPID is sshd's process for this channel) and ends the follower's tails
// when it is gone, so nothing of a dead channel lingers.
//
// Stdin is a log file ("in"), appended to by the follower's cat and read by a tail -f in front
// of the command: the PID mark carries its size, so after a reconnect the client sends again
// exactly what had not arrived. An older follower's cat (a link that died silently, whose sshd
// may still hand over late bytes) is ended first, so nothing arrives twice.
QByteArray follower(const QByteArray &dir, qint64 outOffset, qint64 errOffset, bool feedStdin)
{
    QByteArray s;
    s += "d=" + dir + "\n";
    s += "if [ ! -s \"$d/cmd\" ] || [ ! -s \"$d/pid\" ]; then\n"
         "  printf '\\036proto-pid=0\\036\\n'; printf '\\036proto-err\\036\\n' >&2\n"
         "  echo \"proto-desktop: the command's record on this machine is gone ($d)\" >&2; exit 255\n"
         "fi\n"
         "c=$(cat \"$d/cmd\"); p=$(cat \"$d/pid\"); n=0\n";
    if (feedStdin)
        s += "f=$(cat \"$d/feeder\" 2>/dev/null); if [ -n \"$f\" ]; then kill \"$f\" 2>/dev/null; i=0;\n"
             "  while kill -0 \"$f\" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.02; i=$((i + 1)); done; fi\n"
             "n=$(($(wc -c <\"$d/in\")))\n";
    s += "printf '\\036proto-pid=%s/d/%s\\036\\n' \"$c\" \"$n\"; printf '\\036proto-err\\036\\n' >&2\n"
         "touch \"$d/lease\"\n";
    // (An asynchronous command's stdin is /dev/null unless redirected: the channel's goes by fd 3.)
    if (feedStdin)
        s += "exec 3<&0; cat <&3 >>\"$d/in\" 2>/dev/null 3<&- & echo $! >\"$d/feeder\"\nexec 3<&-\n";
    s += "tail -c +" + QByteArray::number(outOffset + 1) + " -s 0.2 --pid=\"$p\" -f \"$d/out\" & t1=$!\n";
    s += "tail -c +" + QByteArray::number(errOffset + 1) + " -s 0.2 --pid=\"$p\" -f \"$d/err\" >&2 & t2=$!\n";
    s += "pp=$PPID\n"
         "( n=0; while kill -0 \"$p\" 2>/dev/null; do\n"
         "    if ! kill -0 \"$pp\" 2>/dev/null; then kill \"$t1\" \"$t2\" 2>/dev/null; exit 0; fi\n"
         "    n=$((n + 1)); [ $((n % 15)) -ne 0 ] || touch \"$d/lease\"; sleep 2\n"
         "  done ) </dev/null >/dev/null 2>&1 &\n"
         "wait \"$t1\"; wait \"$t2\"\n"
         "if [ -f \"$d/status\" ]; then\n"
         "  st=$(cat \"$d/status\")\n"
         "  case $st in ''|*[!0-9]*) kill -KILL $$ ;; esac\n"
         "  [ \"$st\" -le 128 ] || kill -$((st - 128)) $$ 2>/dev/null\n"
         "  exit \"$st\"\n"
         "fi\n"
         "kill -KILL $$\n";
    return s;
}

} // namespace

QByteArray SshDurableScript::folder(const QByteArray &jobId)
{
    return "\"${XDG_CACHE_HOME:-$HOME/.cache}/proto-desktop/jobs/" + jobId + '"';
}

QByteArray SshDurableScript::newJobId()
{
    quint64 words[2];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray::number(words[0], 16).rightJustified(16, '0')
        + QByteArray::number(words[1], 16).rightJustified(16, '0');
}

QByteArray SshDurableScript::start(
    const CommandSpec &spec, const QByteArray &jobId, const QByteArray &plainScript, QString *error)
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    if (!validJobId(jobId)) {
        *error = tr("Invalid job id.");
        return {};
    }
    const QByteArray command = spec.command.toUtf8();
    if (command.contains('\0') || spec.workingDirectory.contains(QChar(0))) {
        *error = tr("The command contains a NUL character.");
        return {};
    }
    const bool logged = wantsStdin(spec);

    // The command's own subshell: environment, folder, then a session of its own (setsid does
    // not fork here: a background subshell is no process-group leader), so the kill switch and
    // interrupts reach the command's group and never the supervisor.
    QByteArray inner;
    for (auto it = spec.environment.cbegin(); it != spec.environment.cend(); ++it) {
        if (!name.match(it.key()).hasMatch()) {
            *error = tr("\"%1\" is not a valid environment variable name.").arg(it.key());
            return {};
        }
        const QByteArray value = it.value().toUtf8();
        if (value.contains('\0')) {
            *error = tr("The value of %1 contains a NUL character.").arg(it.key());
            return {};
        }
        inner += "export " + it.key().toUtf8() + '=' + SshExecOperation::shellQuote(value) + "; ";
    }
    if (!spec.workingDirectory.isEmpty())
        inner += "cd -- " + SshExecOperation::shellQuote(spec.workingDirectory.toUtf8()) + " || exit 126; ";
    inner += "exec setsid /bin/sh -c " + SshExecOperation::shellQuote(command);

    // The supervisor ($1 is the job folder), outside the SSH session: it outlives the channel.
    QByteArray sup = "d=$1\necho $$ >\"$d/pid\"\n";
    // Stdin: a tail -f of the log that ends (after a last read) once the keeper is gone.
    if (logged)
        sup += "sleep 2147483647 </dev/null >/dev/null 2>&1 & k=$!\necho $k >\"$d/keeper\"\n"
               "tail -c +1 -s 0.1 --pid=$k -f \"$d/in\" 2>/dev/null | ( "
            + inner + " ) >>\"$d/out\" 2>>\"$d/err\" &\n";
    else
        sup += "k=\n( " + inner + " ) </dev/null >>\"$d/out\" 2>>\"$d/err\" &\n";
    sup += "c=$!\n"
           "echo $c >\"$d/cmd.new\" && mv \"$d/cmd.new\" \"$d/cmd\"\n"
           "( while :; do sleep 60\n"
           "    if [ -z \"$(find \"$d/lease\" -mmin -15 2>/dev/null)\" ]; then\n"
           "      kill -KILL -- -$c 2>/dev/null; pkill -KILL -s $c 2>/dev/null; exit 0\n"
           "    fi\n"
           "  done ) </dev/null >/dev/null 2>&1 &\n"
           "w=$!\n"
           "wait $c; st=$?\n"
           "echo $st >\"$d/status.new\" && mv \"$d/status.new\" \"$d/status\"\n"
           "kill $w $k 2>/dev/null\n";

    const QByteArray dir = folder(jobId);
    QByteArray s = "{\nd=" + dir + "\n";
    s += "if tail --pid=$$ -n 0 /dev/null >/dev/null 2>&1 && command -v setsid >/dev/null 2>&1 "
         "&& mkdir -p \"${d%/*}\" 2>/dev/null "
         "&& chmod 700 \"${d%/*}\" 2>/dev/null && mkdir -m 700 \"$d\" 2>/dev/null; then\n";
    // Folders of jobs nobody came back for (the app was gone for days).
    s += "find \"${d%/*}\" -mindepth 1 -maxdepth 1 -type d -mtime +2 -exec rm -rf {} + 2>/dev/null\n"
         ": >\"$d/out\"; : >\"$d/err\"; : >\"$d/lease\"\n";
    if (logged)
        s += ": >\"$d/in\"\n";
    s += "sup=" + SshExecOperation::shellQuote(sup) + "\n";
    s += "(setsid /bin/sh -c \"$sup\" sh \"$d\" </dev/null >/dev/null 2>&1 &)\n"
         "i=0; while [ ! -s \"$d/cmd\" ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i + 1)); done\n";
    s += follower(dir, 0, 0, logged);
    s += "else\n";
    // No supervisor possible: the plain way, from inside this brace group.
    QByteArray plain = plainScript;
    if (plain.startsWith("{\n"))
        plain = plain.mid(2);
    if (plain.endsWith("}\n"))
        plain.chop(2);
    s += plain;
    s += "fi\n}\n";
    return s;
}

QByteArray SshDurableScript::attach(
    const QByteArray &jobId, qint64 stdoutOffset, qint64 stderrOffset, bool feedStdin)
{
    if (!validJobId(jobId))
        return {};
    return "{\n" + follower(folder(jobId), stdoutOffset, stderrOffset, feedStdin) + "}\n";
}

QByteArray SshDurableScript::closeStdin(const QByteArray &jobId, qint64 total)
{
    // Once all `total` bytes are in the log (the follower's cat may still be writing them):
    // the keeper goes, the command's tail reads the rest and ends, the command reads EOF.
    const QByteArray d = folder(jobId);
    return "d=" + d + "; i=0; while [ \"$(($(wc -c <\"$d/in\" 2>/dev/null || echo 0)))\" -lt "
        + QByteArray::number(total)
        + " ] && [ $i -lt 250 ]; do sleep 0.02; i=$((i + 1)); done; "
          "k=$(cat \"$d/keeper\" 2>/dev/null) && [ -n \"$k\" ] && kill \"$k\" 2>/dev/null; exit 0";
}

QByteArray SshDurableScript::forget(const QByteArray &jobId)
{
    if (!validJobId(jobId))
        return "exit 0";
    return "rm -rf -- " + folder(jobId) + "; exit 0";
}

} // namespace Proto
