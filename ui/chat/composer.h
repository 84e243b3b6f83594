#pragma once

#include <QPlainTextEdit>

namespace Proto {

// The message input: Enter sends, Shift+Enter (or Ctrl+Enter) inserts a newline; grows with
// its text up to a limit. Files dropped or pasted on it, and pasted images, are handed to the
// panel as attachments instead of being inserted as text.
class Composer final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Composer)

public:
    explicit Composer(QWidget *parent = nullptr);
    ~Composer() override;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void sendRequested();
    void filesDropped(const QStringList &paths); // local files, dropped or pasted
    void imagePasted(const QImage &image);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;

private:
    int linesHeight(int lines) const;
    static QStringList localFiles(const QMimeData *source); // empty unless all are local files
};

} // namespace Proto
