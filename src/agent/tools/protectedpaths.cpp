#include "protectedpaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QRegularExpression>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ProtectedPaths", text);
}

QString escapeGlob(const QString &text)
{
    QString out;
    for (const QChar c : text) {
        if (c == u'*' || c == u'?' || c == u'\\')
            out += u'\\';
        out += c;
    }
    return out;
}

// .env files that hold examples, not secrets.
bool isExampleEnv(const QString &name)
{
    for (const char *suffix : { ".example", ".sample", ".template", ".dist" }) {
        if (name.endsWith(QLatin1String(suffix)))
            return true;
    }
    return false;
}

} // namespace

ProtectedPaths::ProtectedPaths(const QString &homeDirectory, const QStringList &folders)
{
    const QString home = QDir::cleanPath(homeDirectory.isEmpty() ? QStringLiteral("/root") : homeDirectory);
    const QString ssh = tr("SSH keys and settings");
    const QString credentials = tr("credentials");
    addFolder(home + QStringLiteral("/.ssh"), ssh);
    addFolder(home + QStringLiteral("/.gnupg"), tr("GnuPG keys"));
    addFolder(home + QStringLiteral("/.aws"), tr("AWS credentials"));
    addFolder(home + QStringLiteral("/.config/gcloud"), tr("Google Cloud credentials"));
    addFolder(home + QStringLiteral("/.azure"), tr("Azure credentials"));
    addFolder(home + QStringLiteral("/.kube"), tr("Kubernetes credentials"));
    addFolder(home + QStringLiteral("/.docker"), tr("Docker credentials"));
    addFolder(home + QStringLiteral("/.config/gh"), tr("GitHub CLI credentials"));
    addFolder(home + QStringLiteral("/.password-store"), tr("password store"));
    addFolder(home + QStringLiteral("/.local/share/keyrings"), tr("the keychain"));
    addFolder(home + QStringLiteral("/.local/share/kwalletd"), tr("the keychain"));
    addFolder(home + QStringLiteral("/Library/Keychains"), tr("the keychain"));
    for (const char *file : { "/.netrc", "/.git-credentials", "/.config/git/credentials", "/.pgpass",
             "/.pypirc", "/.npmrc", "/.my.cnf" })
        add(escapeGlob(home) + QLatin1String(file), credentials);
    for (const QString &folder : folders) {
        if (!folder.isEmpty())
            addFolder(QDir::cleanPath(folder), tr("Proto Desktop's data folder"));
    }
    const QString keys = tr("a private key");
    for (const char *name : { "*.pem", "*.key", "*.p12", "*.pfx", "*.jks", "*.keystore", "*.kdbx", "id_rsa*",
             "id_dsa*", "id_ecdsa*", "id_ed25519*" })
        add(QStringLiteral("**/") + QLatin1String(name), keys);
    add(QStringLiteral("**/.env"), tr("an environment file with secrets"));
    add(QStringLiteral("**/.env.*"), tr("an environment file with secrets"));
    // Another process's environment (the app's holds API keys), memory and file system view.
    const QString process = tr("another process's environment or memory");
    for (const char *name : { "environ", "mem", "root", "cwd", "fd", "map_files" }) {
        add(QStringLiteral("/proc/**/") + QLatin1String(name), process);
        add(QStringLiteral("/proc/**/") + QLatin1String(name) + QStringLiteral("/**"), process);
    }
    add(QStringLiteral("/etc/shadow*"), credentials);
    add(QStringLiteral("/etc/gshadow*"), credentials);
}

void ProtectedPaths::add(const QString &pattern, const QString &label)
{
    m_entries.append({ pattern, label, GlobPattern(pattern, GlobPattern::Mode::Path),
        GlobShape::fromGlob(pattern, GlobPattern::Mode::Path) });
}

void ProtectedPaths::addFolder(const QString &folder, const QString &label)
{
    m_folders.append({ folder, label });
    add(escapeGlob(folder), label);
    add(escapeGlob(folder) + QStringLiteral("/**"), label);
}

QString ProtectedPaths::match(const QString &absolutePath) const
{
    const QString path = QDir::cleanPath(absolutePath);
    for (const Entry &entry : m_entries) {
        if (!entry.glob.matches(path))
            continue;
        if (entry.pattern.startsWith(QLatin1String("**/.env.")) && isExampleEnv(path))
            continue;
        return entry.label;
    }
    return {};
}

QString ProtectedPaths::mayMatch(const GlobShape &absoluteShape) const
{
    for (const Entry &entry : m_entries) {
        if (GlobShape::overlaps(absoluteShape, entry.shape))
            return entry.label;
    }
    return {};
}

QString ProtectedPaths::mentionedIn(const QString &text, const QString &homeDirectory) const
{
    const QString home = QDir::cleanPath(homeDirectory);
    for (const auto &[folder, label] : m_folders) {
        QStringList spellings { folder };
        if (!home.isEmpty() && folder.startsWith(home + u'/')) {
            const QString rest = folder.mid(home.size()); // "/.ssh"
            spellings << u'~' + rest << QStringLiteral("$HOME") + rest << QStringLiteral("${HOME}") + rest;
        }
        for (const QString &spelling : std::as_const(spellings)) {
            qsizetype at = text.indexOf(spelling);
            while (at >= 0) {
                const qsizetype end = at + spelling.size();
                // The folder itself, not a longer name that starts the same (~/.sshx).
                if (end >= text.size()
                    || !(text.at(end).isLetterOrNumber() || text.at(end) == u'_' || text.at(end) == u'-'
                        || text.at(end) == u'.'))
                    return label;
                at = text.indexOf(spelling, at + 1);
            }
        }
    }
    for (const char *name : { "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519" }) {
        if (text.contains(QLatin1String(name)))
            return tr("a private key");
    }
    static const QRegularExpression process(QStringLiteral("/proc/[^\\s]*/(environ|mem)\\b"));
    if (process.match(text).hasMatch())
        return tr("another process's environment or memory");
    return {};
}

QStringList ProtectedPaths::patterns() const
{
    QStringList out;
    for (const Entry &entry : m_entries)
        out.append(entry.pattern);
    return out;
}

} // namespace Proto
