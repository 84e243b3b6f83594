#pragma once

#include "sessionpanel.h"

class QLabel;
class QStackedWidget;

namespace Proto {

class FilesPanel;
class LocalMachine;
class PanelRegistry;

// The Files panel as the session area shows it: a FilesPanel bound to the session's machine
// and working folder.
class FilesSessionPanel final : public SessionPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilesSessionPanel)

public:
    FilesSessionPanel(const PanelContext &context, QWidget *parent = nullptr);
    ~FilesSessionPanel() override;

    QString title() const override;
    QIcon icon() const override;
    void setSession(const SessionRecord &session) override;

    // Null until a session with an available machine is set. The lead connects the agent's
    // write/edit tool completions to filesPanel()->fileChanged(path).
    FilesPanel *filesPanel() const { return m_panel; }

private:
    PanelContext m_context;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_message = nullptr;
    FilesPanel *m_panel = nullptr;
    LocalMachine *m_local = nullptr;
    QString m_machineId;
    QString m_folder;
};

void registerFilesPanel(PanelRegistry &registry);

} // namespace Proto
