#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Proto {

// One content block of a tool_result: text, or an image (computer use, screenshots).
struct ToolContent
{
    enum class Kind
    {
        Text,
        Image
    };

    Kind kind = Kind::Text;
    QString text;
    QByteArray imageData; // raw bytes (base64-encoded on the wire)
    QString mediaType; // "image/png"

    static ToolContent fromText(const QString &text);
    static ToolContent fromImage(const QByteArray &data, const QString &mediaType);
    QJsonObject toJson() const; // Anthropic content block
};

// What a tool call produced, for the model (content, isError), the UI (summary, diff) and
// the audit log (all of it).
struct ToolResult
{
    QList<ToolContent> content;
    bool isError = false;
    QString diff; // unified diff of a file change, empty when nothing changed
    QString summary; // one short line for the UI: "Edited src/main.cpp (+3 -1)"
    // File tools: the state of the file the call saw (TextFileOps::fileState), for a preview
    // to pass on as ToolContext::expectedFileState. Never sent to the model.
    QByteArray fileState;

    static ToolResult success(const QString &text, const QString &summary = {});
    static ToolResult error(const QString &message);

    QString text() const; // the text blocks joined; what an OpenAI-compatible "tool" message carries
    // {"type":"tool_result","tool_use_id":..,"content":[..],"is_error":..}
    QJsonObject toAnthropicBlock(const QString &toolUseId) const;
};

} // namespace Proto
