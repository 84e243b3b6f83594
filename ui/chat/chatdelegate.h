#pragma once

#include <QCache>
#include <QHash>
#include <QStyledItemDelegate>

#include <memory>

class QTextDocument;

namespace Proto {

struct ChatItem;
class ChatModel;

// Paints the chat's items: messages as markdown, fenced code highlighted with
// KSyntaxHighlighting, thinking collapsed, tool calls as cards (name, input, live output, status,
// duration, coloured diff), notices as error cards.
//
// Built for long sessions: a row's height is estimated from its text until the row is shown;
// ChatView measures the rows it is about to paint (measure()) and re-lays out when an estimate
// was off, so opening thousands of messages lays out only what is on screen. Laid-out documents
// live in a bounded LRU cache (memory stays flat however long the session), heights in a small
// table. A message that is still streaming is rendered as a stack of documents, one per
// top-level markdown block, so each new delta re-renders only the last block.
class ChatDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatDelegate)

public:
    explicit ChatDelegate(QObject *parent = nullptr);
    ~ChatDelegate() override;

    void paint(
        QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    void setWidth(int width);
    void setDark(bool dark);
    void clearCache();

    // Lays out rows first..last exactly (as they are about to be shown); true when a height
    // differs from what sizeHint() said before, i.e. the view must lay out its items again.
    bool measure(const ChatModel &model, int first, int last, const QFont &font);
    // Whether sizeHint() of the row is its exact height (not an estimate).
    bool isExact(const ChatItem &item) const;
    // Where a tool card's image (a screenshot) is drawn inside the row's rect, in the row's
    // coordinates; empty when the row has none.
    QRect imageRect(const ChatItem &item, const QFont &font) const;
    static constexpr int MaxImageHeight = 260;
    int cachedLayouts() const;
    static constexpr int MaxCachedLayouts = 256;

    // The markdown document of a message as laid out (for tests and copying code).
    static std::unique_ptr<QTextDocument> renderMarkdown(
        const QString &markdown, const QFont &font, bool dark);
    // Top-level markdown blocks (split at blank lines outside fenced code), as streamed text
    // is rendered.
    static QStringList markdownBlocks(const QString &markdown);

private:
    struct Layout;
    struct Height
    {
        quint64 revision = 0;
        int width = -1;
        bool expanded = false;
        bool exact = false;
        int height = 0;
    };
    Layout &layoutFor(const ChatItem &item, const QFont &font) const;
    int estimate(const ChatItem &item, const QFont &font) const;
    int toolHeight(const ChatItem &item, const QFont &font, int *imageTop = nullptr) const;
    QSize thumbnailSize(const ChatItem &item) const;
    int attachmentsHeight(const ChatItem &item, int lineH) const; // user messages' files
    void setThumbnail(Layout &l, const ChatItem &item, QPoint topLeft) const;
    int contentWidth() const;

    int m_width = 600;
    bool m_dark = false;
    mutable QCache<QString, Layout> m_layouts;
    mutable QHash<QString, Height> m_heights;
};

} // namespace Proto
