#pragma once

#include "panelregistry.h"
#include "records.h"

#include <QList>
#include <QWidget>

class QFormLayout;
class QLabel;
class QSplitter;
class QTabWidget;

namespace Proto {

// What SessionView shows for one session: the registered panels (primary ones in the left
// column, workspace ones as tabs beside it), or, when no panel is registered, the session's
// details. One page per opened session, kept while the session exists, so live panels survive
// switching between sessions.
class SessionPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionPage)

public:
    SessionPage(const SessionRecord &session, const QString &machineName, const PanelRegistry &registry,
        const PanelContext &context, QWidget *parent = nullptr);
    ~SessionPage() override;

    QString sessionId() const { return m_session.id; }
    void setSession(const SessionRecord &session, const QString &machineName);

    QList<SessionPanel *> panels() const { return m_panels; }
    QSplitter *splitter() const { return m_splitter; } // null without panels in both areas

Q_SIGNALS:
    void attentionRequested(const QString &reason);

private:
    // The chat's agent runner feeds the Terminal panel's agent activity (bash commands and
    // their output) and tells the Files panel about files its tools changed.
    void connectAgentToWorkspace();
    void buildDetails();
    void updateDetails();
    QTabWidget *makeTabs(const QList<PanelRegistry::Factory> &factories, const PanelContext &context);

    SessionRecord m_session;
    QString m_machineName;
    QList<SessionPanel *> m_panels;
    QSplitter *m_splitter = nullptr;
    QFormLayout *m_details = nullptr;
    QLabel *m_machineLabel = nullptr;
    QLabel *m_folderLabel = nullptr;
    QLabel *m_modelLabel = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_createdLabel = nullptr;
    QLabel *m_updatedLabel = nullptr;
};

} // namespace Proto
