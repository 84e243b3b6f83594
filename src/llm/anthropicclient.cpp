#include "anthropicclient.h"

#include "anthropicstream.h"
#include "llmlogging.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QUrlQuery>

#include <algorithm>
#include <limits>

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

QStringList AnthropicClient::betasFor(const LlmRequest &request, const ModelCatalog &catalog)
{
    const ModelCapabilities caps = catalog.capabilities(request.model);
    QStringList betas = request.betas;
    for (const QJsonValue &tool : request.tools) {
        const QString type = tool.toObject().value(u"type").toString();
        if (!type.isEmpty())
            betas.append(catalog.toolBeta(type));
    }
    if (caps.effortFor(request.effort) != LlmEffort::Default)
        betas.append(caps.effortBeta);
    if (request.longContext && caps.longContextWindow > caps.contextWindow)
        betas.append(caps.longContextBeta);
    const bool budgetThinking
        = caps.thinking == ModelCapabilities::Thinking::Budget && request.thinking.isOn();
    if (budgetThinking && !request.tools.isEmpty())
        betas.append(caps.interleavedThinkingBeta);
    betas.removeDuplicates();
    betas.removeAll(QString());
    return betas;
}

int AnthropicClient::defaultBudget(LlmEffort effort)
{
    switch (effort) {
    case LlmEffort::Low:
        return 4096;
    case LlmEffort::Medium:
        return 10000;
    case LlmEffort::Default:
    case LlmEffort::High:
        return 16000;
    case LlmEffort::XHigh:
    case LlmEffort::Max:
        return 32000;
    }
    return 16000;
}

QJsonObject AnthropicClient::requestBody(const LlmRequest &request, const ModelCatalog &catalog)
{
    const ModelCapabilities caps = catalog.capabilities(request.model);
    QJsonObject body;
    body.insert(u"model"_s, request.model);
    int maxTokens = request.maxTokens;
    if (caps.maxOutputTokens > 0)
        maxTokens = std::min(maxTokens, caps.maxOutputTokens);
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
    using Thinking = ModelCapabilities::Thinking;
    bool thinking = caps.thinking == Thinking::AlwaysOn; // thinks whatever is sent
    const auto withDisplay = [&request](QJsonObject object) {
        if (request.thinking.display != LlmThinking::Display::Default)
            object.insert(u"display"_s,
                request.thinking.display == LlmThinking::Display::Summarized ? u"summarized"_s
                                                                             : u"omitted"_s);
        return object;
    };
    const auto adaptive = [&] {
        body.insert(u"thinking"_s, withDisplay(QJsonObject { { u"type"_s, u"adaptive"_s } }));
        thinking = true;
    };
    const auto budget = [&](int tokens) {
        // The API takes at least 1024 and wants max_tokens above the budget.
        tokens = std::max(tokens, 1024);
        const int ceiling = caps.maxOutputTokens > 0 ? caps.maxOutputTokens : std::numeric_limits<int>::max();
        if (maxTokens <= tokens)
            maxTokens = int(std::min<qint64>(qint64(tokens) + std::max(maxTokens, 1024), ceiling));
        if (maxTokens <= tokens)
            tokens = std::max(1024, maxTokens - 1024);
        body.insert(u"thinking"_s,
            withDisplay(QJsonObject { { u"type"_s, u"enabled"_s }, { u"budget_tokens"_s, tokens } }));
        thinking = true;
    };
    switch (request.thinking.mode) {
    case LlmThinking::Mode::Off:
        if (caps.thinking == Thinking::DefaultOn)
            body.insert(u"thinking"_s, QJsonObject { { u"type"_s, u"disabled"_s } });
        break;
    case LlmThinking::Mode::Adaptive:
        if (caps.supportsAdaptive())
            adaptive();
        else if (caps.thinking == Thinking::Budget)
            budget(defaultBudget(request.effort));
        break;
    case LlmThinking::Mode::Budget:
        if (caps.supportsBudget())
            budget(request.thinking.budgetTokens);
        else if (caps.supportsAdaptive())
            adaptive();
        break;
    }
    body.insert(u"max_tokens"_s, maxTokens);
    LlmEffort effort = caps.effortFor(request.effort);
    // Models that think by default take thinking.type "disabled" only at effort high or below.
    if (request.thinking.mode == LlmThinking::Mode::Off && caps.thinking == Thinking::DefaultOn
        && (effort == LlmEffort::XHigh || effort == LlmEffort::Max))
        effort = caps.effortFor(LlmEffort::High);
    if (effort != LlmEffort::Default)
        body.insert(u"output_config"_s, QJsonObject { { u"effort"_s, llmEffortName(effort) } });
    if (request.temperature && caps.sampling && !thinking)
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
    const std::shared_ptr<const ModelCatalog> catalog
        = modelCatalog() ? modelCatalog() : ModelCatalog::shared();
    const QStringList betas = betasFor(request, *catalog);
    if (!betas.isEmpty())
        setup.request.setRawHeader("anthropic-beta", betas.join(u',').toUtf8());
    setup.body = QJsonDocument(requestBody(request, *catalog)).toJson(QJsonDocument::Compact);
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
