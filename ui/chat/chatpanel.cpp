#include "chatpanel.h"

#include "agenterror.h"
#include "agentrunner.h"
#include "agentservices.h"
#include "approvalbroker.h"
#include "approvalcard.h"
#include "cardframe.h"
#include "chatmodel.h"
#include "chatview.h"
#include "composer.h"
#include "computertool.h"
#include "killswitch.h"
#include "localmachine.h"
#include "modelcatalog.h"
#include "panelregistry.h"
#include "promptdispatcher.h"
#include "promptqueue.h"
#include "queuebar.h"
#include "resourcepaths.h"
#include "store.h"
#include "toolregistry.h"
#include "visibletext.h"
#include "vncclient.h"

#include <QBuffer>
#include <QComboBox>
#include <QFileDialog>
#include <QFrame>
#include <QHBoxLayout>
#include <QImage>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPixmap>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace Proto {

ChatPanel::ChatPanel(const PanelContext &context, QWidget *parent)
    : SessionPanel(parent)
    , m_context(context)
    , m_model(new ChatModel(this))
    , m_view(new ChatView(m_model, this))
    , m_banner(new CardFrame(QColor(0xd0, 0x3a, 0x3a), this))
    , m_bannerText(new QLabel(m_banner))
    , m_bannerButton(new QPushButton(m_banner))
    , m_composer(new Composer(this))
    , m_send(new QPushButton(tr("Send"), this))
    , m_stop(new QPushButton(tr("Stop"), this))
    , m_status(new QLabel(this))
    , m_cost(new QLabel(this))
    , m_thinkingBox(new QComboBox(this))
    , m_effortBox(new QComboBox(this))
    , m_attachButton(new QToolButton(this))
    , m_attachBar(new QWidget(this))
{
    setObjectName(QStringLiteral("chatPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_view, 1);

    auto *bottom = new QWidget(this);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(10, 6, 10, 8);
    bottomLayout->setSpacing(6);

    if (m_context.agent && m_context.agent->approvals) {
        m_approval = new ApprovalCard(m_context.agent->approvals, bottom);
        bottomLayout->addWidget(m_approval);
        connect(m_approval, &ApprovalCard::finished, this, &ChatPanel::updateControls);
    }

    m_banner->setObjectName(QStringLiteral("chatErrorBanner"));
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(10, 6, 10, 6);
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextFormat(Qt::PlainText); // errors carry servers' and models' text
    m_bannerText->setObjectName(QStringLiteral("chatErrorText"));
    m_bannerButton->setObjectName(QStringLiteral("chatErrorButton"));
    auto *dismiss = new QPushButton(tr("Dismiss"), m_banner);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_bannerButton);
    bannerLayout->addWidget(dismiss);
    connect(dismiss, &QPushButton::clicked, m_banner, &QWidget::hide);
    connect(m_bannerButton, &QPushButton::clicked, this, [this] {
        if (m_bannerKind == AgentError::kindName(AgentError::Kind::NoApiKey)
            || m_bannerKind == AgentError::kindName(AgentError::Kind::Auth)) {
            QMetaObject::invokeMethod(window(), "openSettings", Qt::QueuedConnection);
        } else if (m_bannerKind == AgentError::kindName(AgentError::Kind::KillSwitch)
            && m_context.killSwitch) {
            m_context.killSwitch->release();
        }
        m_banner->hide();
    });
    m_banner->hide();
    bottomLayout->addWidget(m_banner);

    // Files attached to the next message, each a chip that removes it when clicked.
    m_attachBar->setObjectName(QStringLiteral("chatAttachments"));
    auto *attachLayout = new QHBoxLayout(m_attachBar);
    attachLayout->setContentsMargins(0, 0, 0, 0);
    attachLayout->setSpacing(4);
    attachLayout->addStretch();
    m_attachBar->hide();
    bottomLayout->addWidget(m_attachBar);
    m_queueBar = new QueueBar(this);
    bottomLayout->addWidget(m_queueBar);
    connect(m_queueBar, &QueueBar::removeRequested, this, [this](const QString &id) {
        if (m_queue)
            m_queue->remove(id);
    });
    connect(m_queueBar, &QueueBar::retryRequested, this, [this] {
        if (m_dispatcher)
            m_dispatcher->retryNow();
    });
    connect(m_queueBar, &QueueBar::editRequested, this, [this](const QString &id) {
        if (!m_queue)
            return;
        for (const PromptQueue::Item &item : m_queue->items()) {
            if (item.id != id)
                continue;
            bool ok = false;
            const QString text = QInputDialog::getMultiLineText(
                this, tr("Edit Queued Message"), tr("Sent when the agent can take it:"), item.text, &ok);
            if (ok)
                editQueued(id, text);
            return;
        }
    });
    m_queueTimer.setInterval(1000);
    connect(&m_queueTimer, &QTimer::timeout, this, &ChatPanel::updateQueueBar);

    auto *row = new QHBoxLayout;
    row->addWidget(m_composer, 1);
    auto *buttons = new QVBoxLayout;
    m_send->setObjectName(QStringLiteral("chatSend"));
    m_stop->setObjectName(QStringLiteral("chatStop"));
    m_stop->setToolTip(tr("Stop the agent (Esc)"));
    m_stop->setShortcut(QKeySequence(Qt::Key_Escape));
    buttons->addWidget(m_send);
    buttons->addWidget(m_stop);
    buttons->addStretch();
    row->addLayout(buttons);
    bottomLayout->addLayout(row);

    auto *footer = new QHBoxLayout;
    m_attachButton->setObjectName(QStringLiteral("chatAttach"));
    m_attachButton->setText(tr("Attach…"));
    m_attachButton->setToolTip(
        tr("Attach files from this computer: images, PDFs, text (or drop or paste them)"));
    m_attachButton->setAutoRaise(true);
    footer->addWidget(m_attachButton);
    m_thinkingBox->setObjectName(QStringLiteral("chatThinking"));
    m_effortBox->setObjectName(QStringLiteral("chatEffort"));
    m_thinkingBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_effortBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    footer->addWidget(m_thinkingBox);
    footer->addWidget(m_effortBox);
    connect(m_thinkingBox, &QComboBox::activated, this, &ChatPanel::applyThinkingChoice);
    connect(m_effortBox, &QComboBox::activated, this, &ChatPanel::applyThinkingChoice);
    connect(m_attachButton, &QToolButton::clicked, this, &ChatPanel::chooseFiles);
    connect(
        m_composer, &Composer::filesDropped, this, [this](const QStringList &paths) { attachFiles(paths); });
    connect(m_composer, &Composer::imagePasted, this, [this](const QImage &image) { attachImage(image); });
    m_status->setObjectName(QStringLiteral("chatStatus"));
    m_cost->setObjectName(QStringLiteral("chatCost"));
    m_status->setTextFormat(Qt::PlainText); // a retry reason can hold the server's text
    m_cost->setTextFormat(Qt::PlainText);
    m_status->setForegroundRole(QPalette::PlaceholderText);
    // The status gives way in a narrow panel (its full text is the tooltip); the cost stays whole.
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_status->setMinimumWidth(40);
    m_cost->setForegroundRole(QPalette::PlaceholderText);
    footer->addWidget(m_status, 1);
    footer->addWidget(m_cost);
    bottomLayout->addLayout(footer);
    layout->addWidget(bottom);

    connect(m_composer, &Composer::sendRequested, this, &ChatPanel::send);
    connect(m_send, &QPushButton::clicked, this, &ChatPanel::send);
    connect(m_stop, &QPushButton::clicked, this, &ChatPanel::stop);
    m_draftTimer.setSingleShot(true);
    m_draftTimer.setInterval(500);
    connect(&m_draftTimer, &QTimer::timeout, this, [this] { saveDraft(); });
    // Several ticks a second: the countdown shows each whole second however the timer drifts.
    m_retryTimer.setInterval(250);
    m_retryTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_retryTimer, &QTimer::timeout, this, &ChatPanel::updateControls);
    connect(m_composer, &QPlainTextEdit::textChanged, this, [this] {
        if (m_loaded)
            m_draftTimer.start();
    });
    if (m_context.killSwitch) {
        connect(m_context.killSwitch, &KillSwitch::engagedChanged, this, [this](bool on) {
            if (on)
                m_model->addNotice(
                    AgentError::kindName(AgentError::Kind::KillSwitch), m_context.killSwitch->refusal());
            updateControls();
        });
    }
    updateControls();
}

