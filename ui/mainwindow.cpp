#include "mainwindow.h"

#include "agentservices.h"
#include "appsettings.h"
#include "icons.h"
#include "killswitch.h"
#include "machineeditordialog.h"
#include "machineprompts.h"
#include "machineregistry.h"
#include "machinesdialog.h"
#include "newsessiondialog.h"
#include "panelregistry.h"
#include "secretstore.h"
#include "sessionagentchoice.h"
#include "sessionfiltermodel.h"
#include "sessionlistmodel.h"
#include "sessionlistwidget.h"
#include "sessionview.h"
#include "settingsdialog.h"
#include "store.h"
#include "theme.h"
#include "vncclientpool.h"

#include <QAction>
#include <QActionEvent>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QGuiApplication>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QLoggingCategory>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSplitter>
#include <QStatusBar>
#include <QStyleHints>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

Q_LOGGING_CATEGORY(lcUi, "proto.ui")

namespace Proto {
namespace {

QString key(const char *name)
{
    return QStringLiteral("ui/") + QLatin1String(name);
}

} // namespace

MainWindow::MainWindow(Store *store, const PanelRegistry &registry, QWidget *parent)
    : MainWindow(store, registry, nullptr, parent)
{ }

MainWindow::MainWindow(
    Store *store, const PanelRegistry &registry, const AgentServices *agent, QWidget *parent)
    : QMainWindow(parent)
    , m_store(store)
    , m_settings(new AppSettings(store, this))
    , m_machines(new MachineRegistry(store, this))
    , m_prompter(new DialogMachinePrompter(this))
    , m_model(new SessionListModel(store, this))
    , m_list(nullptr)
    , m_view(nullptr)
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_agentToolBar(new QToolBar(this))
    , m_statusCount(new QLabel(this))
    , m_statusCost(new QLabel(this))
    , m_killSwitch(agent ? agent->killSwitch : nullptr)
    , m_agents(agent ? agent->agents : nullptr)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QGuiApplication::applicationDisplayName());
    setWindowIcon(Icons::appIcon());
    applyTheme();

    m_list = new SessionListWidget(m_model, m_splitter);
    PanelContext context;
    context.store = m_store;
    context.settings = m_settings;
    m_machines->setPrompter(m_prompter);
    // SSH passwords and key passphrases the person chose to remember.
    m_machines->setSecretStore(new SecretStore(this));
    context.machineFor
        = [registry = QPointer<MachineRegistry>(m_machines)](const QString &machineId) -> Machine * {
        return registry ? registry->machine(machineId) : nullptr;
    };
    context.agent = agent;
    context.killSwitch = m_killSwitch;
    // One VNC connection per machine, shared by its sessions' Computer panels and agents.
    auto *vncClients = new VncClientPool(this);
    context.vncClientFor
        = [vncClients](const QString &machineId) { return vncClients->clientFor(machineId); };
    if (m_killSwitch) {
        // Besides every runner stopping: every command on every machine dies with its process
        // group, and no queued input lands on any screen (held buttons and keys released).
        connect(m_killSwitch, &KillSwitch::engaged, m_machines, &MachineRegistry::killCommands);
        connect(m_killSwitch, &KillSwitch::engaged, vncClients, &VncClientPool::dropAllInput);
    }
    m_view = new SessionView(registry, context, m_splitter);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_list);
    m_splitter->addWidget(m_view);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_list->setMinimumWidth(200);
    setCentralWidget(m_splitter);

    m_agentToolBar->setObjectName(QStringLiteral("agentToolBar"));
    m_agentToolBar->setWindowTitle(tr("Agent"));
    m_agentToolBar->setMovable(false);
    m_agentToolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_agentToolBar->installEventFilter(this);
    m_agentToolBar->hide();
    addToolBar(Qt::TopToolBarArea, m_agentToolBar);

    createActions();
    createMenus();
    createKillSwitchAction();
    m_list->setNewSessionAction(m_newSession);
    m_view->setNewSessionAction(m_newSession);

    m_statusCount->setObjectName(QStringLiteral("statusSessionCount"));
    m_statusCount->setContentsMargins(6, 0, 6, 0);
    statusBar()->addPermanentWidget(m_statusCount);
    m_statusCost->setObjectName(QStringLiteral("statusCost"));
    m_statusCost->setContentsMargins(6, 0, 6, 0);
    statusBar()->addPermanentWidget(m_statusCost);
    auto *costTimer = new QTimer(this);
    costTimer->setSingleShot(true);
    costTimer->setInterval(250);
    connect(costTimer, &QTimer::timeout, this, &MainWindow::updateCost);
    connect(m_store, &Store::committed, costTimer, [costTimer] {
        if (!costTimer->isActive())
            costTimer->start();
    });
    connect(m_view, &SessionView::attentionRequested, this, &MainWindow::onAttentionRequested);

    connect(m_list, &SessionListWidget::currentSessionChanged, this, &MainWindow::onCurrentSessionChanged);
    connect(m_list, &SessionListWidget::showArchivedChanged, this, [this](bool on) {
        m_showArchived->setChecked(on);
        m_settings->setValue(key("showArchived"), on);
    });
    connect(m_model, &SessionListModel::sessionChanged, this, [this](const SessionRecord &s) {
        m_view->updateSession(s, machineLabel(s.machineId));
        updateActions();
        updateStatus();
    });
    connect(m_model, &SessionListModel::sessionRemoved, m_view, &SessionView::removeSession);
    connect(m_view, &SessionView::agentChangeRequested, this, &MainWindow::changeSessionAgent);
    connect(m_machines, &MachineRegistry::machineStateChanged, this, &MainWindow::onMachineStateChanged);
    connect(m_machines, &MachineRegistry::machineReleased, this, &MainWindow::onMachineReleased);
    connect(m_model, &SessionListModel::writeFailed, this, &MainWindow::showWriteError);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateStatus);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateStatus);
    connect(m_store, &Store::writeFailed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Could not save a change: %1").arg(message));
    });
    connect(m_settings, &AppSettings::changed, this, [this](const QString &changedKey) {
        if (changedKey == AppSettings::themeKey())
            applyTheme();
    });
    connect(QGuiApplication::styleHints(), &QStyleHints::colorSchemeChanged, this, [this] {
        if (m_settings->theme() == AppSettings::ThemeMode::System && !m_themeApplying)
            applyTheme();
    });

    restoreWindowState();
    refreshIcons();
    updateActions();
    updateStatus();
    updateCost();
}

