#include "approvalcard.h"

#include "codebox.h"
#include "visibletext.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

#include <climits>

namespace Proto {

namespace {

constexpr int MaxDetailLines = 8;
constexpr int MaxDiffLines = 14;

QLabel *plainLabel(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText); // model text is never rich text
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// The start and the end of a long single line, with a visible "…" between.
QString elideMiddle(const QString &text, qsizetype maxChars)
{
    if (text.size() <= maxChars)
        return text;
    const qsizetype tail = maxChars / 3;
    QString end = text.right(tail);
    if (!end.isEmpty() && end.front().isLowSurrogate())
        end.remove(0, 1);
    return VisibleText::head(text, maxChars - tail - 1) + QStringLiteral("…") + end;
}

} // namespace

ApprovalCard::ApprovalCard(ApprovalBroker *broker, QWidget *parent)
    : CardFrame(QColor(0xd9, 0x8e, 0x04), parent)
    , m_broker(broker)
    , m_title(plainLabel(this, QStringLiteral("approvalTitle")))
    , m_why(plainLabel(this, QStringLiteral("approvalWhy")))
    , m_detailNote(plainLabel(this, QStringLiteral("approvalDetailNote")))
    , m_detail(new CodeBox(this))
    , m_previewLabel(plainLabel(this, QStringLiteral("approvalPreview")))
    , m_diff(new CodeBox(this))
    , m_diffNote(plainLabel(this, QStringLiteral("approvalDiffNote")))
    , m_ruleLabel(plainLabel(this, QStringLiteral("approvalRuleLabel")))
    , m_rule(new CodeBox(this))
    , m_reason(new QLineEdit(this))
    , m_allowOnce(new QPushButton(tr("Allow Once"), this))
    , m_allowAlways(new QPushButton(this))
    , m_deny(new QPushButton(tr("Deny"), this))
{
    setObjectName(QStringLiteral("approvalCard"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum); // never taller than its content
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(6);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    for (QLabel *muted : { m_why, m_detailNote, m_diffNote, m_ruleLabel })
        muted->setForegroundRole(QPalette::PlaceholderText);
    m_detail->setObjectName(QStringLiteral("approvalCommand"));
    m_detail->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_detail->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_diff->setObjectName(QStringLiteral("approvalDiff"));
    m_diff->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_rule->setObjectName(QStringLiteral("approvalRule"));
    m_rule->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_rule->setWordWrapMode(QTextOption::WrapAnywhere);
    m_reason->setObjectName(QStringLiteral("approvalReason"));
    m_reason->setPlaceholderText(tr("Reason for denying (told to the agent, optional)"));
    m_allowOnce->setObjectName(QStringLiteral("approvalAllowOnce"));
    m_allowAlways->setObjectName(QStringLiteral("approvalAllowAlways"));
    m_deny->setObjectName(QStringLiteral("approvalDeny"));
    layout->addWidget(m_title);
    layout->addWidget(m_why);
    layout->addWidget(m_detail);
    layout->addWidget(m_detailNote);
    layout->addWidget(m_previewLabel);
    layout->addWidget(m_diff);
    layout->addWidget(m_diffNote);
    layout->addWidget(m_ruleLabel);
    layout->addWidget(m_rule);
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

QString ApprovalCard::buttonText(const QString &literal)
{
    QString text = literal;
    text.replace(u'&', QStringLiteral("&&"));
    return text;
}

void ApprovalCard::ask(ApprovalRequest *request)
{
    m_id = request->id();
    m_spec = request->spec();
    render();
    m_reason->clear();
    CardFrame::show();
    updateHeights();
    m_allowOnce->setFocus();
}

void ApprovalCard::render()
{
    const ApprovalRequest::Spec &spec = m_spec;
    m_title->setText(
        tr("The agent wants to use %1. Allow it?").arg(VisibleText::line(elideMiddle(spec.tool, 100))));
    QStringList why;
    if (!spec.reason.isEmpty())
        why.append(VisibleText::line(spec.reason));
    if (!spec.workingDirectory.isEmpty())
        why.append(tr("working folder %1").arg(VisibleText::line(spec.workingDirectory)));
    m_why->setText(why.join(QStringLiteral(" · ")));
    m_why->setVisible(!why.isEmpty());

    // The command (path, input) whole, hidden characters as highlighted escapes.
    const QString detail = spec.detail.isEmpty() ? spec.summary : spec.detail;
    VisibleText::Options options;
    options.collapseRuns = true;
    const qsizetype detailCut = m_detail->showText(detail, options, MaxDetailChars);
    QStringList notes;
    const qsizetype lines = detail.count(u'\n') + 1;
    if (lines > 1)
        notes.append(tr("%n line(s), ", nullptr, int(lines))
            + tr("%n character(s)", nullptr, int(std::min<qsizetype>(detail.size(), INT_MAX))));
    if (m_detail->hasMarkers())
        notes.append(tr("characters that would not show (controls, bidi, zero-width, long runs of "
                        "blanks) are shown highlighted as escapes"));
    if (detailCut > 0)
        notes.append(tr("only the first %1 of %2 characters are shown")
                .arg(QLocale().toString(detail.size() - detailCut), QLocale().toString(detail.size())));
    m_detailNote->setText(notes.join(QStringLiteral("; ")));
    m_detailNote->setVisible(!notes.isEmpty());

    // The change a file tool will make, worked out before asking.
    QPalette previewPalette = palette();
    if (spec.hasPreview && !spec.previewError.isEmpty()) {
        m_previewLabel->setText(tr("The change cannot be shown: %1")
                .arg(VisibleText::line(elideMiddle(spec.previewError, 2000))));
        previewPalette.setColor(QPalette::WindowText, QColor(0xd0, 0x3a, 0x3a));
    } else if (spec.hasPreview) {
        m_previewLabel->setText(VisibleText::line(spec.previewSummary));
    }
    m_previewLabel->setPalette(previewPalette);
    m_previewLabel->setVisible(spec.hasPreview);
    const bool showDiff = spec.hasPreview && spec.previewError.isEmpty() && !spec.diff.isEmpty();
    m_diff->setVisible(showDiff);
    qsizetype diffCut = 0;
    if (showDiff)
        diffCut = m_diff->showDiff(spec.diff, MaxDiffChars);
    else
        m_diff->clear();
    QStringList diffNotes;
    if (showDiff && m_diff->hasMarkers())
        diffNotes.append(tr("characters that would not show are highlighted as escapes"));
    if (diffCut > 0)
        diffNotes.append(tr("only the first %1 of %2 characters of the diff are shown")
                .arg(QLocale().toString(spec.diff.size() - diffCut), QLocale().toString(spec.diff.size())));
    m_diffNote->setText(diffNotes.join(QStringLiteral("; ")));
    m_diffNote->setVisible(!diffNotes.isEmpty());

    // "Always Allow" names the rule exactly: "&" is not a mnemonic, a long rule is elided with a
    // visible "…" and shown whole below.
    const QString rule = VisibleText::line(spec.proposedRule.toString());
    // No rule for a protected place (keys, credentials): it is approved once at a time.
    m_allowAlways->setVisible(!spec.proposedRule.tool.isEmpty());
    const bool elided = rule.size() > MaxRuleInButton;
    m_allowAlways->setText(rule.isEmpty()
            ? tr("Allow Always")
            : tr("Always Allow %1").arg(buttonText(elideMiddle(rule, MaxRuleInButton))));
    const QString tip = tr("Remember the rule %1 and stop asking for calls that match it").arg(rule);
    m_allowAlways->setToolTip(VisibleText::asRichText(tip)); // a tooltip would guess at rich text
    m_ruleLabel->setText(tr("“Always Allow” remembers this rule:"));
    m_ruleLabel->setVisible(elided);
    m_rule->setVisible(elided);
    if (elided)
        m_rule->showText(rule, VisibleText::Options {}, MaxDetailChars);
}

void ApprovalCard::updateHeights()
{
    m_detail->fitHeight(MaxDetailLines);
    if (m_diff->isVisible())
        m_diff->fitHeight(MaxDiffLines);
    if (m_rule->isVisible())
        m_rule->fitHeight(3);
}

void ApprovalCard::changeEvent(QEvent *event)
{
    CardFrame::changeEvent(event);
    // The boxes' colours follow the theme, once the children have the new palette too.
    if ((event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) && isWaiting())
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (isWaiting())
                    render();
            },
            Qt::QueuedConnection);
}

void ApprovalCard::resizeEvent(QResizeEvent *event)
{
    CardFrame::resizeEvent(event);
    if (isWaiting())
        updateHeights();
}

void ApprovalCard::done()
{
    if (m_id.isEmpty())
        return;
    m_id.clear();
    m_spec = {};
    hide();
    Q_EMIT finished();
}

} // namespace Proto
