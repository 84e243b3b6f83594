#include "machinefilemodel.h"

#include "machine.h"

#include <QApplication>
#include <QFileInfo>
#include <QIcon>
#include <QLocale>
#include <QMimeData>
#include <QPalette>
#include <QStyle>
#include <QUrl>

#include <algorithm>

namespace Proto {

bool MachineFileModel::Node::expandable() const
{
    // A symlink may point at a folder: it is listed like one, and becomes a leaf if the
    // listing says it is not a folder.
    if (info.type == FileInfo::Type::Directory)
        return !(state == State::Loaded && children.empty());
    if (info.type == FileInfo::Type::Symlink)
        return state == State::NotLoaded || state == State::Loading || !children.empty();
    return false;
}

int MachineFileModel::Node::row() const
{
    if (!parent)
        return 0;
    for (size_t i = 0; i < parent->children.size(); ++i) {
        if (parent->children[i].get() == this)
            return int(i);
    }
    return 0;
}

MachineFileModel::MachineFileModel(Machine *machine, const QString &rootPath, QObject *parent)
    : QAbstractItemModel(parent)
    , m_machine(machine)
    , m_root(std::make_unique<Node>())
{
    QString root = rootPath;
    while (root.size() > 1 && root.endsWith(QLatin1Char('/')))
        root.chop(1);
    m_root->info.path = root;
    m_root->info.name = root;
    m_root->info.type = FileInfo::Type::Directory;
    list(m_root.get());
}

MachineFileModel::~MachineFileModel() = default;

QString MachineFileModel::rootPath() const
{
    return m_root->info.path;
}

QString MachineFileModel::joinPath(const QString &folder, const QString &name)
{
    if (folder.endsWith(QLatin1Char('/')))
        return folder + name;
    return folder + QLatin1Char('/') + name;
}

QString MachineFileModel::parentPath(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    if (slash <= 0)
        return QStringLiteral("/");
    return path.left(slash);
}

QString MachineFileModel::formatPermissions(uint mode, FileInfo::Type type)
{
    QString text;
    text += type == FileInfo::Type::Directory ? QLatin1Char('d')
        : type == FileInfo::Type::Symlink     ? QLatin1Char('l')
                                              : QLatin1Char('-');
    const char *letters = "rwxrwxrwx";
    for (int i = 0; i < 9; ++i)
        text += (mode & (0400u >> i)) ? QLatin1Char(letters[i]) : QLatin1Char('-');
    if (mode & 04000)
        text[3] = (mode & 0100) ? QLatin1Char('s') : QLatin1Char('S');
    if (mode & 02000)
        text[6] = (mode & 010) ? QLatin1Char('s') : QLatin1Char('S');
    if (mode & 01000)
        text[9] = (mode & 01) ? QLatin1Char('t') : QLatin1Char('T');
    return text;
}

QString MachineFileModel::formatSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

bool MachineFileModel::lessThan(const FileInfo &a, const FileInfo &b)
{
    const bool aDir = a.type == FileInfo::Type::Directory;
    const bool bDir = b.type == FileInfo::Type::Directory;
    if (aDir != bDir)
        return aDir;
    const int byName = QString::compare(a.name, b.name, Qt::CaseInsensitive);
    if (byName != 0)
        return byName < 0;
    return a.name < b.name;
}

MachineFileModel::Node *MachineFileModel::nodeFor(const QModelIndex &index) const
{
    if (!index.isValid())
        return m_root.get();
    return static_cast<Node *>(index.internalPointer());
}

MachineFileModel::Node *MachineFileModel::findNode(const QString &path) const
{
    const QString root = m_root->info.path;
    if (path == root)
        return m_root.get();
    const QString prefix = root.endsWith(QLatin1Char('/')) ? root : root + QLatin1Char('/');
    if (!path.startsWith(prefix))
        return nullptr;
    const QStringList parts = path.mid(prefix.size()).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    Node *node = m_root.get();
    for (const QString &part : parts) {
        const auto it = std::find_if(node->children.begin(), node->children.end(),
            [&part](const std::unique_ptr<Node> &child) { return child->info.name == part; });
        if (it == node->children.end())
            return nullptr;
        node = it->get();
    }
    return node;
}

QModelIndex MachineFileModel::indexFor(const Node *node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), column, const_cast<Node *>(node));
}

