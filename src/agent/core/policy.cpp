#include "policy.h"

#include "shellsplitter.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace Proto {

namespace {

constexpr qsizetype MaxPatternLength = 4096;

QString tr(const char *text)
{
    return QCoreApplication::translate("Policy", text);
}

QString escapeGlob(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c == u'*' || c == u'?' || c == u'\\')
            out += u'\\';
        out += c;
    }
    return out;
}

QString resolvePath(const QString &path, const QString &workingDirectory, const QString &homeDirectory)
{
    QString p = path;
    if (!homeDirectory.isEmpty() && (p == QLatin1String("~") || p.startsWith(QLatin1String("~/"))))
        p = homeDirectory + p.mid(1);
    if (!p.startsWith(u'/'))
        p = (workingDirectory.isEmpty() ? QStringLiteral("/") : workingDirectory) + u'/' + p;
    return QDir::cleanPath(p);
}

} // namespace

QString approvalModeName(ApprovalMode mode)
{
    switch (mode) {
    case ApprovalMode::Ask:
        return QStringLiteral("ask");
    case ApprovalMode::Auto:
        return QStringLiteral("auto");
    case ApprovalMode::Deny:
        return QStringLiteral("deny");
    }
    return {};
}

std::optional<ApprovalMode> approvalModeFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("ask"))
        return ApprovalMode::Ask;
    if (n == QLatin1String("auto"))
        return ApprovalMode::Auto;
    if (n == QLatin1String("deny"))
        return ApprovalMode::Deny;
    return std::nullopt;
}

QString policyActionName(PolicyRule::Action action)
{
    switch (action) {
    case PolicyRule::Action::Allow:
        return QStringLiteral("allow");
    case PolicyRule::Action::Ask:
        return QStringLiteral("ask");
    case PolicyRule::Action::Deny:
        return QStringLiteral("deny");
    }
    return {};
}

std::optional<PolicyRule::Action> policyActionFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("allow"))
        return PolicyRule::Action::Allow;
    if (n == QLatin1String("ask"))
        return PolicyRule::Action::Ask;
    if (n == QLatin1String("deny"))
        return PolicyRule::Action::Deny;
    return std::nullopt;
}

std::optional<PolicyRule> PolicyRule::parse(const QString &text, Action action, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<PolicyRule> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QString t = text.trimmed();
    if (t.isEmpty())
        return fail(tr("empty rule"));
    if (t.size() > MaxPatternLength)
        return fail(tr("rule longer than %1 characters").arg(MaxPatternLength));
    const qsizetype open = t.indexOf(u'(');
    const QString tool = (open < 0 ? t : t.left(open)).trimmed();
    static const QRegularExpression toolName(QStringLiteral("^(\\*|[A-Za-z0-9_][A-Za-z0-9_.-]*)$"));
    if (!toolName.match(tool).hasMatch())
        return fail(tr("\"%1\": a rule starts with a tool name (letters, digits, _ . -) or *").arg(t));
    PolicyRule rule;
    rule.action = action;
    rule.tool = tool.toLower();
    if (open >= 0) {
        if (!t.endsWith(u')'))
            return fail(tr("\"%1\": the pattern must end with )").arg(t));
        const QString pattern = t.mid(open + 1, t.size() - open - 2);
        if (pattern.trimmed().isEmpty())
            return fail(tr("\"%1\": empty pattern; write the tool name alone to match any input").arg(t));
        for (const QChar c : pattern) {
            if (c.category() == QChar::Other_Control)
                return fail(tr("\"%1\": control characters are not allowed in a pattern").arg(t));
        }
        if (pattern != QLatin1String("*") && pattern != QLatin1String("**"))
            rule.pattern = pattern;
    }
    return rule;
}

QString PolicyRule::toString() const
{
    return pattern.isEmpty() ? tool : tool + u'(' + pattern + u')';
}

