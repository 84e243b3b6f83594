#include "transferlist.h"

#include "filejob.h"
#include "machinefilemodel.h"
#include "machinejob.h"

#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace Proto {

struct TransferList::Row
{
    QPointer<FileJob> job;
    Direction direction = Direction::Upload;
    QString from;
    QString to;
    Outcome outcome = Outcome::Running;
    qint64 done = 0;
    qint64 total = 0;
    QElapsedTimer timer;
    QWidget *widget = nullptr;
    QLabel *label = nullptr;
    QLabel *status = nullptr;
    QProgressBar *bar = nullptr;
    QToolButton *button = nullptr;
};

namespace {
QString baseName(const QString &path)
{
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}
} // namespace

TransferList::TransferList(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    auto *header = new QHBoxLayout;
    auto *title = new QLabel(tr("Transfers"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto *clear = new QPushButton(tr("Clear Finished"), this);
    clear->setFlat(true);
    connect(clear, &QPushButton::clicked, this, &TransferList::clearFinished);
    header->addWidget(title);
    header->addStretch();
    header->addWidget(clear);
    layout->addLayout(header);
    m_rowsLayout = new QVBoxLayout;
    m_rowsLayout->setSpacing(2);
    layout->addLayout(m_rowsLayout);
    hide();
}

TransferList::~TransferList()
{
    for (Row *row : std::as_const(m_rows)) {
        if (row->job) {
            disconnect(row->job, nullptr, this, nullptr);
            if (!row->job->isFinished())
                row->job->cancel();
            row->job->deleteLater();
        }
        delete row;
    }
}

void TransferList::add(FileJob *job, Direction direction, const QString &from, const QString &to)
{
    auto *row = new Row;
    row->job = job;
    row->direction = direction;
    row->from = from;
    row->to = to;
    row->timer.start();
    job->setParent(this);

    row->widget = new QWidget(this);
    auto *layout = new QHBoxLayout(row->widget);
    layout->setContentsMargins(0, 0, 0, 0);
    row->label = new QLabel(row->widget);
    row->label->setTextFormat(Qt::PlainText);
    row->label->setText(
        (direction == Direction::Upload ? QStringLiteral("↑ ") : QStringLiteral("↓ ")) + baseName(from));
    row->label->setToolTip(tr("%1 → %2").arg(from, to));
    row->label->setMinimumWidth(80);
    row->bar = new QProgressBar(row->widget);
    row->bar->setRange(0, 0);
    row->bar->setTextVisible(false);
    row->bar->setMaximumHeight(row->label->sizeHint().height());
    row->status = new QLabel(tr("starting…"), row->widget);
    row->status->setTextFormat(Qt::PlainText);
    row->status->setMinimumWidth(
        row->status->fontMetrics().horizontalAdvance(QStringLiteral("000.0 MB of 000.0 MB · 000.0 MB/s")));
    row->button = new QToolButton(row->widget);
    row->button->setText(tr("Cancel"));
    row->button->setAutoRaise(true);
    layout->addWidget(row->label, 2);
    layout->addWidget(row->bar, 3);
    layout->addWidget(row->status);
    layout->addWidget(row->button);
    m_rowsLayout->addWidget(row->widget);
    m_rows.append(row);

    connect(row->button, &QToolButton::clicked, this, [this, row] {
        if (row->outcome == Outcome::Running) {
            if (row->job)
                row->job->cancel();
            return;
        }
        // Dismiss a finished row.
        m_rows.removeOne(row);
        row->widget->deleteLater();
        if (row->job)
            row->job->deleteLater();
        delete row;
        updateVisibility();
    });
    connect(job, &MachineJob::progress, this, [row](qint64 done, qint64 total) {
        row->done = done;
        row->total = total;
        if (total > 0) {
            row->bar->setRange(0, 1000);
            row->bar->setValue(int(double(done) * 1000.0 / double(total)));
        }
        const double seconds = qMax<qint64>(1, row->timer.elapsed()) / 1000.0;
        const QLocale locale;
        row->status->setText(total > 0
                ? tr("%1 of %2 · %3/s")
                      .arg(MachineFileModel::formatSize(done), MachineFileModel::formatSize(total),
                          MachineFileModel::formatSize(qint64(double(done) / seconds)))
                : MachineFileModel::formatSize(done));
    });
    connect(job, &MachineJob::finished, this, [this, row] {
        const MachineJob::Error error = row->job ? row->job->error() : MachineJob::Error::Failed;
        if (error == MachineJob::Error::None) {
            row->outcome = Outcome::Done;
            row->bar->setRange(0, 1);
            row->bar->setValue(1);
            const qint64 size = row->total > 0 ? row->total : row->done;
            row->status->setText(tr("done · %1 in %2 s")
                    .arg(MachineFileModel::formatSize(size),
                        QLocale().toString(row->timer.elapsed() / 1000.0, 'f', 1)));
        } else if (error == MachineJob::Error::Cancelled) {
            row->outcome = Outcome::Cancelled;
            row->bar->setRange(0, 1);
            row->bar->setValue(0);
            row->status->setText(tr("cancelled"));
        } else {
            row->outcome = Outcome::Failed;
            row->bar->setRange(0, 1);
            row->bar->setValue(0);
            row->status->setText(tr("failed"));
            row->status->setToolTip(row->job ? row->job->errorString() : QString());
            row->label->setToolTip(row->job ? row->job->errorString() : QString());
        }
        row->button->setText(tr("Dismiss"));
        Q_EMIT transferFinished(row->direction, row->to, row->outcome);
    });
    updateVisibility();
}

int TransferList::runningCount() const
{
    int running = 0;
    for (const Row *row : m_rows)
        running += row->outcome == Outcome::Running ? 1 : 0;
    return running;
}

TransferList::Outcome TransferList::outcome(int row) const
{
    return m_rows.value(row) ? m_rows.at(row)->outcome : Outcome::Failed;
}

qint64 TransferList::bytesDone(int row) const
{
    return m_rows.value(row) ? m_rows.at(row)->done : 0;
}

QString TransferList::statusText(int row) const
{
    return m_rows.value(row) ? m_rows.at(row)->status->text() : QString();
}

void TransferList::cancel(int row)
{
    if (Row *r = m_rows.value(row); r && r->outcome == Outcome::Running && r->job)
        r->job->cancel();
}

void TransferList::cancelAll()
{
    for (int i = 0; i < m_rows.size(); ++i)
        cancel(i);
}

void TransferList::clearFinished()
{
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        Row *row = m_rows.at(i);
        if (row->outcome == Outcome::Running)
            continue;
        m_rows.removeAt(i);
        row->widget->deleteLater();
        if (row->job)
            row->job->deleteLater();
        delete row;
    }
    updateVisibility();
}

void TransferList::updateVisibility()
{
    setVisible(!m_rows.isEmpty());
}

} // namespace Proto