MainWindow::~MainWindow() = default;

QString MainWindow::currentSessionId() const
{
    return m_list->currentSessionId();
}

bool MainWindow::selectSession(const QString &sessionId)
{
    return m_list->selectSession(sessionId);
}

void MainWindow::createActions()
{
    m_newSession = new QAction(tr("&New Session…"), this);
    m_newSession->setObjectName(QStringLiteral("actionNewSession"));
    m_newSession->setShortcut(QKeySequence::New);
    m_newSession->setToolTip(tr("Start a new session on a machine and folder"));
    connect(m_newSession, &QAction::triggered, this, &MainWindow::newSession);

    m_settingsAction = new QAction(tr("&Settings…"), this);
    m_settingsAction->setObjectName(QStringLiteral("actionSettings"));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    const QKeySequence preferences(QKeySequence::Preferences);
    m_settingsAction->setShortcut(
        preferences.isEmpty() ? QKeySequence(Qt::CTRL | Qt::Key_Comma) : preferences);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::openSettings);

    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setObjectName(QStringLiteral("actionQuit"));
    m_quit->setMenuRole(QAction::QuitRole);
    m_quit->setShortcut(QKeySequence::Quit);
    connect(m_quit, &QAction::triggered, this, &QMainWindow::close);

    m_find = new QAction(tr("&Find Session"), this);
    m_find->setObjectName(QStringLiteral("actionFind"));
    m_find->setShortcut(QKeySequence::Find);
    connect(m_find, &QAction::triggered, m_list, &SessionListWidget::focusSearch);

    m_copyFolder = new QAction(tr("&Copy Working Folder Path"), this);
    m_copyFolder->setObjectName(QStringLiteral("actionCopyFolder"));
    connect(m_copyFolder, &QAction::triggered, this, [this] {
        if (const auto s = m_model->session(currentSessionId()))
            QGuiApplication::clipboard()->setText(s->workingDirectory);
    });

    m_toggleSidebar = new QAction(tr("Show &Sidebar"), this);
    m_toggleSidebar->setObjectName(QStringLiteral("actionToggleSidebar"));
    m_toggleSidebar->setCheckable(true);
    m_toggleSidebar->setChecked(true);
    m_toggleSidebar->setShortcut(QKeySequence(Qt::Key_F9));
    connect(m_toggleSidebar, &QAction::toggled, this, [this](bool on) {
        m_list->setVisible(on);
        m_settings->setValue(key("sidebarVisible"), on);
    });

    m_showArchived = new QAction(tr("Show &Archived Sessions"), this);
    m_showArchived->setObjectName(QStringLiteral("actionShowArchived"));
    m_showArchived->setCheckable(true);
    connect(m_showArchived, &QAction::toggled, m_list, &SessionListWidget::setShowArchived);

    m_fullScreen = new QAction(tr("&Full Screen"), this);
    m_fullScreen->setObjectName(QStringLiteral("actionFullScreen"));
    m_fullScreen->setCheckable(true);
    m_fullScreen->setShortcut(QKeySequence::FullScreen);
    connect(m_fullScreen, &QAction::toggled, this, [this](bool on) {
        setWindowState(on ? (windowState() | Qt::WindowFullScreen) : (windowState() & ~Qt::WindowFullScreen));
    });

    // Rename and delete act on the sidebar only: F2 and Del belong to the panels elsewhere
    // (a terminal, an editor).
    m_rename = new QAction(tr("&Rename"), this);
    m_rename->setObjectName(QStringLiteral("actionRename"));
    m_rename->setShortcut(QKeySequence(Qt::Key_F2));
    m_rename->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_rename, &QAction::triggered, this, &MainWindow::renameSession);

    m_delete = new QAction(tr("&Delete…"), this);
    m_delete->setObjectName(QStringLiteral("actionDelete"));
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_delete, &QAction::triggered, this, &MainWindow::deleteSession);
    m_list->view()->addAction(m_rename);
    m_list->view()->addAction(m_delete);

    m_archive = new QAction(tr("&Archive"), this);
    m_archive->setObjectName(QStringLiteral("actionArchive"));
    connect(m_archive, &QAction::triggered, this, &MainWindow::toggleArchiveSession);

    m_manageMachines = new QAction(tr("&Manage Machines…"), this);
    m_manageMachines->setObjectName(QStringLiteral("actionManageMachines"));
    connect(m_manageMachines, &QAction::triggered, this, &MainWindow::manageMachines);
    m_addMachine = new QAction(tr("&Add Machine…"), this);
    m_addMachine->setObjectName(QStringLiteral("actionAddMachine"));
    connect(m_addMachine, &QAction::triggered, this, &MainWindow::addMachine);

    m_about = new QAction(tr("&About Proto Desktop"), this);
    m_about->setObjectName(QStringLiteral("actionAbout"));
    m_about->setMenuRole(QAction::AboutRole);
    connect(m_about, &QAction::triggered, this, &MainWindow::about);

    // Context menu of the session list.
    m_list->view()->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *separator = new QAction(this);
    separator->setSeparator(true);
    m_list->view()->addAction(separator);
    m_list->view()->addAction(m_archive);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newSession);
    file->addSeparator();
    file->addAction(m_settingsAction);
    file->addSeparator();
    file->addAction(m_quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_find);
    edit->addAction(m_copyFolder);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_toggleSidebar);
    view->addAction(m_showArchived);
    view->addSeparator();
    view->addAction(m_fullScreen);

    m_sessionMenu = menuBar()->addMenu(tr("&Session"));
    m_sessionMenu->setObjectName(QStringLiteral("sessionMenu"));
    m_sessionMenu->addAction(m_rename);
    m_sessionMenu->addAction(m_archive);
    m_sessionMenu->addSeparator();
    m_sessionMenu->addAction(m_delete);

    QMenu *machines = menuBar()->addMenu(tr("&Machines"));
    machines->setObjectName(QStringLiteral("machinesMenu"));
    machines->addAction(m_addMachine);
    machines->addAction(m_manageMachines);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_about);
}

