#include "chatdelegate.h"

#include "chatmodel.h"

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/State>
#include <KSyntaxHighlighting/Theme>
#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QFontDatabase>
#include <QPainter>
#include <QPainterPath>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

#include <cmath>

namespace Proto {
namespace {

constexpr int Margin = 14; // left/right of every item
constexpr int Gap = 6; // above and below
constexpr int Pad = 10; // inside cards and bubbles
constexpr int MaxBodyLines = 14; // collapsed tool output / diff

KSyntaxHighlighting::Repository &repository()
{
    static KSyntaxHighlighting::Repository instance;
    return instance;
}

// Highlights one code block's lines into character formats.
class BlockHighlighter final : public KSyntaxHighlighting::AbstractHighlighter
{
public:
    struct Range
    {
        int offset;
        int length;
        QTextCharFormat format;
    };
    QList<Range> ranges;

    KSyntaxHighlighting::State line(const QString &text, const KSyntaxHighlighting::State &state)
    {
        ranges.clear();
        return highlightLine(text, state);
    }

protected:
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override
    {
        if (length <= 0 || format.isDefaultTextStyle(theme()))
            return;
        QTextCharFormat f;
        if (format.hasTextColor(theme()))
            f.setForeground(format.textColor(theme()));
        if (format.isBold(theme()))
            f.setFontWeight(QFont::Bold);
        if (format.isItalic(theme()))
            f.setFontItalic(true);
        ranges.append({ offset, length, f });
    }
};

void highlightCode(QTextDocument *doc, bool dark)
{
    const KSyntaxHighlighting::Theme theme = repository().defaultTheme(
        dark ? KSyntaxHighlighting::Repository::DarkTheme : KSyntaxHighlighting::Repository::LightTheme);
    BlockHighlighter hl;
    hl.setTheme(theme);
    QString currentLanguage;
    bool haveDefinition = false;
    KSyntaxHighlighting::State state;
    QTextCursor cursor(doc);
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
        const QTextBlockFormat bf = b.blockFormat();
        if (!bf.hasProperty(QTextFormat::BlockCodeFence) && !bf.hasProperty(QTextFormat::BlockCodeLanguage)) {
            currentLanguage.clear();
            haveDefinition = false;
            continue;
        }
        const QString language = bf.stringProperty(QTextFormat::BlockCodeLanguage);
        if (language != currentLanguage || !haveDefinition) {
            currentLanguage = language;
            KSyntaxHighlighting::Definition def = repository().definitionForName(language);
            if (!def.isValid())
                def = repository().definitionForFileName(QStringLiteral("x.") + language);
            haveDefinition = def.isValid();
            if (haveDefinition)
                hl.setDefinition(def);
            state = {};
        }
        if (!haveDefinition)
            continue;
        state = hl.line(b.text(), state);
        for (const BlockHighlighter::Range &r : std::as_const(hl.ranges)) {
            cursor.setPosition(b.position() + r.offset);
            cursor.setPosition(b.position() + r.offset + r.length, QTextCursor::KeepAnchor);
            cursor.mergeCharFormat(r.format);
        }
    }
}

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
        float(a.greenF() * (1 - t) + b.greenF() * t), float(a.blueF() * (1 - t) + b.blueF() * t));
}

