#include "httpllmstream.h"

#include "llmlogging.h"

#include <QCoreApplication>
#include <QDateTime>

using namespace Qt::StringLiterals;

namespace Proto {

namespace {
constexpr qsizetype kMaxErrorBody = 1024 * 1024;
} // namespace

HttpLlmStream::HttpLlmStream(Setup setup, QObject *parent)
    : LlmStream(setup.prices, parent)
    , m_setup(std::move(setup))
    , m_random(std::random_device {}())
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &HttpLlmStream::sendAttempt);
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_state != State::Pending)
                return;
            if (m_setup.startError.isError())
                failStream(m_setup.startError);
            else
                sendAttempt();
        },
        Qt::QueuedConnection);
}

HttpLlmStream::~HttpLlmStream()
{
    dropReply();
}

void HttpLlmStream::dropReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    if (reply->isRunning())
        reply->abort();
    reply->deleteLater();
}

void HttpLlmStream::sendAttempt()
{
    if (!isActive())
        return;
    dropReply();
    ++m_attempts;
    m_state = State::Connecting;
    m_parser.reset();
    m_errorBody.clear();
    m_bytesReceived = 0;
    m_httpStatus = 0;
    if (!m_setup.network) {
        failStream(
            LlmHttp::errorFromNetwork(QNetworkReply::UnknownNetworkError, tr("No network access manager.")));
        return;
    }
    qCDebug(lcLlm) << "POST" << m_setup.request.url().toDisplayString() << "attempt" << m_attempts
                   << "body bytes" << m_setup.body.size();
    m_reply = m_setup.network->post(m_setup.request, m_setup.body);
    connect(m_reply, &QNetworkReply::readyRead, this, &HttpLlmStream::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &HttpLlmStream::onReplyFinished);
}

LlmRetryHeaders HttpLlmStream::retryHeaders() const
{
    LlmRetryHeaders headers;
    if (m_reply) {
        headers.shouldRetry = m_reply->rawHeader("x-should-retry");
        headers.retryAfterMs = m_reply->rawHeader("retry-after-ms");
        headers.retryAfter = m_reply->rawHeader("retry-after");
    }
    return headers;
}

bool HttpLlmStream::feedParser(const QByteArray &bytes)
{
    m_bytesReceived += bytes.size();
    QList<SseEvent> events;
    const bool ok = m_parser.feed(bytes, events);
    const QPointer<HttpLlmStream> self(this); // a receiver may delete the stream in a slot
    for (const SseEvent &event : std::as_const(events)) {
        handleEvent(event);
        if (!self || !isActive() || !m_reply)
            return false; // deleted, finished, failed, cancelled or retrying
    }
    if (!ok) {
        LlmError error;
        error.kind = LlmError::Kind::MalformedStream;
        error.message = m_parser.errorString();
        failStream(error);
        return false;
    }
    return true;
}

void HttpLlmStream::onReadyRead()
{
    if (!m_reply)
        return;
    if (m_httpStatus == 0)
        m_httpStatus = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray bytes = m_reply->readAll();
    if (m_httpStatus < 200 || m_httpStatus >= 300) {
        if (m_errorBody.size() < kMaxErrorBody)
            m_errorBody += bytes.left(kMaxErrorBody - m_errorBody.size());
        return;
    }
    if (!isActive() && m_state != State::Finished)
        return;
    if (m_state == State::Finished)
        return; // bytes after message_stop are ignored
    if (m_state == State::Connecting) {
        m_state = State::Streaming;
        const QByteArray type = m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray().toLower();
        if (!type.isEmpty() && !type.startsWith("text/event-stream")) {
            LlmError error;
            error.kind = LlmError::Kind::MalformedStream;
            error.httpStatus = m_httpStatus;
            error.message = tr("Expected an event stream but the server sent \"%1\": %2")
                                .arg(QString::fromLatin1(type), QString::fromUtf8(bytes.left(200)));
            failStream(error);
            return;
        }
    }
    feedParser(bytes);
}

