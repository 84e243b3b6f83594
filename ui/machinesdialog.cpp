#include "machinesdialog.h"

#include "machineeditordialog.h"
#include "machineregistry.h"
#include "store.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace Proto {

MachinesDialog::MachinesDialog(MachineRegistry *registry, QWidget *parent)
    : QDialog(parent)
    , m_registry(registry)
    , m_list(new QListWidget(this))
    , m_edit(new QPushButton(tr("&Edit…"), this))
    , m_remove(new QPushButton(tr("&Remove"), this))
{
    setObjectName(QStringLiteral("machinesDialog"));
    setWindowTitle(tr("Machines"));
    resize(560, 360);
    m_list->setObjectName(QStringLiteral("machineList"));
    auto *add = new QPushButton(tr("&Add…"), this);
    add->setObjectName(QStringLiteral("addMachineButton"));
    m_edit->setObjectName(QStringLiteral("editMachineButton"));
    m_remove->setObjectName(QStringLiteral("removeMachineButton"));
    auto *import = new QPushButton(tr("&Import from ~/.ssh/config"), this);
    import->setObjectName(QStringLiteral("importMachinesButton"));

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_remove);
    buttons->addSpacing(12);
    buttons->addWidget(import);
    buttons->addStretch(1);
    auto *row = new QHBoxLayout;
    row->addWidget(m_list, 1);
    row->addLayout(buttons);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(close);

    connect(add, &QPushButton::clicked, this, &MachinesDialog::addMachine);
    connect(m_edit, &QPushButton::clicked, this, &MachinesDialog::editMachine);
    connect(m_remove, &QPushButton::clicked, this, &MachinesDialog::removeMachine);
    connect(import, &QPushButton::clicked, this,
        [this] { QMessageBox::information(this, tr("Import Machines"), importFromSshConfig()); });
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::currentRowChanged, this, &MachinesDialog::updateButtons);
    connect(m_list, &QListWidget::itemActivated, this, &MachinesDialog::editMachine);
    connect(m_registry, &MachineRegistry::machinesChanged, this, &MachinesDialog::reload);
    reload();
}

void MachinesDialog::reload()
{
    const QString keep = currentId();
    m_list->clear();
    const QList<MachineRecord> records = m_registry->records();
    for (const MachineRecord &record : records) {
        QString text;
        if (record.kind == QLatin1String("local")) {
            text = tr("%1 — this computer").arg(record.name);
        } else {
            QString where = (record.user.isEmpty() ? QString() : record.user + u'@') + record.host;
            if (record.port != 22)
                where += u':' + QString::number(record.port);
            text = tr("%1 — %2").arg(record.name, where);
        }
        auto *item = new QListWidgetItem(text, m_list);
        item->setData(Qt::UserRole, record.id);
        if (record.id == keep)
            m_list->setCurrentItem(item);
    }
    updateButtons();
}

QString MachinesDialog::currentId() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void MachinesDialog::updateButtons()
{
    const QString id = currentId();
    const bool editable = !id.isEmpty() && id != Store::localMachineId();
    m_edit->setEnabled(editable);
    m_remove->setEnabled(editable);
}

void MachinesDialog::addMachine()
{
    MachineEditorDialog editor(m_registry, this);
    editor.exec();
}

void MachinesDialog::editMachine()
{
    const auto record = m_registry->find(currentId());
    if (!record || record->kind != QLatin1String("ssh"))
        return;
    MachineEditorDialog editor(m_registry, this);
    editor.setRecord(*record);
    editor.exec();
}

void MachinesDialog::removeMachine()
{
    const auto record = m_registry->find(currentId());
    if (!record)
        return;
    QMessageBox box(QMessageBox::Warning, tr("Remove Machine"),
        tr("Remove “%1”?").arg(record->name.toHtmlEscaped()), QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("confirmRemoveMachineBox"));
    box.setInformativeText(
        tr("Sessions on it stay, but cannot reach it until a machine of that name is added "
           "again. Open connections to it are closed."));
    QPushButton *remove = box.addButton(tr("&Remove"), QMessageBox::DestructiveRole);
    box.exec();
    if (box.clickedButton() != remove)
        return;
    QString error;
    if (!m_registry->remove(record->id, &error))
        QMessageBox::warning(this, tr("Remove Machine"), error);
}

QString MachinesDialog::importFromSshConfig(const QString &path)
{
    QString error;
    QStringList skipped;
    const QList<MachineRecord> candidates = m_registry->importCandidates(path, &error, &skipped);
    if (!error.isEmpty())
        return tr("Nothing imported: %1").arg(error);
    QStringList added;
    QStringList failed;
    for (const MachineRecord &candidate : candidates) {
        QString problem;
        if (m_registry->save(candidate, &problem).isEmpty())
            failed.append(tr("%1 (%2)").arg(candidate.name, problem));
        else
            added.append(candidate.name);
    }
    QString text = added.isEmpty() ? tr("No new machines found.")
                                   : tr("Imported: %1.").arg(added.join(QStringLiteral(", ")));
    if (!skipped.isEmpty())
        text += u'\n' + tr("Already known: %1.").arg(skipped.join(QStringLiteral(", ")));
    if (!failed.isEmpty())
        text += u'\n' + tr("Not imported: %1.").arg(failed.join(QStringLiteral("; ")));
    return text;
}

} // namespace Proto
