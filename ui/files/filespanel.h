#pragma once

#include "machine.h"

#include <QPointer>
#include <QString>
#include <QWidget>

class QLabel;
class QProgressBar;
class QSplitter;
class QTabWidget;
class QTreeView;

namespace Proto {

class FileEditor;
class FileJob;
class MachineFileModel;
class TransferList;

// The Files panel of a session: the machine's files under the working folder, open files
// in editor tabs, uploads and downloads in a strip below. Works the same for this computer
// and for SFTP, because everything goes through the Machine.
class FilesPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilesPanel)

public:
    FilesPanel(Machine *machine, const QString &workingFolder, QWidget *parent = nullptr);
    ~FilesPanel() override;

    Machine *machine() const { return m_machine; }
    QString workingFolder() const { return m_workingFolder; }
    MachineFileModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }

    TransferList *transfers() const { return m_transfers; }
    QTabWidget *editorTabs() const { return m_editors; }
    FileEditor *editorFor(const QString &path) const;
    int editorCount() const;
    QString lastError() const { return m_lastError; }
    bool hasUnsavedChanges() const;

    // Without dialogs (the toolbar's actions ask first, then call these).
    FileJob *createFile(const QString &folder, const QString &name);
    FileJob *createFolder(const QString &folder, const QString &name);
    FileJob *removePath(const QString &path, bool recursive);
    FileJob *upload(const QString &localPath, const QString &remoteFolder);
    FileJob *download(const QString &remotePath, const QString &localPath);

public Q_SLOTS:
    FileEditor *openFile(const QString &path);
    // Something else (the agent's write or edit tool) changed `path` on the machine: its
    // folder is listed again and an open editor reloads it (asking first if it has edits).
    void fileChanged(const QString &path);
    void refresh();

    // Toolbar and context-menu actions on the selection; these ask the user.
    void newFile();
    void newFolder();
    void renameSelected();
    void deleteSelected();
    void uploadFiles();
    void uploadFilesTo(const QStringList &localFiles, const QString &remoteFolder);
    void downloadSelected();
    void downloadFile(const QString &remotePath);

Q_SIGNALS:
    void errorOccurred(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QString selectedPath() const;
    QString selectedFolder() const;
    void showError(const QString &message);
    void closeEditorTab(int index);
    void updateEditorTitle(FileEditor *editor);
    void showContextMenu(const QPoint &pos);
    FileJob *watch(FileJob *job, const QString &what, const QString &folderToRefresh);

    QPointer<Machine> m_machine;
    QString m_workingFolder;
    MachineFileModel *m_model = nullptr;
    QTreeView *m_tree = nullptr;
    QProgressBar *m_busy = nullptr;
    QLabel *m_errorLabel = nullptr;
    QSplitter *m_splitter = nullptr;
    QTabWidget *m_editors = nullptr;
    QLabel *m_placeholder = nullptr;
    TransferList *m_transfers = nullptr;
    QString m_lastError;
};

} // namespace Proto
