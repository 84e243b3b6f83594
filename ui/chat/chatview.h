#pragma once

#include <QListView>

namespace Proto {

class ChatDelegate;
class ChatModel;

// The virtualised conversation list: per-pixel scrolling, follows the end while the user is at
// the bottom, click toggles thinking / long tool output, a context menu copies a message or its
// code blocks.
class ChatView final : public QListView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatView)

public:
    ChatView(ChatModel *model, QWidget *parent = nullptr);
    ~ChatView() override;

    ChatDelegate *chatDelegate() const { return m_delegate; }
    ChatModel *chatModel() const { return m_model; }
    bool isFollowing() const { return m_follow; }

    // The text the copy actions put on the clipboard for a row.
    QString messageText(int row) const;
    QString codeText(int row) const;
    // Opens a tool card's image at full size (also on a click on the thumbnail).
    class ImageViewerDialog *openImage(int row);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    void updateDark();
    void keepAtEnd();
    // Lays out the rows on screen exactly before they are painted (see ChatDelegate).
    void measureVisible();

    ChatModel *m_model;
    ChatDelegate *m_delegate;
    bool m_follow = true;
};

} // namespace Proto
