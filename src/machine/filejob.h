#pragma once

#include "fileinfo.h"
#include "machinejob.h"

#include <QByteArray>
#include <QList>

namespace Proto {

// A file operation: read, write, list, stat, mkdir, remove, rename, upload, download.
// Which accessor holds the result depends on the operation that made the job.
class FileJob : public MachineJob
{
    Q_OBJECT

public:
    using MachineJob::MachineJob;

    QByteArray data() const { return m_data; } // read
    QList<FileInfo> entries() const { return m_entries; } // list
    FileInfo info() const { return m_info; } // stat, and a write's resulting file

    // For implementations.
    void setData(const QByteArray &data) { m_data = data; }
    void setEntries(const QList<FileInfo> &entries) { m_entries = entries; }
    void setInfo(const FileInfo &info) { m_info = info; }
    using MachineJob::finish;

private:
    QByteArray m_data;
    QList<FileInfo> m_entries;
    FileInfo m_info;
};

} // namespace Proto
