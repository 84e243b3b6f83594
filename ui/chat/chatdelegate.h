#pragma once

#include <QHash>
#include <QStyledItemDelegate>

#include <memory>

class QTextDocument;

namespace Proto {

struct ChatItem;

// Paints the chat's items: messages as markdown (QTextDocument per item, laid out once per width
// and cached), fenced code highlighted with KSyntaxHighlighting, thinking collapsed, tool calls as
// cards (name, input, live output, status, duration, coloured diff), notices as error cards.
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

    // The markdown document of a message as laid out (for tests and copying code).
    static std::unique_ptr<QTextDocument> renderMarkdown(
        const QString &markdown, const QFont &font, bool dark);

private:
    struct Layout;
    Layout &layoutFor(const ChatItem &item, const QFont &font) const;
    int contentWidth() const;

    int m_width = 600;
    bool m_dark = false;
    mutable QHash<QString, std::shared_ptr<Layout>> m_cache;
};

} // namespace Proto