ChatPanel::~ChatPanel()
{
    if (m_draftTimer.isActive())
        saveDraft();
    if (m_runner && m_runner->isBusy())
        m_runner->stop(tr("the session was closed"));
    // The dispatcher drives the runner, and the runner uses m_tools: in that order.
    delete m_dispatcher;
    m_dispatcher = nullptr;
    delete m_runner;
    m_runner = nullptr;
}

QString ChatPanel::title() const
{
    return tr("Chat");
}

QIcon ChatPanel::icon() const
{
    return QIcon(iconResourcePath(u"panel-chat"));
}

void ChatPanel::setSession(const SessionRecord &session)
{
    const bool first = !m_loaded;
    const QString draft = m_session.draft;
    m_session = session;
    if (!first) {
        m_session.draft = draft; // the composer's, possibly not saved yet
        // Renamed, another model or agent: the runner uses the new record from its next request.
        if (m_runner) {
            m_runner->setSession(m_session);
            m_session.state = AgentRunner::stateName(m_runner->state());
        }
        updateThinkingChoices(); // another model offers other levels
        updateControls();
        return;
    }
    if (m_context.store) {
        m_model->load(m_context.store->messages(session.id), m_context.store->toolCalls(session.id));
        m_composer->setPlainText(session.draft);
        m_composer->moveCursor(QTextCursor::End);
    }
    m_loaded = true;
    createRunner();
    // A session left "running" by a crash or quit is idle now.
    if (m_session.state == QLatin1String("running") || m_session.state == QLatin1String("waiting"))
        saveState(QStringLiteral("idle"));
    updateCost();
    updateControls();
}

