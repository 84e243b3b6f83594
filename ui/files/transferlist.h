#pragma once

#include <QList>
#include <QPointer>
#include <QString>
#include <QWidget>

class QVBoxLayout;

namespace Proto {

class FileJob;

// The strip of uploads and downloads under the file tree: a row per transfer with its
// progress and a Cancel button; finished rows say how it ended and can be dismissed.
// Hidden while empty.
class TransferList final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TransferList)

public:
    enum class Direction
    {
        Upload,
        Download
    };
    enum class Outcome
    {
        Running,
        Done,
        Failed,
        Cancelled
    };

    explicit TransferList(QWidget *parent = nullptr);
    ~TransferList() override;

    // Takes ownership of the job (deleted when its row is dismissed).
    void add(FileJob *job, Direction direction, const QString &from, const QString &to);
    int count() const { return int(m_rows.size()); }
    int runningCount() const;
    Outcome outcome(int row) const;
    qint64 bytesDone(int row) const;
    QString statusText(int row) const;
    void cancel(int row);

public Q_SLOTS:
    void cancelAll();
    void clearFinished();

Q_SIGNALS:
    // A transfer ended; `to` is the path written (on the machine for uploads).
    void transferFinished(
        Proto::TransferList::Direction direction, const QString &to, Proto::TransferList::Outcome outcome);

private:
    struct Row;
    void updateVisibility();

    QVBoxLayout *m_rowsLayout = nullptr;
    QList<Row *> m_rows;
};

} // namespace Proto
