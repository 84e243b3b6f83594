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

    // When the API refuses a request as too large: the largest item of the person's side of the
    // conversation (a tool result, an attached image or document, a pasted text) of at least
    // minChars is replaced by a short note saying what was removed, so the next request fits and
    // the conversation stays valid (tool_use ids and the model's own turns are untouched).
    struct Shrunk
    {
        qsizetype message = -1; // index into messages; -1: nothing large enough was left
        qsizetype removedChars = 0;
        QString what; // "tool result", "image", "document", "text"
    };
    static Shrunk shrinkLargest(QJsonArray &messages, qsizetype minChars = 2000);
};

} // namespace Proto
