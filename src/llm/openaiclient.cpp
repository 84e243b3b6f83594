#include "openaiclient.h"

#include "llmlogging.h"
#include "openaistream.h"

#include <QCoreApplication>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Proto {

namespace {
QString blockText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QStringList parts;
    for (const QJsonValue &value : content.toArray()) {
        const QJsonObject block = value.toObject();
        if (block.value(u"type").toString() == u"text")
            parts.append(block.value(u"text").toString());
    }
    return parts.join(u'\n');
}

QJsonObject imagePart(const QJsonObject &block)
{
    const QJsonObject source = block.value(u"source").toObject();
    QString url;
    if (source.value(u"type").toString() == u"base64")
        url = u"data:"_s + source.value(u"media_type").toString() + u";base64,"_s
            + source.value(u"data").toString();
    else
        url = source.value(u"url").toString();
    return QJsonObject { { u"type"_s, u"image_url"_s },
        { u"image_url"_s, QJsonObject { { u"url"_s, url } } } };
}

void convertUser(const QJsonValue &content, QJsonArray &out, QStringList *dropped)
{
    if (content.isString()) {
        out.append(QJsonObject { { u"role"_s, u"user"_s }, { u"content"_s, content.toString() } });
        return;
    }
    QJsonArray parts;
    bool onlyText = true;
    for (const QJsonValue &value : content.toArray()) {
        const QJsonObject block = value.toObject();
        const QString type = block.value(u"type").toString();
        if (type == u"tool_result") {
            // Tool results become role "tool" messages, which must follow the assistant turn.
            QString text = blockText(block.value(u"content"));
            if (block.value(u"is_error").toBool())
                text = u"Error: "_s + text;
            out.append(QJsonObject { { u"role"_s, u"tool"_s },
                { u"tool_call_id"_s, block.value(u"tool_use_id").toString() }, { u"content"_s, text } });
            for (const QJsonValue &inner : block.value(u"content").toArray()) {
                if (inner.toObject().value(u"type").toString() == u"image") {
                    parts.append(imagePart(inner.toObject()));
                    onlyText = false;
                }
            }
        } else if (type == u"text") {
            parts.append(
                QJsonObject { { u"type"_s, u"text"_s }, { u"text"_s, block.value(u"text").toString() } });
        } else if (type == u"image") {
            parts.append(imagePart(block));
            onlyText = false;
        } else if (dropped) {
            dropped->append(
                QCoreApplication::translate("Proto::OpenAiClient", "user block of type \"%1\"").arg(type));
        }
    }
    if (parts.isEmpty())
        return;
    if (onlyText) {
        QStringList texts;
        for (const QJsonValue &part : std::as_const(parts))
            texts.append(part.toObject().value(u"text").toString());
        out.append(QJsonObject { { u"role"_s, u"user"_s }, { u"content"_s, texts.join(u'\n') } });
    } else {
        out.append(QJsonObject { { u"role"_s, u"user"_s }, { u"content"_s, parts } });
    }
}

void convertAssistant(const QJsonValue &content, QJsonArray &out, QStringList *dropped)
{
    if (content.isString()) {
        out.append(QJsonObject { { u"role"_s, u"assistant"_s }, { u"content"_s, content.toString() } });
        return;
    }
    QStringList texts;
    QJsonArray toolCalls;
    for (const QJsonValue &value : content.toArray()) {
        const QJsonObject block = value.toObject();
        const QString type = block.value(u"type").toString();
        if (type == u"text") {
            texts.append(block.value(u"text").toString());
        } else if (type == u"tool_use") {
            const QByteArray arguments
                = QJsonDocument(block.value(u"input").toObject()).toJson(QJsonDocument::Compact);
            toolCalls.append(
                QJsonObject { { u"id"_s, block.value(u"id").toString() }, { u"type"_s, u"function"_s },
                    { u"function"_s,
                        QJsonObject { { u"name"_s, block.value(u"name").toString() },
                            { u"arguments"_s, QString::fromUtf8(arguments) } } } });
        } else if (type != u"thinking" && type != u"redacted_thinking" && dropped) {
            dropped->append(
                QCoreApplication::translate("Proto::OpenAiClient", "assistant block of type \"%1\"")
                    .arg(type));
        }
    }
    QJsonObject message { { u"role"_s, u"assistant"_s } };
    message.insert(
        u"content"_s, texts.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(texts.join(QString())));
    if (!toolCalls.isEmpty())
        message.insert(u"tool_calls"_s, toolCalls);
    out.append(message);
}
} // namespace

OpenAiClient::OpenAiClient(QNetworkAccessManager *network, QObject *parent)
    : LlmClient(network, parent)
{
    setBaseUrl(defaultBaseUrl());
}

OpenAiClient::~OpenAiClient() = default;

QUrl OpenAiClient::defaultBaseUrl()
{
    const QString fromEnv = qEnvironmentVariable("OPENAI_BASE_URL");
    const QUrl url(fromEnv.isEmpty() ? u"https://api.openai.com"_s : fromEnv);
    return url.isValid() ? url : QUrl(u"https://api.openai.com"_s);
}

