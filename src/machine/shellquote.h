#pragma once

#include <QString>
#include <QStringList>

namespace Proto {

// Quotes one argument for a POSIX shell (sh -c): wrapped in single quotes, with every
// single quote written as '\''. The result is one word whatever the input holds ($(...),
// backticks, newlines, quotes, globs).
QString shellQuote(const QString &argument);

// Quotes each argument and joins them with spaces.
QString shellJoin(const QStringList &arguments);

} // namespace Proto
