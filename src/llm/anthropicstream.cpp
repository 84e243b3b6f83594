#include "anthropicstream.h"

#include "llmlogging.h"

#include <QCoreApplication>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Proto {

AnthropicStream::AnthropicStream(Setup setup, QObject *parent)
    : HttpLlmStream(std::move(setup), parent)
{ }

AnthropicStream::~AnthropicStream() = default;

void AnthropicStream::resetForRetry()
{
    m_sawStart = false;
    m_sawStop = false;
    m_blocks.clear();
    m_usage = {};
    m_stopReason.clear();
}

void AnthropicStream::malformed(const QString &why)
{
    LlmError error;
    error.kind = LlmError::Kind::MalformedStream;
    error.message = why;
    failStream(error);
}

void AnthropicStream::handleEvent(const SseEvent &event)
{
    if (event.event == "ping")
        return;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(event.data, &parseError);
    if (!doc.isObject()) {
        malformed(QCoreApplication::translate(
            "Proto::AnthropicStream", "Event \"%1\" does not carry a JSON object: %2")
                .arg(QString::fromUtf8(event.event.left(100)),
                    parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                 : u"not an object"_s));
        return;
    }
    const QJsonObject payload = doc.object();
    QByteArray type = event.event;
    if (type == "message")
        type = payload.value(u"type").toString().toUtf8();
    const int index = payload.value(u"index").toInt(-1);

    if (type == "message_start") {
        const QJsonObject message = payload.value(u"message").toObject();
        m_messageId = message.value(u"id").toString();
        m_model = message.value(u"model").toString();
        m_usage.mergeAnthropic(message.value(u"usage").toObject());
        m_sawStart = true;
        beginStreaming();
        markDelivered();
        Q_EMIT started(m_messageId, m_model);
    } else if (type == "content_block_start") {
        const QJsonValue block = payload.value(u"content_block");
        if (!block.isObject() || index < 0) {
            malformed(QCoreApplication::translate("Proto::AnthropicStream",
                "content_block_start without an index and a content_block object."));
            return;
        }
        openBlock(index, block.toObject());
    } else if (type == "content_block_delta") {
        const QJsonObject delta = payload.value(u"delta").toObject();
        const QString deltaType = delta.value(u"type").toString();
        if (deltaType == u"text_delta")
            appendText(index, delta.value(u"text").toString());
        else if (deltaType == u"input_json_delta")
            appendInputJson(index, delta.value(u"partial_json").toString());
        else if (deltaType == u"thinking_delta")
            appendThinking(index, delta.value(u"thinking").toString());
        else if (deltaType == u"signature_delta")
            setSignature(index, delta.value(u"signature").toString());
        else if (deltaType == u"citations_delta")
            appendCitation(index, delta.value(u"citation"));
        else
            qCDebug(lcLlm) << "ignoring unknown delta type" << deltaType;
    } else if (type == "content_block_stop") {
        closeBlock(index);
    } else if (type == "message_delta") {
        const QJsonObject delta = payload.value(u"delta").toObject();
        if (delta.contains(u"stop_reason") && !delta.value(u"stop_reason").isNull())
            m_stopReason = delta.value(u"stop_reason").toString();
        m_usage.mergeAnthropic(payload.value(u"usage").toObject());
        markDelivered();
        Q_EMIT messageDelta(m_stopReason, m_usage);
    } else if (type == "message_stop") {
        if (!m_sawStart) {
            malformed(
                QCoreApplication::translate("Proto::AnthropicStream", "message_stop before message_start."));
            return;
        }
        for (auto it = m_blocks.cbegin(); it != m_blocks.cend(); ++it) {
            if (it->open) {
                malformed(QCoreApplication::translate(
                    "Proto::AnthropicStream", "message_stop while content block %1 is still open.")
                        .arg(it.key()));
                return;
            }
        }
        m_sawStop = true;
        finishStream();
    } else if (type == "error") {
        streamError(LlmHttp::errorFromStreamEvent(payload));
    } else {
        qCDebug(lcLlm) << "ignoring unknown event" << type;
    }
}

} // namespace Proto
