#pragma once

#include <QPlainTextEdit>

namespace Proto {

// The message input: Enter sends, Shift+Enter (or Ctrl+Enter) inserts a newline; grows with
// its text up to a limit.
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

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    int linesHeight(int lines) const;
};

} // namespace Proto
