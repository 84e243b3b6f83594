#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

namespace Proto {

// The files in the data folder that override built-in LLM data (prices.json, models.json).
class LlmDataFile final
{
public:
    LlmDataFile() = delete;

    // <data folder>/name: PROTO_DESKTOP_HOME, else the platform's application data folder.
    static QString pathInDataFolder(const QString &name);
    // Hands the file's bytes to merge. An absent file is no error; an unreadable one, or one
    // merge rejects, is (*error says which file and why).
    static bool mergeOverride(
        const QString &path, const std::function<bool(const QByteArray &, QString *)> &merge, QString *error);
};

} // namespace Proto
