#pragma once

#include "machine.h"
#include "records.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <optional>

namespace Proto {

class MachinePrompter;
class Store;

// Every machine the user has (the store's machines table) and one live Machine per machine id:
// a LocalMachine for "local", an SshMachine (one SSH connection) for each SSH record, created
// on first use and shared by every panel and agent of every session on that machine. SSH prompts
// (host key, passphrase, password) go to the prompter (the desktop's dialogs, proto-cli's
// terminal); without one they are refused. Saving a changed configuration or removing a machine
// releases its live Machine (machineReleased first, then deleteLater): holders drop it.
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

    QList<MachineRecord> records() const; // local first, then by name
    // By id, else by name (case-insensitive).
    std::optional<MachineRecord> find(const QString &idOrName) const;

    // The live machine for an id (created on first use), or null with *error when there is no
    // such machine or its configuration is unusable. Does not connect: SshMachine::connectToHost
    // or the first operation does.
    Machine *machine(const QString &id, QString *error = nullptr);
    Machine *liveMachine(const QString &id) const; // only if already created
    int liveCount() const { return int(m_live.size()); }

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

private:
    Machine *create(const MachineRecord &record, QString *error);
    void release(const QString &id);

    Store *m_store;
    MachinePrompter *m_prompter = nullptr;
    QHash<QString, QPointer<Machine>> m_live;
    QHash<QString, MachineRecord> m_liveRecords; // the record each live machine was made from
};

} // namespace Proto
