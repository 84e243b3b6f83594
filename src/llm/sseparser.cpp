#include "sseparser.h"

#include <QCoreApplication>

#include <algorithm>
#include <cstring>
#include <iterator>

namespace Proto {

namespace {
const QByteArray kMessage = QByteArrayLiteral("message");

const char *findByte(const char *from, const char *end, char byte)
{
    return static_cast<const char *>(std::memchr(from, byte, size_t(end - from)));
}
} // namespace

SseParser::SseParser()
    : SseParser(Limits {})
{ }

SseParser::SseParser(Limits limits)
    : m_limits(limits)
{ }

void SseParser::reset()
{
    m_line.clear();
    m_data.clear();
    m_eventType.clear();
    m_hasEventType = false;
    m_lastEventId.clear();
    m_retryMs = -1;
    m_error = Error::None;
    m_skipLeadingLf = false;
    m_atStreamStart = true;
    m_hasData = false;
}

void SseParser::fail(Error error)
{
    m_error = error;
    m_line.clear();
    m_line.squeeze();
    m_data.clear();
    m_data.squeeze();
}

QString SseParser::errorString() const
{
    switch (m_error) {
    case Error::None:
        return {};
    case Error::LineTooLong:
        return QCoreApplication::translate(
            "Proto::SseParser", "The event stream sent a line longer than %1 bytes.")
            .arg(m_limits.maxLineBytes);
    case Error::EventTooLarge:
        return QCoreApplication::translate(
            "Proto::SseParser", "The event stream sent an event larger than %1 bytes.")
            .arg(m_limits.maxEventBytes);
    }
    return {};
}

bool SseParser::feed(QByteArrayView bytes, QList<SseEvent> &out)
{
    if (m_error != Error::None)
        return false;
    const char *pos = bytes.data();
    const char *const end = pos + bytes.size();
    if (pos == end)
        return true;
    if (m_skipLeadingLf) {
        m_skipLeadingLf = false;
        if (*pos == '\n')
            ++pos;
    }
    // Position of the next '\r' in [pos, end): nullptr = none left, unknown until first looked up.
    const char *nextCr = nullptr;
    bool crKnown = false;
    while (pos < end) {
        const char *lf = findByte(pos, end, '\n');
        if (!crKnown || (nextCr && nextCr < pos)) {
            nextCr = findByte(pos, end, '\r');
            crKnown = true;
        }
        const char *eol = lf;
        if (nextCr && (!eol || nextCr < eol))
            eol = nextCr;
        if (!eol) {
            const qsizetype rest = end - pos;
            if (m_line.size() + rest > m_limits.maxLineBytes) {
                fail(Error::LineTooLong);
                return false;
            }
            m_line.append(pos, rest);
            break;
        }
        const qsizetype length = eol - pos;
        if (m_line.size() + length > m_limits.maxLineBytes) {
            fail(Error::LineTooLong);
            return false;
        }
        if (m_line.isEmpty()) {
            processLine(QByteArrayView(pos, length), out);
        } else {
            m_line.append(pos, length);
            processLine(m_line, out);
            m_line.clear();
        }
        if (m_error != Error::None)
            return false;
        if (*eol == '\r') {
            if (eol + 1 < end) {
                if (eol[1] == '\n')
                    ++eol;
            } else {
                m_skipLeadingLf = true;
            }
        }
        pos = eol + 1;
    }
    return true;
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent> &out)
{
    if (m_atStreamStart) {
        m_atStreamStart = false;
        if (line.startsWith("\xEF\xBB\xBF"))
            line = line.sliced(3);
    }
    if (line.isEmpty()) {
        if (m_hasData) {
            SseEvent event;
            event.data = std::move(m_data);
            event.event = m_hasEventType && !m_eventType.isEmpty() ? m_eventType : kMessage;
            event.id = m_lastEventId;
            out.append(std::move(event));
        }
        m_data = QByteArray();
        m_hasEventType = false;
        m_hasData = false;
        return;
    }
    if (line.front() == ':')
        return; // comment
    QByteArrayView field = line;
    QByteArrayView value;
    if (const qsizetype colon = line.indexOf(':'); colon >= 0) {
        field = line.first(colon);
        value = line.sliced(colon + 1);
        if (!value.isEmpty() && value.front() == ' ')
            value = value.sliced(1);
    }
    if (field == "data") {
        if (m_data.size() + value.size() + 1 > m_limits.maxEventBytes) {
            fail(Error::EventTooLarge);
            return;
        }
        // Lines are joined with '\n'; the first one is copied once, with no trailing newline.
        if (!m_hasData) {
            m_data = value.toByteArray();
            m_hasData = true;
        } else {
            m_data.append('\n');
            m_data.append(value.data(), value.size());
        }
    } else if (field == "event") {
        // Event types repeat: reuse a recent one (implicitly shared, no allocation per event).
        m_hasEventType = true;
        if (m_eventType == value)
            return;
        for (QByteArray &recent : m_recentTypes) {
            if (recent == value) {
                std::swap(recent, m_eventType);
                return;
            }
        }
        std::rotate(std::rbegin(m_recentTypes), std::rbegin(m_recentTypes) + 1, std::rend(m_recentTypes));
        m_recentTypes[0] = std::exchange(m_eventType, value.toByteArray());
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastEventId = value.toByteArray();
    } else if (field == "retry") {
        if (value.isEmpty() || value.size() > 15)
            return;
        qint64 ms = 0;
        for (const char c : value) {
            if (c < '0' || c > '9')
                return;
            ms = ms * 10 + (c - '0');
        }
        m_retryMs = ms;
    }
}

bool SseParser::finish()
{
    const bool clean = m_line.isEmpty() && !m_hasData && m_error == Error::None;
    m_line.clear();
    m_data.clear();
    m_hasEventType = false;
    m_hasData = false;
    m_skipLeadingLf = false;
    return clean;
}

} // namespace Proto
