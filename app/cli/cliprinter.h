#pragma once

#include <QJsonObject>
#include <QString>

#include <cstdio>

namespace Proto {

// Writes proto-cli's output: the reply and tool activity as text on stdout, or one JSON event
// per line (--json). Errors always end on stderr as one line "proto-cli: <reason>" too.
class CliPrinter final
{
public:
    explicit CliPrinter(bool json);

    bool isJson() const { return m_json; }

    void text(const QString &text); // a piece of the reply, as it streams
    void line(const QString &text); // a line of its own (tool activity), after any open reply
    void event(const QString &type, QJsonObject fields); // JSON mode only
    void error(const QString &kind, const QString &message);
    void endReply(); // ends the open reply line, if any

    static void writeErr(const QString &text);

private:
    void write(FILE *stream, const QByteArray &bytes);

    bool m_json = false;
    bool m_midLine = false;
};

} // namespace Proto
