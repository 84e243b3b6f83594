#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace Proto {

// Keeps a repository's own configuration from running code when an agent runs git: git status,
// diff and log honour core.fsmonitor, core.pager, hooks, log.showSignature (gpg.program),
// diff.external and drivers named by .gitattributes. A clone never brings .git/config, but an
// unpacked archive or a .git the agent wrote could. Every command an agent runs gets the
// environment below; the git tool also empties the repository's own drivers and turns off
// external diffs and text conversion. Git run through bash still honours diff.external and
// drivers from a repository's own .git/config (no environment variable turns them off): the
// policy asks before anything writes under .git/.
namespace GitSafety {

// Environment for every command an agent runs (bash, the git tool): GIT_CONFIG_COUNT/KEY/VALUE
// overrides (command-line precedence, above the repository's config), no system config, no
// prompts, no pager.
QMap<QString, QString> environment();

// Options before the subcommand for the git tool: the same overrides as -c, plus `-c KEY=` for
// each driver command the repository's config defines (driverKeys, from the output of
// driverQuery()), which empties it.
QStringList options(const QStringList &driverKeys);

// A git command (for /bin/sh, quoted) that prints, NUL-separated, the keys of the repository's
// own config (--local) naming driver commands (filter.*.clean/smudge/process,
// diff.*.command/textconv, merge.*.driver) and diff.external. Reading config runs nothing.
QString driverQuery();
QStringList parseDriverKeys(const QByteArray &output);

} // namespace GitSafety

} // namespace Proto
