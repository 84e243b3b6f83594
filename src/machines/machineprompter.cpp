#include "machineprompter.h"

#include "sshconnection.h"

#include <QPointer>

namespace Proto {

MachinePrompter::SecretReply MachinePrompter::replyTo(SshConnection *connection, quint64 promptId)
{
    return [guarded = QPointer<SshConnection>(connection), promptId](const MachineSecretAnswer &answer) {
        if (!guarded)
            return;
        if (answer.given)
            guarded->answerSecret(promptId, answer.secret);
        else
            guarded->cancelSecret(promptId);
    };
}

} // namespace Proto