bool MachineFileModel::isLoaded(const QString &folder) const
{
    const Node *node = findNode(folder);
    return node && node->state == Node::State::Loaded;
}

QString MachineFileModel::errorString(const QString &folder) const
{
    const Node *node = findNode(folder);
    return node ? node->error : QString();
}

FileInfo MachineFileModel::fileInfo(const QModelIndex &index) const
{
    return nodeFor(index)->info;
}

QString MachineFileModel::filePath(const QModelIndex &index) const
{
    return nodeFor(index)->info.path;
}

bool MachineFileModel::isDir(const QModelIndex &index) const
{
    const Node *node = nodeFor(index);
    return node->info.type == FileInfo::Type::Directory
        || (node->info.type == FileInfo::Type::Symlink && node->state == Node::State::Loaded
            && !node->children.empty());
}

QModelIndex MachineFileModel::indexForPath(const QString &path, int column) const
{
    return indexFor(findNode(path), column);
}

QString MachineFileModel::folderFor(const QModelIndex &index) const
{
    const Node *node = nodeFor(index);
    if (node == m_root.get() || isDir(index))
        return node->info.path;
    return node->parent ? node->parent->info.path : m_root->info.path;
}

QStringList MachineFileModel::childNames(const QString &folder) const
{
    QStringList names;
    if (const Node *node = findNode(folder)) {
        for (const auto &child : node->children)
            names << child->info.name;
    }
    return names;
}

void MachineFileModel::setPending(const QString &folder, bool pending)
{
    const bool was = isLoading();
    if (pending)
        m_pending.insert(folder);
    else
        m_pending.remove(folder);
    if (was != isLoading())
        Q_EMIT loadingChanged(isLoading());
}

void MachineFileModel::list(Node *node)
{
    if (!m_machine)
        return;
    if (m_pending.contains(node->info.path)) {
        m_again.insert(node->info.path); // changed while being listed: list once more after
        return;
    }
    const QString folder = node->info.path;
    if (node->state != Node::State::Loaded)
        node->state = Node::State::Loading;
    setPending(folder, true);
    if (node != m_root.get()) {
        const QModelIndex sizeIndex = indexFor(node, SizeColumn);
        Q_EMIT dataChanged(sizeIndex, sizeIndex);
    }
    FileJob *job = m_machine->list(folder);
    job->setParent(this);
    connect(job, &MachineJob::finished, this, [this, job, folder] {
        job->deleteLater();
        setPending(folder, false);
        Node *target = findNode(folder);
        if (!target) {
            m_again.remove(folder);
            return;
        } // removed by a refresh of its parent meanwhile
        if (job->error() != MachineJob::Error::None) {
            const bool notAFolder = job->error() == MachineJob::Error::NotADirectory;
            if (!target->children.empty()) {
                const QModelIndex parentIndex = indexFor(target);
                beginRemoveRows(parentIndex, 0, int(target->children.size()) - 1);
                target->children.clear();
                endRemoveRows();
            }
            target->state = notAFolder ? Node::State::Loaded : Node::State::Failed;
            target->error = notAFolder ? QString() : job->errorString();
            if (target != m_root.get()) {
                Q_EMIT dataChanged(indexFor(target, 0), indexFor(target, ColumnCount - 1));
            }
            if (!notAFolder)
                Q_EMIT folderFailed(folder, target->error);
            return;
        }
        applyListing(folder, job->entries());
        if (m_again.remove(folder))
            refresh(folder);
    });
}

