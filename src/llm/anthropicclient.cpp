#include "anthropicclient.h"

#include "anthropicstream.h"
#include "llmlogging.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Proto {

namespace {
const QJsonObject kEphemeral { { u"type"_s, u"ephemeral"_s } };

QJsonArray withoutCacheControl(const QJsonArray &blocks)
{
    QJsonArray out;
    for (const QJsonValue &value : blocks) {
        QJsonObject block = value.toObject();
        if (value.isObject() && block.contains(u"cache_control"))
            block.remove(u"cache_control");
        out.append(value.isObject() ? QJsonValue(block) : value);
    }
    return out;
}

bool cacheableBlock(const QJsonObject &block)
{
    const QString type = block.value(u"type").toString();
    return type != u"thinking" && type != u"redacted_thinking";
}
} // namespace

AnthropicClient::AnthropicClient(QNetworkAccessManager *network, QObject *parent)
    : LlmClient(network, parent)
{
    setBaseUrl(defaultBaseUrl());
}

AnthropicClient::~AnthropicClient() = default;

QUrl AnthropicClient::defaultBaseUrl()
{
    const QString fromEnv = qEnvironmentVariable("ANTHROPIC_BASE_URL");
    const QUrl url(fromEnv.isEmpty() ? u"https://api.anthropic.com"_s : fromEnv);
    return url.isValid() ? url : QUrl(u"https://api.anthropic.com"_s);
}

QStringList AnthropicClient::betasFor(const LlmRequest &request)
{
    QStringList betas = request.betas;
    for (const QJsonValue &tool : request.tools) {
        const QString type = tool.toObject().value(u"type").toString();
        if (type == u"computer_20250124")
            betas.append(u"computer-use-2025-01-24"_s);
        else if (type == u"computer_20251124")
            betas.append(u"computer-use-2025-11-24"_s);
        else if (type == u"computer_20241022")
            betas.append(u"computer-use-2024-10-22"_s);
    }
    betas.removeDuplicates();
    betas.removeAll(QString());
    return betas;
}

QJsonObject AnthropicClient::requestBody(const LlmRequest &request)
{
    QJsonObject body;
    body.insert(u"model"_s, request.model);
    body.insert(u"max_tokens"_s, request.maxTokens);
    body.insert(u"stream"_s, true);
    if (!request.system.isEmpty()) {
        if (request.promptCaching) {
            body.insert(u"system"_s,
                QJsonArray { QJsonObject { { u"type"_s, u"text"_s }, { u"text"_s, request.system },
                    { u"cache_control"_s, kEphemeral } } });
        } else {
            body.insert(u"system"_s, request.system);
        }
    }

    QJsonArray messages;
    qsizetype lastUser = -1;
    for (qsizetype i = 0; i < request.messages.size(); ++i) {
        QJsonObject message = request.messages.at(i).toObject();
        if (request.promptCaching && message.value(u"content").isArray())
            message.insert(u"content"_s, withoutCacheControl(message.value(u"content").toArray()));
        if (message.value(u"role").toString() == u"user")
            lastUser = i;
        messages.append(message);
    }
    if (request.promptCaching && lastUser >= 0) {
        QJsonObject message = messages.at(lastUser).toObject();
        QJsonValue content = message.value(u"content");
        QJsonArray blocks;
        if (content.isString())
            blocks.append(QJsonObject { { u"type"_s, u"text"_s }, { u"text"_s, content.toString() } });
        else
            blocks = content.toArray();
        for (qsizetype i = blocks.size() - 1; i >= 0; --i) {
            QJsonObject block = blocks.at(i).toObject();
            if (!cacheableBlock(block))
                continue;
            if (block.value(u"type").toString() == u"text" && block.value(u"text").toString().isEmpty())
                continue; // the API rejects cache_control on empty text
            block.insert(u"cache_control"_s, kEphemeral);
            blocks.replace(i, block);
            message.insert(u"content"_s, blocks);
            messages.replace(lastUser, message);
            break;
        }
    }
    body.insert(u"messages"_s, messages);

    if (!request.tools.isEmpty()) {
        QJsonArray tools = request.tools;
        if (request.promptCaching) {
            tools = withoutCacheControl(tools);
            QJsonObject last = tools.last().toObject();
            last.insert(u"cache_control"_s, kEphemeral);
            tools.replace(tools.size() - 1, last);
        }
        body.insert(u"tools"_s, tools);
    }
    if (request.thinkingBudget > 0)
        body.insert(u"thinking"_s,
            QJsonObject { { u"type"_s, u"enabled"_s }, { u"budget_tokens"_s, request.thinkingBudget } });
    if (request.temperature)
        body.insert(u"temperature"_s, *request.temperature);
    for (auto it = request.extraBody.begin(); it != request.extraBody.end(); ++it)
        body.insert(it.key(), it.value());
    return body;
}

QNetworkRequest AnthropicClient::baseRequest(const QString &path) const
{
    QNetworkRequest request(endpoint(path));
    addExtraHeaders(request);
    request.setRawHeader("x-api-key", apiKey().toUtf8());
    request.setRawHeader("anthropic-version", kApiVersion);
    request.setRawHeader("user-agent", "ProtoDesktop/" QT_STRINGIFY(PROTO_VERSION));
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (transferTimeoutMs() > 0)
        request.setTransferTimeout(std::chrono::milliseconds(transferTimeoutMs()));
    return request;
}

LlmStream *AnthropicClient::stream(const LlmRequest &request, QObject *parent)
{
    HttpLlmStream::Setup setup;
    setup.network = network();
    setup.retryPolicy = retryPolicy();
    setup.prices = priceTable();
    if (!hasApiKey()) {
        setup.startError.kind = LlmError::Kind::NoApiKey;
        setup.startError.message = QCoreApplication::translate(
            "Proto::AnthropicClient", "Set ANTHROPIC_API_KEY or store an Anthropic API key in the keychain.");
    }
    setup.request = baseRequest(u"/v1/messages"_s);
    setup.request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    setup.request.setRawHeader("accept", "text/event-stream");
    const QStringList betas = betasFor(request);
    if (!betas.isEmpty())
        setup.request.setRawHeader("anthropic-beta", betas.join(u',').toUtf8());
    setup.body = QJsonDocument(requestBody(request)).toJson(QJsonDocument::Compact);
    qCDebug(lcLlm) << "stream model" << request.model << "messages" << request.messages.size() << "tools"
                   << request.tools.size() << "betas" << betas;
    return new AnthropicStream(std::move(setup), parent);
}

LlmModelListJob *AnthropicClient::listModels(QObject *parent)
{
    const bool haveKey = hasApiKey();
    QNetworkRequest templ = baseRequest(u"/v1/models"_s);
    return new LlmModelListJob(
        network(),
        [templ, haveKey](const QString &afterId) {
            if (!haveKey)
                return QNetworkRequest();
            QNetworkRequest request = templ;
            QUrl url = request.url();
            QUrlQuery query;
            query.addQueryItem(u"limit"_s, u"1000"_s);
            if (!afterId.isEmpty())
                query.addQueryItem(u"after_id"_s, afterId);
            url.setQuery(query);
            request.setUrl(url);
            return request;
        },
        parent);
}

} // namespace Proto
