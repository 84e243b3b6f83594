#include "cliprinter.h"

#include <QJsonDocument>

namespace Proto {

CliPrinter::CliPrinter(bool json)
    : m_json(json)
{ }

void CliPrinter::write(FILE *stream, const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

void CliPrinter::text(const QString &text)
{
    if (m_json) {
        event(QStringLiteral("text"), { { QStringLiteral("text"), text } });
        return;
    }
    if (text.isEmpty())
        return;
    write(stdout, text.toUtf8());
    m_midLine = !text.endsWith(u'\n');
}

void CliPrinter::endReply()
{
    if (!m_json && m_midLine) {
        write(stdout, "\n");
        m_midLine = false;
    }
}

void CliPrinter::line(const QString &text)
{
    if (m_json)
        return;
    endReply();
    write(stdout, text.toUtf8() + '\n');
}

void CliPrinter::event(const QString &type, QJsonObject fields)
{
    if (!m_json)
        return;
    fields.insert(QStringLiteral("type"), type);
    write(stdout, QJsonDocument(fields).toJson(QJsonDocument::Compact) + '\n');
}

void CliPrinter::error(const QString &kind, const QString &message)
{
    event(QStringLiteral("error"),
        { { QStringLiteral("kind"), kind }, { QStringLiteral("message"), message } });
    endReply();
    writeErr(QStringLiteral("proto-cli: ") + message);
}

void CliPrinter::writeErr(const QString &text)
{
    QByteArray bytes = text.toUtf8();
    bytes.replace('\n', ' ');
    bytes += '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

} // namespace Proto