void MainWindow::newSession()
{
    NewSessionDialog dialog(m_machines->records(), this);
    dialog.setAddMachineHandler([this](QList<MachineRecord> *machines) {
        const QString id = addMachine();
        *machines = m_machines->records();
        return id;
    });
    if (const auto current = m_model->session(currentSessionId()))
        dialog.setMachineId(current->machineId);
    else
        dialog.setMachineId(QStringLiteral("local"));
    SessionAgentChoice::fill(dialog, m_providers, m_agents, nullptr);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const auto created = m_providers || m_agents ? m_model->createSession(dialog.title(), dialog.machineId(),
                             dialog.workingDirectory(), dialog.model(), dialog.provider(), dialog.agent())
                                                 : m_model->createSession(dialog.title(), dialog.machineId(),
                                                     dialog.workingDirectory(), m_settings->defaultModel());
    if (!created)
        return; // writeFailed has told the user
    selectSession(created->id);
    statusBar()->showMessage(tr("Created “%1”.").arg(created->title), 4000);
}

void MainWindow::changeSessionAgent(const QString &sessionId)
{
    const auto session = m_model->session(sessionId);
    if (!session)
        return;
    NewSessionDialog dialog(m_machines->records(), this);
    dialog.setAgentOnly(true);
    SessionAgentChoice::fill(dialog, m_providers, m_agents, &*session);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_model->setAgentChoice(sessionId, m_providers ? dialog.provider() : session->provider, dialog.model(),
        m_agents ? dialog.agent() : session->agent);
}

