#include "newsessiondialog.h"

#include "sessionlistmodel.h"
#include "ui_newsessiondialog.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QPushButton>
#include <QSignalBlocker>

namespace Proto {

NewSessionDialog::NewSessionDialog(const QList<MachineRecord> &machines, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::NewSessionDialog>())
    , m_machines(machines)
{
    m_ui->setupUi(this);
    m_ui->titleEdit->setText(tr("New session"));
    m_ui->titleEdit->selectAll();
    m_ui->problemLabel->setForegroundRole(QPalette::BrightText);
    m_ui->problemLabel->hide();

    fillMachines();
    m_ui->folderEdit->setText(QDir::toNativeSeparators(QDir::homePath()));

    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &NewSessionDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &NewSessionDialog::reject);
    connect(m_ui->machineCombo, &QComboBox::currentIndexChanged, this, &NewSessionDialog::updateForMachine);
    connect(m_ui->titleEdit, &QLineEdit::textChanged, this, &NewSessionDialog::updateProblem);
    connect(m_ui->folderEdit, &QLineEdit::textChanged, this, &NewSessionDialog::updateProblem);
    connect(m_ui->browseButton, &QPushButton::clicked, this, [this] {
        const QString start = QFileInfo(workingDirectory()).isDir() ? workingDirectory() : QDir::homePath();
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Working Folder"), start);
        if (!dir.isEmpty())
            setWorkingDirectory(dir);
    });
    m_ui->addMachineButton->hide();
    connect(m_ui->addMachineButton, &QPushButton::clicked, this, [this] {
        if (!m_addMachine)
            return;
        QList<MachineRecord> known;
        const QString id = m_addMachine(&known);
        if (id.isEmpty())
            return;
        m_machines = known;
        fillMachines();
        setMachineId(id);
    });
    updateForMachine();
    m_ui->titleEdit->setFocus();
}

void NewSessionDialog::fillMachines()
{
    // This computer first, then the others by name.
    std::stable_sort(
        m_machines.begin(), m_machines.end(), [](const MachineRecord &a, const MachineRecord &b) {
            const bool al = a.id == u"local";
            const bool bl = b.id == u"local";
            if (al != bl)
                return al;
            return QString::localeAwareCompare(a.name, b.name) < 0;
        });
    const QSignalBlocker blocker(m_ui->machineCombo);
    m_ui->machineCombo->clear();
    for (const MachineRecord &m : std::as_const(m_machines)) {
        const QString label = m.id == u"local" ? SessionListModel::tr("This computer")
            : m.host.isEmpty()
            ? m.name
            : tr("%1 (%2)").arg(m.name, m.user.isEmpty() ? m.host : m.user + u'@' + m.host);
        m_ui->machineCombo->addItem(label, m.id);
    }
}

void NewSessionDialog::setAddMachineHandler(std::function<QString(QList<MachineRecord> *machines)> handler)
{
    m_addMachine = std::move(handler);
    m_ui->addMachineButton->setVisible(bool(m_addMachine));
}

NewSessionDialog::~NewSessionDialog() = default;

QString NewSessionDialog::title() const
{
    return SessionListModel::normalizedTitle(m_ui->titleEdit->text());
}

void NewSessionDialog::setTitle(const QString &title)
{
    m_ui->titleEdit->setText(title);
}

QString NewSessionDialog::machineId() const
{
    return m_ui->machineCombo->currentData().toString();
}

bool NewSessionDialog::setMachineId(const QString &id)
{
    const int i = m_ui->machineCombo->findData(id);
    if (i < 0)
        return false;
    m_ui->machineCombo->setCurrentIndex(i);
    return true;
}

QString NewSessionDialog::workingDirectory() const
{
    const QString text = m_ui->folderEdit->text().trimmed();
    if (!currentIsLocal())
        return text;
    if (text.isEmpty())
        return {};
    QString path = QDir::fromNativeSeparators(text);
    if (path == u"~" || path.startsWith(QStringLiteral("~/")))
        path = QDir::homePath() + path.mid(1);
    return QDir::cleanPath(QDir(QDir::homePath()).absoluteFilePath(path));
}

void NewSessionDialog::setWorkingDirectory(const QString &folder)
{
    m_ui->folderEdit->setText(currentIsLocal() ? QDir::toNativeSeparators(folder) : folder);
}

QString NewSessionDialog::problem() const
{
    if (m_machines.isEmpty())
        return tr("There is no machine to work on. Add one first.");
    if (title().isEmpty())
        return tr("Give the session a title.");
    if (currentIsLocal()) {
        const QString dir = workingDirectory();
        if (dir.isEmpty())
            return tr("Choose a working folder.");
        const QFileInfo info(dir);
        if (!info.exists())
            return tr("The folder “%1” does not exist.").arg(QDir::toNativeSeparators(dir));
        if (!info.isDir())
            return tr("“%1” is not a folder.").arg(QDir::toNativeSeparators(dir));
    } else if (m_ui->folderEdit->text().contains(QChar(0))) {
        return tr("The folder name contains a character that is not allowed.");
    }
    return {};
}

void NewSessionDialog::accept()
{
    const QString p = problem();
    if (!p.isEmpty()) {
        m_ui->problemLabel->setText(p);
        m_ui->problemLabel->show();
        return;
    }
    QDialog::accept();
}

void NewSessionDialog::updateForMachine()
{
    const bool local = currentIsLocal();
    m_ui->browseButton->setEnabled(local);
    m_ui->folderEdit->setPlaceholderText(local ? QString() : tr("Home folder on that machine"));
    if (!local && m_ui->folderEdit->text() == QDir::toNativeSeparators(QDir::homePath()))
        m_ui->folderEdit->clear();
    else if (local && m_ui->folderEdit->text().isEmpty())
        m_ui->folderEdit->setText(QDir::toNativeSeparators(QDir::homePath()));
    updateProblem();
}

void NewSessionDialog::updateProblem()
{
    const QString p = problem();
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(p.isEmpty());
    m_ui->problemLabel->setText(p);
    m_ui->problemLabel->setVisible(!p.isEmpty());
}

bool NewSessionDialog::currentIsLocal() const
{
    const QString id = machineId();
    for (const MachineRecord &m : m_machines) {
        if (m.id == id)
            return m.kind == u"local" || m.id == u"local";
    }
    return false;
}

} // namespace Proto
