#include "fileeditor.h"

#include "codeeditor.h"
#include "fileclassifier.h"
#include "machine.h"

#include <QAction>
#include <QCheckBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QStackedWidget>
#include <QStyle>
#include <QTextBlock>
#include <QToolButton>
#include <QVBoxLayout>

namespace Proto {

namespace {

QFrame *makeBar(QWidget *parent)
{
    auto *bar = new QFrame(parent);
    bar->setFrameShape(QFrame::StyledPanel);
    bar->setAutoFillBackground(true);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(6, 3, 6, 3);
    return bar;
}

} // namespace

FileEditor::FileEditor(Machine *machine, const QString &path, QWidget *parent)
    : QWidget(parent)
    , m_machine(machine)
    , m_path(path)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_stack = new QStackedWidget(this);
    layout->addWidget(m_stack);

    m_loadingLabel = new QLabel(tr("Loading %1…").arg(fileName()), m_stack);
    m_loadingLabel->setTextFormat(Qt::PlainText); // file names on a machine are anyone's text
    m_loadingLabel->setAlignment(Qt::AlignCenter);
    m_stack->addWidget(m_loadingLabel);

    m_messagePage = new QWidget(m_stack);
    auto *messageLayout = new QVBoxLayout(m_messagePage);
    messageLayout->addStretch();
    m_messageLabel = new QLabel(m_messagePage);
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextFormat(Qt::PlainText);
    m_messageLabel->setAlignment(Qt::AlignCenter);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    messageLayout->addWidget(m_messageLabel);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    m_downloadButton = new QPushButton(tr("Download…"), m_messagePage);
    connect(m_downloadButton, &QPushButton::clicked, this, [this] { Q_EMIT downloadRequested(m_path); });
    auto *retry = new QPushButton(tr("Try Again"), m_messagePage);
    connect(retry, &QPushButton::clicked, this, &FileEditor::load);
    buttons->addWidget(m_downloadButton);
    buttons->addWidget(retry);
    buttons->addStretch();
    messageLayout->addLayout(buttons);
    messageLayout->addStretch();
    m_stack->addWidget(m_messagePage);

    m_editorPage = new QWidget(m_stack);
    auto *editorLayout = new QVBoxLayout(m_editorPage);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->setSpacing(0);

    m_changeBar = makeBar(m_editorPage);
    m_changeLabel
        = new QLabel(tr("This file was changed on the machine while you have unsaved edits."), m_changeBar);
    m_changeLabel->setWordWrap(true);
    auto *reload = new QPushButton(tr("Reload (discard my edits)"), m_changeBar);
    auto *keep = new QPushButton(tr("Keep My Edits"), m_changeBar);
    connect(reload, &QPushButton::clicked, this, &FileEditor::discardAndReload);
    connect(keep, &QPushButton::clicked, this, &FileEditor::keepLocalEdits);
    m_changeBar->layout()->addWidget(m_changeLabel);
    m_changeBar->layout()->addWidget(reload);
    m_changeBar->layout()->addWidget(keep);
    m_changeBar->hide();
    editorLayout->addWidget(m_changeBar);

    m_editor = new CodeEditor(m_editorPage);
    editorLayout->addWidget(m_editor, 1);
    connect(
        m_editor->document(), &QTextDocument::modificationChanged, this, &FileEditor::modificationChanged);

    m_findBar = makeBar(m_editorPage);
    auto *findLayout = static_cast<QHBoxLayout *>(m_findBar->layout());
    m_findEdit = new QLineEdit(m_findBar);
    m_findEdit->setPlaceholderText(tr("Find"));
    m_findEdit->setClearButtonEnabled(true);
    auto *previous = new QToolButton(m_findBar);
    previous->setText(tr("Previous"));
    previous->setToolTip(tr("Previous match (%1)")
            .arg(QKeySequence(QKeySequence::FindPrevious).toString(QKeySequence::NativeText)));
    auto *next = new QToolButton(m_findBar);
    next->setText(tr("Next"));
    next->setToolTip(tr("Next match (Enter)"));
    m_findCase = new QCheckBox(tr("Match case"), m_findBar);
    auto *closeFind = new QToolButton(m_findBar);
    closeFind->setIcon(style()->standardIcon(QStyle::SP_DialogCloseButton));
    closeFind->setToolTip(tr("Close (Escape)"));
    m_statusLabel = new QLabel(m_findBar);
    m_statusLabel->setTextFormat(Qt::PlainText);
    findLayout->addWidget(m_findEdit, 1);
    findLayout->addWidget(previous);
    findLayout->addWidget(next);
    findLayout->addWidget(m_findCase);
    findLayout->addWidget(m_statusLabel);
    findLayout->addWidget(closeFind);
    connect(m_findEdit, &QLineEdit::returnPressed, this, &FileEditor::findNext);
    connect(m_findEdit, &QLineEdit::textEdited, this, [this] {
        // Search as you type, from where the current match starts.
        QTextCursor cursor = m_editor->textCursor();
        cursor.setPosition(cursor.selectionStart());
        m_editor->setTextCursor(cursor);
        find(false);
    });
    connect(next, &QToolButton::clicked, this, &FileEditor::findNext);
    connect(previous, &QToolButton::clicked, this, &FileEditor::findPrevious);
    connect(closeFind, &QToolButton::clicked, this, [this] {
        m_findBar->hide();
        m_editor->setFocus();
    });
    m_findBar->hide();
    editorLayout->addWidget(m_findBar);
    m_stack->addWidget(m_editorPage);

