#include "conversation.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSet>

namespace Proto {

namespace {
QJsonArray contentOf(const QJsonObject &message)
{
    const QJsonValue content = message.value(QLatin1String("content"));
    if (content.isString())
        return content.toString().isEmpty() ? QJsonArray {} : Conversation::textContent(content.toString());
    return content.toArray();
}

bool keepBlock(const QJsonObject &block)
{
    const QString type = block.value(QLatin1String("type")).toString();
    if (type == QLatin1String("thinking"))
        return !block.value(QLatin1String("signature")).toString().isEmpty();
    if (type == QLatin1String("text"))
        return !block.value(QLatin1String("text")).toString().isEmpty();
    return !type.isEmpty();
}
} // namespace

QJsonArray Conversation::normalize(const QJsonArray &messages)
{
    QJsonArray out;
    for (const QJsonValue &value : messages) {
        const QJsonObject message = value.toObject();
        const QString role = message.value(QLatin1String("role")).toString();
        if (role != QLatin1String("user") && role != QLatin1String("assistant"))
            continue;
        QJsonArray content;
        const QJsonArray blocks = contentOf(message);
        for (const QJsonValue &block : blocks) {
            if (keepBlock(block.toObject()))
                content.append(block);
        }
        if (content.isEmpty())
            continue;
        if (out.isEmpty() && role == QLatin1String("assistant"))
            continue;
        if (!out.isEmpty() && out.last().toObject().value(QLatin1String("role")).toString() == role) {
            QJsonObject last = out.last().toObject();
            QJsonArray merged = last.value(QLatin1String("content")).toArray();
            for (const QJsonValue &block : std::as_const(content))
                merged.append(block);
            last.insert(QLatin1String("content"), merged);
            out.replace(out.size() - 1, last);
            continue;
        }
        out.append(QJsonObject { { QStringLiteral("role"), role }, { QStringLiteral("content"), content } });
    }
    return out;
}

QJsonArray Conversation::unansweredToolUses(const QJsonArray &messages)
{
    qsizetype lastAssistant = -1;
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        if (messages.at(i).toObject().value(QLatin1String("role")).toString() == QLatin1String("assistant")) {
            lastAssistant = i;
            break;
        }
    }
    if (lastAssistant < 0)
        return {};
    QSet<QString> answered;
    for (qsizetype i = lastAssistant + 1; i < messages.size(); ++i) {
        const QJsonArray content = contentOf(messages.at(i).toObject());
        for (const QJsonValue &block : content) {
            const QJsonObject b = block.toObject();
            if (b.value(QLatin1String("type")).toString() == QLatin1String("tool_result"))
                answered.insert(b.value(QLatin1String("tool_use_id")).toString());
        }
    }
    QJsonArray open;
    const QJsonArray uses = toolUses(contentOf(messages.at(lastAssistant).toObject()));
    for (const QJsonValue &use : uses) {
        if (!answered.contains(use.toObject().value(QLatin1String("id")).toString()))
            open.append(use);
    }
    return open;
}

QJsonObject Conversation::toolResultBlock(const ToolOutcome &outcome)
{
    QJsonObject block { { QStringLiteral("type"), QStringLiteral("tool_result") },
        { QStringLiteral("tool_use_id"), outcome.toolUseId },
        { QStringLiteral("content"),
            textContent(outcome.text.isEmpty() ? QStringLiteral("(no output)") : outcome.text) } };
    if (outcome.isError)
        block.insert(QStringLiteral("is_error"), true);
    return block;
}

QJsonArray Conversation::textContent(const QString &text)
{
    return QJsonArray { QJsonObject {
        { QStringLiteral("type"), QStringLiteral("text") }, { QStringLiteral("text"), text } } };
}

QString Conversation::text(const QJsonObject &message)
{
    QStringList parts;
    const QJsonArray content = contentOf(message);
    for (const QJsonValue &block : content) {
        const QJsonObject b = block.toObject();
        if (b.value(QLatin1String("type")).toString() == QLatin1String("text"))
            parts.append(b.value(QLatin1String("text")).toString());
    }
    return parts.join(u'\n');
}

QJsonArray Conversation::toolUses(const QJsonArray &content)
{
    QJsonArray uses;
    for (const QJsonValue &block : content) {
        if (block.toObject().value(QLatin1String("type")).toString() == QLatin1String("tool_use"))
            uses.append(block);
    }
    return uses;
}

Conversation::Shrunk Conversation::shrinkLargest(QJsonArray &messages, qsizetype minChars)
{
    Shrunk best;
    qsizetype bestBlock = -1;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QJsonObject message = messages.at(i).toObject();
        if (message.value(QLatin1String("role")).toString() != QLatin1String("user"))
            continue;
        const QJsonArray blocks = contentOf(message);
        for (qsizetype b = 0; b < blocks.size(); ++b) {
            const QJsonObject block = blocks.at(b).toObject();
            const QString type = block.value(QLatin1String("type")).toString();
            if (type != QLatin1String("tool_result") && type != QLatin1String("image")
                && type != QLatin1String("document") && type != QLatin1String("text"))
                continue;
            const qsizetype size = QJsonDocument(block).toJson(QJsonDocument::Compact).size();
            if (size >= minChars && size > best.removedChars) {
                best.message = i;
                best.removedChars = size;
                best.what = type == QLatin1String("tool_result") ? QStringLiteral("tool result") : type;
                bestBlock = b;
            }
        }
    }
    if (best.message < 0)
        return best;

    QJsonObject message = messages.at(best.message).toObject();
    QJsonArray blocks = contentOf(message);
    QJsonObject block = blocks.at(bestBlock).toObject();
    const QString note = QCoreApplication::translate("Proto::Conversation",
        "[Removed from the conversation: this %1 (%2 characters) made the request too large for the "
        "API. Ask for a smaller part if you still need it.]")
                             .arg(best.what)
                             .arg(best.removedChars);
    const QString type = block.value(QLatin1String("type")).toString();
    if (type == QLatin1String("tool_result")) {
        block.insert(QStringLiteral("content"), textContent(note));
    } else if (type == QLatin1String("text")) {
        const QString text = block.value(QLatin1String("text")).toString();
        block.insert(QStringLiteral("text"), QString(text.left(1000) + u'\n' + note));
    } else {
        block = QJsonObject { { QStringLiteral("type"), QStringLiteral("text") },
            { QStringLiteral("text"), note } };
    }
    blocks.replace(bestBlock, block);
    message.insert(QStringLiteral("content"), blocks);
    messages.replace(best.message, message);
    return best;
}

} // namespace Proto
