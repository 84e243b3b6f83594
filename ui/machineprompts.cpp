#include "machineprompts.h"

#include "sshconnection.h"

#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>

namespace Proto {

DialogMachinePrompter::DialogMachinePrompter(QWidget *window)
    : QObject(window)
    , m_window(window)
{ }

void DialogMachinePrompter::askHostKey(
    const QString &machineName, SshConnection *connection, const SshHostKeyPrompt &prompt)
{
    const QPointer<SshConnection> guarded(connection);
    const QString where
        = prompt.port == 22 ? prompt.host : QStringLiteral("[%1]:%2").arg(prompt.host).arg(prompt.port);
    auto *box = new QMessageBox(QMessageBox::Question, tr("Unknown Host Key"),
        tr("Is this really %1 (%2)?").arg(machineName.toHtmlEscaped(), where.toHtmlEscaped()),
        QMessageBox::NoButton, m_window);
    box->setObjectName(QStringLiteral("hostKeyPromptBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    const QString reason = prompt.reason == SshHostKeyPrompt::Reason::OtherTypeKnown
        ? tr("The server offers a key of a type not known for it yet.")
        : tr("This computer has not connected to it before.");
    box->setInformativeText(
        tr("%1\n\nKey type: %2\nFingerprint: %3\n\nCompare the fingerprint with the one the "
           "server's administrator gives you. Accepting adds the key to %4.")
            .arg(reason, prompt.keyType, prompt.fingerprint, prompt.knownHostsPath));
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPushButton *accept = box->addButton(tr("&Accept"), QMessageBox::AcceptRole);
    accept->setObjectName(QStringLiteral("acceptHostKeyButton"));
    QPushButton *reject = box->addButton(tr("&Reject"), QMessageBox::RejectRole);
    reject->setObjectName(QStringLiteral("rejectHostKeyButton"));
    box->setDefaultButton(reject);
    box->setEscapeButton(reject);
    const quint64 id = prompt.id;
    connect(box, &QMessageBox::finished, this, [box, accept, guarded, id](int) {
        if (guarded)
            guarded->answerHostKey(id, box->clickedButton() == accept);
    });
    if (guarded)
        connect(guarded, &QObject::destroyed, box, &QWidget::close);
    box->open();
}

void DialogMachinePrompter::askSecret(
    const QString &machineName, SshConnection *connection, const SshSecretPrompt &prompt)
{
    const QPointer<SshConnection> guarded(connection);
    auto *dialog = new QInputDialog(m_window);
    dialog->setObjectName(QStringLiteral("secretPromptDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setInputMode(QInputDialog::TextInput);
    dialog->setTextEchoMode(QLineEdit::Password);
    const bool password = prompt.kind == SshSecretPrompt::Kind::Password;
    dialog->setWindowTitle(password ? tr("Password for %1").arg(machineName) : tr("Key Passphrase"));
    QString label = password ? tr("Password for %1@%2:").arg(prompt.user, prompt.host)
                             : tr("Passphrase for the key %1 (machine %2):").arg(prompt.keyPath, machineName);
    if (prompt.attempt > 1)
        label = tr("That was not right. Try again.") + u'\n' + label;
    dialog->setLabelText(label);
    const quint64 id = prompt.id;
    connect(dialog, &QInputDialog::finished, this, [dialog, guarded, id](int result) {
        if (!guarded)
            return;
        if (result == QDialog::Accepted)
            guarded->answerSecret(id, dialog->textValue());
        else
            guarded->cancelSecret(id);
    });
    if (guarded)
        connect(guarded, &QObject::destroyed, dialog, &QWidget::close);
    dialog->open();
}

} // namespace Proto