QString OpenAiClient::stopReasonFor(const QString &finishReason)
{
    if (finishReason == u"stop")
        return u"end_turn"_s;
    if (finishReason == u"tool_calls" || finishReason == u"function_call")
        return u"tool_use"_s;
    if (finishReason == u"length")
        return u"max_tokens"_s;
    if (finishReason == u"content_filter")
        return u"refusal"_s;
    return finishReason;
}

QJsonObject OpenAiClient::requestBody(const LlmRequest &request, QStringList *dropped)
{
    QJsonArray messages;
    if (!request.system.isEmpty())
        messages.append(QJsonObject { { u"role"_s, u"system"_s }, { u"content"_s, request.system } });
    for (const QJsonValue &value : request.messages) {
        const QJsonObject message = value.toObject();
        if (message.value(u"role").toString() == u"assistant")
            convertAssistant(message.value(u"content"), messages, dropped);
        else
            convertUser(message.value(u"content"), messages, dropped);
    }
    QJsonObject body { { u"model"_s, request.model }, { u"messages"_s, messages }, { u"stream"_s, true },
        { u"stream_options"_s, QJsonObject { { u"include_usage"_s, true } } },
        { u"max_tokens"_s, request.maxTokens } };
    QJsonArray tools;
    for (const QJsonValue &value : request.tools) {
        const QJsonObject tool = value.toObject();
        if (tool.value(u"type").toString() == u"function" && tool.value(u"function").isObject()) {
            tools.append(tool); // already in the plain function form (ToolRegistry::Flavor::OpenAi)
            continue;
        }
        if (!tool.value(u"input_schema").isObject()) {
            if (dropped)
                dropped->append(QCoreApplication::translate(
                    "Proto::OpenAiClient", "tool \"%1\" (an Anthropic-defined tool without input_schema)")
                                    .arg(tool.value(u"name").toString()));
            continue;
        }
        QJsonObject function { { u"name"_s, tool.value(u"name").toString() },
            { u"parameters"_s, tool.value(u"input_schema") } };
        if (tool.contains(u"description"))
            function.insert(u"description"_s, tool.value(u"description"));
        tools.append(QJsonObject { { u"type"_s, u"function"_s }, { u"function"_s, function } });
    }
    if (!tools.isEmpty())
        body.insert(u"tools"_s, tools);
    if (request.temperature)
        body.insert(u"temperature"_s, *request.temperature);
    // Chat Completions' reasoning_effort (none|minimal|low|medium|high|xhigh), sent only when an
    // effort was chosen; extended thinking has no equivalent and is left out.
    if (request.effort != LlmEffort::Default)
        body.insert(u"reasoning_effort"_s,
            request.effort == LlmEffort::Max ? u"xhigh"_s : llmEffortName(request.effort));
    for (auto it = request.extraBody.begin(); it != request.extraBody.end(); ++it)
        body.insert(it.key(), it.value());
    return body;
}

QNetworkRequest OpenAiClient::baseRequest(const QString &path) const
{
    // Accept base URLs given with or without the /v1 suffix.
    QString fullPath = path;
    if (baseUrl().path().endsWith(u"/v1") || baseUrl().path().endsWith(u"/v1/"))
        fullPath = path.mid(3);
    QNetworkRequest request(endpoint(fullPath));
    addExtraHeaders(request);
    if (hasApiKey())
        request.setRawHeader("authorization", "Bearer " + apiKey().toUtf8());
    request.setRawHeader("user-agent", "ProtoDesktop/" QT_STRINGIFY(PROTO_VERSION));
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (transferTimeoutMs() > 0)
        request.setTransferTimeout(std::chrono::milliseconds(transferTimeoutMs()));
    return request;
}

LlmStream *OpenAiClient::stream(const LlmRequest &request, QObject *parent)
{
    HttpLlmStream::Setup setup;
    setup.network = network();
    setup.retryPolicy = retryPolicy();
    setup.prices = priceTable();
    setup.request = baseRequest(u"/v1/chat/completions"_s);
    setup.request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    setup.request.setRawHeader("accept", "text/event-stream");
    QStringList dropped;
    setup.body = QJsonDocument(requestBody(request, &dropped)).toJson(QJsonDocument::Compact);
    if (!dropped.isEmpty())
        qCInfo(lcLlm) << "OpenAI-compatible request leaves out:" << dropped;
    qCDebug(lcLlm) << "stream model" << request.model << "messages" << request.messages.size();
    return new OpenAiStream(std::move(setup), parent);
}

LlmModelListJob *OpenAiClient::listModels(QObject *parent)
{
    const QNetworkRequest templ = baseRequest(u"/v1/models"_s);
    return new LlmModelListJob(
        network(), [templ](const QString &) { return templ; }, parent);
}

} // namespace Proto
