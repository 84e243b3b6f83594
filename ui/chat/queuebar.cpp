#include "queuebar.h"

#include "visibletext.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace Proto {

QueueBar::QueueBar(QWidget *parent)
    : QFrame(parent)
    , m_reason(new QLabel(this))
    , m_retry(new QPushButton(tr("Retry now"), this))
    , m_rows(new QVBoxLayout)
{
    setObjectName(QStringLiteral("chatQueueBar"));
    setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->setSpacing(2);
    auto *head = new QHBoxLayout;
    m_reason->setObjectName(QStringLiteral("chatQueueReason"));
    m_reason->setTextFormat(Qt::PlainText);
    m_reason->setWordWrap(true);
    m_retry->setObjectName(QStringLiteral("chatQueueRetry"));
    head->addWidget(m_reason, 1);
    head->addWidget(m_retry);
    layout->addLayout(head);
    m_rows->setSpacing(0);
    layout->addLayout(m_rows);
    connect(m_retry, &QPushButton::clicked, this, &QueueBar::retryRequested);
    m_retry->hide();
    hide();
}

void QueueBar::setItems(const QList<PromptQueue::Item> &items)
{
    // The same prompts: the rows stay (the countdown calls this every second).
    const auto same = [](const PromptQueue::Item &a, const PromptQueue::Item &b) {
        return a.id == b.id && a.text == b.text && a.attachments == b.attachments;
    };
    if (std::equal(items.begin(), items.end(), m_items.begin(), m_items.end(), same))
        return;
    m_items = items;
    while (QLayoutItem *item = m_rows->takeAt(0)) {
        if (QWidget *w = item->widget())
            w->deleteLater();
        delete item;
    }
    int n = 0;
    for (const PromptQueue::Item &item : items) {
        auto *row = new QWidget(this);
        row->setObjectName(QStringLiteral("chatQueueItem"));
        auto *h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        QString text = item.text.section(u'\n', 0, 0).left(200);
        if (text.isEmpty())
            text = tr("(%n attachment(s))", nullptr, int(item.attachments.size()));
        else if (!item.attachments.isEmpty())
            text += tr(" (+%n attachment(s))", nullptr, int(item.attachments.size()));
        // Plain text with control characters shown: a queued prompt may hold pasted anything.
        auto *label = new QLabel(tr("%1. %2").arg(++n).arg(VisibleText::line(text)), row);
        label->setTextFormat(Qt::PlainText);
        label->setToolTip(VisibleText::asRichText(item.text.left(2000)));
        auto *edit = new QToolButton(row);
        edit->setText(tr("Edit"));
        edit->setObjectName(QStringLiteral("chatQueueEdit"));
        auto *remove = new QToolButton(row);
        remove->setText(tr("Remove"));
        remove->setObjectName(QStringLiteral("chatQueueRemove"));
        const QString id = item.id;
        connect(edit, &QToolButton::clicked, this, [this, id] { Q_EMIT editRequested(id); });
        connect(remove, &QToolButton::clicked, this, [this, id] { Q_EMIT removeRequested(id); });
        h->addWidget(label, 1);
        h->addWidget(edit);
        h->addWidget(remove);
        m_rows->addWidget(row);
        row->show(); // now, not at the next turn of the event loop
    }
    updateVisibility();
}

void QueueBar::setReason(const QString &reason, bool canRetry)
{
    m_reason->setText(reason);
    m_retry->setVisible(canRetry);
    updateVisibility();
}

void QueueBar::updateVisibility()
{
    setVisible(!m_items.isEmpty() || m_retry->isVisibleTo(this));
}

} // namespace Proto
