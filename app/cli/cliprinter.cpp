#include "cliprinter.h"

#include "visibletext.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace Proto {

namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("Proto::CliPrinter", text, nullptr, n);
}

// Reply text and tool lines: controls and bidi overrides escaped; newlines and tabs stay.
QString forTerminal(const QString &text)
{
    VisibleText::Options options;
    options.mode = VisibleText::Mode::Terminal;
    options.keepTabs = true;
    return VisibleText::escaped(text, options);
}

void appendIndented(QString *out, const QString &safe)
{
    const QStringList lines = safe.split(u'\n');
    for (const QString &line : lines)
        *out += QStringLiteral("  | ") + line + u'\n';
}

} // namespace

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
    write(stdout, forTerminal(text).toUtf8());
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
    write(stdout, forTerminal(text).toUtf8() + '\n');
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
    QString line = text;
    line.replace(u'\n', u' ');
    writeErrText(VisibleText::line(line, VisibleText::Mode::Terminal) + u'\n');
}

void CliPrinter::writeErrText(const QString &safeText)
{
    const QByteArray bytes = safeText.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

QString CliPrinter::approvalText(const ApprovalRequest::Spec &spec)
{
    QString out = QStringLiteral("? ")
        + tr("The agent wants to use %1. Allow it?").arg(VisibleText::line(spec.tool.left(100))) + u'\n';
    if (!spec.reason.isEmpty())
        out += QStringLiteral("  (") + VisibleText::line(spec.reason) + QStringLiteral(")\n");
    if (!spec.workingDirectory.isEmpty())
        out += QStringLiteral("  ") + tr("working folder %1").arg(VisibleText::line(spec.workingDirectory))
            + u'\n';
    const QString detail = spec.detail.isEmpty() ? spec.summary : spec.detail;
    qsizetype cut = 0;
    VisibleText::Options options;
    options.collapseRuns = true;
    appendIndented(&out, VisibleText::escaped(VisibleText::head(detail, MaxApprovalChars, &cut), options));
    if (cut > 0)
        out += QStringLiteral("  ")
            + tr("[only the first %1 of %2 characters are shown]").arg(detail.size() - cut).arg(detail.size())
            + u'\n';
    if (!spec.hasPreview)
        return out;
    if (!spec.previewError.isEmpty()) {
        out += QStringLiteral("  ")
            + tr("The change cannot be shown: %1").arg(VisibleText::line(spec.previewError)) + u'\n';
        return out;
    }
    out += QStringLiteral("  ") + VisibleText::line(spec.previewSummary) + u'\n';
    if (spec.diff.isEmpty())
        return out;
    qsizetype diffCut = 0;
    const QString diff = VisibleText::head(spec.diff, MaxDiffChars, &diffCut);
    QStringList lines = diff.split(u'\n');
    while (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    const qsizetype totalLines = spec.diff.count(u'\n') + (spec.diff.endsWith(u'\n') ? 0 : 1);
    const qsizetype shownLines = std::min<qsizetype>(lines.size(), MaxDiffLines);
    VisibleText::Options diffOptions;
    diffOptions.keepNewlines = false;
    diffOptions.keepTabs = true;
    for (qsizetype i = 0; i < shownLines; ++i)
        out += QStringLiteral("  | ") + VisibleText::escaped(lines.at(i), diffOptions) + u'\n';
    if (shownLines < totalLines)
        out += QStringLiteral("  ") + tr("[%n more diff line(s) not shown]", int(totalLines - shownLines))
            + u'\n';
    return out;
}

} // namespace Proto
