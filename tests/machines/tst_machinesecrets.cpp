// SSH passwords and key passphrases in the OS keychain, through the MachineRegistry against the
// real sshd fixture (password login for the environment's test user). Runs twice under ctest:
// tst_machinesecrets without any D-Bus session (no keychain: asked every time, nothing kept) and
// tst_machinesecrets_keyring inside dbus-run-session with an unlocked gnome-keyring
// (PROTO_TEST_KEYRING=1), a real Secret Service.
#include "fixtureutil.h"
#include "machineprompter.h"
#include "machineregistry.h"
#include "secretstore.h"
#include "sshconnection.h"
#include "sshdfixture.h"
#include "sshmachine.h"
#include "store.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <optional>

using namespace Proto;
using namespace Qt::StringLiterals;

namespace {

QStringList g_log;
QtMessageHandler g_previous = nullptr;

void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_log << message;
    if (g_previous && type != QtDebugMsg)
        g_previous(type, context, message);
}

void enableProto(QLoggingCategory *category)
{
    if (QByteArray(category->categoryName()).startsWith("proto."))
        category->setEnabled(QtDebugMsg, true);
}

// Answers secret prompts from a list, recording each request; accepts host keys.
class ScriptedPrompter final : public MachinePrompter
{
public:
    QList<MachineSecretRequest> requests;
    QStringList answers; // when exhausted, prompts are cancelled
    bool remember = false;

    void askHostKey(const QString &, SshConnection *connection, const SshHostKeyPrompt &prompt) override
    {
        connection->answerHostKey(prompt.id, true);
    }
    void askSecret(
        const QString &, QObject *, const MachineSecretRequest &request, SecretReply reply) override
    {
        requests.append(request);
        if (answers.isEmpty()) {
            reply({});
            return;
        }
        MachineSecretAnswer answer;
        answer.given = true;
        answer.secret = answers.takeFirst();
        answer.remember = remember;
        reply(answer);
    }
};

} // namespace

class TestMachineSecrets : public QObject
{
    Q_OBJECT

private:
    ProtoTest::SshdFixture m_sshd;
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SecretStore> m_secrets;
    bool m_keyring = false;
    int m_count = 0;
    const QString m_wrong = u"wrong-%1"_s.arg(QUuid::createUuid().toString(QUuid::Id128));

    MachineRecord record(const QString &name)
    {
        MachineRecord r;
        r.name = name;
        r.kind = u"ssh"_s;
        r.host = m_sshd.host();
        r.port = m_sshd.port();
        r.user = m_sshd.user();
        const QString ssh = m_dir.filePath(u"ssh-%1"_s.arg(++m_count));
        QDir().mkpath(ssh); // no keys there: the password is asked for
        r.options = QJsonObject { { u"hostKeyPolicy"_s, u"accept-new"_s }, { u"sshDirectory"_s, ssh },
            { u"knownHostsPath"_s, QString(ssh + u"/known_hosts"_s) }, { u"useAgent"_s, false },
            { u"allowPassword"_s, true } };
        return r;
    }

    QString save(MachineRegistry &registry, const MachineRecord &r)
    {
        QString error;
        const QString id = registry.save(r, &error);
        if (id.isEmpty())
            qWarning("save: %s", qPrintable(error));
        return id;
    }

    // Connects the registry's machine and waits until it is connected or failed.
    Machine::State connectMachine(MachineRegistry &registry, const QString &id)
    {
        auto *ssh = qobject_cast<SshMachine *>(registry.machine(id));
        if (!ssh)
            return Machine::State::Failed;
        ssh->connectToHost();
        QDeadlineTimer deadline(30000);
        while (ssh->state() != Machine::State::Connected && ssh->state() != Machine::State::Failed
            && !deadline.hasExpired())
            QTest::qWait(20);
        // What the login settled (a secret to remember or forget) reaches the keychain.
        while (registry.keychainBusy() && !deadline.hasExpired())
            QTest::qWait(20);
        return ssh->state();
    }

    SecretResult keychain(const QString &key)
    {
        std::optional<SecretResult> result;
        m_secrets->read(key, this, [&result](const SecretResult &r) { result = r; });
        QDeadlineTimer deadline(15000);
        while (!result && !deadline.hasExpired())
            QTest::qWait(10);
        if (!result)
            qFatal("keychain callback never came");
        return *result;
    }

    bool writeKeychain(const QString &key, const QString &value)
    {
        std::optional<SecretResult> result;
        m_secrets->write(key, value, this, [&result](const SecretResult &r) { result = r; });
        QDeadlineTimer deadline(15000);
        while (!result && !deadline.hasExpired())
            QTest::qWait(10);
        return result && result->ok();
    }