QString durationText(const QDateTime &from, const QDateTime &to)
{
    if (!from.isValid() || !to.isValid())
        return {};
    const qint64 ms = from.msecsTo(to);
    if (ms < 1000)
        return QCoreApplication::translate("Proto::ChatDelegate", "%1 ms").arg(ms);
    return QCoreApplication::translate("Proto::ChatDelegate", "%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

QString statusText(const QString &status)
{
    static const QHash<QString, const char *> names = {
        { QStringLiteral("running"), QT_TRANSLATE_NOOP("Proto::ChatDelegate", "running") },
        { QStringLiteral("pending"), QT_TRANSLATE_NOOP("Proto::ChatDelegate", "waiting for approval") },
        { QStringLiteral("approved"), QT_TRANSLATE_NOOP("Proto::ChatDelegate", "approved") },
        { QStringLiteral("done"), QT_TRANSLATE_NOOP("Proto::ChatDelegate", "done") },
        { QStringLiteral("error"), QT_TRANSLATE_NOOP("Proto::ChatDelegate", "failed") },
        { QStringLiteral("denied"), QT_TRANSLATE_NOOP("Proto::ChatDelegate", "denied") },
        { QStringLiteral("cancelled"), QT_TRANSLATE_NOOP("Proto::ChatDelegate", "cancelled") },
    };
    const auto it = names.constFind(status);
    return it == names.cend() ? status : QCoreApplication::translate("Proto::ChatDelegate", *it);
}

} // namespace

struct ChatDelegate::Layout
{
    quint64 revision = 0;
    int width = -1;
    bool expanded = false;
    std::unique_ptr<QTextDocument> doc;
    QStringList body; // tool output or diff lines shown
    bool bodyIsDiff = false;
    int hiddenLines = 0;
    int height = 0;
};

ChatDelegate::ChatDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

ChatDelegate::~ChatDelegate() = default;

void ChatDelegate::setWidth(int width)
{
    m_width = std::max(200, width);
}

void ChatDelegate::setDark(bool dark)
{
    if (m_dark != dark) {
        m_dark = dark;
        clearCache();
    }
}

void ChatDelegate::clearCache()
{
    m_cache.clear();
}

int ChatDelegate::contentWidth() const
{
    return m_width - 2 * Margin - 2 * Pad;
}

std::unique_ptr<QTextDocument> ChatDelegate::renderMarkdown(
    const QString &markdown, const QFont &font, bool dark)
{
    auto doc = std::make_unique<QTextDocument>();
    doc->setDefaultFont(font);
    doc->setDocumentMargin(0);
    doc->setMarkdown(markdown, QTextDocument::MarkdownDialectGitHub);
    // Code blocks in the fixed font, then coloured.
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    QTextCursor cursor(doc.get());
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
        const QTextBlockFormat bf = b.blockFormat();
        if (bf.hasProperty(QTextFormat::BlockCodeFence) || bf.hasProperty(QTextFormat::BlockCodeLanguage)) {
            QTextBlockFormat code = bf;
            code.setBackground(dark ? QColor(0x1e, 0x22, 0x2a) : QColor(0xf3, 0xf4, 0xf6));
            cursor.setPosition(b.position());
            cursor.setBlockFormat(code);
            cursor.setPosition(b.position() + b.length() - 1, QTextCursor::KeepAnchor);
            QTextCharFormat cf;
            cf.setFont(mono);
            cursor.mergeCharFormat(cf);
        }
    }
    highlightCode(doc.get(), dark);
    return doc;
}

