#include "machineprompts.h"

#include "secretdialog.h"
#include "sshconnection.h"

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
    const QString &machineName, QObject *context, const MachineSecretRequest &request, SecretReply reply)
{
    const SshSecretPrompt &prompt = request.prompt;
    const bool password = prompt.kind == SshSecretPrompt::Kind::Password;
    const QString title = password ? tr("Password for %1").arg(machineName) : tr("Key Passphrase");
    const QString question = password
        ? tr("Password for %1@%2:").arg(prompt.user, prompt.host)
        : tr("Passphrase for the key %1 (machine %2):").arg(prompt.keyPath, machineName);
    auto *dialog = new SecretDialog(m_window);
    dialog->setObjectName(QStringLiteral("secretPromptDialog"));
    dialog->setWindowTitle(title);
    dialog->setQuestion(question);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    if (request.rememberedWasWrong)
        dialog->setProblem(password ? tr("The password remembered in the keychain was refused.")
                                    : tr("The passphrase remembered in the keychain was refused."));
    else if (prompt.attempt > 1)
        dialog->setProblem(tr("That was not right. Try again."));
    if (request.canRemember)
        dialog->offerRemember({}, request.rememberedWasWrong);
    else if (!request.keychainProblem.isEmpty())
        dialog->offerRemember(request.keychainProblem);
    const QPointer<QObject> guarded(context);
    connect(dialog, &QDialog::finished, this, [dialog, guarded, reply](int result) {
        if (!guarded || !reply)
            return;
        MachineSecretAnswer answer;
        answer.given = result == QDialog::Accepted;
        if (answer.given) {
            answer.secret = dialog->secret();
            answer.remember = dialog->remember();
        }
        reply(answer);
    });
    if (guarded)
        connect(guarded, &QObject::destroyed, dialog, &QWidget::close);
    dialog->open();
}

} // namespace Proto
