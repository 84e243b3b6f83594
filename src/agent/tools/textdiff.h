#pragma once

#include <QString>

namespace Proto {

// Unified diffs of text files (dtl's O(ND) diff, line based), as `diff -u` prints them,
// "\ No newline at end of file" included. Empty when the texts are equal.
class TextDiff final
{
public:
    struct Stats
    {
        int added = 0;
        int removed = 0;
    };

    static QString unified(const QString &oldText, const QString &newText, const QString &oldLabel,
        const QString &newLabel, int context = 3, Stats *stats = nullptr);
};

} // namespace Proto
