#pragma once

#include "llmstream.h"
#include "llmtypes.h"
#include "modelcatalog.h"
#include "pricetable.h"

#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>
#include <utility>

namespace Proto {

class LlmModelListJob;

// A provider of streamed chat completions, in Anthropic's message shape. Lives on the GUI
// thread (QNetworkAccessManager is asynchronous; nothing here blocks). Implementations:
// AnthropicClient and OpenAiClient.
class LlmClient : public QObject
{
    Q_OBJECT

public:
    ~LlmClient() override;

    virtual QString providerId() const = 0; // "anthropic", "openai"
    virtual bool requiresApiKey() const = 0;

    // Starts a streamed request (sent from the event loop, so connect first). The stream is owned
    // by the caller (and by `parent` when given).
    virtual LlmStream *stream(const LlmRequest &request, QObject *parent = nullptr) = 0;
    // Fetches every model the key can use (following pagination). Owned by the caller.
    virtual LlmModelListJob *listModels(QObject *parent = nullptr) = 0;

    void setApiKey(const QString &key) { m_apiKey = key; }
    bool hasApiKey() const { return !m_apiKey.isEmpty(); }
    void setBaseUrl(const QUrl &url) { m_baseUrl = url; }
    QUrl baseUrl() const { return m_baseUrl; }
    void setRetryPolicy(const LlmRetryPolicy &policy) { m_retryPolicy = policy; }
    LlmRetryPolicy retryPolicy() const { return m_retryPolicy; }
    // Abort an attempt after this long without any byte (pings count); 0 disables.
    void setTransferTimeoutMs(int ms) { m_transferTimeoutMs = ms; }
    int transferTimeoutMs() const { return m_transferTimeoutMs; }
    void setPriceTable(std::shared_ptr<const PriceTable> prices) { m_prices = std::move(prices); }
    // Extra headers sent with every request (a gateway's own headers); never the key headers.
    void setExtraHeaders(const QList<std::pair<QByteArray, QByteArray>> &headers)
    {
        m_extraHeaders = headers;
    }
    QList<std::pair<QByteArray, QByteArray>> extraHeaders() const { return m_extraHeaders; }
    std::shared_ptr<const PriceTable> priceTable() const { return m_prices; }
    // What each model accepts (thinking, effort, betas); ModelCatalog::shared() by default.
    void setModelCatalog(std::shared_ptr<const ModelCatalog> catalog) { m_catalog = std::move(catalog); }
    std::shared_ptr<const ModelCatalog> modelCatalog() const { return m_catalog; }

protected:
    // `network` may be null: the client then owns a QNetworkAccessManager of its own.
    LlmClient(QNetworkAccessManager *network, QObject *parent);

    QUrl endpoint(const QString &path) const; // base URL + path, keeping a base path prefix
    QNetworkAccessManager *network() const { return m_network; }
    QString apiKey() const { return m_apiKey; }
    void addExtraHeaders(QNetworkRequest &request) const;

private:
    QPointer<QNetworkAccessManager> m_network;
    QString m_apiKey;
    QUrl m_baseUrl;
    LlmRetryPolicy m_retryPolicy;
    int m_transferTimeoutMs = 300000;
    std::shared_ptr<const PriceTable> m_prices;
    QList<std::pair<QByteArray, QByteArray>> m_extraHeaders;
    std::shared_ptr<const ModelCatalog> m_catalog;
};

// Lists models: GET {base}/v1/models, following `has_more` / `last_id` with `after_id`.
class LlmModelListJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LlmModelListJob)

public:
    using RequestFactory = std::function<QNetworkRequest(const QString &afterId)>;
    LlmModelListJob(QNetworkAccessManager *network, RequestFactory factory, QObject *parent);
    ~LlmModelListJob() override;

    void cancel();
    QList<LlmModelInfo> models() const { return m_models; }
    int pagesFetched() const { return m_pages; }

Q_SIGNALS:
    void finished(const QList<Proto::LlmModelInfo> &models);
    void failed(const Proto::LlmError &error);

private:
    void fetch(const QString &afterId);
    void onFinished();

    QNetworkAccessManager *m_network;
    RequestFactory m_factory;
    QPointer<QNetworkReply> m_reply;
    QList<LlmModelInfo> m_models;
    int m_pages = 0;
    bool m_done = false;
};

} // namespace Proto
