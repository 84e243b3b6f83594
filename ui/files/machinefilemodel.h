#pragma once

#include "fileinfo.h"
#include "machine.h"

#include <QAbstractItemModel>
#include <QPointer>
#include <QSet>
#include <QString>

#include <memory>
#include <vector>

namespace Proto {

// A tree of a machine's files rooted at one folder, the same over a local disk and SFTP:
// each folder is listed through Machine::list the first time it is expanded (asynchronously;
// isLoading() and the Size column say so meanwhile) and again on refresh, which merges the
// new listing in so that expanded sub-folders and selections survive. Folders sort before
// files, then by name. Local files dropped on a folder are offered for upload.
class MachineFileModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MachineFileModel)

public:
    enum Column
    {
        NameColumn,
        SizeColumn,
        ModifiedColumn,
        PermissionsColumn,
        ColumnCount
    };
    enum Role
    {
        PathRole = Qt::UserRole + 1,
        IsDirRole,
        LoadingRole
    };

    MachineFileModel(Machine *machine, const QString &rootPath, QObject *parent = nullptr);
    ~MachineFileModel() override;

    Machine *machine() const { return m_machine; }
    QString rootPath() const;
    bool isLoading() const { return !m_pending.isEmpty(); }
    bool isLoaded(const QString &folder) const;
    QString errorString(const QString &folder) const; // why a folder could not be listed

    FileInfo fileInfo(const QModelIndex &index) const;
    QString filePath(const QModelIndex &index) const;
    bool isDir(const QModelIndex &index) const;
    QModelIndex indexForPath(const QString &path, int column = 0) const; // invalid if not loaded
    // The folder a new file or drop at index goes to: the folder itself, or a file's folder.
    QString folderFor(const QModelIndex &index) const;
    // Child names of a loaded folder.
    QStringList childNames(const QString &folder) const;

    static QString joinPath(const QString &folder, const QString &name);
    static QString parentPath(const QString &path);
    static QString formatPermissions(uint mode, FileInfo::Type type);
    static QString formatSize(qint64 bytes);

public Q_SLOTS:
    // Lists the folder again (it must be the root or a folder that was loaded); a folder
    // not loaded yet is left for its first expansion.
    void refresh(const QString &folder);
    void refreshAll();

Q_SIGNALS:
    void loadingChanged(bool loading);
    void folderLoaded(const QString &folder);
    void folderFailed(const QString &folder, const QString &error);
    void renameFailed(const QString &path, const QString &error);
    // Local files dropped onto `folder` (the panel uploads them).
    void uploadRequested(const QStringList &localFiles, const QString &folder);

public:
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    Qt::DropActions supportedDropActions() const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
        const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
        const QModelIndex &parent) override;

private:
    struct Node
    {
        enum class State
        {
            NotLoaded,
            Loading,
            Loaded,
            Failed
        };
        FileInfo info;
        Node *parent = nullptr;
        std::vector<std::unique_ptr<Node>> children;
        State state = State::NotLoaded;
        QString error;
        bool expandable() const;
        int row() const;
    };

    Node *nodeFor(const QModelIndex &index) const;
    Node *findNode(const QString &path) const;
    QModelIndex indexFor(const Node *node, int column = 0) const;
    void list(Node *node);
    void applyListing(const QString &folder, QList<FileInfo> entries);
    static bool lessThan(const FileInfo &a, const FileInfo &b);
    void setPending(const QString &folder, bool pending);

    QPointer<Machine> m_machine;
    std::unique_ptr<Node> m_root;
    QSet<QString> m_pending;
    QSet<QString> m_again;
};

} // namespace Proto
