#include "terminalview.h"

#include "childenvironment.h"
#include "ptyfeeder.h"

#include <QAction>
#include <QBuffer>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLoggingCategory>
#include <QMenu>
#include <QPushButton>
#include <QRandomGenerator>
#include <QTimer>
#include <QVBoxLayout>
#include <qtermwidget.h>

#include <utility>

Q_LOGGING_CATEGORY(lcTerminal, "proto.ui.terminal")

namespace Proto {

namespace {
const QString kTerm = QStringLiteral("xterm-256color");
}

TerminalView::TerminalView(const TerminalSettings &settings, const QString &workingDirectory, QWidget *parent)
    : QWidget(parent)
    , m_kind(Kind::Local)
    , m_settings(settings)
    , m_workingDirectory(workingDirectory)
{
    setUpCommon();
    startShell();
}

TerminalView::TerminalView(
    const TerminalSettings &settings, const QString &workingDirectory, ShellOpener opener, QWidget *parent)
    : QWidget(parent)
    , m_kind(Kind::Remote)
    , m_settings(settings)
    , m_workingDirectory(workingDirectory)
    , m_opener(std::move(opener))
{
    // The name the machine may keep this tab's shell under (tmux over SSH) across drops.
    m_resumeName
        = QStringLiteral("proto-%1")
              .arg(QRandomGenerator::global()->generate64() & 0xffffffffffffULL, 12, 16, QLatin1Char('0'));
    setUpCommon();
    startShell();
}

TerminalView::~TerminalView()
{
    // The widget's session emits finished/titleChanged while it is torn down.
    disconnect(m_terminal, nullptr, this, nullptr);
    // The feeder watches the widget's pty: it goes first.
    delete m_feeder;
    m_feeder = nullptr;
    if (m_channel) {
        disconnect(m_channel, nullptr, this, nullptr);
        m_channel->close();
        m_channel->deleteLater();
    }
}

void TerminalView::setUpCommon()
{
    m_layout = new QVBoxLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(0);

    m_endBar = new QFrame(this);
    m_endBar->setFrameShape(QFrame::StyledPanel);
    m_endBar->setAutoFillBackground(true);
    auto *barLayout = new QHBoxLayout(m_endBar);
    barLayout->setContentsMargins(8, 4, 8, 4);
    m_endLabel = new QLabel(m_endBar);
    m_endLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_restartButton = new QPushButton(m_kind == Kind::Remote ? tr("Reconnect") : tr("New shell"), m_endBar);
    connect(m_restartButton, &QPushButton::clicked, this, &TerminalView::restart);
    barLayout->addWidget(m_endLabel, 1);
    barLayout->addWidget(m_restartButton);
    m_endBar->hide();
    m_layout->addWidget(m_endBar);

    createTerminal();

    auto addShortcut = [this](const QString &text, const QKeySequence &keys, void (TerminalView::*slot)()) {
        auto *action = new QAction(text, this);
        action->setShortcut(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        QWidget::addAction(action);
        return action;
    };
    addShortcut(tr("Copy"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), &TerminalView::copy);
    addShortcut(tr("Paste"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V), &TerminalView::paste);
    addShortcut(tr("Find in Scrollback"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F),
        &TerminalView::toggleSearch);
}

void TerminalView::createTerminal()
{
    m_terminal = new QTermWidget(0, this);
    m_terminal->setObjectName(QStringLiteral("terminal"));
    m_terminal->setScrollBarPosition(QTermWidget::ScrollBarRight);
    m_terminal->setAutoClose(true); // otherwise the session never reports finished()
    m_terminal->setFlowControlEnabled(false);
    m_terminal->setConfirmMultilinePaste(true);
    m_terminal->setMargin(4);
    m_terminal->setTerminalSizeHint(false); // no "Size: 80 x 24" popup on every splitter move
    m_settings.applyTo(m_terminal);
    m_terminal->setContextMenuPolicy(Qt::CustomContextMenu);
    m_terminal->installEventFilter(this);
    m_layout->insertWidget(0, m_terminal, 1);
    setFocusProxy(m_terminal);

    connect(m_terminal, &QTermWidget::titleChanged, this, [this] { Q_EMIT titleChanged(title()); });
    connect(m_terminal, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu(this);
        const QList<QAction *> links = m_terminal->filterActions(pos);
        for (QAction *action : links)
            menu.addAction(action);
        if (!links.isEmpty())
            menu.addSeparator();
        menu.addAction(tr("Copy"), this, &TerminalView::copy);
        menu.addAction(tr("Paste"), this, &TerminalView::paste);
        menu.addSeparator();
        menu.addAction(tr("Find in Scrollback"), this, &TerminalView::toggleSearch);
        menu.addAction(tr("Clear Scrollback"), m_terminal, &QTermWidget::clear);
        menu.exec(m_terminal->mapToGlobal(pos));
    });
}

void TerminalView::startShell()
{
    m_exitStatus = -1;
    m_endBar->hide();
    if (m_kind == Kind::Local) {
        // The person's own shell, without the app's secrets (API keys, the VNC password): an
        // agent may read what the terminal shows. QTermWidget only adds variables, so the shell
        // starts through env -u.
        const QStringList withheld = ChildEnvironment::withheldNames(
            QProcessEnvironment::systemEnvironment(), ChildEnvironment::For::Person);
        if (withheld.isEmpty()) {
            m_terminal->setShellProgram(m_settings.resolvedShell());
        } else {
            // QTermWidget passes the first argument as argv[0] (the program's name).
            QStringList arguments { QStringLiteral("/usr/bin/env") };
            for (const QString &name : withheld)
                arguments << QStringLiteral("-u") << name;
            arguments << m_settings.resolvedShell();
            m_terminal->setShellProgram(QStringLiteral("/usr/bin/env"));
            m_terminal->setArgs(arguments);
        }
        m_terminal->setWorkingDirectory(m_workingDirectory);
        m_terminal->setEnvironment(
            { QStringLiteral("TERM=") + kTerm, QStringLiteral("COLORTERM=truecolor") });
        connect(m_terminal, &QTermWidget::finished, this, &TerminalView::onLocalFinished);
        m_terminal->startShellProgram();
        m_running = m_terminal->getShellPID() > 0;
        if (!m_running) {
            showEndBar(tr("Could not start %1.").arg(m_settings.resolvedShell()));
            return;
        }
        Q_EMIT shellStarted();
        return;
    }

    if (!m_feeder) {
        m_terminal->startTerminalTeletype();
        m_feeder = new PtyFeeder(m_terminal->getPtySlaveFd(), PtyFeeder::Mode::Raw, this);
        connect(m_terminal, &QTermWidget::sendData, this, [this](const char *data, int size) {
            if (!m_channel || !m_running)
                return;
            if (m_channelStarted)
                m_channel->sendInput(QByteArray(data, size));
            else
                m_pendingInput.append(data, size); // typed while the channel opens
        });
    }
    ShellChannel *channel
        = m_opener ? m_opener(columns(), rows(), kTerm, m_workingDirectory, this, m_resumeName) : nullptr;
    if (!channel) {
        showEndBar(tr("This machine cannot open a shell right now."));
        return;
    }
    m_channel = channel;
    m_sentColumns = columns();
    m_sentRows = rows();
    m_running = true;
    connect(channel, &ShellChannel::output, this, [this](const QByteArray &data) { m_feeder->write(data); });
    m_channelStarted = false;
    m_pendingInput.clear();
    connect(channel, &ShellChannel::started, this, [this] {
        m_channelStarted = true;
        m_keepsShell = m_channel->keepsRunning();
        if (m_reconnecting) {
            m_reconnecting = false;
            m_reconnects = 0;
            Q_EMIT reconnectingChanged(false);
        }
        if (!m_pendingInput.isEmpty())
            m_channel->sendInput(std::exchange(m_pendingInput, {}));
        sendWindowSize();
        Q_EMIT shellStarted();
    });
    connect(channel, &ShellChannel::finished, this, &TerminalView::onRemoteFinished);
}

void TerminalView::onLocalFinished()
{
    m_running = false;
    showEndBar(tr("The shell has ended."));
    Q_EMIT shellFinished();
}

void TerminalView::onRemoteFinished(int exitStatus, const QString &errorString)
{
    m_running = false;
    const bool lost = m_channel && m_channel->connectionLost();
    const bool kept = m_channel && m_channel->keepsRunning();
    // tmux's client ends with its own status, not the shell's: unknown then.
    m_exitStatus = kept ? -1 : exitStatus;
    if (kept)
        exitStatus = -1;
    const bool hadStarted = m_channelStarted;
    if (m_channel) {
        disconnect(m_channel, nullptr, this, nullptr);
        m_channel->deleteLater();
        m_channel = nullptr;
    }
    // The link dropped under a shell that was running: open it again at once (the machine
    // reconnects meanwhile and the open waits for it). With tmux on the server it is the same
    // shell, screen and all; without, a new one, and the line says so.
    if (lost && hadStarted && m_reconnects < 5) {
        ++m_reconnects;
        const QString note = kept
            ? tr("connection lost: reconnecting to the same shell")
            : tr("connection lost: reconnecting (this will be a new shell; with tmux on the server it "
                 "would be the same one)");
        m_feeder->write(
            QByteArrayLiteral("\r\n\x1b[0m\x1b[2m── ") + note.toUtf8() + QByteArrayLiteral(" ──\x1b[0m\r\n"));
        if (!m_reconnecting) {
            m_reconnecting = true;
            Q_EMIT reconnectingChanged(true);
        }
        startShell();
        return;
    }
    if (m_reconnecting) {
        m_reconnecting = false;
        Q_EMIT reconnectingChanged(false);
    }
    QString message;
    if (!errorString.isEmpty())
        message = tr("The shell ended: %1").arg(errorString);
    else if (exitStatus >= 0)
        message = tr("The shell exited with status %1.").arg(exitStatus);
    else
        message = tr("The shell has ended.");
    showEndBar(message);
    Q_EMIT shellFinished();
}

void TerminalView::showEndBar(const QString &message)
{
    m_endLabel->setText(message);
    m_endBar->show();
    m_restartButton->setFocus();
}

QString TerminalView::endMessage() const
{
    return m_endBar->isVisibleTo(this) ? m_endLabel->text() : QString();
}

void TerminalView::restart()
{
    if (m_running)
        return;
    if (m_kind == Kind::Local) {
        // A finished QTermWidget session cannot be started again: replace the widget.
        QTermWidget *old = m_terminal;
        m_layout->removeWidget(old);
        old->hide();
        old->deleteLater();
        createTerminal();
    } else {
        m_feeder->write(QByteArrayLiteral("\r\n\x1b[0m\x1b[2m") + tr("── reconnecting ──").toUtf8()
            + QByteArrayLiteral("\x1b[0m\r\n"));
    }
    startShell();
    m_terminal->setFocus();
}

QString TerminalView::title() const
{
    // Until the shell sets a title (OSC 0/2), the widget reports a placeholder of its own.
    QString fromShell = m_terminal->isTitleChanged() ? m_terminal->title().trimmed() : QString();
    if (!fromShell.isEmpty())
        return fromShell;
    QString folder = m_workingDirectory;
    while (folder.size() > 1 && folder.endsWith(QLatin1Char('/')))
        folder.chop(1);
    const QString leaf = folder.mid(folder.lastIndexOf(QLatin1Char('/')) + 1);
    if (leaf.isEmpty())
        return m_kind == Kind::Local ? tr("Shell") : tr("Remote shell");
    return m_kind == Kind::Local ? tr("Shell · %1").arg(leaf) : tr("Remote · %1").arg(leaf);
}

bool TerminalView::hasForegroundProgram() const
{
    if (m_kind != Kind::Local || !m_running)
        return false;
    const int shell = m_terminal->getShellPID();
    const int foreground = m_terminal->getForegroundProcessId();
    return foreground > 0 && shell > 0 && foreground != shell;
}

int TerminalView::columns() const
{
    return m_terminal->screenColumnsCount();
}

int TerminalView::rows() const
{
    return m_terminal->screenLinesCount();
}

void TerminalView::applySettings(const TerminalSettings &settings)
{
    m_settings = settings;
    m_settings.applyTo(m_terminal);
}

QString TerminalView::screenText() const
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    m_terminal->saveHistory(&buffer);
    return QString::fromUtf8(buffer.data());
}

