#pragma once

#include <QMainWindow>
#include <QPointer>

#include <functional>

class QAction;
class QLabel;
class QMenu;
class QSplitter;
class QSystemTrayIcon;
class QToolBar;

namespace Proto {

class ApiKeyProvider;
class AppSettings;
class DialogMachinePrompter;
class MachineRegistry;
class KillSwitch;
class PanelRegistry;
class SessionListModel;
class SessionListWidget;
class SessionView;
class Store;
struct AgentServices;
class AgentCatalog;
class LlmProviders;

// The one window: sessions on the left (SessionListWidget), the current session on the right
// (SessionView with the registered panels). Window geometry, splitters, sidebar visibility and
// the last selected session are kept in the store's settings (ui/...) and restored on start.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    // store and registry must outlive the window.
    MainWindow(Store *store, const PanelRegistry &registry, QWidget *parent = nullptr);
    // With the agent services (must outlive the window): panels get them through PanelContext,
    // and the agent toolbar holds the kill switch (Ctrl+Shift+K).
    MainWindow(
        Store *store, const PanelRegistry &registry, const AgentServices *agent, QWidget *parent = nullptr);
    ~MainWindow() override;

    AppSettings *settings() const { return m_settings; }
    SessionListModel *sessionModel() const { return m_model; }
    SessionListWidget *sessionList() const { return m_list; }
    SessionView *sessionView() const { return m_view; }
    // Every machine and its one live connection, shared by the panels of every session.
    MachineRegistry *machines() const { return m_machines; }

    // Where the agent layer puts its session controls (the kill switch, stop, approve all):
    // a toolbar that stays hidden while it holds no action.
    QToolBar *agentToolBar() const { return m_agentToolBar; }
    QMenu *sessionMenu() const { return m_sessionMenu; }
    QAction *killSwitchAction() const { return m_killSwitchAction; }
    // Where Settings stores API keys; changed() runs after a key was stored.
    void setApiKeyProvider(ApiKeyProvider *keys, std::function<void()> changed);
    // The providers (the core's assembly, must outlive the window): New Session and the session
    // header offer them and their models; Settings edits them.
    void setProviders(LlmProviders *providers) { m_providers = providers; }

    QString currentSessionId() const;
    bool selectSession(const QString &sessionId);

    // Saves window state into the store (also done on close).
    void saveWindowState();

public Q_SLOTS:
    void newSession();
    // Another provider, model or agent for a session (the header's Change… button).
    void changeSessionAgent(const QString &sessionId);
    void renameSession();
    void deleteSession();
    void toggleArchiveSession();
    void openSettings();
    void manageMachines();
    // Opens the machine editor; returns the new machine's id (empty when cancelled).
    QString addMachine();
    void about();

Q_SIGNALS:
    void currentSessionChanged(const QString &sessionId);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createActions();
    void createMenus();
    void restoreWindowState();
    void refreshIcons();
    void onCurrentSessionChanged(const QString &sessionId);
    void updateActions();
    void updateStatus();
    void showWriteError(const QString &message);
    void applyTheme();
    // The machine's name with its connection state ("build-vm · connected").
    QString machineLabel(const QString &machineId) const;
    void onMachineStateChanged(const QString &machineId);
    void onMachineReleased(const QString &machineId);
    // A session wants the person: badge it unless they are looking at it; tell the desktop
    // (taskbar alert, notification) when the window is not in front.
    void onAttentionRequested(const QString &sessionId, const QString &reason);
    void clearSeenAttention(); // the current session, once the window is active
    void createKillSwitchAction();
    void updateKillSwitchAction();
    void updateCost();

    Store *m_store;
    AppSettings *m_settings;
    MachineRegistry *m_machines;
    DialogMachinePrompter *m_prompter;
    SessionListModel *m_model;
    SessionListWidget *m_list;
    SessionView *m_view;
    QSplitter *m_splitter;
    QToolBar *m_agentToolBar;
    QMenu *m_sessionMenu = nullptr;
    QLabel *m_statusCount;
    QLabel *m_statusCost;
    QSystemTrayIcon *m_tray = nullptr; // made on the first notification, where a tray exists
    QString m_notifiedSession; // the session the last notification was about
    KillSwitch *m_killSwitch = nullptr;
    QAction *m_killSwitchAction = nullptr;
    ApiKeyProvider *m_keys = nullptr;
    LlmProviders *m_providers = nullptr;
    const AgentCatalog *m_agents = nullptr;
    std::function<void()> m_keysChanged;
    bool m_themeApplying = false;
    bool m_writeErrorShown = false;

    QAction *m_newSession = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_find = nullptr;
    QAction *m_copyFolder = nullptr;
    QAction *m_toggleSidebar = nullptr;
    QAction *m_showArchived = nullptr;
    QAction *m_fullScreen = nullptr;
    QAction *m_rename = nullptr;
    QAction *m_delete = nullptr;
    QAction *m_archive = nullptr;
    QAction *m_about = nullptr;
    QAction *m_manageMachines = nullptr;
    QAction *m_addMachine = nullptr;
};

} // namespace Proto
