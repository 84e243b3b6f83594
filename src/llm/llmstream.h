#pragma once

#include "llmtypes.h"
#include "pricetable.h"

#include <QJsonObject>
#include <QMap>
#include <QObject>

#include <memory>

namespace Proto {

// One streamed assistant reply, in Anthropic's content-block shape whatever the provider.
// Created by LlmClient::stream() and owned by the caller (delete it, or let its parent do it;
// deleting it from one of its own signals is safe, deleteLater() is the usual way).
//
// Signal order: [retrying]* started blockStarted (textDelta|thinkingDelta|toolInputDelta)*
// blockFinished ... messageDelta finished. It ends with exactly one of finished(), failed() or
// cancelled(); nothing is emitted after that. Retries happen only before any content was
// delivered; a stream cut later fails with ConnectionLost and message() keeps what arrived.
class LlmStream : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Pending, // not started yet (the request is sent from the event loop)
        Connecting, // request sent, waiting for the response
        WaitingToRetry, // a retry is scheduled (see retrying())
        Streaming, // content is arriving
        Finished,
        Failed,
        Cancelled,
    };
    Q_ENUM(State)

    ~LlmStream() override;

    // Stops at any point: the HTTP reply is aborted, a pending retry dropped, and cancelled() is
    // emitted once (synchronously). No-op when the stream already ended.
    virtual void cancel() = 0;

    State state() const { return m_state; }
    bool isActive() const { return m_state < State::Finished; }
    QString messageId() const { return m_messageId; }
    QString model() const { return m_model; }
    QString stopReason() const { return m_stopReason; }
    LlmUsage usage() const { return m_usage; }
    LlmError error() const { return m_error; }
    int attempts() const { return m_attempts; } // HTTP attempts made so far
    // Cost of usage() for model() from the client's price table (unknown when the model has none).
    LlmCost cost() const;

    // The assistant message as {role:"assistant", content:[blocks]}, ready to append to the
    // conversation: finished blocks as complete JSON (tool inputs parsed, thinking with its
    // signature, unchanged), plus the text of a text block still open when the stream broke.
    QJsonObject message() const;

Q_SIGNALS:
    void retrying(int attempt, int delayMs, const Proto::LlmError &reason);
    void started(const QString &messageId, const QString &model);
    void blockStarted(int index, const QJsonObject &block);
    void textDelta(int index, const QString &text);
    void thinkingDelta(int index, const QString &thinking);
    void toolInputDelta(int index, const QString &partialJson);
    void blockFinished(int index, const QJsonObject &block);
    void messageDelta(const QString &stopReason, const Proto::LlmUsage &usage);
    void finished(const QJsonObject &message, const QString &stopReason, const Proto::LlmUsage &usage);
    void failed(const Proto::LlmError &error);
    void cancelled();

protected:
    explicit LlmStream(std::shared_ptr<const PriceTable> prices, QObject *parent);

    struct Block
    {
        QJsonObject json; // as started, completed at stop
        QString text; // text or thinking accumulated from deltas
        QString signature;
        QByteArray partialJson; // input_json_delta fragments
        QJsonArray citations;
        bool hasInputDeltas = false;
        bool open = true;
    };

    // Helpers for the providers' decoders; each emits its signal. Return false (after calling
    // failStream) when the event does not fit the stream so far.
    bool openBlock(int index, const QJsonObject &block);
    bool appendText(int index, const QString &text);
    bool appendThinking(int index, const QString &thinking);
    bool setSignature(int index, const QString &signature);
    bool appendCitation(int index, const QJsonValue &citation);
    bool appendInputJson(int index, const QString &partialJson);
    bool closeBlock(int index);
    bool hasOpenBlock(int index) const;
    void markDelivered() { m_delivered = true; }

    virtual void failStream(const LlmError &error) = 0;

    State m_state = State::Pending;
    QString m_messageId;
    QString m_model;
    QString m_stopReason;
    LlmUsage m_usage;
    LlmError m_error;
    int m_attempts = 0;
    bool m_delivered = false; // any content signal emitted: no more retries
    QMap<int, Block> m_blocks;

    // Bound on the text, thinking and tool input one reply may accumulate in memory.
    static constexpr qsizetype kMaxContentBytes = 256 * 1024 * 1024;

private:
    Block *block(int index, const char *what);
    bool account(qsizetype bytes);
    qsizetype m_contentBytes = 0;
    std::shared_ptr<const PriceTable> m_prices;
};

} // namespace Proto
