#include "filespanel.h"

#include "fileeditor.h"
#include "machine.h"
#include "machinefilemodel.h"
#include "transferlist.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QResizeEvent>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace Proto {

FilesPanel::FilesPanel(Machine *machine, const QString &workingFolder, QWidget *parent)
    : QWidget(parent)
    , m_machine(machine)
    , m_workingFolder(workingFolder)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto *toolbar = new QToolBar(this);
    toolbar->setIconSize(QSize(16, 16));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    QStyle *st = style();
    auto addAction
        = [this, toolbar](const QIcon &icon, const QString &text, const QKeySequence &keys, auto slot) {
              QAction *action = toolbar->addAction(icon, text);
              action->setToolTip(
                  keys.isEmpty() ? text : tr("%1 (%2)").arg(text, keys.toString(QKeySequence::NativeText)));
              if (!keys.isEmpty()) {
                  action->setShortcut(keys);
                  action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
              }
              connect(action, &QAction::triggered, this, slot);
              return action;
          };
    addAction(st->standardIcon(QStyle::SP_FileIcon), tr("New File"), {}, &FilesPanel::newFile);
    addAction(st->standardIcon(QStyle::SP_FileDialogNewFolder), tr("New Folder"), {}, &FilesPanel::newFolder);
    addAction(st->standardIcon(QStyle::SP_ArrowUp), tr("Upload"), {}, &FilesPanel::uploadFiles);
    addAction(st->standardIcon(QStyle::SP_ArrowDown), tr("Download"), {}, &FilesPanel::downloadSelected);
    addAction(st->standardIcon(QStyle::SP_BrowserReload), tr("Refresh"), QKeySequence(QKeySequence::Refresh),
        &FilesPanel::refresh);
    layout->addWidget(toolbar);

    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0);
    m_busy->setMaximumHeight(3);
    m_busy->setTextVisible(false);
    m_busy->setVisible(false);
    layout->addWidget(m_busy);

    m_errorLabel = new QLabel(this);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextFormat(Qt::PlainText); // names an agent may have chosen
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setContentsMargins(6, 4, 6, 4);
    m_errorLabel->setAutoFillBackground(true);
    QPalette errorPalette = m_errorLabel->palette();
    errorPalette.setColor(QPalette::Window, QColor(0xf8, 0xd7, 0xda));
    errorPalette.setColor(QPalette::WindowText, QColor(0x72, 0x1c, 0x24));
    m_errorLabel->setPalette(errorPalette);
    m_errorLabel->hide();
    layout->addWidget(m_errorLabel);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    layout->addWidget(m_splitter, 1);

    m_model = new MachineFileModel(machine, workingFolder, this);
    m_tree = new QTreeView(m_splitter);
    m_tree->setObjectName(QStringLiteral("fileTree"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_tree->setDragDropMode(QAbstractItemView::DropOnly);
    m_tree->setAcceptDrops(true);
    m_tree->setDropIndicatorShown(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(MachineFileModel::NameColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(MachineFileModel::SizeColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(MachineFileModel::ModifiedColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(
        MachineFileModel::PermissionsColumn, QHeaderView::ResizeToContents);
    m_tree->installEventFilter(this);
    m_splitter->addWidget(m_tree);

    auto *editorArea = new QStackedWidget(m_splitter);
    m_placeholder = new QLabel(tr("Double-click a file to open it."), editorArea);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setEnabled(false);
    m_editors = new QTabWidget(editorArea);
    m_editors->setDocumentMode(true);
    m_editors->setTabsClosable(true);
    m_editors->setMovable(true);
    editorArea->addWidget(m_placeholder);
    editorArea->addWidget(m_editors);
    m_splitter->addWidget(editorArea);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);

    m_transfers = new TransferList(this);
    layout->addWidget(m_transfers);

    connect(m_model, &MachineFileModel::loadingChanged, m_busy, &QWidget::setVisible);
    connect(
        m_model, &MachineFileModel::folderFailed, this, [this](const QString &folder, const QString &error) {
            showError(tr("Could not list %1: %2").arg(folder, error));
        });
    connect(m_model, &MachineFileModel::folderLoaded, this, [this](const QString &folder) {
        if (folder == m_model->rootPath())
            m_errorLabel->hide();
    });
    connect(
        m_model, &MachineFileModel::renameFailed, this, [this](const QString &path, const QString &error) {
            showError(tr("Could not rename %1: %2").arg(path, error));
        });
    connect(m_model, &MachineFileModel::uploadRequested, this, &FilesPanel::uploadFilesTo);
    connect(m_tree, &QTreeView::activated, this, [this](const QModelIndex &index) {
        if (!m_model->isDir(index))
            openFile(m_model->filePath(index));
    });
    connect(m_tree, &QWidget::customContextMenuRequested, this, &FilesPanel::showContextMenu);
    connect(m_editors, &QTabWidget::tabCloseRequested, this, &FilesPanel::closeEditorTab);
    connect(m_transfers, &TransferList::transferFinished, this,
        [this](TransferList::Direction direction, const QString &to, TransferList::Outcome outcome) {
            if (direction == TransferList::Direction::Upload && outcome == TransferList::Outcome::Done)
                fileChanged(to);
        });

    auto *deleteAction = new QAction(tr("Delete"), this);
    deleteAction->setShortcut(QKeySequence::Delete);
    deleteAction->setShortcutContext(Qt::WidgetShortcut);
    connect(deleteAction, &QAction::triggered, this, &FilesPanel::deleteSelected);
    m_tree->addAction(deleteAction);
    auto *renameAction = new QAction(tr("Rename"), this);
    renameAction->setShortcut(QKeySequence(Qt::Key_F2));
    renameAction->setShortcutContext(Qt::WidgetShortcut);
    connect(renameAction, &QAction::triggered, this, &FilesPanel::renameSelected);
    m_tree->addAction(renameAction);
}

FilesPanel::~FilesPanel() = default;

void FilesPanel::showError(const QString &message)
{
    m_lastError = message;
    m_errorLabel->setText(message);
    m_errorLabel->show();
    Q_EMIT errorOccurred(message);
}

QString FilesPanel::selectedPath() const
{
    const QModelIndex index = m_tree->currentIndex();
    return index.isValid() ? m_model->filePath(index) : QString();
}

QString FilesPanel::selectedFolder() const
{
    return m_model->folderFor(m_tree->currentIndex());
}

FileEditor *FilesPanel::editorFor(const QString &path) const
{
    for (int i = 0; i < m_editors->count(); ++i) {
        auto *editor = qobject_cast<FileEditor *>(m_editors->widget(i));
        if (editor && editor->path() == path)
            return editor;
    }
    return nullptr;
}

int FilesPanel::editorCount() const
{
    return m_editors->count();
}

bool FilesPanel::hasUnsavedChanges() const
{
    for (int i = 0; i < m_editors->count(); ++i) {
        auto *editor = qobject_cast<FileEditor *>(m_editors->widget(i));
        if (editor && editor->isModified())
            return true;
    }
    return false;
}

FileEditor *FilesPanel::openFile(const QString &path)
{
    if (FileEditor *existing = editorFor(path)) {
        m_editors->setCurrentWidget(existing);
        return existing;
    }
    auto *editor = new FileEditor(m_machine, path, m_editors);
    const int index = m_editors->addTab(editor, editor->fileName());
    m_editors->setTabToolTip(index, path);
    m_editors->setCurrentIndex(index);
    static_cast<QStackedWidget *>(m_editors->parentWidget())->setCurrentWidget(m_editors);
    connect(editor, &FileEditor::modificationChanged, this, [this, editor] { updateEditorTitle(editor); });
    connect(editor, &FileEditor::saved, this, [this, editor] {
        updateEditorTitle(editor);
        m_model->refresh(MachineFileModel::parentPath(editor->path()));
    });
    connect(editor, &FileEditor::saveFailed, this, &FilesPanel::showError);
    connect(editor, &FileEditor::downloadRequested, this, &FilesPanel::downloadFile);
    editor->setFocus();
    return editor;
}

void FilesPanel::updateEditorTitle(FileEditor *editor)
{
    const int index = m_editors->indexOf(editor);
    if (index >= 0)
        m_editors->setTabText(
            index, editor->isModified() ? editor->fileName() + QStringLiteral(" ●") : editor->fileName());
}

void FilesPanel::closeEditorTab(int index)
{
    auto *editor = qobject_cast<FileEditor *>(m_editors->widget(index));
    if (!editor)
        return;
    if (editor->isModified()) {
        const auto answer = QMessageBox::question(this, tr("Unsaved Changes"),
            tr("Save the changes to %1 before closing?").arg(editor->fileName()),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        if (answer == QMessageBox::Cancel)
            return;
        if (answer == QMessageBox::Save) {
            // Close once the save went through; keep the tab if it failed.
            connect(editor, &FileEditor::saved, this, [this, editor] {
                const int at = m_editors->indexOf(editor);
                if (at >= 0) {
                    m_editors->removeTab(at);
                    editor->deleteLater();
                }
            });
            editor->save();
            return;
        }
    }
    m_editors->removeTab(index);
    editor->deleteLater();
    if (m_editors->count() == 0)
        static_cast<QStackedWidget *>(m_editors->parentWidget())->setCurrentWidget(m_placeholder);
}

void FilesPanel::fileChanged(const QString &path)
{
    m_model->refresh(MachineFileModel::parentPath(path));
    if (m_model->isLoaded(path))
        m_model->refresh(path);
    if (FileEditor *editor = editorFor(path))
        editor->fileChangedOnMachine();
}

void FilesPanel::refresh()
{
    m_errorLabel->hide();
    m_model->refreshAll();
}

FileJob *FilesPanel::watch(FileJob *job, const QString &what, const QString &folderToRefresh)
{
    job->setParent(this);
    connect(job, &MachineJob::finished, this, [this, job, what, folderToRefresh] {
        job->deleteLater();
        if (job->error() != MachineJob::Error::None)
            showError(tr("%1: %2").arg(what, job->errorString()));
        m_model->refresh(folderToRefresh);
    });
    return job;
}

FileJob *FilesPanel::createFile(const QString &folder, const QString &name)
{
    if (!m_machine)
        return nullptr;
    const QString path = MachineFileModel::joinPath(folder, name);
    Machine::WriteOptions options;
    options.atomic = false;
    return watch(m_machine->writeFile(path, {}, options), tr("Could not create %1").arg(path), folder);
}

FileJob *FilesPanel::createFolder(const QString &folder, const QString &name)
{
    if (!m_machine)
        return nullptr;
    const QString path = MachineFileModel::joinPath(folder, name);
    return watch(m_machine->makeDirectory(path, false), tr("Could not create %1").arg(path), folder);
}

FileJob *FilesPanel::removePath(const QString &path, bool recursive)
{
    if (!m_machine)
        return nullptr;
    return watch(m_machine->remove(path, recursive), tr("Could not delete %1").arg(path),
        MachineFileModel::parentPath(path));
}

FileJob *FilesPanel::upload(const QString &localPath, const QString &remoteFolder)
{
    if (!m_machine)
        return nullptr;
    const QString target = MachineFileModel::joinPath(remoteFolder, QFileInfo(localPath).fileName());
    FileJob *job = m_machine->upload(localPath, target);
    m_transfers->add(job, TransferList::Direction::Upload, localPath, target);
    return job;
}

FileJob *FilesPanel::download(const QString &remotePath, const QString &localPath)
{
    if (!m_machine)
        return nullptr;
    FileJob *job = m_machine->download(remotePath, localPath);
    m_transfers->add(job, TransferList::Direction::Download, remotePath, localPath);
    return job;
}

namespace {

bool validName(const QString &name)
{
    return !name.isEmpty() && !name.contains(QLatin1Char('/')) && name != QLatin1String(".")
        && name != QLatin1String("..");
}

} // namespace

void FilesPanel::newFile()
{
    const QString folder = selectedFolder();
    bool ok = false;
    const QString name = QInputDialog::getText(
        this, tr("New File"), tr("Name of the new file in %1:").arg(folder), QLineEdit::Normal, {}, &ok)
                             .trimmed();
    if (!ok || name.isEmpty())
        return;
    if (!validName(name)) {
        showError(tr("“%1” is not a valid file name.").arg(name));
        return;
    }
    if (m_model->childNames(folder).contains(name)) {
        showError(tr("%1 already exists.").arg(MachineFileModel::joinPath(folder, name)));
        return;
    }
    FileJob *job = createFile(folder, name);
    const QString path = MachineFileModel::joinPath(folder, name);
    connect(job, &MachineJob::finished, this, [this, job, path] {
        if (job->error() == MachineJob::Error::None)
            openFile(path);
    });
}

void FilesPanel::newFolder()
{
    const QString folder = selectedFolder();
    bool ok = false;
    const QString name = QInputDialog::getText(
        this, tr("New Folder"), tr("Name of the new folder in %1:").arg(folder), QLineEdit::Normal, {}, &ok)
                             .trimmed();
    if (!ok || name.isEmpty())
        return;
    if (!validName(name)) {
        showError(tr("“%1” is not a valid folder name.").arg(name));
        return;
    }
    createFolder(folder, name);
}

void FilesPanel::renameSelected()
{
    const QModelIndex index = m_tree->currentIndex();
    if (index.isValid())
        m_tree->edit(index.siblingAtColumn(MachineFileModel::NameColumn));
}

void FilesPanel::deleteSelected()
{
    QStringList paths;
    bool anyFolder = false;
    const QModelIndexList rows = m_tree->selectionModel()->selectedRows(MachineFileModel::NameColumn);
    for (const QModelIndex &index : rows) {
        paths << m_model->filePath(index);
        anyFolder = anyFolder || m_model->fileInfo(index).type == FileInfo::Type::Directory;
    }
    if (paths.isEmpty())
        return;
    const QString question = paths.size() == 1
        ? (anyFolder ? tr("Delete the folder %1 and everything in it?") : tr("Delete %1?")).arg(paths.first())
        : tr("Delete these %n item(s)?\n\n%1", nullptr, int(paths.size())).arg(paths.join(QLatin1Char('\n')));
    const auto answer = QMessageBox::warning(this, tr("Delete"),
        question + QLatin1Char('\n') + tr("This cannot be undone."), QMessageBox::Yes | QMessageBox::Cancel,
        QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    for (const QModelIndex &index : rows)
        removePath(m_model->filePath(index), m_model->fileInfo(index).type == FileInfo::Type::Directory);
}

void FilesPanel::uploadFiles()
{
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Upload to %1").arg(selectedFolder()));
    if (!files.isEmpty())
        uploadFilesTo(files, selectedFolder());
}

void FilesPanel::uploadFilesTo(const QStringList &localFiles, const QString &remoteFolder)
{
    const QStringList existing = m_model->childNames(remoteFolder);
    QStringList clashes;
    for (const QString &file : localFiles) {
        if (existing.contains(QFileInfo(file).fileName()))
            clashes << QFileInfo(file).fileName();
    }
    if (!clashes.isEmpty()) {
        const auto answer = QMessageBox::question(this, tr("Replace Files"),
            tr("These already exist in %1 and will be replaced:\n\n%2")
                .arg(remoteFolder, clashes.join(QLatin1Char('\n'))),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
    }
    for (const QString &file : localFiles)
        upload(file, remoteFolder);
}

void FilesPanel::downloadSelected()
{
    const QModelIndex index = m_tree->currentIndex();
    if (!index.isValid() || m_model->isDir(index)) {
        showError(tr("Select a file to download."));
        return;
    }
    downloadFile(m_model->filePath(index));
}

void FilesPanel::downloadFile(const QString &remotePath)
{
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    if (folder.isEmpty())
        folder = QDir::homePath();
    const QString name = remotePath.mid(remotePath.lastIndexOf(QLatin1Char('/')) + 1);
    const QString target
        = QFileDialog::getSaveFileName(this, tr("Download %1").arg(name), QDir(folder).filePath(name));
    if (!target.isEmpty())
        download(remotePath, target);
}

void FilesPanel::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_tree->indexAt(pos);
    if (index.isValid())
        m_tree->setCurrentIndex(index);
    QMenu menu(this);
    if (index.isValid() && !m_model->isDir(index)) {
        menu.addAction(tr("Open"), this, [this, index] { openFile(m_model->filePath(index)); });
        menu.addAction(tr("Download…"), this, &FilesPanel::downloadSelected);
        menu.addSeparator();
    }
    menu.addAction(tr("New File…"), this, &FilesPanel::newFile);
    menu.addAction(tr("New Folder…"), this, &FilesPanel::newFolder);
    menu.addAction(tr("Upload…"), this, &FilesPanel::uploadFiles);
    if (index.isValid()) {
        menu.addSeparator();
        menu.addAction(tr("Rename"), this, &FilesPanel::renameSelected);
        menu.addAction(tr("Delete…"), this, &FilesPanel::deleteSelected);
    }
    menu.addSeparator();
    menu.addAction(tr("Refresh"), this, &FilesPanel::refresh);
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

bool FilesPanel::eventFilter(QObject *watched, QEvent *event)
{
    // A narrow tree keeps the names readable: the detail columns go before the name is squeezed.
    if (watched == m_tree && event->type() == QEvent::Resize) {
        const int width = static_cast<QResizeEvent *>(event)->size().width();
        m_tree->setColumnHidden(MachineFileModel::PermissionsColumn, width < 460);
        m_tree->setColumnHidden(MachineFileModel::ModifiedColumn, width < 340);
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Proto
