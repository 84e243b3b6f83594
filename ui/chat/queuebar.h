#pragma once

#include "promptqueue.h"

#include <QFrame>

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace Proto {

// Above the composer: the prompts that wait to be sent (PromptQueue), each with Edit and
// Remove, and why they wait ("the provider cannot be reached — trying again in 8 s", with
// Retry now). Hidden when nothing waits.
class QueueBar final : public QFrame
{
    Q_OBJECT

public:
    explicit QueueBar(QWidget *parent = nullptr);

    void setItems(const QList<PromptQueue::Item> &items);
    void setReason(const QString &reason, bool canRetry);

Q_SIGNALS:
    void editRequested(const QString &id);
    void removeRequested(const QString &id);
    void retryRequested();

private:
    void updateVisibility();

    QLabel *m_reason = nullptr;
    QPushButton *m_retry = nullptr;
    QVBoxLayout *m_rows = nullptr;
    QList<PromptQueue::Item> m_items; // what the rows show
};

} // namespace Proto
