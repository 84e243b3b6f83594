#include "sshconnection.h"
#include "sshlogin.h"
#include "sshmachine.h"
#include "sshtestsupport.h"

#include <QFile>
#include <QFileInfo>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <cerrno>

using namespace Proto;
using namespace ProtoTest;

namespace {

// Answers prompts as a user would, recording what was asked.
struct PromptAnswers
{
    QList<SshHostKeyPrompt> hostKeyPrompts;
    QList<SshSecretPrompt> secretPrompts;
    bool acceptHostKey = false;
    QStringList secrets; // answers in order; when exhausted, prompts are cancelled

    void attach(SshConnection *connection, QObject *context)
    {
        QObject::connect(connection, &SshConnection::hostKeyPrompt, context,
            [this, connection](const SshHostKeyPrompt &p) {
                hostKeyPrompts << p;
                connection->answerHostKey(p.id, acceptHostKey);
            });
        QObject::connect(
            connection, &SshConnection::secretPrompt, context, [this, connection](const SshSecretPrompt &p) {
                secretPrompts << p;
                if (secrets.isEmpty())
                    connection->cancelSecret(p.id);
                else
                    connection->answerSecret(p.id, secrets.takeFirst());
            });
    }
};

} // namespace

class TestSshAuth : public QObject
{
    Q_OBJECT

    std::unique_ptr<SshTestEnvironment> m_env;
    QTemporaryDir m_emptySshDir;

    SshMachineConfig passwordConfig() const
    {
        SshMachineConfig c = m_env->config();
        c.identityFile.clear();
        c.sshDirectory = m_emptySshDir.path(); // no default keys there
        c.allowPassword = true;
        return c;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_env = std::make_unique<SshTestEnvironment>();
        PROTO_REQUIRE_PEER(m_env->start(), m_env->sshd.errorString());
    }

    void keyAuthentication()
    {
        SshConnection connection(m_env->config());
        QCOMPARE(connectAndWait(connection), Machine::State::Connected);
        QCOMPARE(connection.error(), SshError::None);
    }

    void passwordAuthentication()
    {
        PROTO_REQUIRE_PEER(
            m_env->sshd.hasPassword(), QStringLiteral("password login needs root inside tools/env"));
        SshConnection connection(passwordConfig());
        PromptAnswers answers;
        answers.secrets << m_env->sshd.password();
        answers.attach(&connection, this);
        QCOMPARE(connectAndWait(connection), Machine::State::Connected);
        QCOMPARE(answers.secretPrompts.size(), 1);
        QCOMPARE(answers.secretPrompts.first().kind, SshSecretPrompt::Kind::Password);
        QVERIFY(answers.secretPrompts.first().prompt.contains(m_env->sshd.user()));
    }

    void wrongPassword()
    {
        PROTO_REQUIRE_PEER(
            m_env->sshd.hasPassword(), QStringLiteral("password login needs root inside tools/env"));
        SshConnection connection(passwordConfig());
        PromptAnswers answers;
        answers.secrets << QStringLiteral("wrong1") << QStringLiteral("wrong2") << QStringLiteral("wrong3");
        answers.attach(&connection, this);
        QCOMPARE(connectAndWait(connection), Machine::State::Failed);
        QCOMPARE(connection.error(), SshError::AuthFailed);
        QCOMPARE(answers.secretPrompts.size(), 3);
        QCOMPARE(answers.secretPrompts.at(2).attempt, 3);
        QVERIFY2(connection.errorString().contains(QStringLiteral("password")),
            qPrintable(connection.errorString()));
        QVERIFY2(connection.errorString().contains(QStringLiteral("publickey, password")),
            qPrintable(connection.errorString()));
    }

    void passwordPromptCancelled()
    {
        SshConnection connection(passwordConfig());
        PromptAnswers answers; // no answers: cancels
        answers.attach(&connection, this);
        QCOMPARE(connectAndWait(connection), Machine::State::Failed);
        QCOMPARE(connection.error(), SshError::AuthFailed);
    }

