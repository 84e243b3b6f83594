#pragma once

#include "records.h"
#include "sessionpanel.h"
#include "vncclient.h"

#include <QPointer>

class QLabel;
class QStackedWidget;

namespace Proto {

class ComputerView;
class MachineTunnel;
class PanelRegistry;
class ScreenEndpoint;
class SecretStore;

// The Computer panel as the session area shows it: the session machine's screen over VNC.
// On setSession() it looks up the machine's VNC endpoint (MachineRecord vncHost/vncPort) and
// connects where ScreenEndpoint says: directly, or through a tunnel of the machine (vncViaSsh,
// Machine::openTunnel of PanelContext::machineFor). The password comes from the keychain
// ("vnc-password/<machineId>") or, when the server asks, from a dialog (optionally remembered). The VncClient
// is the shared one from PanelContext::vncClientFor when given (the session's computer-use tool drives the
// same connection), else the panel's own. View-only until the person takes over.
class ComputerSessionPanel final : public SessionPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ComputerSessionPanel)

public:
    ComputerSessionPanel(const PanelContext &context, QWidget *parent = nullptr);
    ~ComputerSessionPanel() override;

    QString title() const override;
    QIcon icon() const override;
    void setSession(const SessionRecord &session) override;

    // The connection shown (null when the machine has no VNC endpoint). The session's agent
    // runner gives this client to its ComputerTool.
    VncClient *client() const { return m_client; }
    ComputerView *view() const { return m_view; }
    // The tunnel the screen is reached through, when vncViaSsh (null otherwise).
    MachineTunnel *tunnel() const;
    // The message shown instead of the screen ("no VNC endpoint"), empty while the view shows.
    QString message() const;

    static QString passwordKey(const QString &machineId);

Q_SIGNALS:
    // The client changed (another machine, or the first connection set up).
    void clientChanged(Proto::VncClient *client);

private:
    void showMessage(const QString &text);
    void connectClient();
    void askPassword(const QString &problem);
    void closeTunnel();

    PanelContext m_context;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_message = nullptr;
    ComputerView *m_view = nullptr;
    SecretStore *m_secrets = nullptr;
    QPointer<VncClient> m_client;
    VncClient *m_ownClient = nullptr;
    ScreenEndpoint *m_endpoint = nullptr;
    MachineRecord m_machine;
    QString m_machineId;
    bool m_askingPassword = false;
    bool m_passwordFromKeychain = false;
    quint64 m_generation = 0;
};

void registerComputerPanel(PanelRegistry &registry);

} // namespace Proto
