#include "gitsafety.h"

#include <QRegularExpression>

namespace Proto {

namespace {

// What a repository's own config must not decide while an agent runs git. Only keys that run
// programs during reading commands; the user's signing, credentials, ssh and LFS filters are
// left alone (they come from the user's own config, which a repository cannot change).
QList<QPair<QString, QString>> overrides()
{
    return {
        { QStringLiteral("core.fsmonitor"), QStringLiteral("false") },
        { QStringLiteral("core.hooksPath"), QStringLiteral("/dev/null") },
        { QStringLiteral("core.pager"), QStringLiteral("cat") },
        { QStringLiteral("log.showSignature"), QStringLiteral("false") },
        { QStringLiteral("protocol.ext.allow"), QStringLiteral("never") },
    };
}

} // namespace

namespace GitSafety {

QMap<QString, QString> environment()
{
    QMap<QString, QString> env;
    const auto list = overrides();
    env.insert(QStringLiteral("GIT_CONFIG_COUNT"), QString::number(list.size()));
    for (qsizetype i = 0; i < list.size(); ++i) {
        env.insert(QStringLiteral("GIT_CONFIG_KEY_%1").arg(i), list.at(i).first);
        env.insert(QStringLiteral("GIT_CONFIG_VALUE_%1").arg(i), list.at(i).second);
    }
    env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
    env.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    env.insert(QStringLiteral("GIT_PAGER"), QStringLiteral("cat"));
    return env;
}

QStringList options(const QStringList &driverKeys)
{
    QStringList out { QStringLiteral("--no-pager") };
    for (const auto &[key, value] : overrides())
        out << QStringLiteral("-c") << key + u'=' + value;
    static const QRegularExpression safeKey(QStringLiteral("^[A-Za-z0-9_.\\- ]+$"));
    for (const QString &key : driverKeys) {
        if (key == u"diff.external" || !safeKey.match(key).hasMatch())
            continue; // diff.external: --no-ext-diff on the subcommand instead
        out << QStringLiteral("-c") << key + u'=';
        if (key.startsWith(QLatin1String("filter.")))
            out << QStringLiteral("-c") << key.section(u'.', 0, -2) + QStringLiteral(".required=false");
    }
    return out;
}

QString driverQuery()
{
    return QStringLiteral(
        "git config --local -z --name-only --get-regexp "
        "'^(filter\\..*\\.(clean|smudge|process)|diff\\..*\\.(command|textconv)|merge\\..*\\."
        "driver|diff\\.external)$'");
}

QStringList parseDriverKeys(const QByteArray &output)
{
    QStringList keys;
    for (const QByteArray &part : output.split('\0')) {
        const QString key = QString::fromUtf8(part).trimmed();
        if (!key.isEmpty() && !keys.contains(key))
            keys.append(key);
    }
    return keys;
}

} // namespace GitSafety

} // namespace Proto
