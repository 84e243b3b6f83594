#include "childenvironment.h"

#include <QRegularExpression>

namespace Proto {

namespace {

bool nameHas(const QString &upper, QLatin1StringView part)
{
    return upper.contains(part);
}

} // namespace

bool ChildEnvironment::isAppVariable(const QString &name)
{
    return name.startsWith(QLatin1String("PROTO_")) || name.startsWith(QLatin1String("ANTHROPIC_"))
        || name.startsWith(QLatin1String("OPENAI_"));
}

bool ChildEnvironment::looksLikeCredential(const QString &name, const QString &value)
{
    const QString upper = name.toUpper();
    // SSH_AUTH_SOCK and friends point at an agent that keeps its keys; they are no secret.
    if (upper == QLatin1String("SSH_AUTH_SOCK") || upper == QLatin1String("GPG_AGENT_INFO"))
        return false;
    static const QLatin1StringView parts[] = { QLatin1StringView("TOKEN"), QLatin1StringView("SECRET"),
        QLatin1StringView("PASSWORD"), QLatin1StringView("PASSWD"), QLatin1StringView("PASSPHRASE"),
        QLatin1StringView("API_KEY"), QLatin1StringView("APIKEY"), QLatin1StringView("ACCESS_KEY"),
        QLatin1StringView("PRIVATE_KEY"), QLatin1StringView("CREDENTIAL"), QLatin1StringView("AUTH_KEY"),
        QLatin1StringView("SESSION_KEY"), QLatin1StringView("CLIENT_KEY") };
    for (QLatin1StringView part : parts) {
        if (nameHas(upper, part))
            return true;
    }
    if (upper.endsWith(QLatin1String("_KEY")) || upper.endsWith(QLatin1String("_PASS"))
        || upper.endsWith(QLatin1String("_PAT")) || upper.endsWith(QLatin1String("_PWD"))
        || upper == QLatin1String("PGPASSWORD"))
        return true;
    if (upper.startsWith(QLatin1String("AWS_")) && upper.contains(QLatin1String("KEY")))
        return true;
    // The value itself: the shapes of keys that the common services hand out.
    static const QRegularExpression shapes(QStringLiteral(
        "(^|[^A-Za-z0-9])(sk-[A-Za-z0-9_-]{20,}|sk-ant-[A-Za-z0-9_-]{10,}|gh[pousr]_[A-Za-z0-9]{20,}"
        "|github_pat_[A-Za-z0-9_]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{30,}"
        "|glpat-[A-Za-z0-9_-]{20,})|-----BEGIN [A-Z ]*PRIVATE KEY-----"));
    return value.size() >= 16 && shapes.match(value).hasMatch();
}

bool ChildEnvironment::isWithheld(For who, const QString &name, const QString &value)
{
    if (isAppVariable(name))
        return true;
    return who == For::Agent && looksLikeCredential(name, value);
}

QStringList ChildEnvironment::withheldNames(const QProcessEnvironment &base, For who)
{
    QStringList out;
    const QStringList names = base.keys();
    for (const QString &name : names) {
        if (isWithheld(who, name, base.value(name)))
            out.append(name);
    }
    out.sort();
    return out;
}

QProcessEnvironment ChildEnvironment::clean(const QProcessEnvironment &base, For who)
{
    QProcessEnvironment out = base;
    const QStringList names = withheldNames(base, who);
    for (const QString &name : names)
        out.remove(name);
    return out;
}

} // namespace Proto
