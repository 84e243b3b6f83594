#pragma once

#include "panelregistry.h"
#include "records.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;

namespace Proto {

class SessionPage;

// The right-hand side of the window: a header naming the current session (title, machine,
// working folder) above its SessionPage; with no session, an empty state that offers to create
// one. Pages are created when a session is first shown and dropped when it is deleted.
class SessionView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionView)

public:
    SessionView(const PanelRegistry &registry, const PanelContext &context, QWidget *parent = nullptr);
    ~SessionView() override;

    // Shows session (creating its page on first use) or the empty state for std::nullopt.
    void showSession(const std::optional<SessionRecord> &session, const QString &machineName = {});
    // The record of an open page changed (renamed, state...): updates header and panels.
    void updateSession(const SessionRecord &session, const QString &machineName);
    void removeSession(const QString &sessionId);

    QString currentSessionId() const { return m_currentId; }
    SessionPage *page(const QString &sessionId) const { return m_pages.value(sessionId); }
    int pageCount() const { return int(m_pages.size()); }

    // The session splitter's state is shared by every page (remembered by MainWindow).
    QByteArray splitterState() const;
    void setSplitterState(const QByteArray &state);

    void setNewSessionAction(QAction *action);

Q_SIGNALS:
    // A panel of that session wants the user's eyes (an approval waiting, an error, a finished
    // turn); reason is a short translated phrase.
    void attentionRequested(const QString &sessionId, const QString &reason);
    // The person wants another provider, model or agent for the session (the header's button).
    void agentChangeRequested(const QString &sessionId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateHeader(const SessionRecord &session, const QString &machineName);
    void applyHeaderFonts();

    const PanelRegistry &m_registry;
    PanelContext m_context;
    QWidget *m_header;
    QWidget *m_headerLine = nullptr;
    QLabel *m_title;
    QLabel *m_subtitle;
    QLabel *m_agentInfo; // "Agent coder · Model gpt-4.1 · Provider openai"
    QPushButton *m_changeAgent;
    QStackedWidget *m_stack;
    QWidget *m_empty;
    QPushButton *m_emptyButton;
    QHash<QString, SessionPage *> m_pages;
    QString m_currentId;
    QByteArray m_splitterState;
};

} // namespace Proto
