#pragma once

#include "globpattern.h"
#include "globshape.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Proto {

// The places whose contents are secrets: reading or writing them always needs a person's
// approval, through every tool (bash, read, grep, glob, the editor...), whatever rules an agent
// definition or the user's policy hold. Built in: SSH, GnuPG and cloud credentials under the
// home folder, credential files (.netrc, .git-credentials...), keyrings, private-key files
// (*.pem, *.key, id_rsa...), .env files, other processes' environment and memory under /proc,
// plus the folders given (the app's data folder).
class ProtectedPaths final
{
public:
    ProtectedPaths() = default;
    ProtectedPaths(const QString &homeDirectory, const QStringList &folders);

    // What the clean absolute path is ("SSH keys and settings"), or empty when it is not
    // protected.
    QString match(const QString &absolutePath) const;
    // The same for a path known only by its shape (a shell word with expansions): non-empty when
    // it might name a protected place.
    QString mayMatch(const GlobShape &absoluteShape) const;

    // A label when text (a command line, a script) spells out a protected folder (`~/.ssh`,
    // `$HOME/.aws`, the absolute path), a private key's usual name or a process environment: a
    // script an interpreter runs is not parsed, but what it names can still be seen.
    QString mentionedIn(const QString &text, const QString &homeDirectory) const;

    bool isEmpty() const { return m_entries.isEmpty(); }
    // The patterns in force, for documentation and the approval card.
    QStringList patterns() const;

private:
    struct Entry
    {
        QString pattern; // GlobPattern, Path mode, absolute or **/name
        QString label;
        GlobPattern glob;
        GlobShape shape;
    };
    void add(const QString &pattern, const QString &label);
    void addFolder(const QString &folder, const QString &label);

    QList<Entry> m_entries;
    QList<QPair<QString, QString>> m_folders; // absolute folder, label
};

} // namespace Proto
