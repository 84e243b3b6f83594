#include "openaistream.h"

#include "llmlogging.h"
#include "openaiclient.h"

#include <QCoreApplication>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Proto {

OpenAiStream::OpenAiStream(Setup setup, QObject *parent)
    : HttpLlmStream(std::move(setup), parent)
{ }

OpenAiStream::~OpenAiStream() = default;

void OpenAiStream::resetForRetry()
{
    m_sawStart = m_sawFinish = m_sawDone = false;
    m_textIndex = m_thinkingIndex = -1;
    m_toolIndex.clear();
    m_blocks.clear();
    m_usage = {};
    m_stopReason.clear();
}

bool OpenAiStream::closeOpenBlocks()
{
    const QList<int> indexes = m_blocks.keys();
    for (const int index : indexes) {
        if (hasOpenBlock(index) && !closeBlock(index))
            return false;
    }
    m_textIndex = m_thinkingIndex = -1;
    return true;
}

bool OpenAiStream::acceptEndWithoutMarker()
{
    // Some servers close the body after the finish chunk without sending [DONE].
    return m_sawFinish;
}

void OpenAiStream::complete()
{
    if (!closeOpenBlocks())
        return;
    finishStream();
}

void OpenAiStream::handleEvent(const SseEvent &event)
{
    if (event.data == "[DONE]") {
        if (!m_sawFinish) {
            LlmError error;
            error.kind = LlmError::Kind::ConnectionLost;
            error.message = QCoreApplication::translate(
                "Proto::OpenAiStream", "The stream ended without a finish reason.");
            streamError(error);
            return;
        }
        m_sawDone = true;
        complete();
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(event.data, &parseError);
    if (!doc.isObject()) {
        LlmError error;
        error.kind = LlmError::Kind::MalformedStream;
        error.message
            = QCoreApplication::translate("Proto::OpenAiStream", "A stream chunk is not a JSON object: %1")
                  .arg(parseError.errorString());
        failStream(error);
        return;
    }
    const QJsonObject chunk = doc.object();
    if (chunk.value(u"error").isObject()) {
        LlmError error = LlmHttp::errorFromResponse(0, event.data);
        if (error.kind == LlmError::Kind::ApiError || error.kind == LlmError::Kind::ServerError)
            error.retryable = true;
        streamError(error);
        return;
    }
    if (!m_sawStart) {
        m_sawStart = true;
        m_messageId = chunk.value(u"id").toString();
        m_model = chunk.value(u"model").toString();
        beginStreaming();
        markDelivered();
        Q_EMIT started(m_messageId, m_model);
    }
    const QJsonValue usage = chunk.value(u"usage");
    if (usage.isObject()) {
        const QJsonObject u = usage.toObject();
        const qint64 cached
            = u.value(u"prompt_tokens_details").toObject().value(u"cached_tokens").toInteger();
        m_usage.cacheReadInputTokens = cached;
        m_usage.inputTokens = std::max<qint64>(0, u.value(u"prompt_tokens").toInteger() - cached);
        m_usage.outputTokens = u.value(u"completion_tokens").toInteger();
        if (m_sawFinish)
            Q_EMIT messageDelta(m_stopReason, m_usage);
    }
    const QJsonArray choices = chunk.value(u"choices").toArray();
    for (const QJsonValue &choiceValue : choices) {
        const QJsonObject choice = choiceValue.toObject();
        if (choice.value(u"index").toInt(0) != 0)
            continue; // n > 1 is never requested
        const QJsonObject delta = choice.value(u"delta").toObject();
        QString reasoning = delta.value(u"reasoning_content").toString();
        if (reasoning.isEmpty())
            reasoning = delta.value(u"reasoning").toString();
        if (!reasoning.isEmpty()) {
            if (m_thinkingIndex < 0) {
                m_thinkingIndex = nextIndex();
                if (!openBlock(m_thinkingIndex,
                        QJsonObject { { u"type"_s, u"thinking"_s }, { u"thinking"_s, QString() },
                            { u"signature"_s, QString() } }))
                    return;
            }
            if (!appendThinking(m_thinkingIndex, reasoning))
                return;
        }
        const QString content = delta.value(u"content").toString();
        if (!content.isEmpty()) {
            if (m_thinkingIndex >= 0) {
                if (!closeBlock(m_thinkingIndex))
                    return;
                m_thinkingIndex = -1;
            }
            if (m_textIndex < 0) {
                m_textIndex = nextIndex();
                if (!openBlock(
                        m_textIndex, QJsonObject { { u"type"_s, u"text"_s }, { u"text"_s, QString() } }))
                    return;
            }
            if (!appendText(m_textIndex, content))
                return;
        }
        const QJsonArray toolCalls = delta.value(u"tool_calls").toArray();
        for (const QJsonValue &callValue : toolCalls) {
            const QJsonObject call = callValue.toObject();
            const int callIndex = call.value(u"index").toInt(m_toolIndex.size());
            const QJsonObject function = call.value(u"function").toObject();
            auto it = m_toolIndex.find(callIndex);
            if (it == m_toolIndex.end()) {
                if (m_textIndex >= 0 && !closeBlock(std::exchange(m_textIndex, -1)))
                    return;
                if (m_thinkingIndex >= 0 && !closeBlock(std::exchange(m_thinkingIndex, -1)))
                    return;
                const int index = nextIndex();
                QString id = call.value(u"id").toString();
                if (id.isEmpty())
                    id = u"call_%1_%2"_s.arg(m_messageId).arg(callIndex);
                QJsonObject block { { u"type"_s, u"tool_use"_s }, { u"id"_s, id },
                    { u"name"_s, function.value(u"name").toString() }, { u"input"_s, QJsonObject() } };
                if (!openBlock(index, block))
                    return;
                it = m_toolIndex.insert(callIndex, index);
            }
            const QString arguments = function.value(u"arguments").toString();
            if (!arguments.isEmpty() && !appendInputJson(it.value(), arguments))
                return;
        }
        const QJsonValue finish = choice.value(u"finish_reason");
        if (finish.isString() && !finish.toString().isEmpty()) {
            m_sawFinish = true;
            m_stopReason = OpenAiClient::stopReasonFor(finish.toString());
            if (!closeOpenBlocks())
                return;
            Q_EMIT messageDelta(m_stopReason, m_usage);
        }
    }
}

} // namespace Proto
