// MachineRegistry against the real sshd fixture: one shared connection per machine, prompts
// forwarded to the prompter (refused without one), release on change and removal, import.
#include "fixtureutil.h"
#include "machineprompter.h"
#include "machineregistry.h"
#include "sshconnection.h"
#include "sshdfixture.h"
#include "sshmachine.h"
#include "store.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

namespace {

class RecordingPrompter final : public MachinePrompter
{
public:
    bool acceptHostKey = true;
    QList<SshHostKeyPrompt> hostKeys;
    QStringList names;
    int secrets = 0;

    void askHostKey(
        const QString &machineName, SshConnection *connection, const SshHostKeyPrompt &prompt) override
    {
        names.append(machineName);
        hostKeys.append(prompt);
        connection->answerHostKey(prompt.id, acceptHostKey);
    }
    void askSecret(const QString &, QObject *, const MachineSecretRequest &, SecretReply reply) override
    {
        ++secrets;
        reply({});
    }
};

bool waitSettled(Machine *machine, int timeoutMs = 20000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (machine->state() != Machine::State::Connected && machine->state() != Machine::State::Failed) {
        if (deadline.hasExpired())
            return false;
        QTest::qWait(20);
    }
    return true;
}

QString runCommand(Machine *machine, const QString &command)
{
    CommandSpec spec;
    spec.command = command;
    std::unique_ptr<CommandJob> job(machine->run(spec));
    QByteArray out;
    QObject::connect(
        job.get(), &CommandJob::stdoutData, job.get(), [&out](const QByteArray &d) { out += d; });
    QSignalSpy finished(job.get(), &MachineJob::finished);
    if (!job->isFinished() && !finished.wait(30000))
        return u"<timeout>"_s;
    if (job->error() != MachineJob::Error::None)
        return u"<error: "_s + job->errorString() + u'>';
    return QString::fromUtf8(out).trimmed();
}

} // namespace

class TestMachineRegistry : public QObject
{
    Q_OBJECT

private:
    ProtoTest::SshdFixture m_sshd;
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    int m_count = 0;

    MachineRecord sshRecord(const QString &name, const QString &policy)
    {
        MachineRecord record;
        record.name = name;
        record.kind = u"ssh"_s;
        record.host = m_sshd.host();
        record.port = m_sshd.port();
        record.user = m_sshd.user();
        record.identityFile = m_sshd.clientKeyPath();
        const QString ssh = m_dir.filePath(u"ssh-%1"_s.arg(++m_count));
        record.options = QJsonObject { { u"hostKeyPolicy"_s, policy }, { u"sshDirectory"_s, ssh },
            { u"knownHostsPath"_s, QString(ssh + u"/known_hosts"_s) }, { u"useAgent"_s, false },
            { u"allowPassword"_s, false } };
        return record;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        PROTO_REQUIRE_PEER(m_sshd.start(), m_sshd.errorString());
        Store::OpenResult opened = Store::open(m_dir.filePath(u"proto.sqlite"_s));
        QVERIFY2(opened.store, qPrintable(opened.message));
        m_store = std::move(opened.store);
    }