PolicySubject PolicySubject::fromToolInput(const QString &tool, const QJsonObject &input,
    const QString &workingDirectory, const QString &homeDirectory)
{
    PolicySubject subject;
    subject.tool = tool.toLower();
    auto str = [&input](const char *key) { return input.value(QLatin1String(key)).toString(); };
    if (subject.tool == QLatin1String("str_replace_based_edit_tool")) {
        // Anthropic's text editor: rules for read / write / edit cover it too.
        const QString command = str("command");
        subject.tool = command == QLatin1String("view") ? QStringLiteral("read")
            : command == QLatin1String("create")        ? QStringLiteral("write")
                                                        : QStringLiteral("edit");
    }
    if (subject.tool == QLatin1String("bash")) {
        subject.kind = Kind::Command;
        subject.value = str("command");
        return subject;
    }
    if (Policy::isPathTool(subject.tool)) {
        subject.kind = Kind::Path;
        QString path = str("path");
        if (path.isEmpty())
            path = str("file_path");
        if (path.isEmpty())
            path = workingDirectory;
        subject.value = resolvePath(path, workingDirectory, homeDirectory);
        return subject;
    }
    for (const char *key :
        { "command", "subcommand", "path", "file_path", "url", "pattern", "query", "name", "action" }) {
        const QString value = str(key);
        if (!value.isEmpty()) {
            subject.value = value;
            return subject;
        }
    }
    subject.value = QString::fromUtf8(QJsonDocument(input).toJson(QJsonDocument::Compact));
    return subject;
}

Policy::Policy()
{
    for (const char *tool : { "read", "glob", "grep", "ls", "planning", "delegate" })
        m_defaults.insert(QLatin1String(tool), PolicyRule::Action::Allow);
    for (const char *tool : { "write", "edit", "bash", "git" })
        m_defaults.insert(QLatin1String(tool), PolicyRule::Action::Ask);
}

bool Policy::isPathTool(const QString &tool)
{
    static const QStringList tools { QStringLiteral("read"), QStringLiteral("write"), QStringLiteral("edit"),
        QStringLiteral("glob"), QStringLiteral("grep"), QStringLiteral("ls"),
        QStringLiteral("str_replace_based_edit_tool") };
    return tools.contains(tool.toLower());
}

Policy Policy::fromJson(const QJsonObject &json, QStringList *errors)
{
    Policy policy;
    auto report = [errors](const QString &message) {
        if (errors)
            errors->append(message);
    };
    if (json.contains(QLatin1String("mode"))) {
        const auto mode = approvalModeFromName(json.value(QLatin1String("mode")).toString());
        if (mode)
            policy.m_mode = *mode;
        else
            report(tr("unknown approval mode (use ask, auto or deny)"));
    }
    for (const PolicyRule::Action action :
        { PolicyRule::Action::Allow, PolicyRule::Action::Ask, PolicyRule::Action::Deny }) {
        const QJsonValue value = json.value(policyActionName(action));
        if (value.isUndefined() || value.isNull())
            continue;
        QJsonArray entries;
        if (value.isString())
            entries.append(value);
        else if (value.isArray())
            entries = value.toArray();
        else {
            report(tr("\"%1\" must be a list of rules").arg(policyActionName(action)));
            continue;
        }
        for (const QJsonValue &entry : std::as_const(entries)) {
            if (!entry.isString()) {
                report(tr("\"%1\": every rule must be a string").arg(policyActionName(action)));
                continue;
            }
            QString error;
            if (const auto rule = PolicyRule::parse(entry.toString(), action, &error))
                policy.addRule(*rule);
            else
                report(error);
        }
    }
    const QJsonObject defaults = json.value(QLatin1String("defaults")).toObject();
    for (auto it = defaults.begin(); it != defaults.end(); ++it) {
        const auto action = policyActionFromName(it.value().toString());
        if (action && !it.key().trimmed().isEmpty())
            policy.setDefault(it.key(), *action);
        else
            report(tr("defaults: \"%1\" must be allow, ask or deny").arg(it.key()));
    }
    return policy;
}

QJsonObject Policy::toJson() const
{
    QJsonObject json;
    json.insert(QLatin1String("mode"), approvalModeName(m_mode));
    for (const PolicyRule::Action action :
        { PolicyRule::Action::Allow, PolicyRule::Action::Ask, PolicyRule::Action::Deny }) {
        QJsonArray list;
        for (const PolicyRule &rule : m_rules) {
            if (rule.action == action)
                list.append(rule.toString());
        }
        if (!list.isEmpty())
            json.insert(policyActionName(action), list);
    }
    QJsonObject defaults;
    for (auto it = m_defaults.begin(); it != m_defaults.end(); ++it)
        defaults.insert(it.key(), policyActionName(it.value()));
    json.insert(QLatin1String("defaults"), defaults);
    return json;
}

void Policy::merge(const Policy &other)
{
    for (const PolicyRule &rule : other.m_rules)
        addRule(rule);
    for (auto it = other.m_defaults.begin(); it != other.m_defaults.end(); ++it)
        m_defaults.insert(it.key(), it.value());
}

