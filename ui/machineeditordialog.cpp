#include "machineeditordialog.h"

#include "machineprompter.h"
#include "machinerecordconfig.h"
#include "machineregistry.h"
#include "sshconnection.h"
#include "sshmachine.h"
#include "ui_machineeditordialog.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QPushButton>

namespace Proto {

MachineEditorDialog::MachineEditorDialog(MachineRegistry *registry, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::MachineEditorDialog>())
    , m_registry(registry)
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("machineEditorDialog"));
    setWindowTitle(tr("Add Machine"));
    m_ui->hostKeyCombo->addItem(tr("Ask about unknown keys"), QStringLiteral("prompt"));
    m_ui->hostKeyCombo->addItem(tr("Only keys already in known_hosts"), QStringLiteral("strict"));
    m_ui->hostKeyCombo->addItem(tr("Accept new keys without asking"), QStringLiteral("accept-new"));
    m_ui->hostKeyCombo->setToolTip(tr("A key that CHANGED is always refused."));
    m_ui->userEdit->setPlaceholderText(SshMachineConfig().effectiveUser());
    m_ui->problemLabel->setObjectName(QStringLiteral("problemLabel"));
    m_base.kind = QStringLiteral("ssh");

    for (QLineEdit *edit :
        { m_ui->nameEdit, m_ui->hostEdit, m_ui->userEdit, m_ui->identityEdit, m_ui->jumpEdit, m_ui->vncEdit })
        connect(edit, &QLineEdit::textChanged, this, &MachineEditorDialog::updateProblem);
    connect(m_ui->portSpin, &QSpinBox::valueChanged, this, &MachineEditorDialog::updateProblem);
    connect(m_ui->vncViaSshCheck, &QCheckBox::toggled, this, &MachineEditorDialog::updateProblem);
    connect(m_ui->identityBrowseButton, &QPushButton::clicked, this, &MachineEditorDialog::browseIdentity);
    connect(m_ui->testButton, &QPushButton::clicked, this, &MachineEditorDialog::testConnection);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &MachineEditorDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &MachineEditorDialog::reject);
    updateProblem();
}

MachineEditorDialog::~MachineEditorDialog()
{
    delete m_testJob.data();
    delete m_testMachine.data();
}

void MachineEditorDialog::setRecord(const MachineRecord &record)
{
    m_base = record;
    setWindowTitle(tr("Edit Machine"));
    m_ui->nameEdit->setText(record.name);
    m_ui->hostEdit->setText(record.host);
    m_ui->portSpin->setValue(record.port > 0 && record.port <= 65535 ? record.port : 22);
    m_ui->userEdit->setText(record.user);
    m_ui->identityEdit->setText(record.identityFile);
    m_ui->jumpEdit->setText(record.jumpHost);
    const int policy = m_ui->hostKeyCombo->findData(
        MachineRecordConfig::policyName(MachineRecordConfig::toSshConfig(record).hostKeyPolicy));
    m_ui->hostKeyCombo->setCurrentIndex(qMax(0, policy));
    m_ui->vncEdit->setText(
        record.vncHost.isEmpty() ? QString() : record.vncHost + u':' + QString::number(record.vncPort));
    m_ui->vncViaSshCheck->setChecked(record.vncViaSsh);
    updateProblem();
}

MachineRecord MachineEditorDialog::record() const
{
    MachineRecord r = m_base;
    r.kind = QStringLiteral("ssh");
    r.name = m_ui->nameEdit->text().trimmed();
    r.host = m_ui->hostEdit->text().trimmed();
    r.port = m_ui->portSpin->value();
    r.user = m_ui->userEdit->text().trimmed();
    r.identityFile = QDir::cleanPath(m_ui->identityEdit->text().trimmed());
    if (r.identityFile == u'.')
        r.identityFile.clear();
    r.jumpHost = m_ui->jumpEdit->text().trimmed();
    r.options.insert(QStringLiteral("hostKeyPolicy"), m_ui->hostKeyCombo->currentData().toString());
    r.vncHost.clear();
    r.vncPort = 5900;
    if (!m_ui->vncEdit->text().trimmed().isEmpty())
        MachineRecordConfig::parseHostPort(m_ui->vncEdit->text(), &r.vncHost, &r.vncPort);
    r.vncViaSsh = m_ui->vncViaSshCheck->isChecked();
    return r;
}

QString MachineEditorDialog::problem() const
{
    const QString vnc = m_ui->vncEdit->text().trimmed();
    if (!vnc.isEmpty()) {
        QString host;
        int port = 0;
        const QString vncProblem = MachineRecordConfig::parseHostPort(vnc, &host, &port);
        if (!vncProblem.isEmpty())
            return tr("VNC display: %1").arg(vncProblem);
    } else if (m_ui->vncViaSshCheck->isChecked()) {
        return tr("Give the VNC display's host:port to reach it through SSH.");
    }
    const QString identity = m_ui->identityEdit->text().trimmed();
    if (!identity.isEmpty() && !QFileInfo(identity).isFile())
        return tr("The identity file %1 does not exist.").arg(identity);
    return MachineRecordConfig::validate(record());
}