ChatDelegate::Layout &ChatDelegate::layoutFor(const ChatItem &item, const QFont &font) const
{
    std::shared_ptr<Layout> &slot = m_cache[item.id];
    if (slot && slot->revision == item.revision && slot->width == m_width && slot->expanded == item.expanded)
        return *slot;
    if (!slot)
        slot = std::make_shared<Layout>();
    Layout &l = *slot;
    l.revision = item.revision;
    l.width = m_width;
    l.expanded = item.expanded;
    l.doc.reset();
    l.body.clear();
    l.hiddenLines = 0;
    const QFontMetrics fm(font);
    const int lineH = fm.lineSpacing();
    const int w = contentWidth();
    switch (item.kind) {
    case ChatItem::Kind::User:
    case ChatItem::Kind::Assistant: {
        l.doc = renderMarkdown(item.text, font, m_dark);
        l.doc->setTextWidth(item.kind == ChatItem::Kind::User ? w - Pad : w + 2 * Pad);
        l.height = int(std::ceil(l.doc->size().height())) + 2 * Gap
            + (item.kind == ChatItem::Kind::User ? 2 * Pad + lineH : lineH);
        break;
    }
    case ChatItem::Kind::Thinking:
        if (item.expanded) {
            QFont italic = font;
            italic.setItalic(true);
            l.doc = std::make_unique<QTextDocument>();
            l.doc->setDefaultFont(italic);
            l.doc->setDocumentMargin(0);
            l.doc->setPlainText(item.text);
            l.doc->setTextWidth(w);
            l.height = lineH + int(std::ceil(l.doc->size().height())) + 2 * Gap + Pad;
        } else {
            l.height = lineH + 2 * Gap;
        }
        break;
    case ChatItem::Kind::Tool: {
        l.bodyIsDiff = !item.diff.isEmpty();
        QStringList lines = (l.bodyIsDiff ? item.diff : item.output).split(u'\n');
        while (!lines.isEmpty() && lines.last().isEmpty())
            lines.removeLast();
        if (!item.expanded && lines.size() > MaxBodyLines) {
            if (l.bodyIsDiff) {
                l.hiddenLines = int(lines.size()) - MaxBodyLines;
                lines = lines.mid(0, MaxBodyLines);
            } else { // live output: the tail matters
                l.hiddenLines = int(lines.size()) - MaxBodyLines;
                lines = lines.mid(lines.size() - MaxBodyLines);
            }
        }
        l.body = lines;
        const QFontMetrics mono(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        l.height = 2 * Gap + 2 * Pad + lineH
            + (l.body.isEmpty() ? 0 : Pad / 2 + int(l.body.size()) * mono.lineSpacing())
            + (l.hiddenLines > 0 ? lineH : 0);
        break;
    }
    case ChatItem::Kind::Notice: {
        l.doc = std::make_unique<QTextDocument>();
        l.doc->setDefaultFont(font);
        l.doc->setDocumentMargin(0);
        l.doc->setPlainText(item.text);
        l.doc->setTextWidth(w - 24);
        l.height = int(std::ceil(l.doc->size().height())) + 2 * Gap + 2 * Pad;
        break;
    }
    }
    return l;
}

QSize ChatDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const auto *model = qobject_cast<const ChatModel *>(index.model());
    if (!model)
        return QStyledItemDelegate::sizeHint(option, index);
    return { m_width, layoutFor(model->item(index.row()), option.font).height };
}

