#include "filessessionpanel.h"

#include "filespanel.h"
#include "localmachine.h"
#include "panelregistry.h"
#include "resourcepaths.h"
#include "store.h"

#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace Proto {

FilesSessionPanel::FilesSessionPanel(const PanelContext &context, QWidget *parent)
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
    layout->addWidget(m_stack);
}

FilesSessionPanel::~FilesSessionPanel() = default;

QString FilesSessionPanel::title() const
{
    return tr("Files");
}

QIcon FilesSessionPanel::icon() const
{
    return QIcon(iconResourcePath(u"panel-files"));
}

void FilesSessionPanel::setSession(const SessionRecord &session)
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
        if (m_panel->hasUnsavedChanges())
            return; // keep the user's edits; the new binding applies when the session reopens
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
    m_panel = new FilesPanel(machine, folder, m_stack);
    m_stack->addWidget(m_panel);
    m_stack->setCurrentWidget(m_panel);
}

void registerFilesPanel(PanelRegistry &registry)
{
    PanelRegistry::Factory factory;
    factory.id = QStringLiteral("files");
    factory.area = PanelRegistry::Area::Workspace;
    factory.order = 10;
    factory.create = [](const PanelContext &context, QWidget *parent) -> SessionPanel * {
        return new FilesSessionPanel(context, parent);
    };
    registry.add(factory);
}

} // namespace Proto