void ChatPanel::createRunner()
{
    if (!m_context.agent || !m_context.store)
        return;
    Machine *machine = m_context.machineFor ? m_context.machineFor(m_session.machineId) : nullptr;
    if (!machine && (m_session.machineId.isEmpty() || m_session.machineId == Store::localMachineId())) {
        m_local = new LocalMachine(this);
        machine = m_local;
    }
    if (!machine) {
        showBanner(AgentError::kindName(AgentError::Kind::Machine),
            tr("The machine of this session is not available; the agent cannot run."));
        return;
    }
    m_machine = machine;
    AgentServices services = *m_context.agent;
    // A machine with a screen: the session's agent gets the computer tool, driving the same
    // VNC connection the Computer panel shows.
    VncClient *screen = nullptr;
    if (m_context.vncClientFor) {
        const std::optional<MachineRecord> record = m_context.store->machine(m_session.machineId);
        if (record && !record->vncHost.trimmed().isEmpty())
            screen = m_context.vncClientFor(m_session.machineId);
    }
    if (screen) {
        m_tools = ToolRegistry::createStandard();
        AgentServices::registerCoreTools(*m_tools);
        services.tools = m_tools.get();
    }
    m_runner = new AgentRunner(services, m_session, machine, this);
    QString noComputer;
    if (screen) {
        // The tool's version follows the model the runner asks (the agent's, the session's or
        // the default), as proto-cli does; the runner reads its tools per request.
        noComputer = ComputerTool::unavailableReason(m_runner->model());
        if (noComputer.isEmpty()) {
            ComputerTool::Options options;
            options.version = ComputerTool::versionForModel(m_runner->model());
            m_tools->add(std::make_unique<ComputerTool>(screen, options));
        }
    }
    connectRunner();
    if (!noComputer.isEmpty())
        m_model->addNotice(QStringLiteral("info"), noComputer);
    // Local machines are always there; a remote one is waited for while it reconnects.
    m_queue = new PromptQueue(m_context.store, m_session.id, this);
    m_dispatcher = new PromptDispatcher(
        m_runner, m_queue, machine->kind() == Machine::Kind::Local ? nullptr : machine, this);
    m_dispatcher->setKillSwitch(m_context.killSwitch);
    connect(m_queue, &PromptQueue::changed, this, [this] {
        updateQueueBar();
        updateControls();
    });
    connect(m_dispatcher, &PromptDispatcher::waitingChanged, this, [this] {
        updateQueueBar();
        updateControls();
    });
    updateQueueBar();
    updateThinkingChoices();
}

