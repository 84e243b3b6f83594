#include "visibletext.h"

#include <QChar>
#include <QCoreApplication>

namespace Proto {

namespace {

constexpr int MinSpaceRun = 16;
constexpr int MinNewlineRun = 4; // three empty lines

bool isBidiControl(char32_t c)
{
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069);
}

// Default-ignorable or blank-looking characters outside the Cf category.
bool isInvisibleLetterOrMark(char32_t c)
{
    return c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x17B4 || c == 0x17B5
        || (c >= 0x180B && c <= 0x180F) || c == 0x2800 || c == 0x3164 || c == 0xFFA0 || c == 0xFFFC
        || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
}

QString hex(char32_t c, int width)
{
    return QStringLiteral("%1").arg(uint(c), width, 16, QLatin1Char('0'));
}

class Builder
{
public:
    void text(QStringView s) { current().text += s; }
    void text(QChar c) { current().text += c; }
    void marker(const QString &s) { m_pieces.append(VisibleText::Piece { s, true }); }
    QList<VisibleText::Piece> take() { return std::move(m_pieces); }

private:
    VisibleText::Piece &current()
    {
        if (m_pieces.isEmpty() || m_pieces.last().marker)
            m_pieces.append(VisibleText::Piece {});
        return m_pieces.last();
    }
    QList<VisibleText::Piece> m_pieces;
};

} // namespace

bool VisibleText::needsEscape(char32_t c, const Options &options)
{
    if (c == u'\n')
        return !options.keepNewlines;
    if (c == u'\t')
        return !options.keepTabs;
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
        return true;
    if (isBidiControl(c))
        return true;
    if (c >= 0xD800 && c <= 0xDFFF) // a lone surrogate (pairs arrive here combined)
        return true;
    if (options.mode == Mode::Terminal)
        return false;
    if (c == u' ')
        return false;
    switch (QChar::category(c)) {
    case QChar::Other_Format:
    case QChar::Other_NotAssigned:
    case QChar::Other_PrivateUse:
    case QChar::Separator_Space: // NBSP, en/em/thin spaces, ideographic space: not blanks to bash
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    default:
        break;
    }
    return isInvisibleLetterOrMark(c);
}

QString VisibleText::escape(char32_t c)
{
    switch (c) {
    case u'\n':
        return QStringLiteral("\\n");
    case u'\r':
        return QStringLiteral("\\r");
    case u'\t':
        return QStringLiteral("\\t");
    default:
        break;
    }
    if (c < 0x80)
        return QStringLiteral("\\x") + hex(c, 2);
    if (c <= 0xFFFF)
        return QStringLiteral("\\u") + hex(c, 4);
    return QStringLiteral("\\U") + hex(c, 8);
}

QList<VisibleText::Piece> VisibleText::pieces(QStringView text, const Options &options)
{
    Builder out;
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar unit = text.at(i);
        char32_t c = unit.unicode();
        qsizetype width = 1;
        if (unit.isHighSurrogate() && i + 1 < n && text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(unit, text.at(i + 1));
            width = 2;
        }
        if (options.collapseRuns && c == u' ') {
            qsizetype end = i;
            while (end < n && text.at(end) == u' ')
                ++end;
            const qsizetype run = end - i;
            if (run >= MinSpaceRun)
                out.marker(
                    QCoreApplication::translate("Proto::VisibleText", "[%n spaces]", nullptr, int(run)));
            else
                out.text(text.mid(i, run));
            i = end;
            continue;
        }
        if (options.collapseRuns && options.keepNewlines && c == u'\n') {
            qsizetype end = i;
            while (end < n && text.at(end) == u'\n')
                ++end;
            const qsizetype run = end - i;
            if (run >= MinNewlineRun) {
                out.text(u'\n');
                out.marker(QCoreApplication::translate(
                    "Proto::VisibleText", "[%n empty lines]", nullptr, int(run - 1)));
                out.text(u'\n');
            } else {
                out.text(text.mid(i, run));
            }
            i = end;
            continue;
        }
        if (needsEscape(c, options))
            out.marker(escape(c));
        else
            out.text(text.mid(i, width));
        i += width;
    }
    return out.take();
}

QString VisibleText::escaped(QStringView text, const Options &options)
{
    QString result;
    result.reserve(text.size());
    const QList<Piece> list = pieces(text, options);
    for (const Piece &piece : list)
        result += piece.text;
    return result;
}

QString VisibleText::line(QStringView text, Mode mode)
{
    Options options;
    options.mode = mode;
    options.keepNewlines = false;
    options.keepTabs = false;
    return escaped(text, options);
}

QString VisibleText::asRichText(QStringView text)
{
    return QStringLiteral("<p style=\"white-space:pre-wrap\">%1</p>").arg(text.toString().toHtmlEscaped());
}

QString VisibleText::head(const QString &text, qsizetype maxChars, qsizetype *cut)
{
    if (text.size() <= maxChars) {
        if (cut)
            *cut = 0;
        return text;
    }
    qsizetype end = std::max<qsizetype>(0, maxChars);
    if (end > 0 && text.at(end - 1).isHighSurrogate() && text.at(end).isLowSurrogate())
        --end;
    if (cut)
        *cut = text.size() - end;
    return text.left(end);
}

} // namespace Proto