void Policy::addRule(const PolicyRule &rule)
{
    if (!m_rules.contains(rule))
        m_rules.append(rule);
}

bool Policy::removeRule(const PolicyRule &rule)
{
    return m_rules.removeAll(rule) > 0;
}

void Policy::setDefault(const QString &tool, PolicyRule::Action action)
{
    m_defaults.insert(tool.trimmed().toLower(), action);
}

PolicyRule::Action Policy::defaultFor(const QString &tool) const
{
    return m_defaults.value(tool.toLower(), m_defaults.value(QStringLiteral("*"), PolicyRule::Action::Ask));
}

bool Policy::ruleMatches(const PolicyRule &rule, const PolicySubject &subject,
    const QString &workingDirectory, const QString &homeDirectory, bool forAllow) const
{
    if (rule.tool != QLatin1String("*") && rule.tool != subject.tool)
        return false;
    if (rule.pattern.isEmpty())
        return true;

    switch (subject.kind) {
    case PolicySubject::Kind::Path: {
        QString pattern = rule.pattern;
        if (!pattern.contains(u'/')) {
            const GlobPattern glob(pattern, GlobPattern::Mode::Path);
            return glob.matches(subject.value.section(u'/', -1));
        }
        if (!homeDirectory.isEmpty() && pattern.startsWith(QLatin1String("~/")))
            pattern = homeDirectory + pattern.mid(1);
        else if (!pattern.startsWith(u'/'))
            pattern
                = (workingDirectory.isEmpty() ? QStringLiteral("/**") : workingDirectory) + u'/' + pattern;
        const GlobPattern glob(pattern, GlobPattern::Mode::Path);
        return glob.matches(subject.value) || glob.matches(subject.value + u'/');
    }
    case PolicySubject::Kind::Command: {
        const GlobPattern glob(rule.pattern, GlobPattern::Mode::Text);
        if (forAllow) {
            // Allow: called per segment by decide(); here the subject is one segment's text.
            return glob.matches(subject.value.trimmed());
        }
        if (glob.matches(subject.value.trimmed()))
            return true;
        const QList<ShellSegment> segments = ShellSplitter::split(subject.value);
        for (const ShellSegment &segment : segments) {
            for (const QString &variant : segment.variants) {
                if (glob.matches(variant))
                    return true;
            }
        }
        return false;
    }
    case PolicySubject::Kind::Text:
        return GlobPattern(rule.pattern, GlobPattern::Mode::Text).matches(subject.value);
    }
    return false;
}

PolicyDecision Policy::decide(
    const PolicySubject &subject, const QString &workingDirectory, const QString &homeDirectory) const
{
    PolicyDecision decision;
    for (const PolicyRule::Action action : { PolicyRule::Action::Deny, PolicyRule::Action::Ask }) {
        for (const PolicyRule &rule : m_rules) {
            if (rule.action == action && ruleMatches(rule, subject, workingDirectory, homeDirectory, false)) {
                decision.action = action;
                decision.rule = rule.toString();
                break;
            }
        }
        if (!decision.rule.isEmpty())
            break;
    }

    if (decision.rule.isEmpty()) {
        bool allowed = false;
        QString allowRule;
        if (subject.kind == PolicySubject::Kind::Command) {
            // A rule without wildcards allows exactly its own command line, whatever it holds
            // (what "allow always" proposes for a compound command).
            for (const PolicyRule &rule : m_rules) {
                if (rule.action == PolicyRule::Action::Allow && !rule.pattern.isEmpty()
                    && (rule.tool == subject.tool || rule.tool == QLatin1String("*"))) {
                    const GlobPattern glob(rule.pattern, GlobPattern::Mode::Text);
                    if (!glob.hasWildcards() && glob.matches(subject.value.trimmed())) {
                        allowed = true;
                        allowRule = rule.toString();
                        break;
                    }
                }
            }
        }
        if (!allowed && subject.kind == PolicySubject::Kind::Command) {
            // Every simple command of the line must be allowed, each by some rule.
            const QList<ShellSegment> segments = ShellSplitter::split(subject.value);
            allowed = true;
            QStringList used;
            const QList<ShellSegment> checked
                = segments.isEmpty() ? QList<ShellSegment> { { subject.value, {} } } : segments;
            for (const ShellSegment &segment : checked) {
                PolicySubject one = subject;
                one.value = segment.text;
                bool segmentAllowed = false;
                for (const PolicyRule &rule : m_rules) {
                    if (rule.action == PolicyRule::Action::Allow
                        && ruleMatches(rule, one, workingDirectory, homeDirectory, true)) {
                        segmentAllowed = true;
                        if (!used.contains(rule.toString()))
                            used.append(rule.toString());
                        break;
                    }
                }
                if (!segmentAllowed) {
                    allowed = false;
                    break;
                }
            }
            allowRule = used.join(QStringLiteral(", "));
        } else if (!allowed) {
            for (const PolicyRule &rule : m_rules) {
                if (rule.action == PolicyRule::Action::Allow
                    && ruleMatches(rule, subject, workingDirectory, homeDirectory, true)) {
                    allowed = true;
                    allowRule = rule.toString();
                    break;
                }
            }
        }
        if (allowed) {
            decision.action = PolicyRule::Action::Allow;
            decision.rule = allowRule;
        } else {
            decision.action = defaultFor(subject.tool);
        }
    }

    switch (decision.action) {
    case PolicyRule::Action::Deny:
        decision.reason = decision.rule.isEmpty() ? tr("%1 is not allowed by default").arg(subject.tool)
                                                  : tr("denied by the rule %1").arg(decision.rule);
        break;
    case PolicyRule::Action::Ask:
        if (m_mode == ApprovalMode::Auto) {
            decision.action = PolicyRule::Action::Allow;
            decision.reason = tr("approved automatically (approval mode auto)");
        } else if (m_mode == ApprovalMode::Deny) {
            decision.action = PolicyRule::Action::Deny;
            decision.reason = tr("needs approval, and the approval mode is deny");
        } else {
            decision.reason = decision.rule.isEmpty()
                ? tr("%1 needs approval").arg(subject.tool)
                : tr("needs approval by the rule %1").arg(decision.rule);
        }
        break;
    case PolicyRule::Action::Allow:
        decision.reason = decision.rule.isEmpty() ? tr("%1 is allowed by default").arg(subject.tool)
                                                  : tr("allowed by the rule %1").arg(decision.rule);
        break;
    }
    return decision;
}

