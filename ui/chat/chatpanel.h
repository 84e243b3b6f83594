#pragma once

#include "attachment.h"
#include "sessionpanel.h"

#include <QDeadlineTimer>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <memory>

class QLabel;
class QPushButton;
class QComboBox;
class QToolButton;
class QImage;

namespace Proto {

class AgentRunner;
class ApprovalCard;
class ApprovalRequest;
class ChatModel;
class ChatView;
class Composer;
class LocalMachine;
class Machine;
class PanelRegistry;
class PromptDispatcher;
class PromptQueue;
class QueueBar;
class ToolRegistry;
struct AgentError;

// The conversation of a session: the chat view (loaded from the store, then live from the
// session's AgentRunner), approval prompts, error banners, and the composer with Send / Stop.
// Messages sent while the agent works are queued and sent when its turn ends. The draft is kept
// in the session record; the session's state ("running", "waiting"...) follows the runner.
class ChatPanel final : public SessionPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatPanel)

public:
    ChatPanel(const PanelContext &context, QWidget *parent = nullptr);
    ~ChatPanel() override;

    QString title() const override;
    QIcon icon() const override;
    void setSession(const SessionRecord &session) override;

    ChatModel *model() const { return m_model; }
    ChatView *view() const { return m_view; }
    Composer *composer() const { return m_composer; }
    ApprovalCard *approvalCard() const { return m_approval; }
    QPushButton *sendButton() const { return m_send; }
    QPushButton *stopButton() const { return m_stop; }
    QWidget *errorBanner() const { return m_banner; }
    QPushButton *errorButton() const { return m_bannerButton; }
    QLabel *statusLabel() const { return m_status; }
    AgentRunner *runner() const { return m_runner; }
    QStringList queuedMessages() const;
    QueueBar *queueBar() const { return m_queueBar; }
    QComboBox *thinkingBox() const { return m_thinkingBox; }
    QComboBox *effortBox() const { return m_effortBox; }
    PromptDispatcher *dispatcher() const { return m_dispatcher; }
    // Replaces the text of a queued message (what the bar's Edit asks for).
    bool editQueued(const QString &id, const QString &text);
    QToolButton *attachButton() const { return m_attachButton; }
    QList<Attachment> pendingAttachments() const { return m_attachments; }
    // Adds files (read now, from this computer) to the next message; a file that cannot be
    // attached is named in the error banner and the others are kept. False if any was refused.
    bool attachFiles(const QStringList &paths);
    bool attachImage(const QImage &image); // a pasted image, as PNG

public Q_SLOTS:
    // Sends the composer's text and attachments (or queues them while the agent works).
    void send();
    void sendText(const QString &text, const QList<Proto::Attachment> &attachments = {});
    void stop();

private:
    void createRunner();
    void connectRunner();
    void onStateChanged();
    void onError(const AgentError &error);
    void onApproval(ApprovalRequest *request);
    void onTurnFinished(const QString &stopReason);
    void onRetrying(int attempt, int delayMs, const QString &reason);
    void clearRetry();
    void saveDraft();
    void saveState(const QString &state);
    void updateControls();
    void updateCost();
    void showBanner(const QString &kind, const QString &text);
    bool addAttachment(const Attachment &attachment, QStringList *problems);
    bool attachmentsAdded(const QStringList &problems); // shows them; true when there are none
    void chooseFiles();
    void updateAttachmentBar();
    void updateQueueBar();
    void updateThinkingChoices(); // the model's options, the runner's current choice
    void applyThinkingChoice();

    PanelContext m_context;
    SessionRecord m_session;
    bool m_loaded = false;
    QPointer<Machine> m_machine;
    LocalMachine *m_local = nullptr;
    // The session's own tools when it has more than the shared ones (the computer tool over
    // the machine's VNC connection); outlives m_runner (deleted first in the destructor).
    std::unique_ptr<ToolRegistry> m_tools;
    AgentRunner *m_runner = nullptr;

    ChatModel *m_model;
    ChatView *m_view;
    ApprovalCard *m_approval = nullptr;
    QWidget *m_banner;
    QLabel *m_bannerText;
    QPushButton *m_bannerButton;
    QString m_bannerKind;
    Composer *m_composer;
    QPushButton *m_send;
    QPushButton *m_stop;
    QLabel *m_status;
    QLabel *m_cost;
    QComboBox *m_thinkingBox; // extended thinking for this session's requests
    QComboBox *m_effortBox; // output_config.effort, the levels the model accepts
    // What waits to be sent (the agent works, the provider or the machine cannot be reached):
    // kept in the store, sent in order by the dispatcher.
    PromptQueue *m_queue = nullptr;
    PromptDispatcher *m_dispatcher = nullptr;
    QueueBar *m_queueBar = nullptr;
    QTimer m_queueTimer; // the "trying again in N s" countdown
    QToolButton *m_attachButton;
    QWidget *m_attachBar; // a chip per pending attachment
    QList<Attachment> m_attachments;
    QTimer m_draftTimer;
    // A request the server refused is sent again: the countdown in the status line.
    QTimer m_retryTimer;
    QDeadlineTimer m_retryDeadline;
    int m_retryAttempt = 0; // the attempt about to be made (2 at the first retry)
    QString m_retryReason;
};

void registerChatPanel(PanelRegistry &registry);

} // namespace Proto
