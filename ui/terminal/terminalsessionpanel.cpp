#include "terminalsessionpanel.h"

#include "appsettings.h"
#include "killswitch.h"
#include "localmachine.h"
#include "panelregistry.h"
#include "resourcepaths.h"
#include "store.h"
#include "terminalpanel.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace Proto {

TerminalSessionPanel::TerminalSessionPanel(const PanelContext &context, QWidget *parent)
    : SessionPanel(parent)
    , m_context(context)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    m_message = new QLabel(m_stack);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_stack->addWidget(m_message);
    createKillSwitchBanner(layout);
    layout->addWidget(m_stack);
    if (m_context.settings) {
        connect(m_context.settings, &AppSettings::changed, this, [this](const QString &key) {
            if (key == AppSettings::terminalFontSizeKey() || key == AppSettings::themeKey())
                applySettings();
        });
    }
}

TerminalSessionPanel::~TerminalSessionPanel() = default;

void TerminalSessionPanel::createKillSwitchBanner(QVBoxLayout *layout)
{
    if (!m_context.killSwitch)
        return;
    m_killBanner = new QFrame(this);
    m_killBanner->setObjectName(QStringLiteral("terminalKillSwitchBanner"));
    m_killBanner->setStyleSheet(QStringLiteral("#terminalKillSwitchBanner { background: #c62828; }"
                                               "#terminalKillSwitchBanner QLabel { color: white; }"));
    auto *row = new QHBoxLayout(m_killBanner);
    row->setContentsMargins(10, 6, 10, 6);
    m_killText = new QLabel(m_killBanner);
    m_killText->setObjectName(QStringLiteral("terminalKillSwitchText"));
    m_killText->setTextFormat(Qt::PlainText);
    m_killText->setWordWrap(true);
    auto *release = new QPushButton(tr("Release"), m_killBanner);
    release->setObjectName(QStringLiteral("terminalKillSwitchRelease"));
    row->addWidget(m_killText, 1);
    row->addWidget(release);
    layout->addWidget(m_killBanner);
    KillSwitch *killSwitch = m_context.killSwitch;
    connect(release, &QPushButton::clicked, killSwitch, [killSwitch] { killSwitch->release(); });
    connect(killSwitch, &KillSwitch::engagedChanged, this, &TerminalSessionPanel::updateKillSwitchBanner);
    updateKillSwitchBanner();
}

void TerminalSessionPanel::updateKillSwitchBanner()
{
    if (!m_killBanner)
        return;
    const KillSwitch *killSwitch = m_context.killSwitch;
    const bool engaged = killSwitch && killSwitch->isEngaged();
    if (engaged)
        m_killText->setText(tr("Kill switch engaged: %1. The agents are stopped and the commands they ran "
                               "were killed; this terminal is still yours.")
                .arg(killSwitch->reason()));
    m_killBanner->setVisible(engaged);
}

bool TerminalSessionPanel::killSwitchBannerVisible() const
{
    return m_killBanner && !m_killBanner->isHidden();
}

QString TerminalSessionPanel::title() const
{
    return tr("Terminal");
}

QIcon TerminalSessionPanel::icon() const
{
    return QIcon(iconResourcePath(u"panel-terminal"));
}

TerminalSettings TerminalSessionPanel::settingsFrom(const AppSettings *settings)
{
    TerminalSettings result;
    if (!settings)
        return result;
    result.font.setPointSize(settings->terminalFontSize());
    switch (settings->theme()) {
    case AppSettings::ThemeMode::System:
        result.appearance = TerminalSettings::Appearance::FollowSystem;
        break;
    case AppSettings::ThemeMode::Light:
        result.appearance = TerminalSettings::Appearance::Light;
        break;
    case AppSettings::ThemeMode::Dark:
        result.appearance = TerminalSettings::Appearance::Dark;
        break;
    }
    return result;
}

void TerminalSessionPanel::applySettings()
{
    if (m_panel)
        m_panel->setSettings(settingsFrom(m_context.settings));
}

void TerminalSessionPanel::setSession(const SessionRecord &session)
{
    if (m_panel && session.machineId == m_machineId && session.workingDirectory == m_folder)
        return;
    m_machineId = session.machineId;
    m_folder = session.workingDirectory;
    Machine *machine = m_context.machineFor ? m_context.machineFor(session.machineId) : nullptr;
    if (!machine && (session.machineId.isEmpty() || session.machineId == Store::localMachineId())) {
        if (!m_local)
            m_local = new LocalMachine(this);
        machine = m_local;
    }
    if (m_panel) {
        m_stack->removeWidget(m_panel);
        m_panel->deleteLater();
        m_panel = nullptr;
    }
    if (!machine) {
        m_message->setText(tr("The machine of this session is not available."));
        m_stack->setCurrentWidget(m_message);
        return;
    }
    const QString folder = m_folder.isEmpty() ? machine->homePath() : m_folder;
    m_panel = new TerminalPanel(machine, folder, settingsFrom(m_context.settings), m_stack);
    m_stack->addWidget(m_panel);
    m_stack->setCurrentWidget(m_panel);
    if (isVisible())
        startFirstShell();
}

void TerminalSessionPanel::showEvent(QShowEvent *event)
{
    SessionPanel::showEvent(event);
    startFirstShell();
}

void TerminalSessionPanel::startFirstShell()
{
    // A shell only once the user looks at the terminal, not for every session opened.
    if (m_panel && m_panel->shellCount() == 0 && m_panel->canOpenShells()
        && !m_panel->property("started").toBool()) {
        m_panel->setProperty("started", true);
        m_panel->newShell();
    }
}

void registerTerminalPanel(PanelRegistry &registry)
{
    PanelRegistry::Factory factory;
    factory.id = QStringLiteral("terminal");
    factory.area = PanelRegistry::Area::Workspace;
    factory.order = 20;
    factory.create = [](const PanelContext &context, QWidget *parent) -> SessionPanel * {
        return new TerminalSessionPanel(context, parent);
    };
    registry.add(factory);
}

} // namespace Proto