void ChatPanel::updateThinkingChoices()
{
    m_thinkingBox->clear();
    m_effortBox->clear();
    if (!m_runner) {
        m_thinkingBox->setEnabled(false);
        m_effortBox->setEnabled(false);
        return;
    }
    const ModelCapabilities caps = ModelCatalog::shared()->capabilities(m_runner->model());
    const LlmThinking current = m_runner->thinking();
    if (caps.thinking != ModelCapabilities::Thinking::AlwaysOn)
        m_thinkingBox->addItem(tr("No thinking"), QStringLiteral("off"));
    if (caps.thinking != ModelCapabilities::Thinking::None)
        m_thinkingBox->addItem(tr("Thinking"), QStringLiteral("adaptive"));
    if (caps.supportsBudget()) {
        for (int budget : { 4096, 16000, 32000 })
            m_thinkingBox->addItem(tr("Thinking ≤%1k").arg(budget / 1000), QString::number(budget));
    }
    int index = m_thinkingBox->findData(current.toString());
    if (index < 0 && current.mode == LlmThinking::Mode::Budget) {
        m_thinkingBox->addItem(tr("Thinking ≤%1").arg(current.budgetTokens), current.toString());
        index = m_thinkingBox->count() - 1;
    }
    m_thinkingBox->setCurrentIndex(std::max(0, index));
    m_thinkingBox->setEnabled(m_thinkingBox->count() > 1);
    m_thinkingBox->setToolTip(caps.thinking == ModelCapabilities::Thinking::None
            ? tr("%1 has no extended thinking").arg(m_runner->model())
            : tr("Extended thinking for this session's requests (adaptive: the model decides how much; ≤N: "
                 "at "
                 "most N tokens); the thinking shows collapsed in the chat"));

    m_effortBox->addItem(tr("Default effort"), QStringLiteral("default"));
    for (const QString &level : caps.efforts)
        m_effortBox->addItem(tr("Effort %1").arg(level), level);
    const int effortIndex
        = m_effortBox->findData(m_runner->effort() == LlmEffort::Default ? QStringLiteral("default")
                                                                         : llmEffortName(m_runner->effort()));
    m_effortBox->setCurrentIndex(std::max(0, effortIndex));
    m_effortBox->setEnabled(!caps.efforts.isEmpty());
    m_effortBox->setToolTip(caps.efforts.isEmpty() ? tr("%1 takes no effort setting").arg(m_runner->model())
                                                   : tr("How much the model spends on a reply"));
}

void ChatPanel::applyThinkingChoice()
{
    if (!m_runner)
        return;
    const LlmThinking thinking
        = LlmThinking::parse(m_thinkingBox->currentData().toString()).value_or(LlmThinking::off());
    const LlmEffort effort
        = parseLlmEffort(m_effortBox->currentData().toString()).value_or(LlmEffort::Default);
    m_runner->setThinking(thinking, effort);
}

void ChatPanel::connectRunner()
{
    AgentRunner *r = m_runner;
    connect(r, &AgentRunner::userMessageAdded, m_model, &ChatModel::addUser);
    connect(r, &AgentRunner::retrying, this, &ChatPanel::onRetrying);
    connect(r, &AgentRunner::messageStarted, this, &ChatPanel::clearRetry);
    connect(r, &AgentRunner::textDelta, m_model, &ChatModel::appendText);
    connect(r, &AgentRunner::thinkingDelta, m_model, &ChatModel::appendThinking);
    connect(r, &AgentRunner::messageFinished, m_model,
        [this](const QString &id, const QJsonObject &) { m_model->finishMessage(id); });
    connect(r, &AgentRunner::toolCallStarted, m_model, &ChatModel::startTool);
    connect(r, &AgentRunner::toolCallOutput, m_model, &ChatModel::appendToolOutput);
    connect(r, &AgentRunner::toolCallImage, m_model, &ChatModel::setToolImage);
    connect(r, &AgentRunner::toolCallFinished, m_model, &ChatModel::finishTool);
    connect(r, &AgentRunner::stateChanged, this, &ChatPanel::onStateChanged);
    connect(r, &AgentRunner::error, this, &ChatPanel::onError);
    connect(r, &AgentRunner::notice, this,
        [this](const QString &text) { m_model->addNotice(QStringLiteral("info"), text); });
    connect(r, &AgentRunner::approvalRequested, this, &ChatPanel::onApproval);
    connect(r, &AgentRunner::usageChanged, this, &ChatPanel::updateCost);
    connect(r, &AgentRunner::turnFinished, this, &ChatPanel::onTurnFinished);
}

