#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Proto {

// Pure helpers over a Messages API conversation ([{role, content: [blocks]}]) that keep it valid
// whatever happened to the run that wrote it (stopped, killed, crashed mid-tool).
class Conversation final
{
public:
    struct ToolOutcome
    {
        QString toolUseId;
        QString text;
        bool isError = true;
    };

    // What the API accepts: consecutive messages of the same role merged, empty messages and
    // unsigned thinking blocks dropped, leading assistant messages dropped, string content
    // turned into a text block.
    static QJsonArray normalize(const QJsonArray &messages);

    // tool_use blocks of the last assistant message that no later tool_result answers.
    static QJsonArray unansweredToolUses(const QJsonArray &messages);

    static QJsonObject toolResultBlock(const ToolOutcome &outcome);
    static QJsonArray textContent(const QString &text);
    // The text blocks of an assistant message joined (what a delegate returns).
    static QString text(const QJsonObject &message);
    static QJsonArray toolUses(const QJsonArray &content);
};

} // namespace Proto
