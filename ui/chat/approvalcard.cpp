#include "approvalcard.h"

#include "approvalbroker.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Proto {

ApprovalCard::ApprovalCard(ApprovalBroker *broker, QWidget *parent)
    : CardFrame(QColor(0xd9, 0x8e, 0x04), parent)
    , m_broker(broker)
    , m_title(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_reason(new QLineEdit(this))
    , m_allowOnce(new QPushButton(tr("Allow Once"), this))
    , m_allowAlways(new QPushButton(this))
    , m_deny(new QPushButton(tr("Deny"), this))
{
    setObjectName(QStringLiteral("approvalCard"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setWordWrap(true);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_reason->setObjectName(QStringLiteral("approvalReason"));
    m_reason->setPlaceholderText(tr("Reason for denying (told to the agent, optional)"));
    m_allowOnce->setObjectName(QStringLiteral("approvalAllowOnce"));
    m_allowAlways->setObjectName(QStringLiteral("approvalAllowAlways"));
    m_deny->setObjectName(QStringLiteral("approvalDeny"));
    layout->addWidget(m_title);
    layout->addWidget(m_summary);
    layout->addWidget(m_reason);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_deny);
    buttons->addWidget(m_allowAlways);
    buttons->addWidget(m_allowOnce);
    layout->addLayout(buttons);
    m_allowOnce->setDefault(true);

    connect(m_allowOnce, &QPushButton::clicked, this, [this] {
        const QString id = m_id;
        done();
        m_broker->allowOnce(id);
    });
    connect(m_allowAlways, &QPushButton::clicked, this, [this] {
        const QString id = m_id;
        done();
        m_broker->allowAlways(id);
    });
    auto deny = [this] {
        const QString id = m_id;
        const QString reason = m_reason->text().trimmed();
        done();
        m_broker->deny(id, reason);
    };
    connect(m_deny, &QPushButton::clicked, this, deny);
    connect(m_reason, &QLineEdit::returnPressed, this, deny);
    connect(m_broker, &ApprovalBroker::resolved, this, [this](const QString &id) {
        if (id == m_id)
            done();
    });
    hide();
}

ApprovalCard::~ApprovalCard() = default;

void ApprovalCard::ask(ApprovalRequest *request)
{
    m_id = request->id();
    m_title->setText(tr("The agent wants to use %1. Allow it?").arg(request->tool()));
    QString summary = request->summary();
    if (!request->spec().reason.isEmpty())
        summary += u'\n' + tr("(%1)").arg(request->spec().reason);
    m_summary->setText(summary);
    const QString rule = request->proposedRule().toString();
    m_allowAlways->setText(rule.isEmpty() ? tr("Allow Always") : tr("Always Allow %1").arg(rule));
    m_allowAlways->setToolTip(tr("Remember the rule %1 and stop asking for calls that match it").arg(rule));
    m_reason->clear();
    CardFrame::show();
    m_allowOnce->setFocus();
}

void ApprovalCard::done()
{
    if (m_id.isEmpty())
        return;
    m_id.clear();
    hide();
    Q_EMIT finished();
}

} // namespace Proto
