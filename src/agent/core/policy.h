#pragma once

#include "globpattern.h"
#include "protectedpaths.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Proto {

// How a tool call that needs a person's decision is answered: ask them, approve it
// automatically, or refuse it. proto-cli's --approve takes the same words.
enum class ApprovalMode
{
    Ask,
    Auto,
    Deny
};

QString approvalModeName(ApprovalMode mode);
std::optional<ApprovalMode> approvalModeFromName(const QString &name);

// One rule: `tool` or `tool(pattern)`, e.g. `bash`, `bash(git push*)`, `write(/etc/**)`,
// `edit(*.env)`, `*(...)`. See GlobPattern for the pattern syntax. For path tools a pattern
// without `/` matches the file's name anywhere, `~/` is the home folder, a relative pattern
// with `/` is relative to the session's working folder; paths are cleaned (`..` resolved)
// before matching. For bash the pattern is matched against each simple command of the line
// (see Policy::decide).
struct PolicyRule
{
    enum class Action
    {
        Allow,
        Ask,
        Deny
    };

    Action action = Action::Ask;
    QString tool; // "*" for any tool
    QString pattern; // empty: any input

    // Parses `tool` or `tool(pattern)`; nullopt with *error set on bad input.
    static std::optional<PolicyRule> parse(const QString &text, Action action, QString *error = nullptr);
    QString toString() const; // `tool(pattern)` or `tool`
    bool operator==(const PolicyRule &other) const = default;
};

QString policyActionName(PolicyRule::Action action);
std::optional<PolicyRule::Action> policyActionFromName(const QString &name);

// What a rule is matched against for one tool call.
struct PolicySubject
{
    enum class Kind
    {
        Command,
        Path,
        Text
    };

    QString tool;
    Kind kind = Kind::Text;
    QString value; // the command line, the absolute clean path, or the text

    // The main input of a tool call: `command` for bash, `path`/`file_path` for file tools
    // (made absolute against workingDirectory and cleaned), else the first of command, path,
    // file_path, url, pattern, query, name, else the compact JSON of the input.
    static PolicySubject fromToolInput(const QString &tool, const QJsonObject &input,
        const QString &workingDirectory, const QString &homeDirectory);
};

struct PolicyDecision
{
    PolicyRule::Action action = PolicyRule::Action::Ask;
    QString rule; // the rule that decided, empty when it was a default or the mode
    QString reason; // for the person and for the model when denied
    // A built-in ask that no rule and no approval mode can turn into allow: the call reaches a
    // protected place (keys, credentials, the app's data). Only a person answering allows it,
    // once; "allow always" is not offered.
    bool protectedPlace = false;
};

// Allow / ask / deny rules per tool, checked deny > ask > allow, then the tool's default, then
// the approval mode (auto turns ask into allow, deny turns it into deny). A value type: copy it
// freely; runtime changes ("allow always for this pattern") go through addRule().
class Policy final
{
public:
    Policy();

    // {"mode":"ask","allow":["read","bash(git status*)"],"ask":[...],"deny":[...],
    //  "defaults":{"bash":"ask","read":"allow"}}. Bad entries are skipped and described in
    // *errors; everything valid is kept.
    static Policy fromJson(const QJsonObject &json, QStringList *errors = nullptr);
    QJsonObject toJson() const;
    // Adds the other's rules and defaults to these (the mode stays this one's).
    void merge(const Policy &other);

    ApprovalMode mode() const { return m_mode; }
    void setMode(ApprovalMode mode) { m_mode = mode; }

    void addRule(const PolicyRule &rule); // ignored when the same rule exists
    bool removeRule(const PolicyRule &rule);
    QList<PolicyRule> rules() const { return m_rules; }

    void setDefault(const QString &tool, PolicyRule::Action action);
    PolicyRule::Action defaultFor(const QString &tool) const;

    // Decides one call. For bash the command line is parsed as bash would (ShellParser): deny
    // and ask rules see every simple command at every level, inside wrappers too; a command the
    // parser does not fully understand is asked, never allowed; files a command writes
    // (redirections, tee, --output=...) are checked as writes; each command needs an allow
    // rule of its own. Protected places (ProtectedPaths: keys, credentials, the data folder)
    // are asked through every tool whatever the rules and the mode, unless a deny rule refuses.
    PolicyDecision decide(const PolicySubject &subject, const QString &workingDirectory = {},
        const QString &homeDirectory = {}) const;

    // The rule an "allow always" answer would add for this call: `bash(git push*)` for
    // `git push origin main`, `write(/home/u/proj/src/**)` for a file in src/. For a command
    // that runs other code (wrappers, shells, interpreters, xargs, find...), a compound line,
    // or one that writes files, it is the exact command line, never a prefix.
    static PolicyRule proposeRule(const PolicySubject &subject);

    static bool isPathTool(const QString &tool);

    // Folders whose contents are protected besides the built-in places (the data folder), unless
    // the session's working folder is inside one (then the person chose to work there).
    void setProtectedFolders(const QStringList &folders) { m_protectedFolders = folders; }
    QStringList protectedFolders() const { return m_protectedFolders; }
    // The protected places for a session: built-in ones under home, and the folders above.
    ProtectedPaths protectedPaths(const QString &homeDirectory, const QString &workingDirectory) const
    {
        return ProtectedPaths(homeDirectory, foldersFor(workingDirectory));
    }

private:
    QStringList foldersFor(const QString &workingDirectory) const;
    PolicyDecision decideRaw(
        const PolicySubject &subject, const QString &workingDirectory, const QString &homeDirectory) const;
    PolicyDecision decideCommand(
        const PolicySubject &subject, const QString &workingDirectory, const QString &homeDirectory) const;
    bool ruleMatches(const PolicyRule &rule, const PolicySubject &subject, const QString &workingDirectory,
        const QString &homeDirectory) const;

    ApprovalMode m_mode = ApprovalMode::Ask;
    QList<PolicyRule> m_rules;
    QHash<QString, PolicyRule::Action> m_defaults;
    QStringList m_protectedFolders;
};

} // namespace Proto