    void unauthorizedKeyListsMethods()
    {
        SshMachineConfig c = m_env->config();
        c.identityFile = m_env->sshd.hostKeyPath(); // a valid key the server does not authorize
        SshConnection connection(c);
        QCOMPARE(connectAndWait(connection), Machine::State::Failed);
        QCOMPARE(connection.error(), SshError::AuthFailed);
        QVERIFY2(connection.errorString().contains(m_env->sshd.hostKeyPath()),
            qPrintable(connection.errorString()));
        QVERIFY2(connection.errorString().contains(QStringLiteral("publickey")),
            qPrintable(connection.errorString()));
    }

    void encryptedKeyWithPassphrase()
    {
        SshMachineConfig c = m_env->config();
        c.identityFile = m_env->sshd.encryptedKeyPath();
        SshConnection connection(c);
        PromptAnswers answers;
        answers.secrets << m_env->sshd.keyPassphrase();
        answers.attach(&connection, this);
        QCOMPARE(connectAndWait(connection), Machine::State::Connected);
        QCOMPARE(answers.secretPrompts.size(), 1);
        QCOMPARE(answers.secretPrompts.first().kind, SshSecretPrompt::Kind::KeyPassphrase);
        QCOMPARE(answers.secretPrompts.first().keyPath, m_env->sshd.encryptedKeyPath());
    }

    void encryptedKeyWrongPassphrase()
    {
        SshMachineConfig c = m_env->config();
        c.identityFile = m_env->sshd.encryptedKeyPath();
        SshConnection connection(c);
        PromptAnswers answers;
        answers.secrets << QStringLiteral("nope") << QString() << QStringLiteral("correct horse");
        answers.attach(&connection, this);
        QCOMPARE(connectAndWait(connection), Machine::State::Failed);
        QCOMPARE(connection.error(), SshError::WrongPassphrase);
        QCOMPARE(answers.secretPrompts.size(), 3);
        QVERIFY(connection.errorString().contains(m_env->sshd.encryptedKeyPath()));
    }

    void encryptedKeyWithoutPrompter()
    {
        SshMachineConfig c = m_env->config();
        c.identityFile = m_env->sshd.encryptedKeyPath();
        SshConnection connection(c); // nobody listens to secretPrompt: refused at once
        QCOMPARE(connectAndWait(connection, 10000), Machine::State::Failed);
        QCOMPARE(connection.error(), SshError::WrongPassphrase);
    }

    void unreadableKey()
    {
        SshMachineConfig c = m_env->config();
        c.identityFile = m_env->clientDir.filePath(QStringLiteral("no-such-key"));
        SshConnection connection(c);
        QCOMPARE(connectAndWait(connection), Machine::State::Failed);
        QCOMPARE(connection.error(), SshError::KeyUnreadable);
        QVERIFY(connection.errorString().contains(QStringLiteral("no-such-key")));
    }

