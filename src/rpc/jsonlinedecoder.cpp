#include "jsonlinedecoder.h"

namespace Proto {

JsonLineDecoder::JsonLineDecoder(qsizetype maxLineBytes)
    : m_maxLineBytes(maxLineBytes > 0 ? maxLineBytes : 1)
{ }

bool JsonLineDecoder::feed(QByteArrayView bytes, QList<QByteArray> &out)
{
    while (m_error == Error::None && !bytes.isEmpty()) {
        const qsizetype newline = bytes.indexOf('\n');
        const QByteArrayView piece = newline < 0 ? bytes : bytes.first(newline);
        // The "\r" of a "\r\n" ending does not count against the cap.
        qsizetype length = m_line.size() + piece.size();
        if (newline >= 0 && length > 0 && (piece.isEmpty() ? m_line.endsWith('\r') : piece.back() == '\r'))
            --length;
        if (length > m_maxLineBytes) {
            m_line.clear();
            m_line.squeeze();
            m_error = Error::LineTooLong;
            return false;
        }
        m_line.append(piece);
        if (newline < 0)
            break;
        emitLine(std::exchange(m_line, {}), out);
        bytes = bytes.sliced(newline + 1);
    }
    return m_error == Error::None;
}

void JsonLineDecoder::emitLine(QByteArray line, QList<QByteArray> &out)
{
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.trimmed().isEmpty())
        return;
    out.append(std::move(line));
}

void JsonLineDecoder::reset()
{
    m_line.clear();
    m_error = Error::None;
}

QString JsonLineDecoder::errorString() const
{
    switch (m_error) {
    case Error::None:
        return {};
    case Error::LineTooLong:
        return QStringLiteral("a message is longer than %1 bytes").arg(m_maxLineBytes);
    }
    return {};
}

} // namespace Proto
