#include "sessionview.h"

#include "icons.h"
#include "sessionpage.h"

#include <QAction>
#include <QDir>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace Proto {

SessionView::SessionView(const PanelRegistry &registry, const PanelContext &context, QWidget *parent)
    : QWidget(parent)
    , m_registry(registry)
    , m_context(context)
    , m_header(new QWidget(this))
    , m_title(new QLabel(m_header))
    , m_subtitle(new QLabel(m_header))
    , m_agentInfo(new QLabel(m_header))
    , m_changeAgent(new QPushButton(m_header))
    , m_stack(new QStackedWidget(this))
    , m_empty(new QWidget(this))
    , m_emptyButton(new QPushButton(m_empty))
{
    setObjectName(QStringLiteral("sessionArea"));
    m_header->setObjectName(QStringLiteral("sessionHeader"));
    m_title->setObjectName(QStringLiteral("sessionTitle"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subtitle->setObjectName(QStringLiteral("sessionSubtitle"));
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *headerLayout = new QVBoxLayout(m_header);
    headerLayout->setContentsMargins(20, 14, 20, 12);
    headerLayout->setSpacing(2);
    headerLayout->addWidget(m_title);
    headerLayout->addWidget(m_subtitle);
    m_agentInfo->setObjectName(QStringLiteral("sessionAgentInfo"));
    m_agentInfo->setForegroundRole(QPalette::PlaceholderText);
    m_agentInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_changeAgent->setObjectName(QStringLiteral("changeAgentButton"));
    m_changeAgent->setText(tr("Change…"));
    m_changeAgent->setToolTip(tr("Choose another provider, model or agent for this session"));
    m_changeAgent->setFlat(true);
    connect(m_changeAgent, &QPushButton::clicked, this, [this] {
        if (!m_currentId.isEmpty())
            Q_EMIT agentChangeRequested(m_currentId);
    });
    auto *agentLayout = new QHBoxLayout;
    agentLayout->setContentsMargins(0, 0, 0, 0);
    agentLayout->addWidget(m_agentInfo);
    agentLayout->addWidget(m_changeAgent);
    agentLayout->addStretch(1);
    headerLayout->addLayout(agentLayout);

    auto *line = new QFrame(this);
    m_headerLine = line;
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Plain);
    line->setForegroundRole(QPalette::Mid);

    // Empty state: no session selected.
    m_empty->setObjectName(QStringLiteral("sessionEmptyState"));
    auto *emptyTitle = new QLabel(tr("No session selected"), m_empty);
    emptyTitle->setObjectName(QStringLiteral("emptyTitle"));
    emptyTitle->setAlignment(Qt::AlignCenter);
    QFont f = emptyTitle->font();
    f.setPointSizeF(f.pointSizeF() * 1.35);
    f.setWeight(QFont::DemiBold);
    emptyTitle->setFont(f);
    auto *emptyText
        = new QLabel(tr("A session is a conversation with an agent, bound to a machine and a working folder. "
                        "Pick one on the left or start a new one."),
            m_empty);
    emptyText->setAlignment(Qt::AlignCenter);
    emptyText->setWordWrap(true);
    emptyText->setFixedWidth(440);
    emptyText->setForegroundRole(QPalette::PlaceholderText);
    m_emptyButton->setObjectName(QStringLiteral("emptyNewSessionButton"));
    auto *emptyLayout = new QVBoxLayout(m_empty);
    emptyLayout->addStretch(2);
    emptyLayout->addWidget(emptyTitle, 0, Qt::AlignHCenter);
    emptyLayout->addSpacing(6);
    // A wrapped label needs a layout that asks it for its height at its width.
    auto *textRow = new QHBoxLayout;
    textRow->addStretch(1);
    textRow->addWidget(emptyText);
    textRow->addStretch(1);
    emptyLayout->addLayout(textRow);
    emptyLayout->addSpacing(14);
    emptyLayout->addWidget(m_emptyButton, 0, Qt::AlignHCenter);
    emptyLayout->addStretch(3);
    m_stack->addWidget(m_empty);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_header);
    layout->addWidget(line);
    layout->addWidget(m_stack, 1);

    applyHeaderFonts();
    showSession(std::nullopt);
}