void MainWindow::manageMachines()
{
    MachinesDialog dialog(m_machines, this);
    dialog.exec();
}

QString MainWindow::addMachine()
{
    MachineEditorDialog editor(m_machines, this);
    if (editor.exec() != QDialog::Accepted)
        return {};
    statusBar()->showMessage(tr("Added the machine “%1”.").arg(editor.record().name), 4000);
    return editor.savedId();
}

QString MainWindow::machineLabel(const QString &machineId) const
{
    const QString name = m_model->machineName(machineId);
    const Machine *machine = m_machines->liveMachine(machineId);
    if (!machine || machine->kind() == Machine::Kind::Local)
        return name;
    switch (machine->state()) {
    case Machine::State::Connecting:
        return tr("%1 · connecting…").arg(name);
    case Machine::State::Connected:
        return tr("%1 · connected").arg(name);
    case Machine::State::Reconnecting:
        return tr("%1 · reconnecting…").arg(name);
    case Machine::State::Failed:
        return tr("%1 · failed: %2").arg(name, machine->stateMessage());
    case Machine::State::Disconnected:
        break;
    }
    return name;
}

void MainWindow::onMachineStateChanged(const QString &machineId)
{
    const auto s = m_model->session(currentSessionId());
    if (s && s->machineId == machineId)
        m_view->updateSession(*s, machineLabel(machineId));
}

void MainWindow::onMachineReleased(const QString &machineId)
{
    // The panels of sessions on that machine hold it: close them, reopen the current one.
    const QList<SessionRecord> sessions = m_store->sessions(true);
    for (const SessionRecord &session : sessions) {
        if (session.machineId == machineId)
            m_view->removeSession(session.id);
    }
    const auto current = m_model->session(currentSessionId());
    if (current && current->machineId == machineId) {
        QTimer::singleShot(0, this, [this] { onCurrentSessionChanged(currentSessionId()); });
    }
}

void MainWindow::renameSession()
{
    if (!currentSessionId().isEmpty())
        m_list->beginRename();
}

