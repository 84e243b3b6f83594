#include "policy.h"

#include "protectedpaths.h"
#include "shellinspector.h"

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
    for (const QString &folder : other.m_protectedFolders) {
        if (!m_protectedFolders.contains(folder))
            m_protectedFolders.append(folder);
    }
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
    const QString &workingDirectory, const QString &homeDirectory) const
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
    case PolicySubject::Kind::Command:
        return GlobPattern(rule.pattern, GlobPattern::Mode::Text).matches(subject.value.trimmed());
    case PolicySubject::Kind::Text:
        return GlobPattern(rule.pattern, GlobPattern::Mode::Text).matches(subject.value);
    }
    return false;
}

namespace {

bool hasDotDot(const QString &path)
{
    return path == QLatin1String("..") || path.startsWith(QLatin1String("../"))
        || path.endsWith(QLatin1String("/..")) || path.contains(QLatin1String("/../"));
}

// Where relative words of a command line may point: the working folder, the home folder (so a
// `cd ~` earlier on the line cannot hide `.ssh/id_rsa`), every literal cd target, and anywhere
// when a cd goes somewhere known only at run time.
struct Bases
{
    QStringList folders;
    bool unknown = false;
    bool cdChanged = false; // a cd on the line moves relative paths somewhere else
};

Bases basesFor(const ShellInspection &inspection, const QString &cwd, const QString &home)
{
    Bases bases;
    bases.folders.append(cwd.isEmpty() ? QStringLiteral("/") : cwd);
    if (!home.isEmpty() && !bases.folders.contains(home))
        bases.folders.append(home);
    bool unknown = false;
    const QStringList targets = inspection.cdTargets(&unknown);
    bases.unknown = unknown;
    bases.cdChanged = unknown || !targets.isEmpty();
    for (const QString &target : targets) {
        QString t = target;
        if (t == u"~" || t.startsWith(QLatin1String("~/")))
            t = home + t.mid(1);
        const QStringList resolved
            = t.startsWith(u'/') ? QStringList { t } : QStringList { cwd + u'/' + t, home + u'/' + t };
        for (const QString &r : resolved) {
            const QString clean = QDir::cleanPath(r);
            if (!bases.folders.contains(clean))
                bases.folders.append(clean);
        }
    }
    return bases;
}

// Why a word of a command line may reach a protected place, or empty.
QString protectedWord(const ShellWord &word, const Bases &bases, const QString &home,
    const ProtectedPaths &protectedPaths, bool literalOnly)
{
    for (const ShellPathForm &form : word.paths) {
        if (form.literal.isEmpty() && !form.home)
            continue;
        if (form.isLiteral) {
            QStringList candidates;
            if (form.home)
                candidates.append(home + form.literal.mid(1));
            else if (form.literal.startsWith(u'/'))
                candidates.append(form.literal);
            else {
                for (const QString &base : bases.folders)
                    candidates.append(base + u'/' + form.literal);
            }
            for (const QString &candidate : std::as_const(candidates)) {
                const QString label = protectedPaths.match(QDir::cleanPath(candidate));
                if (!label.isEmpty())
                    return label;
            }
            if (bases.unknown && !form.home && !form.literal.startsWith(u'/')) {
                GlobShape shape = GlobShape::anything();
                shape.appendChar(u'/');
                shape.appendText(form.literal);
                const QString label = protectedPaths.mayMatch(shape);
                if (!label.isEmpty())
                    return label;
            }
            continue;
        }
        if (literalOnly)
            continue;
        QList<GlobShape> shapes;
        if (hasDotDot(form.literal)) {
            shapes.append(GlobShape::anything());
        } else if (form.home) {
            GlobShape shape;
            shape.appendText(home);
            shape.append(form.shape);
            shapes.append(shape);
        } else {
            shapes.append(form.shape); // absolute, or starting with an expansion
            if (!form.literal.startsWith(u'/')) {
                for (const QString &base : bases.folders) {
                    GlobShape shape;
                    shape.appendText(base + u'/');
                    shape.append(form.shape);
                    shapes.append(shape);
                }
                if (bases.unknown) {
                    GlobShape shape = GlobShape::anything();
                    shape.appendChar(u'/');
                    shape.append(form.shape);
                    shapes.append(shape);
                }
            }
        }
        for (const GlobShape &shape : std::as_const(shapes)) {
            const QString label = protectedPaths.mayMatch(shape);
            if (!label.isEmpty())
                return label;
        }
    }
    return {};
}

// Programs that print credentials from their own stores, whatever their arguments name.
QString credentialReader(const ShellInvocation &inv)
{
    const QString &p = inv.program;
    const QStringList &a = inv.arguments;
    auto has = [&a](const char *word) { return a.contains(QLatin1String(word)); };
    static const QStringList stores { QStringLiteral("secret-tool"), QStringLiteral("security"),
        QStringLiteral("kwallet-query"), QStringLiteral("kwalletcli"), QStringLiteral("keyctl"),
        QStringLiteral("pass"), QStringLiteral("gopass"), QStringLiteral("gpg"), QStringLiteral("gpg2"),
        QStringLiteral("op"), QStringLiteral("bw"), QStringLiteral("lpass"), QStringLiteral("ssh-add") };
    if (stores.contains(p) || p.startsWith(QLatin1String("docker-credential-"))
        || p.startsWith(QLatin1String("git-credential")))
        return tr("a password store or keychain (%1)").arg(p);
    if (p == u"git" && (has("credential") || has("credential-cache") || has("credential-store")))
        return tr("git's stored credentials");
    if (p == u"gh" && has("auth") && (has("token") || has("-t") || has("--show-token")))
        return tr("the GitHub CLI's token");
    if (p == u"gcloud" && has("auth")
        && (has("print-access-token") || has("print-identity-token") || has("application-default")))
        return tr("Google Cloud tokens");
    if (p == u"az" && has("get-access-token"))
        return tr("Azure tokens");
    if (p == u"aws" && (has("get") || has("export-credentials") || has("get-session-token")))
        return tr("AWS credentials");
    if (p == u"kubectl" && has("config") && has("--raw"))
        return tr("Kubernetes credentials");
    if (p == u"ps") {
        // BSD-style `e` shows every process's environment (the app's holds API keys).
        for (const QString &word : a) {
            if ((!word.startsWith(u'-') && word.contains(u'e')) || word == u"-E" || word == u"--environment")
                return tr("other processes' environments");
        }
    }
    return {};
}

// Programs that only list or print names: a glob in their words does not read file contents.
bool onlyNames(const QString &program)
{
    static const QStringList names { QStringLiteral("ls"), QStringLiteral("du"), QStringLiteral("echo"),
        QStringLiteral("printf"), QStringLiteral("pwd"), QStringLiteral("cd"), QStringLiteral("test"),
        QStringLiteral("["), QStringLiteral("basename"), QStringLiteral("dirname"),
        QStringLiteral("realpath"), QStringLiteral("readlink"), QStringLiteral("stat"),
        QStringLiteral("which"), QStringLiteral("type"), QStringLiteral("mkdir"), QStringLiteral("tree"),
        QStringLiteral("kill"), QStringLiteral("sleep"), QStringLiteral("true"), QStringLiteral("false"),
        QStringLiteral("exit"), QStringLiteral("return"), QStringLiteral("wait"), QStringLiteral("seq"),
        QStringLiteral("date"), QStringLiteral("expr"), QStringLiteral("touch"), QStringLiteral("exec"),
        QStringLiteral("nohup"), QStringLiteral("timeout") };
    return names.contains(program);
}

bool underGitFolder(const QString &path)
{
    return path.contains(QLatin1String("/.git/")) || path.endsWith(QLatin1String("/.git"));
}

} // namespace