SessionView::~SessionView() = default;

void SessionView::showSession(const std::optional<SessionRecord> &session, const QString &machineName)
{
    if (!session) {
        m_currentId.clear();
        m_header->hide();
        m_headerLine->hide();
        m_stack->setCurrentWidget(m_empty);
        return;
    }
    SessionPage *page = m_pages.value(session->id);
    if (!page) {
        page = new SessionPage(*session, machineName, m_registry, m_context, m_stack);
        connect(page, &SessionPage::attentionRequested, this,
            [this, id = session->id](const QString &reason) { Q_EMIT attentionRequested(id, reason); });
        if (page->splitter()) {
            if (!m_splitterState.isEmpty())
                page->splitter()->restoreState(m_splitterState);
            QSplitter *splitter = page->splitter();
            connect(splitter, &QSplitter::splitterMoved, this, [this, splitter] {
                m_splitterState = splitter->saveState();
                // Keep every page's panes at the same place.
                for (SessionPage *other : std::as_const(m_pages)) {
                    if (other->splitter() && other->splitter() != splitter)
                        other->splitter()->restoreState(m_splitterState);
                }
            });
        }
        m_stack->addWidget(page);
        m_pages.insert(session->id, page);
    } else {
        page->setSession(*session, machineName);
    }
    m_currentId = session->id;
    updateHeader(*session, machineName);
    m_header->show();
    m_headerLine->show();
    m_stack->setCurrentWidget(page);
}

void SessionView::updateSession(const SessionRecord &session, const QString &machineName)
{
    if (SessionPage *page = m_pages.value(session.id))
        page->setSession(session, machineName);
    if (session.id == m_currentId)
        updateHeader(session, machineName);
}

void SessionView::removeSession(const QString &sessionId)
{
    SessionPage *page = m_pages.take(sessionId);
    if (sessionId == m_currentId)
        showSession(std::nullopt);
    if (page) {
        m_stack->removeWidget(page);
        page->deleteLater();
    }
}

QByteArray SessionView::splitterState() const
{
    return m_splitterState;
}

void SessionView::setSplitterState(const QByteArray &state)
{
    m_splitterState = state;
    for (SessionPage *page : std::as_const(m_pages)) {
        if (page->splitter())
            page->splitter()->restoreState(state);
    }
}

void SessionView::setNewSessionAction(QAction *action)
{
    m_emptyButton->setText(action->text());
    m_emptyButton->setIcon(action->icon());
    connect(m_emptyButton, &QPushButton::clicked, action, &QAction::trigger);
    connect(action, &QAction::changed, m_emptyButton, [this, action] {
        m_emptyButton->setText(action->text());
        m_emptyButton->setIcon(action->icon());
    });
}

void SessionView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        applyHeaderFonts();
    QWidget::changeEvent(event);
}

void SessionView::updateHeader(const SessionRecord &session, const QString &machineName)
{
    m_title->setText(session.title);
    QString folder = session.workingDirectory.isEmpty() ? tr("home folder")
                                                        : QDir::toNativeSeparators(session.workingDirectory);
    if (session.machineId == u"local" && !session.workingDirectory.isEmpty()) {
        const QString home = QDir::homePath();
        if (session.workingDirectory == home)
            folder = QStringLiteral("~");
        else if (session.workingDirectory.startsWith(home + u'/'))
            folder
                = QStringLiteral("~") + QDir::toNativeSeparators(session.workingDirectory.mid(home.size()));
    }
    m_subtitle->setText(tr("%1 — %2").arg(machineName, folder));
    m_subtitle->setToolTip(session.workingDirectory);
    m_agentInfo->setText(tr("Agent %1 · Model %2 · Provider %3")
                             .arg(session.agent.isEmpty() ? tr("(default)") : session.agent,
                                 session.model.isEmpty() ? tr("(default)") : session.model,
                                 session.provider.isEmpty() ? tr("(default)") : session.provider));
}

void SessionView::applyHeaderFonts()
{
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.3);
    f.setWeight(QFont::DemiBold);
    m_title->setFont(f);
}

} // namespace Proto