    auto *saveAction = new QAction(tr("Save"), this);
    saveAction->setShortcut(QKeySequence::Save);
    saveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(saveAction, &QAction::triggered, this, &FileEditor::save);
    addAction(saveAction);
    auto *findAction = new QAction(tr("Find"), this);
    findAction->setShortcut(QKeySequence::Find);
    findAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(findAction, &QAction::triggered, this, &FileEditor::showFind);
    addAction(findAction);
    auto *findNextAction = new QAction(tr("Find Next"), this);
    findNextAction->setShortcut(QKeySequence::FindNext);
    findNextAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(findNextAction, &QAction::triggered, this, &FileEditor::findNext);
    addAction(findNextAction);
    auto *findPreviousAction = new QAction(tr("Find Previous"), this);
    findPreviousAction->setShortcut(QKeySequence::FindPrevious);
    findPreviousAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(findPreviousAction, &QAction::triggered, this, &FileEditor::findPrevious);
    addAction(findPreviousAction);
    auto *escape = new QAction(this);
    escape->setShortcut(QKeySequence(Qt::Key_Escape));
    escape->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QAction::triggered, this, [this] {
        if (m_findBar->isVisible()) {
            m_findBar->hide();
            m_editor->setFocus();
        }
    });
    addAction(escape);

    setFocusProxy(m_editor);
    load();
}

FileEditor::~FileEditor() = default;

QString FileEditor::fileName() const
{
    return m_path.mid(m_path.lastIndexOf(QLatin1Char('/')) + 1);
}

QString FileEditor::message() const
{
    if (m_state == State::Refused || m_state == State::Failed)
        return m_messageLabel->text();
    if (m_externalChangePending)
        return m_changeLabel->text();
    return {};
}

bool FileEditor::isModified() const
{
    return m_state == State::Editing && m_editor->document()->isModified();
}

QString FileEditor::text() const
{
    QString content = m_editor->toPlainText();
    if (m_crlf)
        content.replace(QLatin1Char('\n'), QLatin1String("\r\n"));
    return content;
}

void FileEditor::setState(State state, const QString &message)
{
    m_state = state;
    switch (state) {
    case State::Loading:
        if (m_stack->currentWidget() != m_editorPage)
            m_stack->setCurrentWidget(m_loadingLabel);
        break;
    case State::Editing:
        m_stack->setCurrentWidget(m_editorPage);
        break;
    case State::Refused:
    case State::Failed:
        m_messageLabel->setText(message);
        m_downloadButton->setVisible(state == State::Refused);
        m_stack->setCurrentWidget(m_messagePage);
        break;
    }
    Q_EMIT stateChanged(state);
}

void FileEditor::load()
{
    if (!m_machine) {
        setState(State::Failed, tr("The machine is gone."));
        return;
    }
    const int generation = ++m_loadGeneration;
    setState(State::Loading);
    // Size first: a huge file is refused without reading it.
    FileJob *job = m_machine->stat(m_path);
    job->setParent(this);
    connect(job, &MachineJob::finished, this, [this, job, generation] {
        job->deleteLater();
        if (generation != m_loadGeneration)
            return;
        if (job->error() != MachineJob::Error::None) {
            setState(State::Failed, tr("Could not open %1: %2").arg(m_path, job->errorString()));
            return;
        }
        const FileInfo info = job->info();
        if (info.isDir()) {
            setState(State::Failed, tr("%1 is a folder.").arg(m_path));
            return;
        }
        if (FileClassifier::classifySize(info.size) == FileClassifier::Verdict::TooLarge) {
            setState(State::Refused, FileClassifier::refusal(FileClassifier::Verdict::TooLarge, info.size));
            return;
        }
        readContent();
    });
}

