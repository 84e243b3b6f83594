#include "shellframing.h"

#include "shellquote.h"

#include <QList>
#include <QRandomGenerator>

namespace Proto {

namespace {
constexpr char kFieldSeparator = '\x1f';
constexpr char kRecordEnd = '\x1e';
constexpr qsizetype kMaxRecord = 256 * 1024; // $PATH and $PWD; anything longer is not ours
} // namespace

QByteArray ShellFraming::newNonce()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toHex();
}

QByteArray ShellFraming::wrap(const QString &command, const QByteArray &nonce, const QString &cdFirst)
{
    const QByteArray delimiter = "PROTO_EOF_" + nonce;
    QByteArray out;
    out += "IFS= read -r -d '' __proto_cmd <<'" + delimiter + "'\n";
    out += command.toUtf8();
    out += '\n' + delimiter + '\n';
    if (!cdFirst.isEmpty())
        out += "cd -- " + shellQuote(cdFirst).toUtf8() + " && ";
    out += "eval \"$__proto_cmd\" </dev/null\n";
    // printf's format is ours; every value goes through %s / %d.
    out += "__proto_status=$?; unset __proto_cmd; printf '\\037PROTO_%s\\037%d\\037%d\\037%s\\037%s\\036' '"
        + nonce + "' \"$__proto_status\" \"$$\" \"$PWD\" \"$PATH\"\n";
    return out;
}

ShellFraming::ShellFraming(const QByteArray &nonce)
    : m_marker(kFieldSeparator + QByteArray("PROTO_") + nonce + kFieldSeparator)
{ }

QByteArray ShellFraming::feed(const QByteArray &data)
{
    if (m_done) {
        m_rest += data;
        return {};
    }
    QByteArray out;
    qsizetype i = 0;
    if (!m_inRecord) {
        const QByteArray buffer = m_pending + data;
        m_pending.clear();
        const qsizetype at = buffer.indexOf(m_marker);
        if (at < 0) {
            // Keep back the longest tail that could begin the marker.
            qsizetype keep = std::min(buffer.size(), m_marker.size() - 1);
            while (keep > 0 && !m_marker.startsWith(QByteArrayView(buffer).right(keep)))
                --keep;
            m_pending = buffer.right(keep);
            return buffer.left(buffer.size() - keep);
        }
        out = buffer.left(at);
        m_inRecord = true;
        const QByteArray after = buffer.mid(at + m_marker.size());
        return out + feed(after);
    }
    const qsizetype end = data.indexOf(kRecordEnd, i);
    if (end < 0) {
        m_recordBytes += data;
        if (m_recordBytes.size() > kMaxRecord) {
            m_malformed = true;
            m_done = true;
        }
        return out;
    }
    m_recordBytes += data.left(end);
    m_rest = data.mid(end + 1);
    m_done = true;
    const QList<QByteArray> fields = m_recordBytes.split(kFieldSeparator);
    bool statusOk = false;
    bool pidOk = false;
    if (fields.size() == 4) {
        m_record.status = fields.at(0).toInt(&statusOk);
        m_record.pid = fields.at(1).toLongLong(&pidOk);
        m_record.directory = QString::fromUtf8(fields.at(2));
        m_record.path = QString::fromUtf8(fields.at(3));
    }
    m_malformed = !statusOk || !pidOk || !m_record.directory.startsWith(u'/');
    return out;
}

} // namespace Proto