void MachineEditorDialog::updateProblem()
{
    const QString text = problem();
    // An empty form is not an error yet: only say what is wrong once something was typed.
    const bool untouched = m_ui->nameEdit->text().isEmpty() && m_ui->hostEdit->text().isEmpty();
    m_ui->problemLabel->setText(untouched ? QString() : text);
    m_ui->buttonBox->button(QDialogButtonBox::Save)->setEnabled(text.isEmpty());
    m_ui->testButton->setEnabled(m_ui->hostEdit->text().trimmed().size() > 0 && !isTesting());
}

void MachineEditorDialog::browseIdentity()
{
    const QString start = m_ui->identityEdit->text().isEmpty() ? QDir::homePath() + QStringLiteral("/.ssh")
                                                               : m_ui->identityEdit->text();
    const QString file = QFileDialog::getOpenFileName(this, tr("Identity File"), start);
    if (!file.isEmpty())
        m_ui->identityEdit->setText(file);
}

QString MachineEditorDialog::testResult() const
{
    return m_ui->testResultLabel->text();
}

bool MachineEditorDialog::isTesting() const
{
    return !m_testMachine.isNull();
}

void MachineEditorDialog::testConnection()
{
    if (isTesting())
        return;
    MachineRecord r = record();
    if (r.name.isEmpty())
        r.name = r.host;
    const QString invalid = MachineRecordConfig::validate(r);
    if (!invalid.isEmpty()) {
        finishTest(false, invalid);
        return;
    }
    m_ui->testResultLabel->setText(tr("Connecting…"));
    m_ui->testButton->setEnabled(false);
    m_testMachine = new SshMachine(MachineRecordConfig::toSshConfig(r), this);
    SshConnection *connection = m_testMachine->connection();
    const QString name = r.name;
    connect(
        connection, &SshConnection::hostKeyPrompt, this, [this, connection, name](const SshHostKeyPrompt &p) {
            if (MachinePrompter *prompter = m_registry->prompter())
                prompter->askHostKey(name, connection, p);
            else
                connection->answerHostKey(p.id, false);
        });
    connect(
        connection, &SshConnection::secretPrompt, this, [this, connection, name](const SshSecretPrompt &p) {
            if (MachinePrompter *prompter = m_registry->prompter()) {
                MachineSecretRequest request;
                request.prompt = p; // a test: nothing is remembered
                prompter->askSecret(name, connection, request, MachinePrompter::replyTo(connection, p.id));
            } else {
                connection->cancelSecret(p.id);
            }
        });
    connect(m_testMachine, &Machine::stateChanged, this, [this](Machine::State state) {
        if (state == Machine::State::Failed) {
            finishTest(false, m_testMachine->stateMessage());
            return;
        }
        if (state != Machine::State::Connected || m_testJob)
            return;
        m_ui->testResultLabel->setText(tr("Connected, running uname -a…"));
        CommandSpec spec;
        spec.command = QStringLiteral("uname -a");
        spec.timeoutMs = 20000;
        CommandJob *started = m_testMachine->run(spec);
        m_testJob = started;
        auto output = std::make_shared<QByteArray>();
        connect(started, &CommandJob::stdoutData, this, [output](const QByteArray &d) { *output += d; });
        connect(started, &CommandJob::finished, this, [this, started, output] {
            CommandJob *job = started;
            const bool ok = job->error() == MachineJob::Error::None && job->exitCode() == 0;
            const QString message = ok ? tr("Connected: %1").arg(QString::fromUtf8(*output).trimmed())
                                       : tr("Connected, but uname -a failed: %1").arg(job->errorString());
            job->deleteLater();
            finishTest(ok, message);
        });
    });
    m_testMachine->connectToHost();
}

void MachineEditorDialog::finishTest(bool ok, const QString &message)
{
    m_ui->testResultLabel->setText((ok ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + message);
    m_ui->testResultLabel->setProperty("testOk", ok);
    m_testJob = nullptr;
    if (m_testMachine) {
        m_testMachine->disconnect(this);
        m_testMachine->deleteLater();
        m_testMachine = nullptr;
    }
    updateProblem();
    Q_EMIT testFinished(ok, message);
}

void MachineEditorDialog::accept()
{
    const QString text = problem();
    if (!text.isEmpty()) {
        m_ui->problemLabel->setText(text);
        return;
    }
    QString error;
    const QString id = m_registry->save(record(), &error);
    if (id.isEmpty()) {
        m_ui->problemLabel->setText(error);
        return;
    }
    m_savedId = id;
    QDialog::accept();
}

} // namespace Proto
