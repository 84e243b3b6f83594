#pragma once

#include "records.h"

#include <QIcon>
#include <QString>
#include <QWidget>

#include <functional>

namespace Proto {

class AppSettings;
class KillSwitch;
class Machine;
class Store;
struct AgentServices;
class VncClient;

// What a panel gets when it is created. Grows as the core grows (agent runner, machine
// registry...); panels take what they need from it and keep no global state.
struct PanelContext
{
    Store *store = nullptr; // never null in the application; outlives every panel
    AppSettings *settings = nullptr; // font sizes, default model, limits; emits changed(key)
    // The live Machine for a machine id (the machine registry), or null when it is not available.
    // When unset or null for the local machine (Store::localMachineId()), panels use a
    // LocalMachine of their own.
    std::function<Machine *(const QString &machineId)> machineFor;
    // What the agent runners share (LLM client, tools, approvals, limits; see AgentServices);
    // null when the window runs without an agent (the chat panel then says so).
    const AgentServices *agent = nullptr;
    // The process-wide kill switch (also agent->killSwitch); null without an agent.
    KillSwitch *killSwitch = nullptr;
    // The shared VNC connection of a machine (one per machine, also driven by the session's
    // computer-use tool), owned by the caller. When unset or null the Computer panel owns one.
    std::function<VncClient *(const QString &machineId)> vncClientFor;
};

// One panel of a session (Chat, Files, Terminal, Computer). SessionView creates one instance
// per panel kind for each session the user opens and keeps it while the session stays open, so
// a panel may hold live state (a terminal, a VNC connection). Panels are built in code.
class SessionPanel : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionPanel)

public:
    explicit SessionPanel(QWidget *parent = nullptr);
    ~SessionPanel() override;

    virtual QString title() const = 0; // translated, e.g. tr("Terminal")
    virtual QIcon icon() const = 0;

    // Called once right after creation and again whenever the session's record changes
    // (renamed, state or model changed). The id never changes for one panel instance.
    virtual void setSession(const SessionRecord &session) = 0;

Q_SIGNALS:
    // The panel wants the user's eyes (an approval waiting, an error, a finished turn):
    // SessionView raises it; the main window badges the session in the sidebar and notifies the
    // desktop when it is not in front. reason is a short translated phrase ("needs your approval").
    void attentionRequested(const QString &reason);
    // title() or icon() changed.
    void decorationChanged();
};

} // namespace Proto