void MainWindow::deleteSession()
{
    const auto s = m_model->session(currentSessionId());
    if (!s)
        return;
    QMessageBox box(QMessageBox::Warning, tr("Delete Session"),
        tr("Delete “%1”?").arg(s->title.toHtmlEscaped()), QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("confirmDeleteBox"));
    box.setInformativeText(
        tr("Its conversation, tool calls and usage records are removed from this computer. Files the agent "
           "changed stay as they are. This cannot be undone."));
    QPushButton *remove = box.addButton(tr("Delete"), QMessageBox::DestructiveRole);
    remove->setObjectName(QStringLiteral("confirmDeleteButton"));
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel);
    box.setEscapeButton(cancel);
    box.exec();
    if (box.clickedButton() != remove)
        return;

    const int row = m_list->view()->currentIndex().row();
    if (!m_model->remove(s->id))
        return;
    statusBar()->showMessage(tr("Deleted “%1”.").arg(s->title), 4000);
    const int count = m_list->filterModel()->rowCount();
    if (count > 0) {
        const QModelIndex next = m_list->filterModel()->index(std::clamp(row, 0, count - 1), 0);
        selectSession(next.data(SessionListModel::IdRole).toString());
    }
}

void MainWindow::toggleArchiveSession()
{
    const auto s = m_model->session(currentSessionId());
    if (!s)
        return;
    const int row = m_list->view()->currentIndex().row();
    if (!m_model->setArchived(s->id, !s->archived))
        return;
    statusBar()->showMessage(s->archived ? tr("Restored “%1” from the archive.").arg(s->title)
                                         : tr("Archived “%1”.").arg(s->title),
        4000);
    if (currentSessionId().isEmpty()) {
        const int count = m_list->filterModel()->rowCount();
        if (count > 0) {
            const QModelIndex next = m_list->filterModel()->index(std::clamp(row, 0, count - 1), 0);
            selectSession(next.data(SessionListModel::IdRole).toString());
        }
    }
    updateActions();
}

void MainWindow::setApiKeyProvider(ApiKeyProvider *keys, std::function<void()> changed)
{
    m_keys = keys;
    m_keysChanged = std::move(changed);
}

void MainWindow::openSettings()
{
    SettingsDialog dialog(m_settings, this);
    if (m_keys)
        dialog.setApiKeyProvider(m_keys, m_keysChanged);
    dialog.exec();
}

