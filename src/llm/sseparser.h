#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace Proto {

// One dispatched server-sent event (WHATWG HTML, "Server-sent events", event stream
// interpretation). `event` is "message" when the stream named no type; `data` has its lines
// joined by '\n' without the trailing one; `id` is the last event id in force.
struct SseEvent
{
    QByteArray event;
    QByteArray data;
    QByteArray id;

    bool operator==(const SseEvent &other) const = default;
};

// Incremental, allocation-light parser for `text/event-stream`. Pure: no I/O, no Qt event loop,
// so tests and the fuzzer drive it directly. Accepts any chunking of the input, the three line
// endings (`\n`, `\r\n`, `\r`, even when a `\r\n` pair is split across two feeds), comments,
// multi-line data, `id` (ignored when it holds NUL), `retry` (digits only) and a UTF-8 BOM at the
// very start. A line or an event larger than its cap stops the parser with an error instead of
// growing memory without bound; the error is sticky until reset().
class SseParser final
{
public:
    struct Limits
    {
        qsizetype maxLineBytes = 4 * 1024 * 1024;
        qsizetype maxEventBytes = 16 * 1024 * 1024;
    };

    enum class Error
    {
        None,
        LineTooLong,
        EventTooLarge,
    };

    SseParser();
    explicit SseParser(Limits limits);

    // Parses `bytes`, appending every event completed by them to `out`. Returns false once the
    // parser is in error (events completed before the error are still appended).
    bool feed(QByteArrayView bytes, QList<SseEvent> &out);

    // End of stream: an event not terminated by a blank line is discarded, as the spec says.
    // Returns true when nothing was pending (a clean end), false when a partial line or event was
    // dropped.
    bool finish();

    void reset();

    Error error() const { return m_error; }
    QString errorString() const;
    // Reconnection time from the last valid `retry` field, -1 when none was seen.
    qint64 retryMs() const { return m_retryMs; }
    const QByteArray &lastEventId() const { return m_lastEventId; }
    // Bytes held for an unfinished line and event (for memory accounting in tests).
    qsizetype bufferedBytes() const { return m_line.size() + m_data.size(); }

private:
    void processLine(QByteArrayView line, QList<SseEvent> &out);
    void fail(Error error);

    Limits m_limits;
    QByteArray m_line; // partial line carried between feeds
    QByteArray m_data;
    QByteArray m_eventType; // valid while m_hasEventType
    QByteArray m_recentTypes[7];
    QByteArray m_lastEventId;
    qint64 m_retryMs = -1;
    Error m_error = Error::None;
    bool m_skipLeadingLf = false; // previous feed ended on '\r'
    bool m_atStreamStart = true; // BOM check pending
    bool m_hasData = false;
    bool m_hasEventType = false;
};

} // namespace Proto
