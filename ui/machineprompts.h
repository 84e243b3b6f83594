#pragma once

#include "machineprompter.h"

#include <QObject>
#include <QPointer>
#include <QWidget>

namespace Proto {

// The desktop's answers to SSH prompts: a host key dialog (key type and SHA256 fingerprint,
// Accept / Reject; Reject is the default) and a passphrase / password dialog without echo, with
// "Remember in the keychain" when the registry can remember the answer.
// Both are window-modal and open without blocking: the connection waits for the answer.
// A CHANGED host key never comes here: the connection refuses it and its state says why.
class DialogMachinePrompter final
    : public QObject
    , public MachinePrompter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DialogMachinePrompter)

public:
    explicit DialogMachinePrompter(QWidget *window);

    void askHostKey(
        const QString &machineName, SshConnection *connection, const SshHostKeyPrompt &prompt) override;
    void askSecret(const QString &machineName, QObject *context, const MachineSecretRequest &request,
        SecretReply reply) override;

private:
    QPointer<QWidget> m_window;
};

} // namespace Proto