void MachineFileModel::applyListing(const QString &folder, QList<FileInfo> entries)
{
    Node *node = findNode(folder);
    if (!node)
        return;
    entries.erase(std::remove_if(entries.begin(), entries.end(),
                      [](const FileInfo &info) {
                          return info.name.isEmpty() || info.name == QLatin1String(".")
                              || info.name == QLatin1String("..");
                      }),
        entries.end());
    for (FileInfo &entry : entries) {
        if (entry.path.isEmpty())
            entry.path = joinPath(folder, entry.name);
    }
    std::sort(entries.begin(), entries.end(), &MachineFileModel::lessThan);

    const QModelIndex parentIndex = indexFor(node);
    // 1. Remove children that are gone or changed between folder and file.
    for (int i = int(node->children.size()) - 1; i >= 0; --i) {
        const FileInfo &old = node->children[size_t(i)]->info;
        const auto match = std::find_if(entries.cbegin(), entries.cend(),
            [&old](const FileInfo &entry) { return entry.name == old.name && entry.type == old.type; });
        if (match == entries.cend()) {
            beginRemoveRows(parentIndex, i, i);
            node->children.erase(node->children.begin() + i);
            endRemoveRows();
        }
    }
    // 2. What is left is an ordered subsequence of the new listing: walk both, inserting
    //    the new entries in place and updating the kept ones.
    for (int i = 0; i < int(entries.size()); ++i) {
        const FileInfo &entry = entries.at(i);
        if (i < int(node->children.size()) && node->children[size_t(i)]->info.name == entry.name) {
            Node *child = node->children[size_t(i)].get();
            const FileInfo before = child->info;
            child->info = entry;
            if (before.size != entry.size || before.modified != entry.modified
                || before.permissions != entry.permissions || before.symlinkTarget != entry.symlinkTarget)
                Q_EMIT dataChanged(indexFor(child, 0), indexFor(child, ColumnCount - 1));
            continue;
        }
        auto child = std::make_unique<Node>();
        child->info = entry;
        child->parent = node;
        beginInsertRows(parentIndex, i, i);
        node->children.insert(node->children.begin() + i, std::move(child));
        endInsertRows();
    }
    const bool wasLoaded = node->state == Node::State::Loaded;
    node->state = Node::State::Loaded;
    node->error.clear();
    if (node != m_root.get() && (!wasLoaded || entries.isEmpty()))
        Q_EMIT dataChanged(indexFor(node, 0), indexFor(node, ColumnCount - 1));
    Q_EMIT folderLoaded(folder);
}

void MachineFileModel::refresh(const QString &folder)
{
    Node *node = findNode(folder);
    if (!node)
        return;
    if (node != m_root.get() && node->state == Node::State::NotLoaded)
        return;
    list(node);
}

void MachineFileModel::refreshAll()
{
    // Every loaded folder, parents first.
    std::vector<Node *> stack { m_root.get() };
    QStringList folders;
    while (!stack.empty()) {
        Node *node = stack.back();
        stack.pop_back();
        if (node == m_root.get() || node->state == Node::State::Loaded
            || node->state == Node::State::Failed) {
            folders << node->info.path;
            for (const auto &child : node->children)
                stack.push_back(child.get());
        }
    }
    for (const QString &folder : std::as_const(folders))
        refresh(folder);
}

QModelIndex MachineFileModel::index(int row, int column, const QModelIndex &parent) const
{
    const Node *node = nodeFor(parent);
    if (row < 0 || column < 0 || column >= ColumnCount || row >= int(node->children.size()))
        return {};
    return createIndex(row, column, node->children[size_t(row)].get());
}

QModelIndex MachineFileModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *node = nodeFor(child);
    return indexFor(node->parent);
}

int MachineFileModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeFor(parent)->children.size());
}

int MachineFileModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool MachineFileModel::hasChildren(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return false;
    const Node *node = nodeFor(parent);
    if (node == m_root.get())
        return true;
    return node->expandable();
}

bool MachineFileModel::canFetchMore(const QModelIndex &parent) const
{
    const Node *node = nodeFor(parent);
    if (node == m_root.get())
        return false; // listed at construction and on refresh
    return (node->info.type == FileInfo::Type::Directory || node->info.type == FileInfo::Type::Symlink)
        && node->state == Node::State::NotLoaded;
}

void MachineFileModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        list(nodeFor(parent));
}