    void oneSharedConnectionPerMachine()
    {
        MachineRegistry registry(m_store.get());
        RecordingPrompter prompter;
        registry.setPrompter(&prompter);
        QString error;
        const QString id = registry.save(sshRecord(u"shared"_s, u"prompt"_s), &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        QSignalSpy states(&registry, &MachineRegistry::machineStateChanged);

        // Two panels and an agent ask for the machine: one Machine, one connection.
        Machine *first = registry.machine(id, &error);
        QVERIFY2(first, qPrintable(error));
        QCOMPARE(registry.machine(id), first);
        QCOMPARE(registry.find(u"SHARED"_s)->id, id);
        QCOMPARE(first->kind(), Machine::Kind::Ssh);
        QCOMPARE(registry.liveCount(), 1);

        const QString a = runCommand(first, u"echo $SSH_CONNECTION"_s);
        const QString b = runCommand(registry.machine(id), u"echo $SSH_CONNECTION"_s);
        QVERIFY2(a.startsWith(u"127.0.0.1 "_s), qPrintable(a));
        QCOMPARE(b, a); // the same client port: the same TCP connection
        QCOMPARE(first->state(), Machine::State::Connected);
        QVERIFY(!states.isEmpty());
        QCOMPARE(states.last().at(0).toString(), id);

        // The host key prompt went to the prompter, with the real fingerprint.
        QCOMPARE(prompter.hostKeys.size(), 1);
        QCOMPARE(prompter.names, QStringList { u"shared"_s });
        QCOMPARE(prompter.hostKeys.first().fingerprint, m_sshd.hostKeyFingerprint());
        QCOMPARE(prompter.hostKeys.first().keyType, m_sshd.hostKeyType());
        QCOMPARE(prompter.secrets, 0);

        // The local machine is one shared LocalMachine too.
        Machine *local = registry.machine(Store::localMachineId());
        QVERIFY(local);
        QCOMPARE(local->kind(), Machine::Kind::Local);
        QCOMPARE(registry.machine(Store::localMachineId()), local);
    }

    void promptsRefusedWithoutPrompter()
    {
        MachineRegistry registry(m_store.get());
        QString error;
        const QString id = registry.save(sshRecord(u"nobody-asks"_s, u"prompt"_s), &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        auto *machine = qobject_cast<SshMachine *>(registry.machine(id));
        QVERIFY(machine);
        machine->connectToHost();
        QVERIFY(waitSettled(machine));
        QCOMPARE(machine->state(), Machine::State::Failed);
        QCOMPARE(machine->connection()->error(), SshError::HostKeyUnknown);
        QVERIFY(!QFile::exists(machine->config().effectiveKnownHostsPath()));
    }

    void rejectedHostKey()
    {
        MachineRegistry registry(m_store.get());
        RecordingPrompter prompter;
        prompter.acceptHostKey = false;
        registry.setPrompter(&prompter);
        QString error;
        const QString id = registry.save(sshRecord(u"rejected"_s, u"prompt"_s), &error);
        Machine *machine = registry.machine(id);
        QVERIFY(machine);
        QVERIFY(runCommand(machine, u"true"_s).startsWith(u"<error"_s));
        QCOMPARE(prompter.hostKeys.size(), 1);
        QCOMPARE(machine->state(), Machine::State::Failed);
    }

    void changedConfigurationReleases()
    {
        MachineRegistry registry(m_store.get());
        QString error;
        MachineRecord record = sshRecord(u"changing"_s, u"accept-new"_s);
        record.id = registry.save(record, &error);
        QVERIFY2(!record.id.isEmpty(), qPrintable(error));
        QPointer<Machine> machine = registry.machine(record.id);
        QVERIFY(machine);
        QCOMPARE(runCommand(machine, u"echo ok"_s), u"ok"_s);
        QSignalSpy released(&registry, &MachineRegistry::machineReleased);

        // A VNC change does not touch the connection...
        record.vncHost = u"127.0.0.1"_s;
        record.vncPort = 5901;
        QVERIFY2(!registry.save(record, &error).isEmpty(), qPrintable(error));
        QCOMPARE(released.size(), 0);
        QCOMPARE(registry.machine(record.id), machine.data());
        // ...a user change does.
        record.user = u"nobody-here"_s;
        QVERIFY(!registry.save(record, &error).isEmpty());
        QCOMPARE(released.size(), 1);
        QCOMPARE(released.first().first().toString(), record.id);
        QTRY_VERIFY(machine.isNull());
        QCOMPARE(registry.liveCount(), 0);
        Machine *again = registry.machine(record.id);
        QVERIFY(again);
        QCOMPARE(qobject_cast<SshMachine *>(again)->config().user, u"nobody-here"_s);
    }

    void saveAndRemoveRules()
    {
        MachineRegistry registry(m_store.get());
        QSignalSpy changed(&registry, &MachineRegistry::machinesChanged);
        QString error;
        const QString id = registry.save(sshRecord(u"unique"_s, u"strict"_s), &error);
        QVERIFY(!id.isEmpty());
        QCOMPARE(changed.size(), 1);
        QVERIFY(registry.save(sshRecord(u"UNIQUE"_s, u"strict"_s), &error).isEmpty());
        QVERIFY2(error.contains(u"already"_s), qPrintable(error));
        MachineRecord bad = sshRecord(u"bad"_s, u"strict"_s);
        bad.host = u"-oProxyCommand=touch /tmp/pwned"_s;
        QVERIFY(registry.save(bad, &error).isEmpty());
        QVERIFY(!registry.find(u"bad"_s));
        MachineRecord local;
        local.name = u"second local"_s;
        local.kind = u"local"_s;
        QVERIFY(registry.save(local, &error).isEmpty());

        QVERIFY(!registry.remove(Store::localMachineId(), &error));
        QVERIFY(!registry.remove(u"no-such-machine"_s, &error));
        QPointer<Machine> live = registry.machine(id);
        QSignalSpy released(&registry, &MachineRegistry::machineReleased);
        QVERIFY2(registry.remove(u"unique"_s, &error), qPrintable(error));
        QCOMPARE(released.size(), 1);
        QTRY_VERIFY(live.isNull());
        QVERIFY(!registry.find(id));
        QVERIFY(!registry.machine(id, &error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(registry.records().first().id, Store::localMachineId());
    }

    void importFromSshConfig()
    {
        MachineRegistry registry(m_store.get());
        const QString path = m_dir.filePath(u"ssh_config"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("Host fixture-vm\n  HostName 127.0.0.1\n  Port 2222\n  User ci\n"
                   "Host shared\n  HostName elsewhere\n"
                   "Host *.wild\n  User x\n");
        file.close();
        QString error;
        QStringList skipped;
        const QList<MachineRecord> candidates = registry.importCandidates(path, &error, &skipped);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(candidates.size(), 1);
        QCOMPARE(candidates.first().name, u"fixture-vm"_s);
        QCOMPARE(candidates.first().port, 2222);
        QCOMPARE(skipped, QStringList { u"shared"_s });
        QVERIFY(registry.importCandidates(m_dir.filePath(u"missing"_s), &error).isEmpty());
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMachineRegistry)
#include "tst_machineregistry.moc"