void FileEditor::readContent()
{
    const int generation = m_loadGeneration;
    // One byte past the limit tells a file that grew since stat.
    FileJob *job = m_machine->readFile(m_path, 0, FileClassifier::kMaxEditableBytes + 1);
    job->setParent(this);
    connect(job, &MachineJob::finished, this, [this, job, generation] {
        job->deleteLater();
        if (generation != m_loadGeneration)
            return;
        if (job->error() != MachineJob::Error::None) {
            setState(State::Failed, tr("Could not read %1: %2").arg(m_path, job->errorString()));
            return;
        }
        const QByteArray data = job->data();
        const FileClassifier::Verdict verdict = FileClassifier::classifyContent(data);
        if (verdict != FileClassifier::Verdict::Text) {
            setState(State::Refused, FileClassifier::refusal(verdict, data.size()));
            return;
        }
        showContent(data);
    });
}

void FileEditor::showContent(const QByteArray &data)
{
    QString content = QString::fromUtf8(data);
    const qsizetype crlf = content.count(QLatin1String("\r\n"));
    const qsizetype lf = content.count(QLatin1Char('\n'));
    m_crlf = crlf > 0 && crlf * 2 >= lf;
    if (m_crlf)
        content.replace(QLatin1String("\r\n"), QLatin1String("\n"));

    const bool wasEditing = m_state == State::Editing || m_stack->currentWidget() == m_editorPage;
    const int cursorPosition = m_editor->textCursor().position();
    const int scroll = m_editor->verticalScrollBar()->value();
    if (!wasEditing)
        m_editor->setSyntaxFor(fileName(), data.left(4096));
    m_editor->setPlainText(content);
    m_editor->document()->setModified(false);
    if (wasEditing) {
        QTextCursor cursor = m_editor->textCursor();
        cursor.setPosition(qMin(cursorPosition, m_editor->document()->characterCount() - 1));
        m_editor->setTextCursor(cursor);
        m_editor->verticalScrollBar()->setValue(scroll);
    }
    m_externalChangePending = false;
    m_changeBar->hide();
    setState(State::Editing);
    Q_EMIT loaded();
}

bool FileEditor::save()
{
    if (m_state != State::Editing || m_saving || !m_machine)
        return false;
    m_saving = true;
    const QByteArray data = text().toUtf8();
    const int revision = m_editor->document()->revision();
    Machine::WriteOptions options;
    options.atomic = true;
    FileJob *job = m_machine->writeFile(m_path, data, options);
    job->setParent(this);
    connect(job, &MachineJob::finished, this, [this, job, revision] {
        job->deleteLater();
        m_saving = false;
        if (job->error() != MachineJob::Error::None) {
            Q_EMIT saveFailed(tr("Could not save %1: %2").arg(m_path, job->errorString()));
            return;
        }
        // Edits made while the save was under way keep the document modified.
        if (m_editor->document()->revision() == revision)
            m_editor->document()->setModified(false);
        Q_EMIT saved();
    });
    return true;
}

void FileEditor::fileChangedOnMachine()
{
    if (m_saving)
        return; // our own write
    if (isModified()) {
        m_externalChangePending = true;
        m_changeBar->show();
        return;
    }
    if (m_state == State::Editing) {
        // Reload in place (same generation logic as load, keeping the view).
        ++m_loadGeneration;
        readContent();
        return;
    }
    load();
}

void FileEditor::discardAndReload()
{
    m_externalChangePending = false;
    m_changeBar->hide();
    m_editor->document()->setModified(false);
    ++m_loadGeneration;
    readContent();
}

void FileEditor::keepLocalEdits()
{
    m_externalChangePending = false;
    m_changeBar->hide();
    m_editor->setFocus();
}

void FileEditor::showFind()
{
    if (m_state != State::Editing)
        return;
    m_findBar->show();
    const QString selected = m_editor->textCursor().selectedText();
    if (!selected.isEmpty() && !selected.contains(QChar::ParagraphSeparator))
        m_findEdit->setText(selected);
    m_findEdit->setFocus();
    m_findEdit->selectAll();
}

void FileEditor::findNext()
{
    find(false);
}

void FileEditor::findPrevious()
{
    find(true);
}

void FileEditor::find(bool backwards)
{
    const QString needle = m_findEdit->text();
    if (needle.isEmpty()) {
        m_statusLabel->clear();
        return;
    }
    QTextDocument::FindFlags flags;
    if (backwards)
        flags |= QTextDocument::FindBackward;
    if (m_findCase->isChecked())
        flags |= QTextDocument::FindCaseSensitively;
    bool found = m_editor->find(needle, flags);
    if (!found) {
        // Wrap around.
        QTextCursor cursor = m_editor->textCursor();
        cursor.movePosition(backwards ? QTextCursor::End : QTextCursor::Start);
        m_editor->setTextCursor(cursor);
        found = m_editor->find(needle, flags);
    }
    m_statusLabel->setText(found ? QString() : tr("Not found"));
}

} // namespace Proto