QVariant MachineFileModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *node = nodeFor(index);
    const FileInfo &info = node->info;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return info.name;
        case SizeColumn:
            if (node->state == Node::State::Loading)
                return tr("loading…");
            if (node->state == Node::State::Failed)
                return tr("unreadable");
            if (info.type == FileInfo::Type::Directory)
                return node->state == Node::State::Loaded
                    ? tr("%n item(s)", nullptr, int(node->children.size()))
                    : QVariant();
            return formatSize(info.size);
        case ModifiedColumn:
            return info.modified.isValid()
                ? QLocale().toString(info.modified.toLocalTime(), QLocale::ShortFormat)
                : QString();
        case PermissionsColumn:
            return formatPermissions(info.permissions, info.type);
        }
        break;
    case Qt::EditRole:
        return index.column() == NameColumn ? QVariant(info.name) : QVariant();
    case Qt::DecorationRole:
        if (index.column() == NameColumn) {
            QStyle *style = QApplication::style();
            if (info.type == FileInfo::Type::Directory)
                return style->standardIcon(QStyle::SP_DirIcon);
            if (info.type == FileInfo::Type::Symlink)
                return style->standardIcon(QStyle::SP_FileLinkIcon);
            return style->standardIcon(QStyle::SP_FileIcon);
        }
        break;
    case Qt::ToolTipRole:
        if (node->state == Node::State::Failed)
            return node->error;
        if (info.type == FileInfo::Type::Symlink && !info.symlinkTarget.isEmpty())
            return tr("%1 → %2").arg(info.path, info.symlinkTarget);
        return info.path;
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ForegroundRole:
        if (node->state == Node::State::Failed || (index.column() != NameColumn))
            return QApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        break;
    case PathRole:
        return info.path;
    case IsDirRole:
        return isDir(index);
    case LoadingRole:
        return node->state == Node::State::Loading;
    default:
        break;
    }
    return {};
}

bool MachineFileModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::EditRole || index.column() != NameColumn || !m_machine)
        return false;
    Node *node = nodeFor(index);
    const QString newName = value.toString().trimmed();
    if (newName == node->info.name)
        return false;
    const QString oldPath = node->info.path;
    const QString folder = parentPath(oldPath);
    if (newName.isEmpty() || newName.contains(QLatin1Char('/')) || newName == QLatin1String(".")
        || newName == QLatin1String("..")) {
        Q_EMIT renameFailed(oldPath, tr("“%1” is not a valid file name.").arg(newName));
        return false;
    }
    if (childNames(folder).contains(newName)) {
        Q_EMIT renameFailed(oldPath, tr("“%1” already exists in this folder.").arg(newName));
        return false;
    }
    FileJob *job = m_machine->rename(oldPath, joinPath(folder, newName));
    job->setParent(this);
    connect(job, &MachineJob::finished, this, [this, job, oldPath, folder] {
        job->deleteLater();
        if (job->error() != MachineJob::Error::None)
            Q_EMIT renameFailed(oldPath, job->errorString());
        refresh(folder);
    });
    return true;
}

QVariant MachineFileModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case SizeColumn:
        return tr("Size");
    case ModifiedColumn:
        return tr("Modified");
    case PermissionsColumn:
        return tr("Permissions");
    }
    return {};
}

Qt::ItemFlags MachineFileModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractItemModel::flags(index) | Qt::ItemIsDropEnabled;
    if (index.isValid() && index.column() == NameColumn)
        flags |= Qt::ItemIsEditable;
    return flags;
}

QStringList MachineFileModel::mimeTypes() const
{
    return { QStringLiteral("text/uri-list") };
}

Qt::DropActions MachineFileModel::supportedDropActions() const
{
    return Qt::CopyAction;
}

bool MachineFileModel::canDropMimeData(
    const QMimeData *data, Qt::DropAction, int, int, const QModelIndex &) const
{
    if (!data || !data->hasUrls())
        return false;
    const QList<QUrl> urls = data->urls();
    return std::any_of(urls.cbegin(), urls.cend(),
        [](const QUrl &url) { return url.isLocalFile() && QFileInfo(url.toLocalFile()).isFile(); });
}

bool MachineFileModel::dropMimeData(
    const QMimeData *data, Qt::DropAction action, int row, int column, const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    QStringList files;
    const QList<QUrl> urls = data->urls();
    for (const QUrl &url : urls) {
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isFile())
            files << url.toLocalFile();
    }
    // Dropped between rows of a folder (row >= 0) means into that folder; onto an item
    // means into it if it is a folder, beside it otherwise.
    Q_EMIT uploadRequested(files, folderFor(parent));
    return true;
}

} // namespace Proto
