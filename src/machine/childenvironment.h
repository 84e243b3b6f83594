#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace Proto {

// The environment a child process gets: the app's own without its secrets. An agent reads what
// its commands print (`env`, `cat /proc/self/environ`), so nothing that holds a key may reach
// them without a person saying so.
//
// Removed for every child: the app's own variables (PROTO_*, ANTHROPIC_*, OPENAI_*: API keys, the
// VNC password, the data folder). Removed for the agent's commands as well: variables whose name
// says they hold a credential (…TOKEN…, …SECRET…, …PASSWORD…, …API_KEY…, AWS_…KEY…) or whose
// value looks like one (sk-…, ghp_…, github_pat_…, xox?-…, AKIA…, a PEM block).
class ChildEnvironment final
{
public:
    enum class For
    {
        Agent, // commands an agent runs: everything above is removed
        Person, // the Terminal panel's shell: only the app's own variables are removed
    };

    static bool isAppVariable(const QString &name);
    static bool looksLikeCredential(const QString &name, const QString &value);
    static bool isWithheld(For who, const QString &name, const QString &value);

    // The variables of `base` that are withheld, sorted.
    static QStringList withheldNames(const QProcessEnvironment &base, For who);
    static QProcessEnvironment clean(const QProcessEnvironment &base, For who);
};

} // namespace Proto
