#pragma once

#include "machine.h"
#include "records.h"
#include "secretstore.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace Proto {

class MachinePrompter;
class SshConnection;
struct SshSecretPrompt;
class Store;

// Every machine the user has (the store's machines table) and one live Machine per machine id:
// a LocalMachine for "local", an SshMachine (one SSH connection) for each SSH record, created
// on first use and shared by every panel and agent of every session on that machine. SSH prompts
// (host key, passphrase, password) go to the prompter (the desktop's dialogs, proto-cli's
// terminal); without one they are refused. Saving a changed configuration or removing a machine
// releases its live Machine (machineReleased first, then deleteLater): holders drop it.
//
// With a SecretStore (the OS keychain), passwords and key passphrases are read from it before
// the person is asked: "ssh-password/<machine id>" and "ssh-passphrase/<key file path>". When
// the server refuses the remembered one, the person is asked again (told so) and what they type
// replaces it if they choose to remember it; an answer is stored only once the login worked with
// it. Secrets never go to the store (SQLite) or the log. Removing a machine, or changing its
// host, port or user, forgets its password.
// GUI-free; used on the thread it was created on.
class MachineRegistry final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MachineRegistry)

public:
    explicit MachineRegistry(Store *store, QObject *parent = nullptr);
    ~MachineRegistry() override;

    Store *store() const { return m_store; }
    // Not owned; null refuses every prompt. Must outlive the registry or be unset.
    void setPrompter(MachinePrompter *prompter) { m_prompter = prompter; }
    MachinePrompter *prompter() const { return m_prompter; }
    // Not owned (may be destroyed first); null: secrets are asked for every time.
    void setSecretStore(SecretStore *secrets);
    SecretStore *secretStore() const { return m_secretStore; }
    // Keychain reads or writes still under way (proto-cli waits for keychainIdle before exiting).
    bool keychainBusy() const { return m_keychainJobs > 0; }
    static QString passwordKey(const QString &machineId); // "ssh-password/<id>"
    static QString passphraseKey(const QString &keyPath); // "ssh-passphrase/<path>"

    QList<MachineRecord> records() const; // local first, then by name
    // By id, else by name (case-insensitive).
    std::optional<MachineRecord> find(const QString &idOrName) const;

    // The live machine for an id (created on first use), or null with *error when there is no
    // such machine or its configuration is unusable. Does not connect: SshMachine::connectToHost
    // or the first operation does.
    Machine *machine(const QString &id, QString *error = nullptr);
    Machine *liveMachine(const QString &id) const; // only if already created
    int liveCount() const { return int(m_live.size()); }
    // The kill switch: every live machine kills the commands it is running (Machine::killCommands).
    void killCommands();

    // Inserts (empty id: a new one is made) or updates a machine; validates it and keeps names
    // unique. Returns the id, or an empty string with *error. Written through (flushed).
    QString save(MachineRecord record, QString *error);
    // Removes a machine (not "local") and releases its live Machine. False with *error.
    bool remove(const QString &idOrName, QString *error);

    // Host aliases of an OpenSSH client config (default ~/.ssh/config) as records not yet
    // saved; names that already exist are left out and listed in *skipped.
    QList<MachineRecord> importCandidates(QString path, QString *error, QStringList *skipped = nullptr) const;
    static QString defaultSshConfigPath();

Q_SIGNALS:
    void machinesChanged();
    void machineStateChanged(const QString &id, Proto::Machine::State state);
    // The live Machine for this id is about to be deleted: stop using it.
    void machineReleased(const QString &id);
    void keychainIdle(); // the last keychain operation under way finished

private:
    // The keychain's part in one machine's current login.
    struct LoginSecrets
    {
        QSet<QString> fromKeychain; // keys whose stored value this login was given
        QSet<QString> refused; // keys whose stored value the server refused: never used again
        QHash<QString, QString> toRemember; // typed answers to store once the login works
        QSet<QString> toForget; // refused stored values the person chose not to replace
    };

    Machine *create(const MachineRecord &record, QString *error);
    void release(const QString &id);
    bool keychainUsable() const;
    void onSecretPrompt(
        const QString &id, const QString &name, SshConnection *connection, const SshSecretPrompt &prompt);
    void askPerson(const QString &id, const QString &name, SshConnection *connection,
        const SshSecretPrompt &prompt, const QString &key);
    void onLoginSettled(const QString &id, Machine::State state);
    void writeSecret(const QString &key, const QString &value);
    void forgetSecret(const QString &key);
    void keychainJobDone();

    Store *m_store;
    MachinePrompter *m_prompter = nullptr;
    QPointer<SecretStore> m_secretStore;
    QHash<QString, LoginSecrets> m_loginSecrets; // by machine id
    int m_keychainJobs = 0;
    QHash<QString, QPointer<Machine>> m_live;
    QHash<QString, MachineRecord> m_liveRecords; // the record each live machine was made from
};

} // namespace Proto
