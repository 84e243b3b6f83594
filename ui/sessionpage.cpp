#include "sessionpage.h"

#include "agentactivityview.h"
#include "agentrunner.h"
#include "chatpanel.h"
#include "filespanel.h"
#include "filessessionpanel.h"
#include "sessionlistmodel.h"
#include "terminalpanel.h"
#include "terminalsessionpanel.h"

#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace Proto {

SessionPage::SessionPage(const SessionRecord &session, const QString &machineName,
    const PanelRegistry &registry, const PanelContext &context, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_machineName(machineName)
{
    setObjectName(QStringLiteral("sessionPage"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    if (registry.isEmpty()) {
        buildDetails();
        return;
    }

    const auto primary = registry.factories(PanelRegistry::Area::Primary);
    const auto workspace = registry.factories(PanelRegistry::Area::Workspace);
    QTabWidget *primaryTabs = primary.isEmpty() ? nullptr : makeTabs(primary, context);
    QTabWidget *workspaceTabs = workspace.isEmpty() ? nullptr : makeTabs(workspace, context);
    if (primaryTabs && workspaceTabs) {
        m_splitter = new QSplitter(Qt::Horizontal, this);
        m_splitter->setObjectName(QStringLiteral("sessionSplitter"));
        m_splitter->setChildrenCollapsible(false);
        m_splitter->addWidget(primaryTabs);
        m_splitter->addWidget(workspaceTabs);
        m_splitter->setStretchFactor(0, 2);
        m_splitter->setStretchFactor(1, 3);
        layout->addWidget(m_splitter);
    } else {
        layout->addWidget(primaryTabs ? primaryTabs : workspaceTabs);
    }
    connectAgentToWorkspace();
}

void SessionPage::connectAgentToWorkspace()
{
    ChatPanel *chat = nullptr;
    TerminalSessionPanel *terminal = nullptr;
    FilesSessionPanel *files = nullptr;
    for (SessionPanel *panel : std::as_const(m_panels)) {
        if (auto *c = qobject_cast<ChatPanel *>(panel))
            chat = c;
        else if (auto *t = qobject_cast<TerminalSessionPanel *>(panel))
            terminal = t;
        else if (auto *f = qobject_cast<FilesSessionPanel *>(panel))
            files = f;
    }
    if (!chat || !chat->runner() || (!terminal && !files))
        return;
    AgentRunner *runner = chat->runner();
    auto bashCalls = std::make_shared<QHash<QString, bool>>();
    auto paths = std::make_shared<QHash<QString, QString>>();
    auto activity = [terminal]() -> AgentActivityView * {
        return terminal && terminal->terminalPanel() ? terminal->terminalPanel()->agentActivity() : nullptr;
    };
    connect(runner, &AgentRunner::toolCallStarted, this,
        [this, runner, activity, bashCalls, paths](
            const QString &id, const QString &tool, const QJsonObject &input) {
            const QString path = input.value(QStringLiteral("path")).toString();
            if (!path.isEmpty())
                paths->insert(id, QDir::cleanPath(QDir(m_session.workingDirectory).filePath(path)));
            if (tool != QLatin1String("bash"))
                return;
            bashCalls->insert(id, true);
            if (AgentActivityView *view = activity())
                // Where the agent's persistent shell is, which cd moves.
                view->commandStarted(
                    id, input.value(QStringLiteral("command")).toString(), runner->bashDirectory());
        });
    connect(runner, &AgentRunner::toolCallOutput, this,
        [activity, bashCalls](const QString &id, const QString &chunk) {
            if (bashCalls->contains(id))
                if (AgentActivityView *view = activity())
                    view->output(id, chunk.toUtf8());
        });
    connect(runner, &AgentRunner::toolCallFinished, this,
        [activity, bashCalls, paths, files](
            const QString &id, const QString &status, const QString &, const QString &diff) {
            if (bashCalls->remove(id) > 0)
                if (AgentActivityView *view = activity())
                    view->commandFinished(id, status == QLatin1String("done") ? 0 : 1);
            const QString path = paths->take(id);
            if (!diff.isEmpty() && !path.isEmpty() && files && files->filesPanel())
                files->filesPanel()->fileChanged(path);
        });
}

SessionPage::~SessionPage() = default;

QTabWidget *SessionPage::makeTabs(const QList<PanelRegistry::Factory> &factories, const PanelContext &context)
{
    auto *tabs = new QTabWidget(this);
    tabs->setDocumentMode(true);
    tabs->setObjectName(factories.first().area == PanelRegistry::Area::Primary
            ? QStringLiteral("primaryPanels")
            : QStringLiteral("workspacePanels"));
    for (const auto &factory : factories) {
        SessionPanel *panel = factory.create(context, tabs);
        if (!panel)
            continue;
        panel->setObjectName(factory.id + QStringLiteral("Panel"));
        panel->setSession(m_session);
        const int index = tabs->addTab(panel, panel->icon(), panel->title());
        m_panels.append(panel);
        connect(panel, &SessionPanel::decorationChanged, tabs, [tabs, panel] {
            const int i = tabs->indexOf(panel);
            if (i >= 0) {
                tabs->setTabText(i, panel->title());
                tabs->setTabIcon(i, panel->icon());
            }
        });
        connect(panel, &SessionPanel::attentionRequested, this, [this, tabs, panel](const QString &reason) {
            tabs->setCurrentWidget(panel);
            Q_EMIT attentionRequested(reason);
        });
        Q_UNUSED(index);
    }
    // One panel in an area needs no tab bar.
    tabs->tabBar()->setVisible(tabs->count() > 1);
    return tabs;
}

void SessionPage::setSession(const SessionRecord &session, const QString &machineName)
{
    m_session = session;
    m_machineName = machineName;
    for (SessionPanel *panel : std::as_const(m_panels))
        panel->setSession(session);
    if (m_details)
        updateDetails();
}

void SessionPage::buildDetails()
{
    auto *box = new QWidget(this);
    box->setObjectName(QStringLiteral("sessionDetails"));
    m_details = new QFormLayout(box);
    m_details->setContentsMargins(24, 20, 24, 20);
    m_details->setHorizontalSpacing(18);
    m_details->setVerticalSpacing(10);
    m_details->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_details->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    auto addRow = [this, box](const QString &label, const char *name) {
        auto *value = new QLabel(box);
        value->setObjectName(QLatin1String(name));
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *caption = new QLabel(label, box);
        caption->setForegroundRole(QPalette::PlaceholderText);
        m_details->addRow(caption, value);
        return value;
    };
    m_machineLabel = addRow(tr("Machine"), "detailMachine");
    m_folderLabel = addRow(tr("Working folder"), "detailFolder");
    m_modelLabel = addRow(tr("Model"), "detailModel");
    m_stateLabel = addRow(tr("State"), "detailState");
    m_createdLabel = addRow(tr("Created"), "detailCreated");
    m_updatedLabel = addRow(tr("Last activity"), "detailUpdated");
    static_cast<QVBoxLayout *>(layout())->addWidget(box);
    static_cast<QVBoxLayout *>(layout())->addStretch(1);
    updateDetails();
}

void SessionPage::updateDetails()
{
    const QLocale locale;
    auto when = [&locale](const QDateTime &t) -> QString {
        if (!t.isValid())
            return tr("Unknown");
        const QDateTime local = t.toLocalTime();
        return locale.toString(local.date(), QLocale::LongFormat) + QStringLiteral(", ")
            + locale.toString(local.time(), QLocale::ShortFormat);
    };
    m_machineLabel->setText(m_machineName);
    m_folderLabel->setText(
        m_session.workingDirectory.isEmpty() ? tr("Home folder") : m_session.workingDirectory);
    m_modelLabel->setText(m_session.model.isEmpty() ? tr("Default model") : m_session.model);
    QString state = SessionListModel::stateText(m_session.state);
    if (m_session.archived)
        state += QStringLiteral(" · ") + tr("Archived");
    m_stateLabel->setText(state);
    m_createdLabel->setText(when(m_session.created));
    m_updatedLabel->setText(when(m_session.updated.isValid() ? m_session.updated : m_session.created));
}

} // namespace Proto
