#pragma once

#include "approvalbroker.h"

#include <QJsonObject>
#include <QString>

#include <cstdio>

namespace Proto {

// Writes proto-cli's output: the reply and tool activity as text on stdout, or one JSON event
// per line (--json). Errors always end on stderr as one line "proto-cli: <reason>" too.
// Text goes to the terminal through VisibleText: escape sequences, carriage returns, other
// controls and bidi overrides the model (or a server) wrote are shown as escapes, never obeyed.
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
    // The approval question for a person on a terminal, without the answer prompt: the tool,
    // why it asks, the whole command (or path, or input) and the diff a file change makes,
    // every line made safe (VisibleText, strict) and indented, caps said.
    static QString approvalText(const ApprovalRequest::Spec &spec);
    static void writeErrText(const QString &safeText); // as is: already made safe
    static constexpr qsizetype MaxApprovalChars = 20000;
    static constexpr qsizetype MaxDiffLines = 500;
    static constexpr qsizetype MaxDiffChars = 100000;

private:
    void write(FILE *stream, const QByteArray &bytes);

    bool m_json = false;
    bool m_midLine = false;
};

} // namespace Proto