void MainWindow::about()
{
    QMessageBox::about(this, tr("About Proto Desktop"),
        tr("<h3>Proto Desktop %1</h3>"
           "<p>Hand work to AI agents and watch and steer them while they operate real computers.</p>"
           "<p>Data folder: %2</p>")
            .arg(QCoreApplication::applicationVersion(),
                QDir::toNativeSeparators(QFileInfo(m_store->path()).absolutePath()).toHtmlEscaped()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    event->accept();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange
        || event->type() == QEvent::StyleChange)
        refreshIcons();
    if (event->type() == QEvent::WindowStateChange && m_fullScreen)
        m_fullScreen->setChecked(windowState().testFlag(Qt::WindowFullScreen));
    if (event->type() == QEvent::ActivationChange || event->type() == QEvent::WindowStateChange)
        clearSeenAttention();
    QMainWindow::changeEvent(event);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_agentToolBar
        && (event->type() == QEvent::ActionAdded || event->type() == QEvent::ActionRemoved)) {
        // The removed action is still listed while ActionRemoved is delivered.
        const qsizetype count
            = m_agentToolBar->actions().size() - (event->type() == QEvent::ActionRemoved ? 1 : 0);
        m_agentToolBar->setVisible(count > 0);
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::saveWindowState()
{
    m_settings->setBytes(key("windowGeometry"), saveGeometry());
    m_settings->setBytes(key("windowState"), saveState());
    m_settings->setBytes(key("mainSplitter"), m_splitter->saveState());
    const QByteArray sessionSplitter = m_view->splitterState();
    if (!sessionSplitter.isEmpty())
        m_settings->setBytes(key("sessionSplitter"), sessionSplitter);
    m_settings->setValue(key("lastSession"), currentSessionId());
}

void MainWindow::restoreWindowState()
{
    const QByteArray geometry = m_settings->bytes(key("windowGeometry"));
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        const QScreen *screen = QGuiApplication::primaryScreen();
        const QRect available = screen ? screen->availableGeometry() : QRect(0, 0, 1600, 1000);
        const QSize size(
            std::min(1320, available.width() * 9 / 10), std::min(840, available.height() * 9 / 10));
        resize(size);
        move(available.center() - QPoint(size.width() / 2, size.height() / 2));
    }
    const QByteArray state = m_settings->bytes(key("windowState"));
    if (!state.isEmpty())
        restoreState(state);
    m_agentToolBar->setVisible(!m_agentToolBar->actions().isEmpty());

    const QByteArray splitter = m_settings->bytes(key("mainSplitter"));
    if (splitter.isEmpty() || !m_splitter->restoreState(splitter))
        m_splitter->setSizes({ 290, std::max(400, width() - 290) });
    m_view->setSplitterState(m_settings->bytes(key("sessionSplitter")));

    m_toggleSidebar->setChecked(m_settings->value(key("sidebarVisible"), true).toBool());
    m_list->setVisible(m_toggleSidebar->isChecked());
    m_list->setShowArchived(m_settings->value(key("showArchived"), false).toBool());

    const QString last = m_settings->value(key("lastSession")).toString();
    if (last.isEmpty() || !selectSession(last)) {
        const QModelIndex first = m_list->filterModel()->index(0, 0);
        if (first.isValid())
            selectSession(first.data(SessionListModel::IdRole).toString());
    }
}

void MainWindow::refreshIcons()
{
    if (!m_newSession)
        return;
    // Widgets take the application palette (Theme); it is current even while the change is
    // still travelling through the widget tree.
    const QPalette p = QApplication::palette();
    m_newSession->setIcon(Icons::themed(u"new-session", p));
    m_settingsAction->setIcon(Icons::themed(u"settings", p));
    m_toggleSidebar->setIcon(Icons::themed(u"sidebar", p));
    m_fullScreen->setIcon(Icons::themed(u"fullscreen", p));
    m_rename->setIcon(Icons::themed(u"rename", p));
    m_delete->setIcon(Icons::themed(u"delete", p));
    m_archive->setIcon(Icons::themed(u"archive", p));
    m_find->setIcon(Icons::themed(u"search", p));
    if (m_killSwitchAction)
        m_killSwitchAction->setIcon(Icons::themed(u"kill-switch", p));
    m_list->refreshIcons(p);
}

void MainWindow::onAttentionRequested(const QString &sessionId, const QString &reason)
{
    const auto s = m_model->session(sessionId);
    if (!s)
        return;
    const QString message = tr("“%1” %2.").arg(s->title, reason);
    statusBar()->showMessage(message, 8000);
    const bool front = isActiveWindow() && !isMinimized();
    if (front && currentSessionId() == sessionId)
        return; // looking at it already
    m_model->setAttention(sessionId, reason);
    if (front)
        return;
    QApplication::alert(this);
    if (!QSystemTrayIcon::isSystemTrayAvailable() || !QSystemTrayIcon::supportsMessages())
        return;
    if (!m_tray) {
        m_tray = new QSystemTrayIcon(windowIcon().isNull() ? QApplication::windowIcon() : windowIcon(), this);
        m_tray->setObjectName(QStringLiteral("attentionTray"));
        m_tray->setToolTip(QApplication::applicationDisplayName());
        const auto bringBack = [this] {
            showNormal();
            raise();
            activateWindow();
            if (!m_notifiedSession.isEmpty())
                selectSession(m_notifiedSession);
        };
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, bringBack);
        connect(m_tray, &QSystemTrayIcon::activated, this, bringBack);
    }
    m_notifiedSession = sessionId;
    m_tray->show();
    m_tray->showMessage(QApplication::applicationDisplayName(), message, QSystemTrayIcon::Information, 10000);
}

void MainWindow::clearSeenAttention()
{
    if (!isActiveWindow() || isMinimized())
        return;
    m_model->clearAttention(currentSessionId());
    // The tray icon is only there to carry notifications: gone once nothing waits.
    if (m_tray && m_model->attentionCount() == 0)
        m_tray->hide();
}

void MainWindow::onCurrentSessionChanged(const QString &sessionId)
{
    const auto s = m_model->session(sessionId);
    m_view->showSession(s, s ? machineLabel(s->machineId) : QString());
    if (s)
        m_settings->setValue(key("lastSession"), sessionId);
    updateActions();
    updateCost();
    clearSeenAttention();
    Q_EMIT currentSessionChanged(s ? sessionId : QString());
}