void TerminalView::sendText(const QString &text)
{
    m_terminal->sendText(text);
}

void TerminalView::copy()
{
    m_terminal->copyClipboard();
}

void TerminalView::paste()
{
    m_terminal->pasteClipboard();
}

void TerminalView::toggleSearch()
{
    m_terminal->toggleShowSearchBar();
}

bool TerminalView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_terminal && event->type() == QEvent::Resize && m_kind == Kind::Remote
        && !m_resizePending) {
        // The display inside recomputes its grid during this event; read it afterwards.
        m_resizePending = true;
        QTimer::singleShot(0, this, [this] {
            m_resizePending = false;
            sendWindowSize();
        });
    }
    return QWidget::eventFilter(watched, event);
}

void TerminalView::focusInEvent(QFocusEvent *event)
{
    QWidget::focusInEvent(event);
    m_terminal->setFocus();
}

void TerminalView::sendWindowSize()
{
    if (!m_channel || !m_running)
        return;
    const int cols = columns();
    const int lines = rows();
    if (cols <= 0 || lines <= 0 || (cols == m_sentColumns && lines == m_sentRows))
        return;
    m_sentColumns = cols;
    m_sentRows = lines;
    qCDebug(lcTerminal) << "window-change" << cols << lines;
    m_channel->resize(cols, lines);
}

} // namespace Proto