QStringList Policy::foldersFor(const QString &workingDirectory) const
{
    // A folder the session works inside is the person's choice of place: not protected then.
    QStringList folders;
    const QString cwd = QDir::cleanPath(workingDirectory);
    for (const QString &folder : m_protectedFolders) {
        const QString f = QDir::cleanPath(folder);
        if (workingDirectory.isEmpty() || (cwd != f && !cwd.startsWith(f + u'/')))
            folders.append(f);
    }
    return folders;
}

PolicyDecision Policy::decideRaw(
    const PolicySubject &subject, const QString &workingDirectory, const QString &homeDirectory) const
{
    if (subject.kind == PolicySubject::Kind::Command)
        return decideCommand(subject, workingDirectory, homeDirectory);

    PolicyDecision decision;
    // The first rule of the action that matches decides, with its reason.
    auto byRule = [&](PolicyRule::Action action, const char *reason) {
        for (const PolicyRule &rule : m_rules) {
            if (rule.action == action && ruleMatches(rule, subject, workingDirectory, homeDirectory)) {
                decision.action = action;
                decision.rule = rule.toString();
                decision.reason = tr(reason).arg(decision.rule);
                return true;
            }
        }
        return false;
    };
    if (byRule(PolicyRule::Action::Deny, QT_TR_NOOP("denied by the rule %1")))
        return decision;
    if (subject.kind == PolicySubject::Kind::Path) {
        const QString label
            = ProtectedPaths(homeDirectory, foldersFor(workingDirectory)).match(subject.value);
        if (!label.isEmpty()) {
            decision.action = PolicyRule::Action::Ask;
            decision.protectedPlace = true;
            decision.reason
                = tr("%1 is protected (%2): a person must approve each access").arg(subject.value, label);
            return decision;
        }
    }
    if (byRule(PolicyRule::Action::Ask, QT_TR_NOOP("needs approval by the rule %1")))
        return decision;
    if (subject.kind == PolicySubject::Kind::Path && (subject.tool == u"write" || subject.tool == u"edit")
        && underGitFolder(subject.value)) {
        decision.action = PolicyRule::Action::Ask;
        decision.reason
            = tr("%1 is inside a .git folder, whose configuration and hooks run code").arg(subject.value);
        return decision;
    }
    if (byRule(PolicyRule::Action::Allow, QT_TR_NOOP("allowed by the rule %1")))
        return decision;
    decision.action = defaultFor(subject.tool);
    return decision;
}