void MainWindow::updateActions()
{
    const auto s = m_model->session(currentSessionId());
    const bool has = s.has_value();
    m_rename->setEnabled(has);
    m_delete->setEnabled(has);
    m_archive->setEnabled(has);
    m_copyFolder->setEnabled(has && !s->workingDirectory.isEmpty());
    m_archive->setText(has && s->archived ? tr("Un&archive") : tr("&Archive"));
}

void MainWindow::createKillSwitchAction()
{
    if (!m_killSwitch)
        return;
    m_killSwitchAction = new QAction(tr("&Kill Switch"), this);
    m_killSwitchAction->setObjectName(QStringLiteral("actionKillSwitch"));
    m_killSwitchAction->setCheckable(true);
    m_killSwitchAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    m_killSwitchAction->setShortcutContext(Qt::ApplicationShortcut);
    connect(m_killSwitchAction, &QAction::triggered, this, [this](bool on) {
        if (on)
            m_killSwitch->engage(tr("engaged from the toolbar"));
        else
            m_killSwitch->release();
        updateKillSwitchAction();
    });
    connect(m_killSwitch, &KillSwitch::engagedChanged, this, &MainWindow::updateKillSwitchAction);
    m_agentToolBar->addAction(m_killSwitchAction);
    m_sessionMenu->addSeparator();
    m_sessionMenu->addAction(m_killSwitchAction);
    updateKillSwitchAction();
}

void MainWindow::updateKillSwitchAction()
{
    if (!m_killSwitchAction)
        return;
    const bool on = m_killSwitch->isEngaged();
    m_killSwitchAction->setChecked(on);
    m_killSwitchAction->setText(on ? tr("Kill Switch Engaged") : tr("&Kill Switch"));
    m_killSwitchAction->setToolTip(on ? tr("%1 Click to release (Ctrl+Shift+K).").arg(m_killSwitch->refusal())
                                      : tr("Stop every agent at once and refuse new work (Ctrl+Shift+K)"));
    if (QWidget *button = m_agentToolBar->widgetForAction(m_killSwitchAction)) {
        button->setObjectName(QStringLiteral("killSwitchButton"));
        button->setStyleSheet(on
                ? QStringLiteral("#killSwitchButton { background: #c62828; color: white; "
                                 "font-weight: bold; border-radius: 4px; padding: 2px 8px; }")
                : QString());
    }
}

void MainWindow::updateCost()
{
    const double total = m_store->totalCost();
    const QString current = currentSessionId();
    auto money = [](double usd) { return QLocale().toString(usd, 'f', usd < 1.0 ? 4 : 2); };
    QString text = tr("Spent $%1").arg(money(total));
    if (!current.isEmpty())
        text = tr("This session $%1 · %2").arg(money(m_store->totalCost(current)), text);
    m_statusCost->setText(text);
}

void MainWindow::updateStatus()
{
    int archived = 0;
    const QList<SessionRecord> sessions = m_model->sessions();
    for (const SessionRecord &s : sessions)
        archived += s.archived ? 1 : 0;
    const int active = int(sessions.size()) - archived;
    QString text = tr("%n session(s)", nullptr, active);
    if (archived > 0)
        text += QStringLiteral(" · ") + tr("%n archived", nullptr, archived);
    m_statusCount->setText(text);
    m_statusCount->setToolTip(tr("Data file: %1").arg(QDir::toNativeSeparators(m_store->path())));
}

void MainWindow::showWriteError(const QString &message)
{
    qCWarning(lcUi) << "store write failed:" << message;
    statusBar()->showMessage(tr("Could not save a change: %1").arg(message));
    QMessageBox::warning(this, tr("Could Not Save"),
        tr("The change could not be saved to %1.\n\n%2")
            .arg(QDir::toNativeSeparators(m_store->path()), message));
}

void MainWindow::applyTheme()
{
    m_themeApplying = true;
    Theme::apply(m_settings->theme());
    m_themeApplying = false;
}

} // namespace Proto
