#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace Proto {

// What a Machine knows about one file, the same for a local disk and SFTP.
struct FileInfo
{
    enum class Type
    {
        File,
        Directory,
        Symlink,
        Other
    };

    QString name; // last path component
    QString path; // absolute path on the machine
    Type type = Type::File;
    qint64 size = 0;
    QDateTime modified;
    uint permissions = 0; // POSIX mode bits (07777)
    QString owner;
    QString group;
    QString symlinkTarget;

    bool isDir() const { return type == Type::Directory; }
};

} // namespace Proto

Q_DECLARE_METATYPE(Proto::FileInfo)
