#pragma once

#include "sshtypes.h"

#include <QString>

namespace Proto {

class SshConnection;

// Whoever asks the person at the keyboard for an SSH machine: the desktop's dialogs or
// proto-cli's terminal prompts. Called on the registry's thread; answer (now or later, from
// any thread) through SshConnection::answerHostKey / answerSecret / cancelSecret.
class MachinePrompter
{
public:
    virtual ~MachinePrompter() = default;
    virtual void askHostKey(
        const QString &machineName, SshConnection *connection, const SshHostKeyPrompt &prompt)
        = 0;
    virtual void askSecret(
        const QString &machineName, SshConnection *connection, const SshSecretPrompt &prompt)
        = 0;
};

} // namespace Proto
