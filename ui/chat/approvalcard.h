#pragma once

#include "approvalbroker.h"
#include "cardframe.h"
#include "codebox.h"

#include <QPointer>

class QLabel;
class QLineEdit;
class QPushButton;

namespace Proto {

// The question "may this tool call run?" shown above the composer: Allow once, Allow always
// for the proposed pattern, Deny with an optional reason. Answers the broker by id; hides itself
// when the request is answered or cancelled elsewhere.
//
// Everything the model wrote is shown as plain text, whole: the command (or path, or input) in
// a scrollable monospace box with hidden characters as highlighted escapes (VisibleText), the
// diff a file change will make, and the exact rule "Always Allow" remembers. Nothing is
// rendered as rich text and nothing is cut without saying so.
class ApprovalCard final : public CardFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApprovalCard)

public:
    // Shown whole up to these sizes; beyond, the box says what was left out.
    static constexpr qsizetype MaxDetailChars = 100000;
    static constexpr qsizetype MaxDiffChars = 200000;
    static constexpr qsizetype MaxRuleInButton = 60; // longer rules are elided there, shown below

    ApprovalCard(ApprovalBroker *broker, QWidget *parent = nullptr);
    ~ApprovalCard() override;

    void ask(ApprovalRequest *request);
    QString requestId() const { return m_id; }
    bool isWaiting() const { return !m_id.isEmpty(); }

    QPushButton *allowOnceButton() const { return m_allowOnce; }
    QPushButton *allowAlwaysButton() const { return m_allowAlways; }
    QPushButton *denyButton() const { return m_deny; }
    QLineEdit *reasonEdit() const { return m_reason; }
    QPlainTextEdit *detailView() const { return m_detail; }
    QPlainTextEdit *diffView() const { return m_diff; }
    QLabel *previewLabel() const { return m_previewLabel; }
    QPlainTextEdit *ruleView() const { return m_rule; }

    // Qt button text for a literal string: "&" doubled so it is not taken for a mnemonic.
    static QString buttonText(const QString &literal);

Q_SIGNALS:
    void finished();

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void done();
    void render(); // fills the boxes from m_spec with the palette's colours
    void updateHeights();

    ApprovalBroker *m_broker;
    QString m_id;
    ApprovalRequest::Spec m_spec;
    QLabel *m_title;
    QLabel *m_why;
    QLabel *m_detailNote;
    CodeBox *m_detail;
    QLabel *m_previewLabel;
    CodeBox *m_diff;
    QLabel *m_diffNote;
    QLabel *m_ruleLabel;
    CodeBox *m_rule;
    QLineEdit *m_reason;
    QPushButton *m_allowOnce;
    QPushButton *m_allowAlways;
    QPushButton *m_deny;
};

} // namespace Proto