void HttpLlmStream::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    if (!isActive()) {
        dropReply();
        return;
    }
    if (m_httpStatus == 0)
        m_httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString requestId
        = QString::fromLatin1(reply->hasRawHeader("request-id") ? reply->rawHeader("request-id")
                                                                : reply->rawHeader("x-request-id"));
    const LlmRetryHeaders headers = retryHeaders();
    const QNetworkReply::NetworkError netError = reply->error();
    qCDebug(lcLlm) << "reply finished: HTTP" << m_httpStatus << "network error" << netError << "bytes"
                   << m_bytesReceived << "request-id" << requestId;

    if (m_httpStatus != 0 && (m_httpStatus < 200 || m_httpStatus >= 300)) {
        if (m_errorBody.size() < kMaxErrorBody)
            m_errorBody += reply->readAll().left(kMaxErrorBody - m_errorBody.size());
        retryOrFail(LlmHttp::errorFromResponse(m_httpStatus, m_errorBody, requestId), headers);
        return;
    }
    if (m_httpStatus == 0) {
        LlmError error = LlmHttp::errorFromNetwork(netError, reply->errorString());
        if (netError == QNetworkReply::OperationCanceledError)
            error.kind = LlmError::Kind::Timeout; // we abort only through cancel(), which disconnects first
        retryOrFail(error, headers);
        return;
    }
    const QByteArray rest = reply->readAll();
    if (!rest.isEmpty() && !feedParser(rest))
        return;
    if (!isActive())
        return;
    if (streamComplete())
        return;
    if (netError == QNetworkReply::NoError && m_parser.finish() && acceptEndWithoutMarker()) {
        finishStream();
        return;
    }
    LlmError error;
    error.kind = netError == QNetworkReply::OperationCanceledError || netError == QNetworkReply::TimeoutError
        ? LlmError::Kind::Timeout
        : LlmError::Kind::ConnectionLost;
    error.httpStatus = m_httpStatus;
    error.requestId = requestId;
    error.retryable = true;
    error.message = netError == QNetworkReply::NoError
        ? tr("The stream ended after %1 bytes without its end marker.").arg(m_bytesReceived)
        : tr("The connection broke after %1 bytes: %2").arg(m_bytesReceived).arg(reply->errorString());
    streamError(error);
}

void HttpLlmStream::retryOrFail(const LlmError &error, const LlmRetryHeaders &headers)
{
    dropReply();
    const int retriesDone = m_attempts - 1;
    if (!m_delivered && retriesDone < m_setup.retryPolicy.maxRetries
        && LlmHttp::shouldRetry(error, headers)) {
        const double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(m_random);
        const int delay = LlmHttp::retryDelayMs(
            retriesDone, headers, m_setup.retryPolicy, QDateTime::currentDateTimeUtc(), jitter);
        qCDebug(lcLlm) << "retrying in" << delay << "ms after" << LlmError::kindName(error.kind)
                       << error.httpStatus;
        resetForRetry();
        m_state = State::WaitingToRetry;
        m_retryTimer.start(delay);
        Q_EMIT retrying(m_attempts, delay, error);
        return;
    }
    LlmError final = error;
    final.retryable = LlmHttp::shouldRetry(error, headers);
    failStream(final);
}

void HttpLlmStream::streamError(const LlmError &error)
{
    if (!isActive())
        return;
    if (m_delivered || !error.retryable) {
        failStream(error);
        return;
    }
    retryOrFail(error, {});
}

void HttpLlmStream::failStream(const LlmError &error)
{
    if (!isActive())
        return;
    m_retryTimer.stop();
    dropReply();
    m_error = error;
    m_state = State::Failed;
    qCDebug(lcLlm) << "stream failed:" << LlmError::kindName(error.kind) << "HTTP" << error.httpStatus;
    Q_EMIT failed(error);
}

void HttpLlmStream::finishStream()
{
    if (!isActive())
        return;
    m_retryTimer.stop();
    m_state = State::Finished;
    // The reply is left to complete on its own so the connection can be reused.
    Q_EMIT finished(message(), m_stopReason, m_usage);
}

void HttpLlmStream::cancel()
{
    if (!isActive())
        return;
    m_retryTimer.stop();
    dropReply();
    m_state = State::Cancelled;
    qCDebug(lcLlm) << "stream cancelled";
    Q_EMIT cancelled();
}

} // namespace Proto
