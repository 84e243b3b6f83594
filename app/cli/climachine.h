#pragma once

#include "machineprompter.h"

#include <QString>
#include <QStringList>

namespace Proto {

class Machine;
class MachineRegistry;
class Store;

// SSH prompts on the terminal: the host key's type and SHA256 fingerprint with a yes/no
// question, passphrases and passwords read without echo. Refused (with a clear line on stderr)
// when stdin is not a terminal. Blocks the calling thread while the person types.
class CliPrompter final : public MachinePrompter
{
public:
    void askHostKey(
        const QString &machineName, SshConnection *connection, const SshHostKeyPrompt &prompt) override;
    void askSecret(
        const QString &machineName, SshConnection *connection, const SshSecretPrompt &prompt) override;
};

namespace CliMachine {

// `proto-cli machine add|list|remove|test|import ...`; returns the exit code.
int run(QStringList args);
// Connects an SSH machine and waits (a local event loop) until it is connected or has failed;
// true at once for a local machine. *error holds the connection's own message.
bool waitConnected(Machine *machine, int timeoutMs, QString *error);

} // namespace CliMachine
} // namespace Proto