void ChatDelegate::paint(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const auto *model = qobject_cast<const ChatModel *>(index.model());
    if (!model)
        return;
    const ChatItem &item = model->item(index.row());
    Layout &l = layoutFor(item, option.font);
    const QPalette &pal = option.palette;
    const QColor text = pal.color(QPalette::Text);
    const QColor base = pal.color(QPalette::Base);
    const QColor muted = mix(text, base, 0.45);
    const QColor accent = pal.color(QPalette::Highlight);
    const QFontMetrics fm(option.font);
    const int lineH = fm.lineSpacing();
    const QRect r = option.rect.adjusted(Margin, Gap, -Margin, -Gap);

    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    auto drawDoc = [&](QTextDocument *doc, QPoint at, const QColor &color) {
        p->save();
        p->translate(at);
        QAbstractTextDocumentLayout::PaintContext ctx;
        ctx.palette = pal;
        ctx.palette.setColor(QPalette::Text, color);
        doc->documentLayout()->draw(p, ctx);
        p->restore();
    };
    QFont bold = option.font;
    bold.setBold(true);

    switch (item.kind) {
    case ChatItem::Kind::User: {
        p->setPen(Qt::NoPen);
        p->setBrush(mix(base, accent, m_dark ? 0.22 : 0.10));
        p->drawRoundedRect(r, 8, 8);
        p->setFont(bold);
        p->setPen(muted);
        p->drawText(r.adjusted(Pad, Pad, -Pad, 0), Qt::AlignLeft | Qt::AlignTop, tr("You"));
        drawDoc(l.doc.get(), r.topLeft() + QPoint(Pad, Pad + lineH), text);
        break;
    }
    case ChatItem::Kind::Assistant: {
        p->setFont(bold);
        p->setPen(muted);
        if (item.id.endsWith(QLatin1String("#0")) || item.id.contains(u'~'))
            p->drawText(
                r, Qt::AlignLeft | Qt::AlignTop, item.streaming ? tr("Agent · writing…") : tr("Agent"));
        drawDoc(l.doc.get(), r.topLeft() + QPoint(0, lineH), text);
        break;
    }
    case ChatItem::Kind::Thinking: {
        p->setFont(option.font);
        p->setPen(muted);
        const QString head = (item.expanded ? QStringLiteral("▾ ") : QStringLiteral("▸ "))
            + (item.streaming ? tr("Thinking…")
                              : tr("Thought (%n characters)", nullptr, int(item.text.size())));
        p->drawText(r, Qt::AlignLeft | Qt::AlignTop, head);
        if (l.doc)
            drawDoc(l.doc.get(), r.topLeft() + QPoint(Pad, lineH + Pad / 2), muted);
        break;
    }
    case ChatItem::Kind::Tool: {
        const bool failed = item.status == QLatin1String("error") || item.status == QLatin1String("denied");
        const QColor border = failed ? QColor(0xd0, 0x3a, 0x3a) : mix(base, text, 0.18);
        p->setPen(QPen(border, 1));
        p->setBrush(mix(base, text, m_dark ? 0.06 : 0.03));
        p->drawRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
        QRect head = r.adjusted(Pad, Pad, -Pad, 0);
        head.setHeight(lineH);
        p->setFont(bold);
        p->setPen(text);
        const QString name = item.tool;
        p->drawText(head, Qt::AlignLeft | Qt::AlignVCenter, name);
        const int nameW = QFontMetrics(bold).horizontalAdvance(name) + 10;
        QString right = statusText(item.status);
        const QString duration = durationText(item.started, item.finished);
        if (!duration.isEmpty())
            right += QStringLiteral(" · ") + duration;
        p->setFont(option.font);
        const int rightW = fm.horizontalAdvance(right) + 6;
        p->setPen(failed ? QColor(0xd0, 0x3a, 0x3a) : muted);
        p->drawText(head, Qt::AlignRight | Qt::AlignVCenter, right);
        p->setPen(muted);
        const QString summary = ChatModel::inputSummary(item.tool, item.input);
        p->drawText(head.adjusted(nameW, 0, -rightW, 0), Qt::AlignLeft | Qt::AlignVCenter,
            fm.elidedText(summary, Qt::ElideMiddle, head.width() - nameW - rightW));
        const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        const QFontMetrics mfm(mono);
        p->setFont(mono);
        int y = head.bottom() + 1 + Pad / 2;
        const QColor added = m_dark ? QColor(0x2e, 0x5e, 0x3a) : QColor(0xd8, 0xf5, 0xdd);
        const QColor removed = m_dark ? QColor(0x6a, 0x2c, 0x2c) : QColor(0xfb, 0xdd, 0xdd);
        for (const QString &line : std::as_const(l.body)) {
            const QRect lr(r.left() + 1, y, r.width() - 2, mfm.lineSpacing());
            if (l.bodyIsDiff) {
                if (line.startsWith(u'+') && !line.startsWith(QLatin1String("+++")))
                    p->fillRect(lr, added);
                else if (line.startsWith(u'-') && !line.startsWith(QLatin1String("---")))
                    p->fillRect(lr, removed);
                else if (line.startsWith(QLatin1String("@@")))
                    p->setPen(accent);
            }
            p->setPen(line.startsWith(QLatin1String("@@")) && l.bodyIsDiff ? accent : text);
            p->drawText(lr.adjusted(Pad - 1, 0, -Pad, 0), Qt::AlignLeft | Qt::AlignVCenter,
                mfm.elidedText(line, Qt::ElideRight, lr.width() - 2 * Pad));
            y += mfm.lineSpacing();
        }
        if (l.hiddenLines > 0) {
            p->setFont(option.font);
            p->setPen(muted);
            p->drawText(QRect(r.left() + Pad, y, r.width() - 2 * Pad, lineH),
                Qt::AlignLeft | Qt::AlignVCenter,
                tr("%n more line(s), click to expand", nullptr, l.hiddenLines));
        }
        break;
    }
    case ChatItem::Kind::Notice: {
        const bool info = item.noticeKind == QLatin1String("info");
        const QColor c = info ? muted : QColor(0xd0, 0x3a, 0x3a);
        p->setPen(QPen(c, 1));
        p->setBrush(info ? Qt::NoBrush : QBrush(mix(base, c, m_dark ? 0.20 : 0.08)));
        p->drawRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
        p->setBrush(c);
        p->setPen(Qt::NoPen);
        p->drawEllipse(QRect(r.left() + Pad, r.top() + Pad + 3, 10, 10));
        drawDoc(l.doc.get(), r.topLeft() + QPoint(Pad + 18, Pad), text);
        break;
    }
    }
    p->restore();
}

} // namespace Proto
