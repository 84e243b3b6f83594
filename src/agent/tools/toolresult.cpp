#include "toolresult.h"

namespace Proto {

ToolContent ToolContent::fromText(const QString &text)
{
    ToolContent c;
    c.kind = Kind::Text;
    c.text = text;
    return c;
}

ToolContent ToolContent::fromImage(const QByteArray &data, const QString &mediaType)
{
    ToolContent c;
    c.kind = Kind::Image;
    c.imageData = data;
    c.mediaType = mediaType;
    return c;
}

QJsonObject ToolContent::toJson() const
{
    if (kind == Kind::Image) {
        return QJsonObject {
            { QStringLiteral("type"), QStringLiteral("image") },
            { QStringLiteral("source"),
                QJsonObject {
                    { QStringLiteral("type"), QStringLiteral("base64") },
                    { QStringLiteral("media_type"), mediaType },
                    { QStringLiteral("data"), QString::fromLatin1(imageData.toBase64()) },
                } },
        };
    }
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("text") },
        { QStringLiteral("text"), text } };
}

ToolResult ToolResult::success(const QString &text, const QString &summary)
{
    ToolResult r;
    r.content.append(ToolContent::fromText(text));
    r.summary = summary;
    return r;
}

ToolResult ToolResult::error(const QString &message)
{
    ToolResult r;
    r.content.append(ToolContent::fromText(message));
    r.isError = true;
    r.summary = message.section(u'\n', 0, 0).left(200);
    return r;
}

QString ToolResult::text() const
{
    QStringList parts;
    for (const ToolContent &c : content) {
        if (c.kind == ToolContent::Kind::Text)
            parts.append(c.text);
    }
    return parts.join(u'\n');
}

QJsonObject ToolResult::toAnthropicBlock(const QString &toolUseId) const
{
    QJsonArray blocks;
    for (const ToolContent &c : content) {
        // The API rejects empty text blocks.
        if (c.kind == ToolContent::Kind::Text && c.text.isEmpty())
            continue;
        blocks.append(c.toJson());
    }
    QJsonObject block {
        { QStringLiteral("type"), QStringLiteral("tool_result") },
        { QStringLiteral("tool_use_id"), toolUseId },
    };
    if (!blocks.isEmpty())
        block.insert(QStringLiteral("content"), blocks);
    if (isError)
        block.insert(QStringLiteral("is_error"), true);
    return block;
}

} // namespace Proto
