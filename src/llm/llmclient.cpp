#include "llmclient.h"

#include "llmhttp.h"
#include "llmlogging.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTimeZone>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Proto {

LlmClient::LlmClient(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network ? network : new QNetworkAccessManager(this))
{
    auto prices = std::make_shared<PriceTable>();
    QString error;
    if (!prices->loadOverrides(PriceTable::defaultOverridePath(), &error))
        qCWarning(lcLlm).noquote() << error;
    m_prices = std::move(prices);
    m_catalog = ModelCatalog::shared();
}

LlmClient::~LlmClient() = default;

QUrl LlmClient::endpoint(const QString &path) const
{
    QUrl url = m_baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + path);
    return url;
}

void LlmClient::addExtraHeaders(QNetworkRequest &request) const
{
    for (const auto &[name, value] : m_extraHeaders)
        request.setRawHeader(name, value);
}

LlmModelListJob::LlmModelListJob(QNetworkAccessManager *network, RequestFactory factory, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_factory(std::move(factory))
{
    QMetaObject::invokeMethod(
        this, [this] { fetch({}); }, Qt::QueuedConnection);
}

LlmModelListJob::~LlmModelListJob()
{
    cancel();
}

void LlmModelListJob::cancel()
{
    m_done = true;
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
}

void LlmModelListJob::fetch(const QString &afterId)
{
    if (m_done)
        return;
    const QNetworkRequest request = m_factory(afterId);
    if (!request.url().isValid()) {
        m_done = true;
        LlmError error;
        error.kind = LlmError::Kind::NoApiKey;
        error.message = QCoreApplication::translate("Proto::LlmModelListJob", "No API key is configured.");
        Q_EMIT failed(error);
        return;
    }
    qCDebug(lcLlm) << "GET" << request.url().toDisplayString();
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::finished, this, &LlmModelListJob::onFinished);
}

void LlmModelListJob::onFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply || m_done)
        return;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    LlmError error;
    if (status == 0) {
        error = LlmHttp::errorFromNetwork(reply->error(), reply->errorString());
    } else if (status < 200 || status >= 300) {
        error = LlmHttp::errorFromResponse(status, body, QString::fromLatin1(reply->rawHeader("request-id")));
    } else {
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        const QJsonValue data = doc.object().value(u"data");
        if (!data.isArray()) {
            error.kind = LlmError::Kind::MalformedStream;
            error.httpStatus = status;
            error.message = QCoreApplication::translate(
                "Proto::LlmModelListJob", "The model list is not a JSON object with a \"data\" array.");
        } else {
            ++m_pages;
            const QJsonArray items = data.toArray();
            for (const QJsonValue &item : items) {
                const QJsonObject object = item.toObject();
                LlmModelInfo info;
                info.id = object.value(u"id").toString();
                if (info.id.isEmpty())
                    continue;
                info.displayName = object.value(u"display_name").toString(info.id);
                info.createdAt = object.value(u"created_at").toString();
                if (info.createdAt.isEmpty() && object.value(u"created").isDouble())
                    info.createdAt
                        = QDateTime::fromSecsSinceEpoch(object.value(u"created").toInteger(), QTimeZone::UTC)
                              .toString(Qt::ISODate);
                m_models.append(info);
            }
            const QString lastId = doc.object().value(u"last_id").toString();
            if (doc.object().value(u"has_more").toBool() && !lastId.isEmpty() && m_pages < 1000) {
                fetch(lastId);
                return;
            }
            m_done = true;
            Q_EMIT finished(m_models);
            return;
        }
    }
    m_done = true;
    Q_EMIT failed(error);
}

} // namespace Proto