void ChatPanel::send()
{
    const QString text = m_composer->toPlainText().trimmed();
    if (text.isEmpty() && m_attachments.isEmpty())
        return;
    if (!m_runner) {
        sendText(text); // says why not, keeping the composer's text and files
        return;
    }
    const QList<Attachment> attachments = m_attachments;
    m_attachments.clear();
    updateAttachmentBar();
    m_composer->clear();
    saveDraft();
    sendText(text, attachments);
}

QStringList ChatPanel::queuedMessages() const
{
    QStringList texts;
    if (m_queue) {
        for (const PromptQueue::Item &item : m_queue->items())
            texts << item.text;
    }
    return texts;
}

bool ChatPanel::editQueued(const QString &id, const QString &text)
{
    return m_queue && m_queue->edit(id, text);
}

void ChatPanel::updateQueueBar()
{
    if (!m_queueBar)
        return;
    if (!m_queue || !m_dispatcher) {
        m_queueBar->setItems({});
        m_queueBar->setReason({}, false);
        return;
    }
    m_queueBar->setItems(m_queue->items());
    QString reason;
    bool retry = false;
    switch (m_dispatcher->waiting()) {
    case PromptDispatcher::Waiting::Nothing:
        break;
    case PromptDispatcher::Waiting::Agent:
        reason = tr("Sent when the agent finishes.");
        break;
    case PromptDispatcher::Waiting::Provider: {
        const int left = qRound(m_dispatcher->retryInMs() / 1000.0);
        reason = left > 0 ? tr("The provider cannot be reached: trying again in %n s.", nullptr, left)
                          : tr("The provider cannot be reached: trying again now.");
        retry = true;
        break;
    }
    case PromptDispatcher::Waiting::Machine:
        reason = tr("%1 is not connected: sent when it is.")
                     .arg(m_machine ? m_machine->name() : tr("The machine"));
        break;
    case PromptDispatcher::Waiting::KillSwitch:
        reason = tr("The kill switch is engaged: sent when it is released.");
        break;
    }
    m_queueBar->setReason(m_queue->isEmpty() && !retry ? QString() : reason, retry);
    if (retry)
        m_queueTimer.start();
    else
        m_queueTimer.stop();
}

bool ChatPanel::attachFiles(const QStringList &paths)
{
    QStringList problems;
    for (const QString &path : paths) {
        Attachment attachment;
        QString error;
        if (Attachment::fromFile(path, &attachment, &error))
            addAttachment(attachment, &problems);
        else
            problems.append(error);
    }
    return attachmentsAdded(problems);
}

bool ChatPanel::attachImage(const QImage &image)
{
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    QStringList problems;
    Attachment attachment;
    QString error;
    if (image.isNull() || !image.save(&buffer, "PNG"))
        problems.append(tr("The pasted image could not be read."));
    else if (Attachment::fromData(
                 tr("pasted image %1.png").arg(m_attachments.size() + 1), png, &attachment, &error))
        addAttachment(attachment, &problems);
    else
        problems.append(error);
    return attachmentsAdded(problems);
}

bool ChatPanel::attachmentsAdded(const QStringList &problems)
{
    updateAttachmentBar();
    if (!problems.isEmpty())
        showBanner(QStringLiteral("attachment"), problems.join(u'\n'));
    return problems.isEmpty();
}

bool ChatPanel::addAttachment(const Attachment &attachment, QStringList *problems)
{
    QString error;
    if (!attachment.fitsWith(m_attachments, &error)) {
        problems->append(error);
        return false;
    }
    m_attachments.append(attachment);
    return true;
}

