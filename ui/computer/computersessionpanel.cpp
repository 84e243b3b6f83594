#include "computersessionpanel.h"

#include "computerview.h"
#include "machine.h"
#include "panelregistry.h"
#include "resourcepaths.h"
#include "screenendpoint.h"
#include "secretdialog.h"
#include "secretstore.h"
#include "store.h"
#include "vncclient.h"

#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace Proto {

ComputerSessionPanel::ComputerSessionPanel(const PanelContext &context, QWidget *parent)
    : SessionPanel(parent)
    , m_context(context)
    , m_secrets(new SecretStore(this))
    , m_endpoint(new ScreenEndpoint(this))
{
    setObjectName(QStringLiteral("computerSessionPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    m_message = new QLabel(m_stack);
    m_message->setObjectName(QStringLiteral("computerMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setMargin(24);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_view = new ComputerView(m_stack);
    m_stack->addWidget(m_message);
    m_stack->addWidget(m_view);
    layout->addWidget(m_stack);
    showMessage(tr("No session."));

    connect(m_endpoint, &ScreenEndpoint::ready, this, [this](const QString &host, quint16 port) {
        if (!m_client)
            return;
        if (m_endpoint->crossesNetwork()) {
            // The tunnel ends on 127.0.0.1 but crosses the SSH link: encode for a real network.
            Vnc::Settings settings = m_client->settings();
            if (settings.link == Vnc::Link::Auto)
                settings.link = Vnc::Link::Lan;
            m_client->setSettings(settings);
        }
        m_client->connectToHost(host, port);
    });
    connect(m_endpoint, &ScreenEndpoint::failed, this, [this](const QString &message) {
        if (!m_client || m_client->state() != Vnc::State::Connected)
            showMessage(message);
    });
}

ComputerSessionPanel::~ComputerSessionPanel()
{
    m_view->setClient(nullptr);
    closeTunnel();
}

QString ComputerSessionPanel::title() const
{
    return tr("Computer");
}

QIcon ComputerSessionPanel::icon() const
{
    return QIcon(iconResourcePath(u"panel-computer"));
}

QString ComputerSessionPanel::passwordKey(const QString &machineId)
{
    return QStringLiteral("vnc-password/") + machineId;
}

QString ComputerSessionPanel::message() const
{
    return m_stack->currentWidget() == m_message ? m_message->text() : QString();
}

void ComputerSessionPanel::showMessage(const QString &text)
{
    m_message->setText(text);
    m_stack->setCurrentWidget(m_message);
}

MachineTunnel *ComputerSessionPanel::tunnel() const
{
    return m_endpoint->tunnel();
}

void ComputerSessionPanel::closeTunnel()
{
    m_endpoint->close();
}

void ComputerSessionPanel::setSession(const SessionRecord &session)
{
    const QString machineId
        = session.machineId.isEmpty() && m_context.store ? Store::localMachineId() : session.machineId;
    const std::optional<MachineRecord> record
        = m_context.store ? m_context.store->machine(machineId) : std::optional<MachineRecord>();
    // Same machine and endpoint: keep the live connection.
    if (m_client && machineId == m_machineId && record && record->vncHost == m_machine.vncHost
        && record->vncPort == m_machine.vncPort && record->vncViaSsh == m_machine.vncViaSsh)
        return;

    ++m_generation;
    m_machineId = machineId;
    closeTunnel();
    m_view->setClient(nullptr);
    if (m_client)
        disconnect(m_client, nullptr, this, nullptr);
    if (m_ownClient)
        m_ownClient->disconnectFromHost();
    m_client = nullptr;
    m_askingPassword = false;

    if (!record) {
        showMessage(tr("The machine of this session is not available."));
        Q_EMIT clientChanged(nullptr);
        return;
    }
    m_machine = *record;
    if (const QString problem = ScreenEndpoint::problem(m_machine); !problem.isEmpty()) {
        showMessage(problem);
        Q_EMIT clientChanged(nullptr);
        return;
    }

    VncClient *shared = m_context.vncClientFor ? m_context.vncClientFor(machineId) : nullptr;
    if (!shared && !m_ownClient)
        m_ownClient = new VncClient(this);
    m_client = shared ? shared : m_ownClient;
    connect(m_client, &VncClient::passwordRequested, this, [this] {
        askPassword(
            m_passwordFromKeychain ? tr("The password stored in the keychain was not accepted.") : QString());
    });
    connect(m_client, &VncClient::errorOccurred, this, [this](Vnc::Error error, const QString &) {
        if (error == Vnc::Error::AuthenticationFailed && !m_askingPassword)
            askPassword(tr("The password was not accepted."));
    });
    m_view->setClient(m_client);
    m_stack->setCurrentWidget(m_view);
    Q_EMIT clientChanged(m_client);

    // A shared connection that is already up (another session on this machine) stays as it is.
    if (m_client->state() == Vnc::State::Connected || m_client->state() == Vnc::State::Connecting
        || m_client->state() == Vnc::State::Reconnecting)
        return;
    const quint64 generation = m_generation;
    m_secrets->read(passwordKey(machineId), this, [this, generation](const SecretResult &result) {
        if (generation != m_generation || !m_client)
            return;
        m_passwordFromKeychain = result.ok() && !result.value.isEmpty();
        if (m_passwordFromKeychain)
            m_client->setPassword(result.value);
        connectClient();
    });
}

void ComputerSessionPanel::connectClient()
{
    Machine *machine = m_context.machineFor ? m_context.machineFor(m_machineId) : nullptr;
    m_endpoint->open(m_machine, machine);
}

void ComputerSessionPanel::askPassword(const QString &problem)
{
    if (m_askingPassword || !m_client)
        return;
    m_askingPassword = true;
    auto *dialog = new SecretDialog(this);
    dialog->setObjectName(QStringLiteral("vncPasswordDialog"));
    dialog->setWindowTitle(tr("VNC password"));
    dialog->setQuestion(tr("The screen of %1 asks for a VNC password.").arg(m_machine.name));
    dialog->offerRemember(SecretStore::keychainAvailable() ? QString() : SecretStore::noKeychainMessage());
    dialog->setAcceptText(tr("Connect"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setProblem(problem);
    const quint64 generation = m_generation;
    connect(dialog, &QDialog::finished, this, [this, dialog, generation](int code) {
        m_askingPassword = false;
        if (generation != m_generation || !m_client)
            return;
        const QString password = dialog->secret();
        if (code != QDialog::Accepted || password.isEmpty()) {
            m_client->cancelPasswordRequest();
            return;
        }
        m_passwordFromKeychain = false;
        if (dialog->remember()) {
            m_secrets->write(passwordKey(m_machineId), password, this, [this](const SecretResult &result) {
                if (!result.ok())
                    m_view->setToolTip(result.errorString);
            });
        }
        m_client->setPassword(password);
        if (m_client->state() == Vnc::State::Failed)
            m_client->reconnect();
        else
            m_client->providePassword(password);
    });
    dialog->open();
}

void registerComputerPanel(PanelRegistry &registry)
{
    PanelRegistry::Factory factory;
    factory.id = QStringLiteral("computer");
    factory.area = PanelRegistry::Area::Workspace;
    factory.order = 30;
    factory.create = [](const PanelContext &context, QWidget *parent) -> SessionPanel * {
        return new ComputerSessionPanel(context, parent);
    };
    registry.add(factory);
}

} // namespace Proto
