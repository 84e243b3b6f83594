#pragma once

#include <QString>

namespace Proto {

// How Claude model ids relate to the keys of the price table and the model catalog.
//
// A key matches an id when the id is the key, or the key followed by a suffix that names the
// same model: a date (`-20250929`), `-latest`, `-v1...`, or a provider decoration starting with
// `@`, `[`, `:` or `.` (`claude-opus-4-8[1m]`, `claude-opus-4-5@20251101`). A suffix that
// continues the version (`claude-opus-4` vs `claude-opus-4-1`, `claude-sonnet-5` vs
// `claude-sonnet-5-7`) is a different model and does not match. Other suffixes (`llama-3` vs
// `llama-3-70b`) match, as a plain prefix did before.
//
// A family is the model line (`opus`, `sonnet`, `haiku`, `fable`, `mythos`) with a version,
// parsed from both id styles: `claude-opus-4-8` (4.8) and `claude-3-7-sonnet` (3.7).
class ModelId final
{
public:
    struct Family
    {
        QString name; // empty: not a Claude family id
        int major = 0;
        int minor = 0;
        bool isValid() const { return !name.isEmpty(); }
        // Orders versions within one family.
        bool newerThan(const Family &other) const
        {
            return major != other.major ? major > other.major : minor > other.minor;
        }
    };

    static bool matchesKey(const QString &id, const QString &key);
    static Family family(const QString &id);
};

} // namespace Proto
