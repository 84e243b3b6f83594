#include "machineregistry.h"

#include "localmachine.h"
#include "machineprompter.h"
#include "machinerecordconfig.h"
#include "secretstore.h"
#include "sshconfigfile.h"
#include "sshconnection.h"
#include "sshmachine.h"
#include "store.h"

#include <QDir>
#include <QLoggingCategory>

#include <algorithm>
#include <utility>

Q_LOGGING_CATEGORY(lcMachines, "proto.machines")

namespace Proto {

namespace {

bool sameConnection(const MachineRecord &a, const MachineRecord &b)
{
    return a.kind == b.kind && a.name == b.name && a.host == b.host && a.port == b.port && a.user == b.user
        && a.identityFile == b.identityFile && a.jumpHost == b.jumpHost && a.options == b.options;
}

} // namespace

MachineRegistry::MachineRegistry(Store *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    Q_ASSERT(store);
}

MachineRegistry::~MachineRegistry()
{
    const auto live = std::exchange(m_live, {});
    for (const QPointer<Machine> &machine : live)
        delete machine.data();
}

QList<MachineRecord> MachineRegistry::records() const
{
    QList<MachineRecord> all = m_store->machines();
    std::stable_sort(all.begin(), all.end(), [](const MachineRecord &a, const MachineRecord &b) {
        const bool aLocal = a.id == Store::localMachineId();
        const bool bLocal = b.id == Store::localMachineId();
        if (aLocal != bLocal)
            return aLocal;
        return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
    });
    return all;
}

std::optional<MachineRecord> MachineRegistry::find(const QString &idOrName) const
{
    if (idOrName.isEmpty())
        return std::nullopt;
    if (auto byId = m_store->machine(idOrName))
        return byId;
    const QList<MachineRecord> all = m_store->machines();
    for (const MachineRecord &record : all) {
        if (record.name.compare(idOrName, Qt::CaseInsensitive) == 0)
            return record;
    }
    return std::nullopt;
}

Machine *MachineRegistry::liveMachine(const QString &id) const
{
    return m_live.value(id).data();
}

void MachineRegistry::killCommands()
{
    const QList<QPointer<Machine>> live = m_live.values();
    for (const QPointer<Machine> &machine : live)
        if (machine)
            machine->killCommands();
}

Machine *MachineRegistry::machine(const QString &id, QString *error)
{
    if (Machine *live = liveMachine(id))
        return live;
    QString problem;
    Machine *made = nullptr;
    if (const auto record = m_store->machine(id))
        made = create(*record, &problem);
    else
        problem = tr("There is no machine with the id \"%1\".").arg(id);
    if (!made && error)
        *error = problem;
    return made;
}

Machine *MachineRegistry::create(const MachineRecord &record, QString *error)
{
    Machine *made = nullptr;
    if (record.kind == QLatin1String("local")) {
        made = new LocalMachine(this);
    } else if (record.kind == QLatin1String("ssh")) {
        const QString problem = MachineRecordConfig::validate(record);
        if (!problem.isEmpty()) {
            *error = tr("The machine \"%1\" cannot be used: %2").arg(record.name, problem);
            return nullptr;
        }
        auto *ssh = new SshMachine(MachineRecordConfig::toSshConfig(record), this);
        SshConnection *connection = ssh->connection();
        const QString name = record.name;
        connect(connection, &SshConnection::hostKeyPrompt, this,
            [this, connection, name](const SshHostKeyPrompt &prompt) {
                if (m_prompter)
                    m_prompter->askHostKey(name, connection, prompt);
                else
                    connection->answerHostKey(prompt.id, false);
            });
        const QString id = record.id;
        connect(connection, &SshConnection::secretPrompt, this,
            [this, connection, name, id](
                const SshSecretPrompt &prompt) { onSecretPrompt(id, name, connection, prompt); });
        connect(ssh, &Machine::stateChanged, this,
            [this, id](Machine::State state) { onLoginSettled(id, state); });
        made = ssh;
    } else {
        *error = tr("The machine \"%1\" has an unknown kind \"%2\".").arg(record.name, record.kind);
        return nullptr;
    }
    const QString id = record.id;
    connect(made, &Machine::stateChanged, this,
        [this, id](Machine::State state) { Q_EMIT machineStateChanged(id, state); });
    m_live.insert(id, made);
    m_liveRecords.insert(id, record);
    qCDebug(lcMachines) << "machine created" << record.name << record.kind;
    return made;
}

void MachineRegistry::release(const QString &id)
{
    const QPointer<Machine> machine = m_live.take(id);
    m_liveRecords.remove(id);
    m_loginSecrets.remove(id);
    if (!machine)
        return;
    Q_EMIT machineReleased(id);
    machine->deleteLater();
}

QString MachineRegistry::save(MachineRecord record, QString *error)
{
    record.name = record.name.trimmed();
    record.host = record.host.trimmed();
    record.vncHost = record.vncHost.trimmed();
    if (record.id == Store::localMachineId())
        record.kind = QStringLiteral("local");
    if (record.id.isEmpty() && record.kind == QLatin1String("local")) {
        *error = tr("There is only one local machine.");
        return {};
    }
    const QString problem = MachineRecordConfig::validate(record);
    if (!problem.isEmpty()) {
        *error = problem;
        return {};
    }
    const QList<MachineRecord> all = m_store->machines();
    for (const MachineRecord &other : all) {
        if (other.id != record.id && other.name.compare(record.name, Qt::CaseInsensitive) == 0) {
            *error = tr("There already is a machine named \"%1\".").arg(other.name);
            return {};
        }
    }
    std::optional<MachineRecord> previous;
    if (record.id.isEmpty()) {
        record.id = Store::newId();
    } else {
        previous = m_store->machine(record.id);
        if (!previous) {
            *error = tr("There is no machine with the id \"%1\".").arg(record.id);
            return {};
        }
        if (previous->kind != record.kind) {
            *error = tr("A machine cannot change from %1 to %2.").arg(previous->kind, record.kind);
            return {};
        }
        record.created = previous->created;
    }
    if (!record.created.isValid())
        record.created = QDateTime::currentDateTimeUtc();
    m_store->saveMachine(record);
    if (!m_store->flush()) {
        *error = tr("The machine could not be saved: %1").arg(m_store->lastError());
        return {};
    }
    if (m_liveRecords.contains(record.id) && !sameConnection(m_liveRecords.value(record.id), record))
        release(record.id);
    // A password remembered for another account or server is not this one's.
    if (previous
        && (previous->host != record.host || previous->port != record.port || previous->user != record.user))
        forgetSecret(passwordKey(record.id));
    Q_EMIT machinesChanged();
    return record.id;
}

bool MachineRegistry::remove(const QString &idOrName, QString *error)
{
    const auto record = find(idOrName);
    if (!record) {
        *error = tr("There is no machine named \"%1\".").arg(idOrName);
        return false;
    }
    if (record->id == Store::localMachineId()) {
        *error = tr("The local machine cannot be removed.");
        return false;
    }
    release(record->id);
    forgetSecret(passwordKey(record->id));
    m_store->removeMachine(record->id);
    if (!m_store->flush()) {
        *error = tr("The machine could not be removed: %1").arg(m_store->lastError());
        return false;
    }
    Q_EMIT machinesChanged();
    return true;
}

// --- secrets ---

void MachineRegistry::setSecretStore(SecretStore *secrets)
{
    m_secretStore = secrets;
}

QString MachineRegistry::passwordKey(const QString &machineId)
{
    return QStringLiteral("ssh-password/") + machineId;
}

QString MachineRegistry::passphraseKey(const QString &keyPath)
{
    return QStringLiteral("ssh-passphrase/") + keyPath;
}

bool MachineRegistry::keychainUsable() const
{
    return m_secretStore && SecretStore::keychainAvailable();
}

void MachineRegistry::onSecretPrompt(
    const QString &id, const QString &name, SshConnection *connection, const SshSecretPrompt &prompt)
{
    const QString key
        = prompt.kind == SshSecretPrompt::Kind::Password ? passwordKey(id) : passphraseKey(prompt.keyPath);
    LoginSecrets &login = m_loginSecrets[id];
    // Asked again for what this login was already given: that answer was wrong.
    if (login.fromKeychain.remove(key)) {
        qCInfo(lcMachines) << "the keychain's secret for" << name << "was refused; asking";
        login.refused.insert(key);
    }
    login.toRemember.remove(key);
    if (!keychainUsable() || login.refused.contains(key)) {
        askPerson(id, name, connection, prompt, key);
        return;
    }
    ++m_keychainJobs;
    const QPointer<SshConnection> guarded(connection);
    m_secretStore->read(key, this, [this, id, name, guarded, prompt, key](const SecretResult &result) {
        keychainJobDone();
        if (!guarded)
            return;
        if (result.ok() && !result.value.isEmpty()) {
            qCDebug(lcMachines) << "answering the"
                                << (prompt.kind == SshSecretPrompt::Kind::Password ? "password"
                                                                                   : "passphrase")
                                << "prompt of" << name << "from the keychain";
            m_loginSecrets[id].fromKeychain.insert(key);
            guarded->answerSecret(prompt.id, result.value);
            return;
        }
        if (result.error != SecretResult::Error::NotFound)
            qCInfo(lcMachines) << "keychain:" << result.errorString; // never holds the secret
        askPerson(id, name, guarded, prompt, key);
    });
}

void MachineRegistry::askPerson(const QString &id, const QString &name, SshConnection *connection,
    const SshSecretPrompt &prompt, const QString &key)
{
    if (!m_prompter) {
        connection->cancelSecret(prompt.id);
        return;
    }
    MachineSecretRequest request;
    request.prompt = prompt;
    request.canRemember = keychainUsable();
    if (m_secretStore && !request.canRemember)
        request.keychainProblem = SecretStore::noKeychainMessage();
    request.rememberedWasWrong = m_loginSecrets.value(id).refused.contains(key);
    if (request.rememberedWasWrong)
        request.prompt.attempt = std::max(request.prompt.attempt, 2);
    const QPointer<SshConnection> guarded(connection);
    const quint64 promptId = prompt.id;
    const bool canRemember = request.canRemember;
    m_prompter->askSecret(name, connection, request,
        [this, self = QPointer<MachineRegistry>(this), guarded, id, key, promptId, canRemember](
            const MachineSecretAnswer &answer) {
            if (!self || !guarded)
                return;
            if (!answer.given) {
                guarded->cancelSecret(promptId);
                return;
            }
            LoginSecrets &login = m_loginSecrets[id];
            if (canRemember && answer.remember) {
                login.toRemember.insert(key, answer.secret);
                login.toForget.remove(key);
            } else if (login.refused.contains(key)) {
                login.toForget.insert(key);
            }
            guarded->answerSecret(promptId, answer.secret);
        });
}

void MachineRegistry::onLoginSettled(const QString &id, Machine::State state)
{
    if (state != Machine::State::Connected && state != Machine::State::Failed)
        return;
    const auto it = m_loginSecrets.find(id);
    if (it == m_loginSecrets.end())
        return;
    LoginSecrets &login = *it;
    if (state == Machine::State::Connected) {
        // The login worked: what the person typed and chose to remember is right.
        for (auto typed = login.toRemember.cbegin(); typed != login.toRemember.cend(); ++typed) {
            writeSecret(typed.key(), typed.value());
            login.refused.remove(typed.key());
        }
        for (const QString &key : std::as_const(login.toForget)) {
            forgetSecret(key);
            login.refused.remove(key);
        }
    } else {
        // Failed without asking again (keyboard-interactive, a refused key): what the keychain
        // gave may be what failed; do not offer it again.
        auto *ssh = qobject_cast<SshMachine *>(liveMachine(id));
        const SshError error = ssh ? ssh->connection()->error() : SshError::None;
        if (error == SshError::AuthFailed || error == SshError::WrongPassphrase)
            login.refused.unite(login.fromKeychain);
    }
    login.fromKeychain.clear();
    login.toRemember.clear();
    login.toForget.clear();
}

void MachineRegistry::writeSecret(const QString &key, const QString &value)
{
    if (!m_secretStore)
        return;
    ++m_keychainJobs;
    m_secretStore->write(key, value, this, [this, key](const SecretResult &result) {
        if (!result.ok())
            qCWarning(lcMachines) << "could not remember" << key << "in the keychain:" << result.errorString;
        keychainJobDone();
    });
}

void MachineRegistry::forgetSecret(const QString &key)
{
    if (!keychainUsable())
        return;
    ++m_keychainJobs;
    m_secretStore->remove(key, this, [this, key](const SecretResult &result) {
        if (!result.ok() && result.error != SecretResult::Error::NotFound)
            qCInfo(lcMachines) << "could not forget" << key << "in the keychain:" << result.errorString;
        keychainJobDone();
    });
}

void MachineRegistry::keychainJobDone()
{
    if (m_keychainJobs > 0 && --m_keychainJobs == 0)
        Q_EMIT keychainIdle();
}

QString MachineRegistry::defaultSshConfigPath()
{
    return QDir::homePath() + QStringLiteral("/.ssh/config");
}

QList<MachineRecord> MachineRegistry::importCandidates(
    QString path, QString *error, QStringList *skipped) const
{
    if (path.isEmpty())
        path = defaultSshConfigPath();
    QString loadError;
    const QList<SshConfigHost> hosts = SshConfigFile::load(path, &loadError);
    if (!loadError.isEmpty()) {
        *error = loadError;
        return {};
    }
    QList<MachineRecord> candidates;
    const QList<MachineRecord> existing = m_store->machines();
    for (const SshConfigHost &host : hosts) {
        const MachineRecord record = MachineRecordConfig::fromSshConfigHost(host);
        const bool taken
            = std::any_of(existing.begin(), existing.end(), [&record](const MachineRecord &other) {
                  return other.name.compare(record.name, Qt::CaseInsensitive) == 0;
              });
        const bool twice
            = std::any_of(candidates.begin(), candidates.end(), [&record](const MachineRecord &other) {
                  return other.name.compare(record.name, Qt::CaseInsensitive) == 0;
              });
        if (taken || twice) {
            if (skipped)
                skipped->append(record.name);
            continue;
        }
        candidates.append(record);
    }
    return candidates;
}

} // namespace Proto
