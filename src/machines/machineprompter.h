#pragma once

#include "sshtypes.h"

#include <QString>

#include <functional>

class QObject;

namespace Proto {

class SshConnection;

// A password or key passphrase the registry needs from the person.
struct MachineSecretRequest
{
    SshSecretPrompt prompt;
    // A keychain is there: offer "Remember in the keychain" (the registry stores the answer
    // once the login worked with it).
    bool canRemember = false;
    // Why it cannot be remembered, when the registry would but there is no keychain (for a
    // disabled "Remember" box); empty otherwise.
    QString keychainProblem;
    // The secret remembered in the keychain was refused: say so; remembering replaces it.
    bool rememberedWasWrong = false;
};

struct MachineSecretAnswer
{
    bool given = false; // false: the person cancelled
    QString secret;
    bool remember = false; // only meaningful when the request could remember
};

// Whoever asks the person at the keyboard for an SSH machine: the desktop's dialogs or
// proto-cli's terminal prompts. Called on the registry's thread. Host keys are answered through
// SshConnection::answerHostKey (now or later, from any thread); secrets through `reply`, called
// once on the registry's thread (not at all when `context` is destroyed first: the prompt is
// moot then, close it).
class MachinePrompter
{
public:
    using SecretReply = std::function<void(const MachineSecretAnswer &answer)>;

    virtual ~MachinePrompter() = default;
    virtual void askHostKey(
        const QString &machineName, SshConnection *connection, const SshHostKeyPrompt &prompt)
        = 0;
    virtual void askSecret(
        const QString &machineName, QObject *context, const MachineSecretRequest &request, SecretReply reply)
        = 0;

    // A reply that answers (or cancels) the prompt on the connection itself, remembering nothing:
    // for a connection outside the registry (the machine editor's test).
    static SecretReply replyTo(SshConnection *connection, quint64 promptId);
};

} // namespace Proto