PolicyDecision Policy::decideCommand(
    const PolicySubject &subject, const QString &workingDirectory, const QString &homeDirectory) const
{
    PolicyDecision decision;
    const QString line = subject.value.trimmed();
    const ShellInspection inspection(subject.value);
    const QList<ShellInvocation> &invocations = inspection.invocations();
    auto appliesTo = [&subject](const PolicyRule &rule) {
        return rule.tool == subject.tool || rule.tool == QLatin1String("*");
    };

    // Deny, then ask rules: any form of any command, and what a command with expansions might
    // turn into.
    auto firstMatch = [&](PolicyRule::Action action, bool *possible) -> QString {
        for (const PolicyRule &rule : m_rules) {
            if (rule.action != action || !appliesTo(rule))
                continue;
            if (rule.pattern.isEmpty())
                return rule.toString();
            const GlobPattern glob(rule.pattern, GlobPattern::Mode::Text);
            if (glob.matches(line))
                return rule.toString();
            for (const ShellInvocation &inv : invocations) {
                for (const QString &text : inv.denyTexts) {
                    if (glob.matches(text))
                        return rule.toString();
                }
            }
            const GlobShape shape = GlobShape::fromGlob(rule.pattern, GlobPattern::Mode::Text);
            for (const ShellInvocation &inv : invocations) {
                for (const GlobShape &form : inv.denyShapes) {
                    if (GlobShape::overlaps(shape, form)) {
                        *possible = true;
                        return rule.toString();
                    }
                }
            }
        }
        return {};
    };
    bool possible = false;
    QString rule = firstMatch(PolicyRule::Action::Deny, &possible);
    if (!rule.isEmpty()) {
        decision.action = PolicyRule::Action::Deny;
        decision.rule = rule;
        decision.reason = possible ? tr("could run something the rule %1 denies (a word is known only when "
                                        "the command runs)")
                                         .arg(rule)
                                   : tr("denied by the rule %1").arg(rule);
        return decision;
    }
    // Protected places, through any word of any command, and credential stores.
    const ProtectedPaths protectedPaths(homeDirectory, foldersFor(workingDirectory));
    const Bases bases = basesFor(inspection, workingDirectory, homeDirectory);
    QString mentioned = protectedPaths.mentionedIn(line, homeDirectory);
    if (!mentioned.isEmpty()) {
        decision.action = PolicyRule::Action::Ask;
        decision.protectedPlace = true;
        decision.reason
            = tr("the command names %1, which is protected: a person must approve it").arg(mentioned);
        return decision;
    }
    for (const ShellInvocation &inv : invocations) {
        QString label = credentialReader(inv);
        for (qsizetype i = 0; label.isEmpty() && i < inv.words.size(); ++i)
            label = protectedWord(
                inv.words.at(i), bases, homeDirectory, protectedPaths, onlyNames(inv.program));
        if (!label.isEmpty()) {
            decision.action = PolicyRule::Action::Ask;
            decision.protectedPlace = true;
            decision.reason
                = tr("the command may reach %1, which is protected: a person must approve it").arg(label);
            return decision;
        }
    }

    if (!inspection.understood()) {
        // Deny rules on what the parser saw still hold (above); nothing else can be trusted.
        for (const PolicyRule &r : m_rules) {
            if (r.action == PolicyRule::Action::Allow && appliesTo(r) && !r.pattern.isEmpty()
                && !GlobPattern(r.pattern, GlobPattern::Mode::Text).hasWildcards()
                && GlobPattern(r.pattern, GlobPattern::Mode::Text).matches(line)) {
                decision.action = PolicyRule::Action::Allow;
                decision.rule = r.toString();
                decision.reason = tr("allowed by the rule %1").arg(decision.rule);
                return decision;
            }
        }
        decision.action = PolicyRule::Action::Ask;
        decision.reason = tr("the command holds %1, which the rule checker does not understand: it needs "
                             "approval")
                              .arg(inspection.problems().first());
        return decision;
    }

    possible = false;
    rule = firstMatch(PolicyRule::Action::Ask, &possible);
    if (!rule.isEmpty()) {
        decision.action = PolicyRule::Action::Ask;
        decision.rule = rule;
        decision.reason = tr("needs approval by the rule %1").arg(rule);
        return decision;
    }

    // A rule without wildcards allows exactly its own command line, whatever it holds (what
    // "allow always" proposes for a compound command).
    for (const PolicyRule &r : m_rules) {
        if (r.action != PolicyRule::Action::Allow || !appliesTo(r) || r.pattern.isEmpty())
            continue;
        const GlobPattern glob(r.pattern, GlobPattern::Mode::Text);
        if (!glob.hasWildcards() && glob.matches(line)) {
            decision.action = PolicyRule::Action::Allow;
            decision.rule = r.toString();
            decision.reason = tr("allowed by the rule %1").arg(decision.rule);
            return decision;
        }
    }

    // Each command needs an allow rule of its own.
    QStringList used;
    bool allowed = !invocations.isEmpty();
    bool anyCommand = false;
    bool blanket = false; // allowed by a rule for the whole tool: writes follow it too
    for (const ShellInvocation &inv : invocations) {
        if (inv.allowText.isEmpty())
            continue;
        anyCommand = true;
        bool ok = false;
        for (const PolicyRule &r : m_rules) {
            if (r.action != PolicyRule::Action::Allow || !appliesTo(r))
                continue;
            if (r.pattern.isEmpty()
                || GlobPattern(r.pattern, GlobPattern::Mode::Text).matches(inv.allowText)) {
                ok = true;
                blanket = blanket || r.pattern.isEmpty();
                if (!used.contains(r.toString()))
                    used.append(r.toString());
                break;
            }
        }
        if (!ok) {
            allowed = false;
            break;
        }
    }

    // Files the line writes are writes: write rules decide them (unless bash itself is allowed
    // outright); a name known only at run time is asked.
    if (allowed) {
        for (const ShellInvocation &inv : invocations) {
            if (inv.writesUnknown && !blanket) {
                decision.action = PolicyRule::Action::Ask;
                decision.reason = tr("%1 writes files whose names are known only when it runs: it needs "
                                     "approval")
                                      .arg(inv.program);
                return decision;
            }
            for (const ShellWord &target : inv.writes) {
                bool literal = target.isLiteral();
                for (const ShellPathForm &form : target.paths)
                    literal = literal && form.isLiteral;
                QString path = target.text;
                if (literal && !path.isEmpty() && !path.startsWith(u'/') && !path.startsWith(u'~')) {
                    if (bases.cdChanged)
                        literal = false; // relative to a folder a cd changed
                }
                if (!literal || path.isEmpty()) {
                    if (blanket)
                        continue;
                    decision.action = PolicyRule::Action::Ask;
                    decision.reason = tr("the command writes to %1, a path known only when it runs: it needs "
                                         "approval")
                                          .arg(path.left(200));
                    return decision;
                }
                const PolicySubject write = PolicySubject::fromToolInput(QStringLiteral("write"),
                    QJsonObject { { QStringLiteral("path"), path } }, workingDirectory, homeDirectory);
                const PolicyDecision d = decideRaw(write, workingDirectory, homeDirectory);
                if (d.action == PolicyRule::Action::Deny) {
                    decision = d;
                    decision.reason = tr("the command writes %1: %2").arg(write.value, d.reason);
                    return decision;
                }
                if (d.action == PolicyRule::Action::Ask && (!blanket || underGitFolder(write.value))) {
                    decision.action = PolicyRule::Action::Ask;
                    decision.rule = d.rule;
                    decision.reason = d.reason.isEmpty()
                        ? tr("the command writes %1, and writing files needs approval").arg(write.value)
                        : tr("the command writes %1: %2").arg(write.value, d.reason);
                    return decision;
                }
            }
        }
    }

    if (allowed && anyCommand) {
        decision.action = PolicyRule::Action::Allow;
        decision.rule = used.join(QStringLiteral(", "));
        decision.reason = tr("allowed by the rule %1").arg(decision.rule);
        return decision;
    }
    decision.action = defaultFor(subject.tool);
    return decision;
}

