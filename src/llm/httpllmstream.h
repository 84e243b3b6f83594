#pragma once

#include "llmhttp.h"
#include "llmstream.h"
#include "sseparser.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

#include <random>

namespace Proto {

// The HTTP half of a stream, shared by the providers: POSTs the body, retries per LlmHttp's
// rules until content arrives, feeds the body to an SseParser and hands each event to the
// provider's decoder. Internal to proto_llm.
class HttpLlmStream : public LlmStream
{
    Q_OBJECT

public:
    struct Setup
    {
        QNetworkAccessManager *network = nullptr;
        QNetworkRequest request;
        QByteArray body;
        LlmRetryPolicy retryPolicy;
        std::shared_ptr<const PriceTable> prices;
        LlmError startError; // set: fail right away (e.g. no API key)
    };

    HttpLlmStream(Setup setup, QObject *parent);
    ~HttpLlmStream() override;

    void cancel() override;

protected:
    // Called for each parsed event while streaming.
    virtual void handleEvent(const SseEvent &event) = 0;
    // True once the provider saw its end-of-stream marker.
    virtual bool streamComplete() const = 0;
    // Called before a retry: forget anything decoded from the failed attempt.
    virtual void resetForRetry() = 0;
    // Called when the body ended and streamComplete() is false but the provider accepts it.
    virtual bool acceptEndWithoutMarker() { return false; }

    // For decoders: end the stream successfully (emits finished()).
    void finishStream();
    // For decoders: an error after HTTP 200; retried when no content was delivered and it is
    // retryable, otherwise the stream fails.
    void streamError(const LlmError &error);
    void failStream(const LlmError &error) override;
    void beginStreaming() { m_state = State::Streaming; }

private:
    void sendAttempt();
    void onReadyRead();
    void onReplyFinished();
    void retryOrFail(const LlmError &error, const LlmRetryHeaders &headers);
    void dropReply();
    bool feedParser(const QByteArray &bytes);
    LlmRetryHeaders retryHeaders() const;

    Setup m_setup;
    QPointer<QNetworkReply> m_reply;
    QTimer m_retryTimer;
    SseParser m_parser;
    QByteArray m_errorBody;
    qint64 m_bytesReceived = 0;
    int m_httpStatus = 0;
    std::mt19937 m_random;
};

} // namespace Proto