    void garbageKey()
    {
        const QString path = m_env->clientDir.filePath(QStringLiteral("garbage"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("-----BEGIN OPENSSH PRIVATE KEY-----\n$(rm -rf /)\n-----END OPENSSH PRIVATE KEY-----\n");
        file.close();
        SshMachineConfig c = m_env->config();
        c.identityFile = path;
        SshConnection connection(c);
        QCOMPARE(connectAndWait(connection), Machine::State::Failed);
        QCOMPARE(connection.error(), SshError::KeyUnreadable);
    }

    void unknownHostAcceptedByPolicy()
    {
        SshMachineConfig c = m_env->config();
        c.knownHostsPath
            = m_env->clientDir.filePath(QStringLiteral("fresh/sub/known_hosts")); // FILE_NOT_FOUND
        c.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::AcceptNew;
        SshConnection connection(c);
        QCOMPARE(connectAndWait(connection), Machine::State::Connected);
        const QByteArray written = readAll(c.knownHostsPath);
        QVERIFY2(
            written.contains(m_env->sshd.knownHostsLine().split(' ').at(2).trimmed()), written.constData());
        // Made here, so only this user reads whom they trust: the folder 0700, the file 0600.
        QCOMPARE(QFileInfo(QFileInfo(c.knownHostsPath).absolutePath()).permissions()
                & (QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
                    | QFileDevice::ExeOther),
            QFileDevice::Permissions());
        QCOMPARE(QFileInfo(c.knownHostsPath).permissions()
                & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther
                    | QFileDevice::WriteOther),
            QFileDevice::Permissions());
        // Known now: a strict connection works.
        c.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::Strict;
        SshConnection again(c);
        QCOMPARE(connectAndWait(again), Machine::State::Connected);
    }

    void unknownHostAcceptedByPrompt()
    {
        SshMachineConfig c = m_env->config();
        c.knownHostsPath = m_env->clientDir.filePath(QStringLiteral("prompt_accept"));
        QFile(c.knownHostsPath).open(QIODevice::WriteOnly); // exists, empty: UNKNOWN
        c.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::Prompt;
        SshConnection connection(c);
        PromptAnswers answers;
        answers.acceptHostKey = true;
        answers.attach(&connection, this);
        QCOMPARE(connectAndWait(connection), Machine::State::Connected);
        QCOMPARE(answers.hostKeyPrompts.size(), 1);
        const SshHostKeyPrompt p = answers.hostKeyPrompts.first();
        QCOMPARE(p.reason, SshHostKeyPrompt::Reason::Unknown);
        QCOMPARE(p.keyType, QStringLiteral("ssh-ed25519"));
        QCOMPARE(p.fingerprint, m_env->sshd.hostKeyFingerprint());
        QCOMPARE(p.port, m_env->sshd.port());
        QVERIFY(!readAll(c.knownHostsPath).isEmpty());
    }

    void unknownHostRejectedByPrompt()
    {
        SshMachineConfig c = m_env->config();
        c.knownHostsPath = m_env->clientDir.filePath(QStringLiteral("missing_known_hosts"));
        c.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::Prompt;
        SshConnection connection(c);
        PromptAnswers answers;
        answers.attach(&connection, this);
        QCOMPARE(connectAndWait(connection), Machine::State::Failed);
        QCOMPARE(connection.error(), SshError::HostKeyUnknown);
        QCOMPARE(answers.hostKeyPrompts.size(), 1);
        QCOMPARE(answers.hostKeyPrompts.first().reason, SshHostKeyPrompt::Reason::NoKnownHostsFile);
        QVERIFY(!QFile::exists(c.knownHostsPath));
    }

    void unknownHostRefusedWhenStrict()
    {
        SshMachineConfig c = m_env->config();
        c.knownHostsPath = m_env->clientDir.filePath(QStringLiteral("strict_known_hosts"));
        QFile(c.knownHostsPath).open(QIODevice::WriteOnly);
        SshConnection connection(c);
        PromptAnswers answers;
        answers.acceptHostKey = true; // never asked
        answers.attach(&connection, this);
        QCOMPARE(connectAndWait(connection), Machine::State::Failed);
        QCOMPARE(connection.error(), SshError::HostKeyUnknown);
        QVERIFY(answers.hostKeyPrompts.isEmpty());
        QVERIFY(readAll(c.knownHostsPath).isEmpty());
    }

    void hostKeyPromptNeverBlocksCaller()
    {
        SshMachineConfig c = m_env->config();
        c.knownHostsPath = m_env->clientDir.filePath(QStringLiteral("slow_answer"));
        c.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::Prompt;
        SshConnection connection(c);
        QList<SshHostKeyPrompt> prompts;
        connect(&connection, &SshConnection::hostKeyPrompt, this,
            [&prompts](const SshHostKeyPrompt &p) { prompts << p; });
        connection.connectToHost();
        QVERIFY(waitUntil([&] { return !prompts.isEmpty(); }));
        // The event loop keeps running while the connection waits for the user.
        QTest::qWait(400);
        QCOMPARE(connection.state(), Machine::State::Connecting);
        connection.answerHostKey(prompts.first().id, true);
        QVERIFY(waitUntil([&] { return connection.state() == Machine::State::Connected; }));
    }

    void changedAndOtherHostKeys()
    {
        // A server of its own: its host key is swapped.
        SshTestEnvironment env;
        PROTO_REQUIRE_PEER(env.start(), env.sshd.errorString());
        const QByteArray before = readAll(env.knownHostsPath());
        QVERIFY(env.sshd.swapHostKey(QStringLiteral("ed25519")));
        for (auto policy :
            { SshMachineConfig::HostKeyPolicy::Prompt, SshMachineConfig::HostKeyPolicy::AcceptNew }) {
            SshMachineConfig c = env.config();
            c.hostKeyPolicy = policy;
            SshConnection connection(c);
            PromptAnswers answers;
            answers.acceptHostKey = true; // must not even be asked
            answers.attach(&connection, this);
            QCOMPARE(connectAndWait(connection), Machine::State::Failed);
            QCOMPARE(connection.error(), SshError::HostKeyChanged);
            QVERIFY(connection.errorString().contains(QStringLiteral("CHANGED")));
            QVERIFY(connection.errorString().contains(env.sshd.hostKeyFingerprint()));
            QVERIFY(answers.hostKeyPrompts.isEmpty());
            QCOMPARE(readAll(env.knownHostsPath()), before); // never replaced
        }

        // Now an ECDSA key while only the ed25519 one is known: OTHER.
        QVERIFY(env.sshd.swapHostKey(QStringLiteral("ecdsa")));
        {
            SshMachineConfig c = env.config();
            c.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::AcceptNew; // not enough for OTHER
            SshConnection connection(c);
            QCOMPARE(connectAndWait(connection), Machine::State::Failed);
            QCOMPARE(connection.error(), SshError::HostKeyOther);
            QCOMPARE(readAll(env.knownHostsPath()), before);
        }
        {
            SshMachineConfig c = env.config();
            c.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::Prompt;
            SshConnection connection(c);
            PromptAnswers answers;
            answers.attach(&connection, this);
            QCOMPARE(connectAndWait(connection), Machine::State::Failed);
            QCOMPARE(connection.error(), SshError::HostKeyOther);
            QCOMPARE(answers.hostKeyPrompts.size(), 1);
            QCOMPARE(answers.hostKeyPrompts.first().reason, SshHostKeyPrompt::Reason::OtherTypeKnown);
            QCOMPARE(answers.hostKeyPrompts.first().keyType, QStringLiteral("ecdsa-sha2-nistp256"));
        }
        {
            SshMachineConfig c = env.config();
            c.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::Prompt;
            SshConnection connection(c);
            PromptAnswers answers;
            answers.acceptHostKey = true; // the user explicitly trusts the new type
            answers.attach(&connection, this);
            QCOMPARE(connectAndWait(connection), Machine::State::Connected);
            QVERIFY(readAll(env.knownHostsPath()).startsWith(before));
            QVERIFY(readAll(env.knownHostsPath()).contains("ecdsa-sha2-nistp256"));
        }
    }

    void connectionRefused()
    {
        SshMachineConfig c = m_env->config();
        c.port = freeTcpPort();
        SshConnection connection(c);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(connectAndWait(connection), Machine::State::Failed);
        QCOMPARE(connection.error(), SshError::ConnectionRefused);
        QVERIFY(timer.elapsed() < 5000);
        QVERIFY(connection.errorString().contains(QString::number(c.port)));
    }

    void operationsFailWhenTheHostCannotBeReached()
    {
        SshMachineConfig c = m_env->config();
        c.port = freeTcpPort();
        SshMachine machine(c);
        std::unique_ptr<CommandJob> job(
            machine.run(CommandSpec { QStringLiteral("true"), {}, {}, 0, {}, false }));
        QVERIFY(waitForJob(job.get()));
        QCOMPARE(job->error(), MachineJob::Error::Failed);
        QVERIFY(job->errorString().contains(QStringLiteral("refused")));
        QCOMPARE(machine.state(), Machine::State::Failed);
    }

    void silentServerTimesOut()
    {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        SshMachineConfig c = m_env->config();
        c.port = silent.serverPort();
        c.connectTimeoutMs = 1500;
        SshConnection connection(c);
        QCOMPARE(connectAndWait(connection), Machine::State::Failed);
        QCOMPARE(connection.error(), SshError::Timeout);
    }

    void shutdownDuringHandshakeIsPrompt()
    {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        SshMachineConfig c = m_env->config();
        c.port = silent.serverPort();
        c.connectTimeoutMs = 20000;
        auto connection = std::make_unique<SshConnection>(c);
        connection->connectToHost();
        QTest::qWait(400);
        QElapsedTimer timer;
        timer.start();
        connection.reset();
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    }

    void notAnSshServer()
    {
        QTcpServer http;
        QVERIFY(http.listen(QHostAddress::LocalHost, 0));
        connect(&http, &QTcpServer::newConnection, this, [&http] {
            QTcpSocket *s = http.nextPendingConnection();
            s->write("HTTP/1.1 400 Bad Request\r\n\r\n");
            s->disconnectFromHost();
        });
        SshMachineConfig c = m_env->config();
        c.port = http.serverPort();
        SshConnection connection(c);
        QCOMPARE(connectAndWait(connection), Machine::State::Failed);
        QCOMPARE(connection.error(), SshError::HandshakeFailed);
    }

    void connectErrnoClassification()
    {
        QCOMPARE(SshLogin::classifyConnectErrno(ECONNREFUSED), SshError::ConnectionRefused);
        QCOMPARE(SshLogin::classifyConnectErrno(ETIMEDOUT), SshError::Timeout);
        QCOMPARE(SshLogin::classifyConnectErrno(EHOSTUNREACH), SshError::HostUnreachable);
        QCOMPARE(SshLogin::classifyConnectErrno(ENETUNREACH), SshError::HostUnreachable);
    }

    void invalidConfigs_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("jump");
        QTest::newRow("empty host") << QString() << QString();
        QTest::newRow("option injection") << QStringLiteral("-oProxyCommand=id") << QString();
        QTest::newRow("space") << QStringLiteral("a b") << QString();
        QTest::newRow("jump host injection")
            << QStringLiteral("127.0.0.1") << QStringLiteral("-oProxyCommand=id");
        QTest::newRow("jump host bad port") << QStringLiteral("127.0.0.1") << QStringLiteral("bastion:0");
    }
    void invalidConfigs()
    {
        QFETCH(QString, host);
        QFETCH(QString, jump);
        SshMachineConfig c = m_env->config();
        c.host = host;
        c.proxyJump = jump;
        QVERIFY(!c.validate().isEmpty());
        if (!jump.isEmpty())
            QVERIFY(c.validate().contains(QStringLiteral("jump host")));
        SshConnection connection(c);
        QCOMPARE(connectAndWait(connection), Machine::State::Failed);
        QCOMPARE(connection.error(), SshError::InvalidConfig);
    }

    void encryptedKeyDetection()
    {
        QVERIFY(SshLogin::privateKeyIsEncrypted(readAll(m_env->sshd.encryptedKeyPath())));
        QVERIFY(!SshLogin::privateKeyIsEncrypted(readAll(m_env->sshd.clientKeyPath())));
        QVERIFY(SshLogin::privateKeyIsEncrypted("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"));
        QVERIFY(!SshLogin::privateKeyIsEncrypted("garbage"));
        QVERIFY(!SshLogin::privateKeyIsEncrypted(
            "-----BEGIN OPENSSH PRIVATE KEY-----\n////\n-----END OPENSSH PRIVATE KEY-----\n"));
    }
};

QTEST_GUILESS_MAIN(TestSshAuth)
#include "tst_sshauth.moc"