PolicyRule Policy::proposeRule(const PolicySubject &subject)
{
    PolicyRule rule;
    rule.action = PolicyRule::Action::Allow;
    rule.tool = subject.tool;
    switch (subject.kind) {
    case PolicySubject::Kind::Command: {
        const QList<ShellSegment> segments = ShellSplitter::split(subject.value);
        if (segments.size() != 1) {
            rule.pattern = escapeGlob(subject.value.trimmed());
            break;
        }
        const QStringList words = segments.first().text.split(u' ');
        // Programs whose second word is a subcommand: `git push` is not `git status`.
        static const QStringList withSubcommands { QStringLiteral("git"), QStringLiteral("npm"),
            QStringLiteral("npx"), QStringLiteral("yarn"), QStringLiteral("pnpm"), QStringLiteral("cargo"),
            QStringLiteral("go"), QStringLiteral("docker"), QStringLiteral("podman"),
            QStringLiteral("kubectl"), QStringLiteral("helm"), QStringLiteral("gh"), QStringLiteral("pip"),
            QStringLiteral("pip3"), QStringLiteral("apt"), QStringLiteral("apt-get"), QStringLiteral("brew"),
            QStringLiteral("systemctl"), QStringLiteral("dotnet"), QStringLiteral("mvn"),
            QStringLiteral("gradle"), QStringLiteral("terraform"), QStringLiteral("poetry"),
            QStringLiteral("uv"), QStringLiteral("conda"), QStringLiteral("bundle"),
            QStringLiteral("composer"), QStringLiteral("svn"), QStringLiteral("hg"),
            QStringLiteral("flatpak"), QStringLiteral("snap") };
        static const QRegularExpression subcommand(QStringLiteral("^[A-Za-z][A-Za-z0-9_:.-]*$"));
        QString prefix = words.first();
        if (words.size() > 1 && withSubcommands.contains(words.first())
            && subcommand.match(words.at(1)).hasMatch())
            prefix += u' ' + words.at(1);
        rule.pattern = escapeGlob(prefix) + u'*';
        break;
    }
    case PolicySubject::Kind::Path: {
        // The file's folder and everything below it; a file at the top level only itself.
        const QString dir = subject.value.section(u'/', 0, -2);
        rule.pattern = dir.isEmpty() ? escapeGlob(subject.value) : escapeGlob(dir) + QStringLiteral("/**");
        break;
    }
    case PolicySubject::Kind::Text:
        if (!subject.value.isEmpty())
            rule.pattern = escapeGlob(subject.value);
        break;
    }
    return rule;
}

} // namespace Proto
