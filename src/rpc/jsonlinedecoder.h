#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace Proto {

// Splits a byte stream into newline-delimited messages (JSON-RPC over stdio: one message per
// line, "\n" or "\r\n"). Pure: no I/O, no event loop, so tests and the fuzzer drive it
// directly. Accepts any chunking of the input; blank lines are skipped. A line longer than the
// cap stops the decoder with an error instead of growing memory without bound (the bytes of
// that line are not kept); the error is sticky until reset().
class JsonLineDecoder final
{
public:
    enum class Error
    {
        None,
        LineTooLong,
    };

    explicit JsonLineDecoder(qsizetype maxLineBytes = 16 * 1024 * 1024);

    // Appends every line completed by `bytes` to `out` (without its line ending). Returns false
    // once the decoder is in error (lines completed before the error are still appended).
    bool feed(QByteArrayView bytes, QList<QByteArray> &out);
    // End of stream: true when no partial line was pending.
    bool finish() const { return m_line.isEmpty(); }
    void reset();

    Error error() const { return m_error; }
    QString errorString() const;
    qsizetype maxLineBytes() const { return m_maxLineBytes; }
    qsizetype bufferedBytes() const { return m_line.size(); }

private:
    void emitLine(QByteArray line, QList<QByteArray> &out);

    qsizetype m_maxLineBytes;
    QByteArray m_line;
    Error m_error = Error::None;
};

} // namespace Proto