void ChatPanel::chooseFiles()
{
    auto *dialog = new QFileDialog(window(), tr("Attach Files"));
    dialog->setObjectName(QStringLiteral("attachFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFiles);
    dialog->setNameFilters(
        { tr("Images, PDFs and text (*.png *.jpg *.jpeg *.gif *.webp *.pdf *.txt *.md *.json "
             "*.csv *.log *.xml *.yaml *.yml *.c *.cpp *.h *.py *.js *.ts *.rs *.go *.java *.sh)"),
            tr("All files (*)") });
    connect(
        dialog, &QFileDialog::filesSelected, this, [this](const QStringList &paths) { attachFiles(paths); });
    dialog->open();
}

void ChatPanel::updateAttachmentBar()
{
    auto *layout = static_cast<QHBoxLayout *>(m_attachBar->layout());
    while (layout->count() > 1) { // the stretch stays last
        QLayoutItem *item = layout->takeAt(0);
        delete item->widget();
        delete item;
    }
    for (qsizetype i = 0; i < m_attachments.size(); ++i) {
        const Attachment &a = m_attachments.at(i);
        auto *chip = new QToolButton(m_attachBar);
        chip->setObjectName(QStringLiteral("attachmentChip"));
        chip->setText(QStringLiteral("%1  ×").arg(a.label()));
        chip->setToolTip(VisibleText::asRichText(tr("Remove %1 from the message").arg(a.name)));
        if (a.isImage()) {
            QPixmap thumb;
            if (thumb.loadFromData(a.imageData))
                chip->setIcon(QIcon(thumb.scaled(48, 48, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
            chip->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        }
        connect(chip, &QToolButton::clicked, this, [this, name = a.name, size = a.size] {
            for (qsizetype j = 0; j < m_attachments.size(); ++j) {
                if (m_attachments.at(j).name == name && m_attachments.at(j).size == size) {
                    m_attachments.removeAt(j);
                    break;
                }
            }
            // Not now: this chip is the sender.
            QMetaObject::invokeMethod(this, &ChatPanel::updateAttachmentBar, Qt::QueuedConnection);
        });
        layout->insertWidget(int(i), chip);
    }
    m_attachBar->setVisible(!m_attachments.isEmpty());
}

void ChatPanel::sendText(const QString &text, const QList<Attachment> &attachments)
{
    if (!m_runner) {
        showBanner(AgentError::kindName(AgentError::Kind::Internal),
            tr("The agent is not available in this window."));
        return;
    }
    // Before: a refusal (the kill switch) shows its own banner while sending.
    m_banner->hide();
    m_dispatcher->submit(
        text, Attachment::blocksOf(attachments)); // or it waits in the queue bar, which says why
    updateControls();
}

void ChatPanel::stop()
{
    if (m_queue)
        m_queue->clear();
    if (m_runner && m_runner->isBusy())
        m_runner->stop(tr("stopped by the user"));
    updateControls();
}

void ChatPanel::onStateChanged()
{
    // The runner saves the state itself (that column only).
    m_session.state = AgentRunner::stateName(m_runner->state());
    if (!m_runner->isBusy())
        m_retryTimer.stop();
    updateControls();
}

void ChatPanel::saveState(const QString &state)
{
    if (!m_context.store || m_session.state == state)
        return;
    m_session.state = state;
    SessionUpdate update;
    update.state = state;
    m_context.store->updateSession(m_session.id, update);
}

void ChatPanel::saveDraft()
{
    m_draftTimer.stop();
    if (!m_context.store || !m_loaded)
        return;
    const QString draft = m_composer->toPlainText();
    if (m_session.draft == draft)
        return;
    m_session.draft = draft;
    // The draft alone: a whole record from here could revert a rename or a state change.
    SessionUpdate update;
    update.draft = draft;
    m_context.store->updateSession(m_session.id, update);
}

void ChatPanel::onError(const AgentError &error)
{
    if (error.kind == AgentError::Kind::Busy)
        return;
    const QString kind = AgentError::kindName(error.kind);
    m_model->addNotice(kind, error.message);
    showBanner(kind, error.message);
    Q_EMIT attentionRequested(tr("stopped: %1").arg(error.message));
}

void ChatPanel::showBanner(const QString &kind, const QString &text)
{
    m_bannerKind = kind;
    m_bannerText->setText(text);
    QString button;
    if (kind == AgentError::kindName(AgentError::Kind::NoApiKey)
        || kind == AgentError::kindName(AgentError::Kind::Auth))
        button = tr("Open Settings…");
    else if (kind == AgentError::kindName(AgentError::Kind::KillSwitch) && m_context.killSwitch)
        button = tr("Release Kill Switch");
    m_bannerButton->setText(button);
    m_bannerButton->setVisible(!button.isEmpty());
    m_banner->show();
}

void ChatPanel::onApproval(ApprovalRequest *request)
{
    if (!m_approval || request->sessionId() != m_session.id)
        return;
    m_approval->ask(request);
    m_model->setToolStatus(request->spec().toolCallId, QStringLiteral("pending"));
    connect(request, &ApprovalRequest::answered, m_model,
        [this, id = request->spec().toolCallId](ApprovalRequest::Answer a) {
            if (a == ApprovalRequest::Answer::AllowOnce || a == ApprovalRequest::Answer::AllowAlways)
                m_model->setToolStatus(id, QStringLiteral("running"));
        });
    m_status->setText(tr("Waiting for your approval"));
    Q_EMIT attentionRequested(tr("needs your approval"));
}

void ChatPanel::onRetrying(int attempt, int delayMs, const QString &reason)
{
    m_retryAttempt = attempt + 1;
    m_retryReason = reason;
    m_retryDeadline.setRemainingTime(std::max(0, delayMs));
    m_retryTimer.start();
    updateControls();
}

void ChatPanel::clearRetry()
{
    if (!m_retryTimer.isActive())
        return;
    m_retryTimer.stop();
    updateControls();
}

void ChatPanel::onTurnFinished(const QString &stopReason)
{
    clearRetry();
    updateControls();
    // Done while the person looks elsewhere (another session, another window): tell them. An
    // error has said so already; a stop needs no news; a queued message goes on working.
    const bool done = stopReason != u"error" && stopReason != u"stopped";
    // The dispatcher sends what is queued next.
    if (done && (!m_queue || m_queue->isEmpty()) && (!isVisible() || !window()->isActiveWindow()))
        Q_EMIT attentionRequested(tr("finished"));
}

void ChatPanel::updateControls()
{
    const bool busy = m_runner && m_runner->isBusy();
    m_stop->setEnabled(busy);
    m_send->setEnabled(m_runner != nullptr);
    m_send->setText(busy ? tr("Queue") : tr("Send"));
    QString status;
    if (m_context.killSwitch && m_context.killSwitch->isEngaged())
        status = tr("Kill switch engaged: the agent is stopped");
    else if (!m_runner)
        status = m_context.agent ? QString() : tr("The agent is not available");
    else if (m_runner->state() == AgentRunner::State::Waiting || (m_approval && m_approval->isWaiting()))
        status = tr("Waiting for your approval");
    else if (busy && m_retryTimer.isActive()) {
        const qint64 left = m_retryDeadline.remainingTime();
        // One arg() call: the reason may hold the server's text, "%1" and all.
        status = left > 0
            ? tr("%1 — retrying in %2 s (attempt %3)")
                  .arg(m_retryReason, QString::number((left + 999) / 1000), QString::number(m_retryAttempt))
            : tr("%1 — retrying now (attempt %2)").arg(m_retryReason, QString::number(m_retryAttempt));
    } else if (busy)
        status = tr("Working…");
    if (m_queue && !m_queue->isEmpty())
        status += (status.isEmpty() ? QString() : QStringLiteral(" · "))
            + tr("%n queued", nullptr, int(m_queue->size()));
    if (m_runner && status.isEmpty())
        status = tr("%1 · %2").arg(m_runner->agent().name, m_runner->model());
    m_status->setText(status);
    m_status->setToolTip(
        VisibleText::asRichText(status)); // literal, even if the server's text looks like HTML
}

void ChatPanel::updateCost()
{
    if (!m_context.store)
        return;
    // The runner's figure includes the usage just reported, before the store has written it.
    const double session = m_runner ? m_runner->sessionCostUsd() : m_context.store->totalCost(m_session.id);
    const double total = std::max(m_context.store->totalCost(), session);
    auto money = [](double usd) { return QLocale().toString(usd, 'f', usd < 1.0 ? 4 : 2); };
    m_cost->setText(tr("Session $%1 · all sessions $%2").arg(money(session), money(total)));
}

void registerChatPanel(PanelRegistry &registry)
{
    PanelRegistry::Factory factory;
    factory.id = QStringLiteral("chat");
    factory.area = PanelRegistry::Area::Primary;
    factory.order = 0;
    factory.create = [](const PanelContext &context, QWidget *parent) -> SessionPanel * {
        return new ChatPanel(context, parent);
    };
    registry.add(factory);
}

} // namespace Proto