PolicyDecision Policy::decide(
    const PolicySubject &subject, const QString &workingDirectory, const QString &homeDirectory) const
{
    PolicyDecision decision = decideRaw(subject, workingDirectory, homeDirectory);
    switch (decision.action) {
    case PolicyRule::Action::Deny:
        if (decision.reason.isEmpty())
            decision.reason = tr("%1 is not allowed by default").arg(subject.tool);
        break;
    case PolicyRule::Action::Ask:
        if (m_mode == ApprovalMode::Auto && !decision.protectedPlace) {
            decision.action = PolicyRule::Action::Allow;
            decision.reason = tr("approved automatically (approval mode auto)");
        } else if (m_mode == ApprovalMode::Deny) {
            decision.action = PolicyRule::Action::Deny;
            decision.reason = decision.reason.isEmpty()
                ? tr("needs approval, and the approval mode is deny")
                : tr("%1; the approval mode is deny").arg(decision.reason);
        } else if (decision.reason.isEmpty()) {
            decision.reason = tr("%1 needs approval").arg(subject.tool);
        }
        break;
    case PolicyRule::Action::Allow:
        if (decision.reason.isEmpty())
            decision.reason = tr("%1 is allowed by default").arg(subject.tool);
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
        // A prefix rule only for one plain program with literal words that writes nothing; for
        // anything else (compound lines, wrappers, shells, interpreters, redirections to files,
        // expansions, assignments) exactly the line asked about.
        rule.pattern = escapeGlob(subject.value.trimmed());
        const ShellInspection inspection(subject.value);
        const QList<ShellInvocation> &invocations = inspection.invocations();
        if (!inspection.understood() || invocations.size() != 1)
            break;
        const ShellInvocation &inv = invocations.first();
        if (inv.allowText.isEmpty() || inv.program.isEmpty() || !inv.literal || !inv.writes.isEmpty()
            || inv.writesUnknown || ShellInspection::runsOtherCode(inv.program)
            || !inspection.analysis().commands.first().assignments.isEmpty()
            || !inspection.analysis().commands.first().redirects.isEmpty())
            break;
        const QStringList words = inv.allowText.split(u' ');
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
        if (withSubcommands.contains(inv.program)) {
            if (words.size() < 2 || !subcommand.match(words.at(1)).hasMatch())
                break; // `git -C dir push`: options first, so only this line
            prefix += u' ' + words.at(1);
        }
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