    MachineRegistry *newRegistry(ScriptedPrompter *prompter)
    {
        auto *registry = new MachineRegistry(m_store.get());
        registry->setPrompter(prompter);
        registry->setSecretStore(m_secrets.get());
        return registry;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_keyring = qEnvironmentVariableIntValue("PROTO_TEST_KEYRING") == 1;
        g_previous = qInstallMessageHandler(capture);
        QLoggingCategory::installFilter(enableProto);
        QVERIFY(m_dir.isValid());
        PROTO_REQUIRE_PEER(m_sshd.start(), m_sshd.errorString());
        PROTO_REQUIRE_PEER(m_sshd.hasPassword(), u"password login needs root inside tools/env"_s);
        Store::OpenResult opened = Store::open(m_dir.filePath(u"proto.sqlite"_s));
        QVERIFY2(opened.store, qPrintable(opened.message));
        m_store = std::move(opened.store);
        m_secrets = std::make_unique<SecretStore>(u"proto-desktop-test"_s, nullptr);
        QCOMPARE(SecretStore::keychainAvailable(), m_keyring);
    }

    void cleanupTestCase()
    {
        QLoggingCategory::installFilter(nullptr);
        qInstallMessageHandler(g_previous);
        if (!m_store)
            return;
        // Never in the database (nor its log) or the log output.
        QVERIFY(m_store->flush());
        const QString path = m_store->path();
        m_store.reset();
        QByteArray files;
        for (const QString &file : QStringList { path, path + u"-wal"_s, path + u"-shm"_s }) {
            QFile f(file);
            if (f.open(QIODevice::ReadOnly))
                files += f.readAll();
        }
        QVERIFY(!files.isEmpty());
        for (const QString &secret : QStringList { m_sshd.password(), m_sshd.keyPassphrase(), m_wrong }) {
            QVERIFY2(!files.contains(secret.toUtf8()), "a secret is in the database");
            for (const QString &line : std::as_const(g_log))
                QVERIFY2(!line.contains(secret), "a secret is in the log");
        }
    }

    // Not remembered (no keychain, or the person said no): asked for at every login.
    void askedEveryTimeWhenNotRemembered()
    {
        ScriptedPrompter prompter;
        prompter.answers = QStringList { m_sshd.password(), m_sshd.password() };
        prompter.remember = !m_keyring; // without a keychain a "yes" changes nothing
        std::unique_ptr<MachineRegistry> first(newRegistry(&prompter));
        const QString id = save(*first, record(u"not-remembered"_s));
        QVERIFY(!id.isEmpty());
        QCOMPARE(connectMachine(*first, id), Machine::State::Connected);
        QCOMPARE(prompter.requests.size(), 1);
        const MachineSecretRequest request = prompter.requests.first();
        QCOMPARE(request.prompt.kind, SshSecretPrompt::Kind::Password);
        QCOMPARE(request.canRemember, m_keyring);
        QCOMPARE(request.keychainProblem.isEmpty(), m_keyring);
        QVERIFY(!request.rememberedWasWrong);
        first.reset();

        std::unique_ptr<MachineRegistry> second(newRegistry(&prompter));
        QCOMPARE(connectMachine(*second, id), Machine::State::Connected);
        QCOMPARE(prompter.requests.size(), 2);
        const SecretResult stored = keychain(MachineRegistry::passwordKey(id));
        QCOMPARE(stored.error, m_keyring ? SecretResult::Error::NotFound : SecretResult::Error::NoKeychain);

        // Without a secret store at all the registry asks too, and offers nothing.
        MachineRegistry plain(m_store.get());
        plain.setPrompter(&prompter);
        prompter.answers = QStringList { m_sshd.password() };
        QCOMPARE(connectMachine(plain, id), Machine::State::Connected);
        QCOMPARE(prompter.requests.size(), 3);
        QVERIFY(!prompter.requests.last().canRemember);
        QVERIFY(prompter.requests.last().keychainProblem.isEmpty());
    }

