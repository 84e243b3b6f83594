#include "newsessiondialog.h"

#include "sessionlistmodel.h"
#include "ui_newsessiondialog.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
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
    connect(m_ui->providerCombo, &QComboBox::currentIndexChanged, this, &NewSessionDialog::updateForProvider);
    connect(m_ui->refreshModelsButton, &QPushButton::clicked, this, &NewSessionDialog::refreshModels);
    connect(m_ui->modelCombo, &QComboBox::currentTextChanged, this, &NewSessionDialog::updateProblem);
    connect(
        m_ui->agentCombo, &QComboBox::currentIndexChanged, this, &NewSessionDialog::updateAgentDescription);
    m_ui->modelStatus->setForegroundRole(QPalette::PlaceholderText);
    m_ui->agentDescription->setForegroundRole(QPalette::PlaceholderText);
    m_ui->refreshModelsButton->setEnabled(false);
    // Model ids are single tokens ("provider/name:tag@date" at most); no spaces or control bytes.
    m_ui->modelCombo->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z0-9._:/@+-]{0,200}")), m_ui->modelCombo));
    for (QWidget *w : { static_cast<QWidget *>(m_ui->providerLabel),
             static_cast<QWidget *>(m_ui->providerCombo), static_cast<QWidget *>(m_ui->modelLabel),
             static_cast<QWidget *>(m_ui->modelCombo), static_cast<QWidget *>(m_ui->refreshModelsButton),
             static_cast<QWidget *>(m_ui->modelStatus), static_cast<QWidget *>(m_ui->agentLabel),
             static_cast<QWidget *>(m_ui->agentCombo), static_cast<QWidget *>(m_ui->agentDescription) })
        w->setVisible(false); // shown by setProviders() / setAgents()
    updateForMachine();
    m_ui->titleEdit->setFocus();
}

void NewSessionDialog::setProviders(const QList<ProviderChoice> &providers, const QString &current)
{
    m_providers = providers;
    {
        const QSignalBlocker blocker(m_ui->providerCombo);
        m_ui->providerCombo->clear();
        for (const ProviderChoice &p : providers)
            m_ui->providerCombo->addItem(p.label.isEmpty() ? p.name : p.label, p.name);
        const int i = m_ui->providerCombo->findData(current);
        m_ui->providerCombo->setCurrentIndex(i < 0 ? 0 : i);
    }
    for (QWidget *w :
        { static_cast<QWidget *>(m_ui->providerLabel), static_cast<QWidget *>(m_ui->providerCombo),
            static_cast<QWidget *>(m_ui->modelLabel), static_cast<QWidget *>(m_ui->modelCombo),
            static_cast<QWidget *>(m_ui->refreshModelsButton), static_cast<QWidget *>(m_ui->modelStatus) })
        w->setVisible(true);
    updateForProvider();
}

void NewSessionDialog::setModelLister(ModelLister lister)
{
    m_lister = std::move(lister);
    m_ui->refreshModelsButton->setEnabled(bool(m_lister));
    refreshModels();
}

void NewSessionDialog::setAgents(const QList<AgentDefinition> &agents, const QString &current)
{
    m_agents = agents;
    {
        const QSignalBlocker blocker(m_ui->agentCombo);
        m_ui->agentCombo->clear();
        for (const AgentDefinition &a : agents)
            m_ui->agentCombo->addItem(a.name, a.name);
        const int i = m_ui->agentCombo->findData(current);
        m_ui->agentCombo->setCurrentIndex(i < 0 ? 0 : i);
    }
    m_ui->agentLabel->setVisible(!agents.isEmpty());
    m_ui->agentCombo->setVisible(!agents.isEmpty());
    m_ui->agentDescription->setVisible(!agents.isEmpty());
    updateAgentDescription();
}

void NewSessionDialog::setAgentOnly(bool agentOnly)
{
    m_agentOnly = agentOnly;
    for (QWidget *w : { static_cast<QWidget *>(m_ui->titleLabel), static_cast<QWidget *>(m_ui->titleEdit),
             static_cast<QWidget *>(m_ui->machineLabel), static_cast<QWidget *>(m_ui->machineCombo),
             static_cast<QWidget *>(m_ui->addMachineButton), static_cast<QWidget *>(m_ui->folderLabel),
             static_cast<QWidget *>(m_ui->folderEdit), static_cast<QWidget *>(m_ui->browseButton) })
        w->setVisible(!agentOnly && (w != m_ui->addMachineButton || m_addMachine));
    setWindowTitle(agentOnly ? tr("Session Agent and Model") : tr("New Session"));
    updateProblem();
}

QString NewSessionDialog::provider() const
{
    return m_ui->providerCombo->currentData().toString();
}

bool NewSessionDialog::setProvider(const QString &name)
{
    const int i = m_ui->providerCombo->findData(name);
    if (i < 0)
        return false;
    m_ui->providerCombo->setCurrentIndex(i);
    return true;
}

QString NewSessionDialog::model() const
{
    return m_ui->modelCombo->currentText().trimmed();
}

void NewSessionDialog::setModel(const QString &model)
{
    m_ui->modelCombo->setCurrentText(model);
}

QString NewSessionDialog::agent() const
{
    return m_ui->agentCombo->currentData().toString();
}

bool NewSessionDialog::setAgent(const QString &name)
{
    const int i = m_ui->agentCombo->findData(name);
    if (i < 0)
        return false;
    m_ui->agentCombo->setCurrentIndex(i);
    return true;
}

void NewSessionDialog::updateForProvider()
{
    const QString name = provider();
    QStringList models;
    QString fallback;
    for (const ProviderChoice &p : std::as_const(m_providers)) {
        if (p.name == name) {
            models = p.models;
            fallback = p.defaultModel;
        }
    }
    m_ui->modelCombo->clear();
    m_ui->modelCombo->addItems(models);
    m_ui->modelCombo->setCurrentText(fallback);
    m_ui->modelCombo->lineEdit()->setPlaceholderText(tr("The provider's default model"));
    m_ui->modelStatus->clear();
    refreshModels();
    updateProblem();
}

void NewSessionDialog::refreshModels()
{
    if (!m_lister || m_ui->providerCombo->count() == 0)
        return;
    const int request = ++m_listing;
    const QString name = provider();
    m_ui->modelStatus->setText(tr("Asking %1 for its models…").arg(name));
    m_lister(name, this, [this, request, name](const QStringList &models, const QString &error) {
        if (request != m_listing)
            return;
        if (!error.isEmpty()) {
            m_ui->modelStatus->setText(
                tr("The models of %1 could not be listed (%2); type a model id.").arg(name, error));
            return;
        }
        const QString current = model();
        for (const QString &id : models) {
            if (m_ui->modelCombo->findText(id) < 0)
                m_ui->modelCombo->addItem(id);
        }
        m_ui->modelCombo->setCurrentText(current);
        m_ui->modelStatus->setText(
            tr("%n model(s) listed by %1; any model id may be typed.", nullptr, int(models.size()))
                .arg(name));
    });
}

void NewSessionDialog::updateAgentDescription()
{
    const QString name = agent();
    for (const AgentDefinition &a : std::as_const(m_agents)) {
        if (a.name == name)
            m_ui->agentDescription->setText(a.description);
    }
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
    for (const ProviderChoice &p : m_providers) {
        if (p.name == provider() && p.modelRequired && model().isEmpty())
            return tr("Choose or type a model for %1: it has no default model.").arg(p.name);
    }
    if (m_agentOnly)
        return {};
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
