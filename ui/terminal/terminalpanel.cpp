#include "terminalpanel.h"

#include "agentactivityview.h"
#include "machine.h"
#include "terminalview.h"

#include <QAction>
#include <QGuiApplication>
#include <QMessageBox>
#include <QPointer>
#include <QStyleHints>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace Proto {

TerminalPanel::TerminalPanel(
    Machine *machine, const QString &workingFolder, const TerminalSettings &settings, QWidget *parent)
    : QWidget(parent)
    , m_machine(machine)
    , m_workingFolder(workingFolder)
    , m_settings(settings)
{
    if (machine && machine->kind() != Machine::Kind::Local && machine->canOpenShell()) {
        QPointer<Machine> guarded(machine);
        m_opener = [guarded](int columns, int rows, const QString &term, const QString &workingDirectory,
                       QObject *owner, const QString &resumeName) -> ShellChannel * {
            return guarded ? guarded->openShell(columns, rows, term, workingDirectory, owner, resumeName)
                           : nullptr;
        };
    }
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setElideMode(Qt::ElideMiddle);
    layout->addWidget(m_tabs);

    auto *newButton = new QToolButton(m_tabs);
    newButton->setObjectName(QStringLiteral("newShellButton"));
    newButton->setAutoRaise(true);
    newButton->setIcon(
        QIcon::fromTheme(QStringLiteral("tab-new"), QIcon::fromTheme(QStringLiteral("list-add"))));
    if (newButton->icon().isNull())
        newButton->setText(QStringLiteral("+"));
    newButton->setToolTip(tr("New shell (Ctrl+Shift+T)"));
    connect(newButton, &QToolButton::clicked, this, &TerminalPanel::newShell);
    m_tabs->setCornerWidget(newButton, Qt::TopRightCorner);

    auto *newAction = new QAction(tr("New Shell"), this);
    newAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    newAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(newAction, &QAction::triggered, this, &TerminalPanel::newShell);
    addAction(newAction);
    auto *closeAction = new QAction(tr("Close Shell"), this);
    closeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W));
    closeAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(closeAction, &QAction::triggered, this, [this] { closeTab(m_tabs->currentIndex()); });
    addAction(closeAction);

    m_activity = new AgentActivityView(m_settings, m_tabs);
    m_tabs->addTab(m_activity, tr("Agent"));
    m_tabs->setTabToolTip(0, tr("Commands the agent runs, with their output (read-only)"));
    // The agent's tab stays: no close button on it.
    m_tabs->tabBar()->setTabButton(0, QTabBar::RightSide, nullptr);
    m_tabs->tabBar()->setTabButton(0, QTabBar::LeftSide, nullptr);

    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &TerminalPanel::closeTab);
    connect(QGuiApplication::styleHints(), &QStyleHints::colorSchemeChanged, this,
        &TerminalPanel::applyAppearance);
}

TerminalPanel::~TerminalPanel()
{
    // Shells kept on the server for a tab (tmux) end with the panel, as a tab's shell does.
    if (m_machine)
        for (int i = 0; i < shellCount(); ++i)
            if (shell(i)->kind() == TerminalView::Kind::Remote)
                m_machine->forgetShell(shell(i)->resumeName());
}

bool TerminalPanel::canOpenShells() const
{
    return !m_machine || m_machine->kind() == Machine::Kind::Local || bool(m_opener);
}

TerminalView *TerminalPanel::newShell()
{
    TerminalView *view = nullptr;
    if (!m_machine || m_machine->kind() == Machine::Kind::Local)
        view = new TerminalView(m_settings, m_workingFolder, m_tabs);
    else
        view = new TerminalView(m_settings, m_workingFolder, m_opener, m_tabs);
    const int index = m_tabs->addTab(view, view->title());
    connect(view, &TerminalView::titleChanged, this, [this, view] { updateTitle(view); });
    connect(view, &TerminalView::shellFinished, this, [this, view] { updateTitle(view); });
    connect(view, &TerminalView::shellStarted, this, [this, view] { updateTitle(view); });
    connect(view, &TerminalView::reconnectingChanged, this, [this, view] { updateTitle(view); });
    m_tabs->setCurrentIndex(index);
    view->setFocus();
    return view;
}

void TerminalPanel::updateTitle(TerminalView *view)
{
    const int index = m_tabs->indexOf(view);
    if (index < 0)
        return;
    QString title = view->title();
    if (view->isReconnecting())
        title = tr("%1 (reconnecting…)").arg(title);
    else if (!view->isRunning())
        title = tr("%1 (ended)").arg(title);
    m_tabs->setTabText(index, title);
    m_tabs->setTabToolTip(index, view->title());
}

void TerminalPanel::closeTab(int index)
{
    auto *view = qobject_cast<TerminalView *>(m_tabs->widget(index));
    if (view)
        closeShell(view);
}

void TerminalPanel::closeShell(TerminalView *view)
{
    const int index = m_tabs->indexOf(view);
    if (index < 0)
        return;
    if (view->hasForegroundProgram()) {
        const auto answer = QMessageBox::question(this, tr("Close Shell"),
            tr("A program is still running in this shell. Close it anyway?"),
            QMessageBox::Close | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Close)
            return;
    }
    m_tabs->removeTab(index);
    if (m_machine && view->kind() == TerminalView::Kind::Remote)
        m_machine->forgetShell(view->resumeName());
    view->deleteLater();
}

void TerminalPanel::showAgentActivity()
{
    m_tabs->setCurrentWidget(m_activity);
}

int TerminalPanel::shellCount() const
{
    int count = 0;
    for (int i = 0; i < m_tabs->count(); ++i)
        count += qobject_cast<TerminalView *>(m_tabs->widget(i)) ? 1 : 0;
    return count;
}

TerminalView *TerminalPanel::shell(int index) const
{
    int seen = 0;
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *view = qobject_cast<TerminalView *>(m_tabs->widget(i))) {
            if (seen++ == index)
                return view;
        }
    }
    return nullptr;
}

TerminalView *TerminalPanel::currentShell() const
{
    return qobject_cast<TerminalView *>(m_tabs->currentWidget());
}

void TerminalPanel::setSettings(const TerminalSettings &settings)
{
    m_settings = settings;
    applyAppearance();
}

void TerminalPanel::applyAppearance()
{
    m_activity->applySettings(m_settings);
    for (int i = 0; i < shellCount(); ++i)
        shell(i)->applySettings(m_settings);
}

} // namespace Proto
