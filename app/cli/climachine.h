#pragma once

#include "machineprompter.h"

#include <QString>
#include <QStringList>

namespace Proto {

class Machine;
class MachineRegistry;
class Store;

// SSH prompts on the terminal: the host key's type and SHA256 fingerprint with a yes/no
// question, passphrases and passwords read without echo (then, with a keychain, whether to
// remember it there). Refused (with a clear line on stderr) when stdin is not a terminal.
// Blocks the calling thread while the person types.
class CliPrompter final : public MachinePrompter
{
public:
    void askHostKey(
        const QString &machineName, SshConnection *connection, const SshHostKeyPrompt &prompt) override;
    void askSecret(const QString &machineName, QObject *context, const MachineSecretRequest &request,
        SecretReply reply) override;
};

namespace CliMachine {

// `proto-cli machine add|list|remove|test|import ...`; returns the exit code.
int run(QStringList args);
// Connects an SSH machine and waits (a local event loop) until it is connected or has failed;
// true at once for a local machine. *error holds the connection's own message.
bool waitConnected(Machine *machine, int timeoutMs, QString *error);
// Waits (a local event loop, at most timeoutMs) until the registry's keychain reads and writes
// are done, so a password the person chose to remember is stored before the process ends.
void waitKeychain(MachineRegistry *registry, int timeoutMs = 5000);

} // namespace CliMachine
} // namespace Proto
