#include "chatdelegate.h"

#include "chatmodel.h"
#include "visibletext.h"

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/State>
#include <KSyntaxHighlighting/Theme>
#include <QAbstractTextDocumentLayout>
#include <QApplication>
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
    struct Block
    {
        QString text;
        std::unique_ptr<QTextDocument> doc;
        int top = 0;
    };

    quint64 revision = 0;
    int width = -1;
    bool expanded = false;
    std::unique_ptr<QTextDocument> doc; // a finished message, thinking, a notice
    std::vector<Block> blocks; // a streaming message, one document per markdown block
    QStringList body; // tool output or diff lines shown
    bool bodyIsDiff = false;
    QImage thumbnail; // the tool's (or the attached) image, scaled to fit the card
    int attachTop = 0; // user messages: where the attachment lines start, from the row's top
    QRect imageRect; // relative to the row's top left
    int hiddenLines = 0;
    int height = 0;
};

ChatDelegate::ChatDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
    , m_layouts(MaxCachedLayouts)
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
        m_layouts.clear(); // colours are baked into the documents; heights stay
    }
}

void ChatDelegate::clearCache()
{
    m_layouts.clear();
    m_heights.clear();
}

int ChatDelegate::cachedLayouts() const
{
    return int(m_layouts.size());
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
    // Raw HTML in the model's markdown shows as the text it is: no hidden comments, colours or
    // sizes that make part of a message invisible.
    doc->setMarkdown(markdown,
        QTextDocument::MarkdownFeatures(
            QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML));
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

QStringList ChatDelegate::markdownBlocks(const QString &markdown)
{
    QStringList blocks;
    QString fence; // the open fence's marker ("```", "~~~~"), empty outside code
    qsizetype blockStart = 0;
    qsizetype pos = 0;
    bool blank = false; // the previous line was blank (outside code)
    const qsizetype n = markdown.size();
    while (pos < n) {
        qsizetype eol = markdown.indexOf(u'\n', pos);
        if (eol < 0)
            eol = n;
        const QStringView line = QStringView(markdown).mid(pos, eol - pos);
        const QStringView trimmed = line.trimmed();
        if (fence.isEmpty()) {
            const bool isBlank = trimmed.isEmpty();
            // A new block starts at an unindented line after a blank one.
            if (blank && !isBlank && !line.isEmpty() && !line.front().isSpace() && pos > blockStart) {
                blocks.append(markdown.mid(blockStart, pos - blockStart));
                blockStart = pos;
            }
            blank = isBlank;
            if (trimmed.startsWith(QLatin1String("```")) || trimmed.startsWith(QLatin1String("~~~"))) {
                const QChar c = trimmed.front();
                qsizetype k = 0;
                while (k < trimmed.size() && trimmed.at(k) == c)
                    ++k;
                fence = trimmed.left(k).toString();
            }
        } else if (trimmed.startsWith(fence) && trimmed.mid(fence.size()).trimmed().isEmpty()) {
            fence.clear();
            blank = false;
        }
        pos = eol + 1;
    }
    if (blockStart < n)
        blocks.append(markdown.mid(blockStart));
    return blocks;
}

namespace {

// Lines of a tool's output or diff as the card shows them (without splitting the whole text).
int countLines(const QString &text)
{
    if (text.isEmpty())
        return 0;
    qsizetype end = text.size();
    while (end > 0 && text.at(end - 1) == u'\n')
        --end;
    if (end == 0)
        return 1;
    return int(QStringView(text).left(end).count(u'\n')) + 1;
}

} // namespace

int ChatDelegate::estimate(const ChatItem &item, const QFont &font) const
{
    const QFontMetrics fm(font);
    const int lineH = fm.lineSpacing();
    const int w = contentWidth() - (item.kind == ChatItem::Kind::User ? Pad : 0);
    const int perLine = std::max(10, w / std::max(1, fm.averageCharWidth()));
    int lines = 0;
    qsizetype pos = 0;
    const qsizetype n = item.text.size();
    while (pos <= n) {
        qsizetype eol = item.text.indexOf(u'\n', pos);
        if (eol < 0)
            eol = n;
        const qsizetype len = eol - pos;
        lines += len == 0 ? 1 : int((len + perLine - 1) / perLine);
        pos = eol + 1;
    }
    const int body = lines * lineH;
    switch (item.kind) {
    case ChatItem::Kind::User:
        return body + 2 * Gap + 2 * Pad + lineH + attachmentsHeight(item, lineH);
    case ChatItem::Kind::Assistant:
        return body + 2 * Gap + lineH;
    case ChatItem::Kind::Thinking:
        return item.expanded ? lineH + body + 2 * Gap + Pad : lineH + 2 * Gap;
    case ChatItem::Kind::Notice:
        return body + 2 * Gap + 2 * Pad;
    case ChatItem::Kind::Tool:
        break;
    }
    return lineH + 2 * Gap;
}

ChatDelegate::Layout &ChatDelegate::layoutFor(const ChatItem &item, const QFont &font) const
{
    Layout *found = m_layouts.object(item.id);
    if (found && found->revision == item.revision && found->width == m_width
        && found->expanded == item.expanded)
        return *found;
    auto fresh = std::make_unique<Layout>();
    Layout &l = *fresh;
    l.revision = item.revision;
    l.width = m_width;
    l.expanded = item.expanded;
    const QFontMetrics fm(font);
    const int lineH = fm.lineSpacing();
    const int w = contentWidth();
    switch (item.kind) {
    case ChatItem::Kind::User:
    case ChatItem::Kind::Assistant: {
        const int textWidth = item.kind == ChatItem::Kind::User ? w - Pad : w + 2 * Pad;
        int docHeight = 0;
        if (item.streaming && item.kind == ChatItem::Kind::Assistant) {
            // Only the last block changes while text streams in: keep the others' documents.
            const QStringList texts = markdownBlocks(item.text);
            const bool reuse = found && found->width == m_width;
            int top = 0;
            for (qsizetype i = 0; i < texts.size(); ++i) {
                Layout::Block block;
                block.text = texts.at(i);
                if (reuse && i < qsizetype(found->blocks.size())
                    && found->blocks[size_t(i)].text == block.text)
                    block.doc = std::move(found->blocks[size_t(i)].doc);
                if (!block.doc) {
                    block.doc = renderMarkdown(block.text, font, m_dark);
                    block.doc->setTextWidth(textWidth);
                }
                block.top = top;
                top += int(std::ceil(block.doc->size().height())) + lineH / 2;
                l.blocks.push_back(std::move(block));
            }
            docHeight = std::max(0, top - lineH / 2);
        } else {
            l.doc = renderMarkdown(item.text, font, m_dark);
            l.doc->setTextWidth(textWidth);
            docHeight = int(std::ceil(l.doc->size().height()));
        }
        l.height = docHeight + 2 * Gap + (item.kind == ChatItem::Kind::User ? 2 * Pad + lineH : lineH);
        if (item.kind == ChatItem::Kind::User) {
            // Below the text: a line per attached file, then the first attached image.
            l.attachTop = Gap + Pad + lineH + docHeight + (docHeight > 0 ? Pad / 2 : 0);
            l.height += attachmentsHeight(item, lineH);
            setThumbnail(
                l, item, QPoint(Margin + Pad, l.attachTop + int(item.attachments.size()) * lineH + Pad / 2));
        }
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
            l.hiddenLines = int(lines.size()) - MaxBodyLines;
            // A diff reads from the top; live output's tail matters.
            lines = l.bodyIsDiff ? lines.mid(0, MaxBodyLines) : lines.mid(lines.size() - MaxBodyLines);
        }
        // Controls and bidi overrides in output or diff lines show as escapes, not as effects.
        VisibleText::Options visible;
        visible.mode = VisibleText::Mode::Terminal;
        visible.keepNewlines = false;
        visible.keepTabs = true;
        for (QString &line : lines)
            line = VisibleText::escaped(line, visible);
        l.body = lines;
        int imageTop = 0;
        l.height = toolHeight(item, font, &imageTop);
        setThumbnail(l, item, QPoint(Margin + Pad, imageTop));
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
    Layout *raw = fresh.release();
    m_layouts.insert(item.id, raw); // replaces (and deletes) the old layout
    return *raw;
}

QSize ChatDelegate::thumbnailSize(const ChatItem &item) const
{
    if (item.image.isEmpty() || item.imageSize.isEmpty())
        return {};
    const int width = contentWidth() - (item.kind == ChatItem::Kind::User ? 2 * Pad : 0);
    const QSize box(
        std::min(width, item.imageSize.width()), std::min(MaxImageHeight, item.imageSize.height()));
    return item.imageSize.scaled(box, Qt::KeepAspectRatio);
}

int ChatDelegate::attachmentsHeight(const ChatItem &item, int lineH) const
{
    if (item.attachments.isEmpty())
        return 0;
    const QSize thumb = thumbnailSize(item);
    return int(item.attachments.size()) * lineH + Pad / 2 + (thumb.isEmpty() ? 0 : thumb.height() + Pad / 2);
}

void ChatDelegate::setThumbnail(Layout &l, const ChatItem &item, QPoint topLeft) const
{
    if (item.image.isEmpty())
        return;
    const QSize size = thumbnailSize(item);
    const qreal dpr = qApp ? qApp->devicePixelRatio() : 1.0;
    const QImage full = QImage::fromData(item.image);
    if (!full.isNull()) {
        l.thumbnail = full.scaled(size * dpr, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        l.thumbnail.setDevicePixelRatio(dpr);
    }
    l.imageRect = QRect(topLeft, size);
}

// The card: a head line, at most MaxBodyLines of output or diff unless expanded (a line saying
// how many are hidden), then the image.
int ChatDelegate::toolHeight(const ChatItem &item, const QFont &font, int *imageTop) const
{
    const QFontMetrics fm(font);
    const QFontMetrics mono(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    const int total = countLines(item.diff.isEmpty() ? item.output : item.diff);
    const int shown = item.expanded ? total : std::min(total, MaxBodyLines);
    int y = Gap + Pad + fm.lineSpacing() + (shown == 0 ? 0 : Pad / 2 + shown * mono.lineSpacing())
        + (total > shown ? fm.lineSpacing() : 0);
    const QSize thumb = thumbnailSize(item);
    if (!thumb.isEmpty()) {
        y += Pad / 2;
        if (imageTop)
            *imageTop = y;
        y += thumb.height();
    }
    return y + Pad + Gap;
}

QRect ChatDelegate::imageRect(const ChatItem &item, const QFont &font) const
{
    if (item.image.isEmpty())
        return {};
    if (item.kind == ChatItem::Kind::User)
        return layoutFor(item, font).imageRect;
    if (item.kind != ChatItem::Kind::Tool)
        return {};
    int top = 0;
    toolHeight(item, font, &top);
    return QRect(QPoint(Margin + Pad, top), thumbnailSize(item));
}

bool ChatDelegate::isExact(const ChatItem &item) const
{
    const auto it = m_heights.constFind(item.id);
    return it != m_heights.cend() && it->exact && it->revision == item.revision && it->width == m_width
        && it->expanded == item.expanded;
}

QSize ChatDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const auto *model = qobject_cast<const ChatModel *>(index.model());
    if (!model)
        return QStyledItemDelegate::sizeHint(option, index);
    const ChatItem &item = model->item(index.row());
    Height &h = m_heights[item.id];
    if (h.revision == item.revision && h.width == m_width && h.expanded == item.expanded)
        return { m_width, h.height };
    h.revision = item.revision;
    h.width = m_width;
    h.expanded = item.expanded;
    if (item.kind == ChatItem::Kind::Tool) {
        h.height = toolHeight(item, option.font); // exact without laying out
        h.exact = true;
    } else if (item.kind == ChatItem::Kind::Thinking && !item.expanded) {
        h.height = QFontMetrics(option.font).lineSpacing() + 2 * Gap;
        h.exact = true;
    } else if (const Layout *l = m_layouts.object(item.id);
        l && l->revision == item.revision && l->width == m_width && l->expanded == item.expanded) {
        h.height = l->height;
        h.exact = true;
    } else {
        h.height = estimate(item, option.font);
        h.exact = false;
    }
    return { m_width, h.height };
}

bool ChatDelegate::measure(const ChatModel &model, int first, int last, const QFont &font)
{
    bool changed = false;
    first = std::max(0, first);
    last = std::min(last, model.rowCount() - 1);
    for (int row = first; row <= last; ++row) {
        const ChatItem &item = model.item(row);
        if (isExact(item))
            continue;
        const int height = layoutFor(item, font).height;
        Height &h = m_heights[item.id];
        if (h.height != height || h.revision != item.revision || h.width != m_width
            || h.expanded != item.expanded)
            changed = true;
        h = Height { item.revision, m_width, item.expanded, true, height };
    }
    return changed;
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
    // Only what can be seen is drawn: a long message is mostly off screen.
    const QRect visible = option.widget ? option.rect & option.widget->rect() : option.rect;
    auto drawDoc = [&](QTextDocument *doc, QPoint at, const QColor &color) {
        const QRect clip = visible.translated(-at);
        if (!clip.intersects(QRect(QPoint(0, 0), doc->size().toSize())))
            return;
        p->save();
        p->translate(at);
        QAbstractTextDocumentLayout::PaintContext ctx;
        ctx.palette = pal;
        ctx.palette.setColor(QPalette::Text, color);
        ctx.clip = QRectF(clip);
        doc->documentLayout()->draw(p, ctx);
        p->restore();
    };
    QFont bold = option.font;
    bold.setBold(true);
    auto drawThumbnail = [&](const Layout &layout) {
        if (layout.thumbnail.isNull())
            return;
        const QRect target = layout.imageRect.translated(option.rect.topLeft());
        p->drawImage(target, layout.thumbnail);
        p->setPen(QPen(mix(base, text, 0.25), 1));
        p->setBrush(Qt::NoBrush);
        p->drawRect(QRectF(target).adjusted(-0.5, -0.5, 0.5, 0.5));
    };

    switch (item.kind) {
    case ChatItem::Kind::User: {
        p->setPen(Qt::NoPen);
        p->setBrush(mix(base, accent, m_dark ? 0.22 : 0.10));
        p->drawRoundedRect(r, 8, 8);
        p->setFont(bold);
        p->setPen(muted);
        p->drawText(r.adjusted(Pad, Pad, -Pad, 0), Qt::AlignLeft | Qt::AlignTop, tr("You"));
        drawDoc(l.doc.get(), r.topLeft() + QPoint(Pad, Pad + lineH), text);
        p->setFont(option.font);
        int y = option.rect.top() + l.attachTop;
        for (const QString &attachment : item.attachments) {
            const QRect line(r.left() + Pad, y, r.width() - 2 * Pad, lineH);
            p->setPen(muted);
            p->drawText(line, Qt::AlignLeft | Qt::AlignVCenter,
                fm.elidedText(QStringLiteral("• ") + attachment, Qt::ElideMiddle, line.width()));
            y += lineH;
        }
        drawThumbnail(l);
        break;
    }
    case ChatItem::Kind::Assistant: {
        p->setFont(bold);
        p->setPen(muted);
        if (item.id.endsWith(QLatin1String("#0")) || item.id.contains(u'~'))
            p->drawText(
                r, Qt::AlignLeft | Qt::AlignTop, item.streaming ? tr("Agent · writing…") : tr("Agent"));
        if (l.doc)
            drawDoc(l.doc.get(), r.topLeft() + QPoint(0, lineH), text);
        for (const Layout::Block &block : l.blocks)
            drawDoc(block.doc.get(), r.topLeft() + QPoint(0, lineH + block.top), text);
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
        const QString name = VisibleText::line(item.tool.left(100));
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
        drawThumbnail(l);
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
