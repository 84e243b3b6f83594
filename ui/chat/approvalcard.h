#pragma once

#include "cardframe.h"

#include <QPointer>

class QLabel;
class QLineEdit;
class QPushButton;

namespace Proto {

class ApprovalBroker;
class ApprovalRequest;

// The question "may this tool call run?" shown above the composer: Allow once, Allow always
// for the proposed pattern, Deny with an optional reason. Answers the broker by id; hides itself
// when the request is answered or cancelled elsewhere.
class ApprovalCard final : public CardFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApprovalCard)

public:
    ApprovalCard(ApprovalBroker *broker, QWidget *parent = nullptr);
    ~ApprovalCard() override;

    void ask(ApprovalRequest *request);
    QString requestId() const { return m_id; }
    bool isWaiting() const { return !m_id.isEmpty(); }

    QPushButton *allowOnceButton() const { return m_allowOnce; }
    QPushButton *allowAlwaysButton() const { return m_allowAlways; }
    QPushButton *denyButton() const { return m_deny; }
    QLineEdit *reasonEdit() const { return m_reason; }

Q_SIGNALS:
    void finished();

private:
    void done();

    ApprovalBroker *m_broker;
    QString m_id;
    QLabel *m_title;
    QLabel *m_summary;
    QLineEdit *m_reason;
    QPushButton *m_allowOnce;
    QPushButton *m_allowAlways;
    QPushButton *m_deny;
};

} // namespace Proto