    void rememberedPasswordIsUsedThenReplacedWhenWrong()
    {
        if (!m_keyring)
            QSKIP("needs the keychain (the tst_machinesecrets_keyring run)");
        ScriptedPrompter prompter;
        // A typo first: it is not what gets remembered.
        prompter.answers = QStringList { m_wrong, m_sshd.password() };
        prompter.remember = true;
        std::unique_ptr<MachineRegistry> registry(newRegistry(&prompter));
        const QString id = save(*registry, record(u"remembered"_s));
        QCOMPARE(connectMachine(*registry, id), Machine::State::Connected);
        QCOMPARE(prompter.requests.size(), 2);
        QVERIFY(prompter.requests.at(0).canRemember);
        QCOMPARE(prompter.requests.at(1).prompt.attempt, 2);
        QVERIFY(!prompter.requests.at(1).rememberedWasWrong);
        SecretResult stored = keychain(MachineRegistry::passwordKey(id));
        QVERIFY2(stored.ok(), qPrintable(stored.errorString));
        QVERIFY(stored.value == m_sshd.password());

        // Next time (a new run of the app): no question at all.
        registry.reset(newRegistry(&prompter));
        QCOMPARE(connectMachine(*registry, id), Machine::State::Connected);
        QCOMPARE(prompter.requests.size(), 2);

        // The password changed on the server (here: the keychain holds a wrong one): asked again,
        // told why, and the new answer replaces the old one.
        QVERIFY(writeKeychain(MachineRegistry::passwordKey(id), m_wrong));
        registry.reset(newRegistry(&prompter));
        prompter.answers = QStringList { m_sshd.password() };
        QCOMPARE(connectMachine(*registry, id), Machine::State::Connected);
        QCOMPARE(prompter.requests.size(), 3);
        QVERIFY(prompter.requests.last().rememberedWasWrong);
        QVERIFY(prompter.requests.last().prompt.attempt >= 2);
        stored = keychain(MachineRegistry::passwordKey(id));
        QVERIFY(stored.ok() && stored.value == m_sshd.password());
        registry.reset(newRegistry(&prompter));
        QCOMPARE(connectMachine(*registry, id), Machine::State::Connected);
        QCOMPARE(prompter.requests.size(), 3);

        // Removing the machine forgets its password.
        QString error;
        QVERIFY2(registry->remove(id, &error), qPrintable(error));
        QTRY_VERIFY(!registry->keychainBusy());
        QCOMPARE(keychain(MachineRegistry::passwordKey(id)).error, SecretResult::Error::NotFound);
    }

    void wrongRememberedPasswordNotReplacedIsForgotten()
    {
        if (!m_keyring)
            QSKIP("needs the keychain (the tst_machinesecrets_keyring run)");
        ScriptedPrompter prompter;
        std::unique_ptr<MachineRegistry> registry(newRegistry(&prompter));
        MachineRecord r = record(u"declined"_s);
        r.id = save(*registry, r);
        QVERIFY(writeKeychain(MachineRegistry::passwordKey(r.id), m_wrong));
        prompter.answers = QStringList { m_sshd.password() };
        prompter.remember = false;
        QCOMPARE(connectMachine(*registry, r.id), Machine::State::Connected);
        QCOMPARE(prompter.requests.size(), 1);
        QVERIFY(prompter.requests.first().rememberedWasWrong);
        QCOMPARE(keychain(MachineRegistry::passwordKey(r.id)).error, SecretResult::Error::NotFound);

        // Another user on the machine: a remembered password is not theirs.
        QVERIFY(writeKeychain(MachineRegistry::passwordKey(r.id), m_sshd.password()));
        r.user = u"someone-else"_s;
        QVERIFY(!save(*registry, r).isEmpty());
        QTRY_VERIFY(!registry->keychainBusy());
        QCOMPARE(keychain(MachineRegistry::passwordKey(r.id)).error, SecretResult::Error::NotFound);
    }

    void keyPassphraseRemembered()
    {
        if (!m_keyring)
            QSKIP("needs the keychain (the tst_machinesecrets_keyring run)");
        ScriptedPrompter prompter;
        prompter.answers = QStringList { m_sshd.keyPassphrase() };
        prompter.remember = true;
        std::unique_ptr<MachineRegistry> registry(newRegistry(&prompter));
        MachineRecord r = record(u"encrypted-key"_s);
        r.identityFile = m_sshd.encryptedKeyPath();
        r.options.insert(u"allowPassword"_s, false);
        const QString id = save(*registry, r);
        QCOMPARE(connectMachine(*registry, id), Machine::State::Connected);
        QCOMPARE(prompter.requests.size(), 1);
        QCOMPARE(prompter.requests.first().prompt.kind, SshSecretPrompt::Kind::KeyPassphrase);
        const SecretResult stored
            = keychain(MachineRegistry::passphraseKey(prompter.requests.first().prompt.keyPath));
        QVERIFY2(stored.ok(), qPrintable(stored.errorString));
        QVERIFY(stored.value == m_sshd.keyPassphrase());

        registry.reset(newRegistry(&prompter));
        QCOMPARE(connectMachine(*registry, id), Machine::State::Connected);
        QCOMPARE(prompter.requests.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestMachineSecrets)
#include "tst_machinesecrets.moc"
