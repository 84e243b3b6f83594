#pragma once

#include "toolcontext.h"

#include <QString>

#include <functional>

namespace Proto {

class ToolJob;

// Path handling shared by the tools: relative paths are taken against the session root;
// ".." and symlinks are resolved on the machine (Machine::canonicalPath) before the
// containment check, so neither "../../etc/passwd" nor a symlink pointing out of the root
// escapes it unless the context allows it.
class ToolPaths final
{
public:
    // Lexical only: root + path, cleaned. An empty root means the machine's home.
    static QString absolute(const ToolContext &context, const QString &path);
    static QString root(const ToolContext &context);
    static bool isInside(const QString &path, const QString &root);
    // For messages: relative to root when inside it, else absolute.
    static QString display(const QString &path, const QString &root);

    // Resolves path and the root on the machine; calls done(canonical path, canonical root)
    // or fails the job with a clear message (outside the root, empty path).
    static void resolve(ToolJob *job, const ToolContext &context, const QString &path,
        std::function<void(const QString &path, const QString &root)> done);
};

} // namespace Proto
