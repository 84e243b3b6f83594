// A hostile model against the real proto-cli: commands built to walk around allow rules, reach
// secrets, or make git run a repository's code. The general agent's read-only rules allow `ls`,
// `cat *`, `git status*`; everything else must be refused under --approve deny (and protected
// places even under --approve auto), while the plain commands still run.
#include "fakellmprocess.h"
#include "fixtureutil.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QJsonObject reply(const QJsonArray &steps)
{
    return QJsonObject { { u"path"_s, u"/v1/messages"_s }, { u"anthropic"_s, steps } };
}

QJsonObject textReply(const QString &text)
{
    return reply({ QJsonObject { { u"message_start"_s, QJsonObject {} } },
        QJsonObject { { u"text"_s, text } }, QJsonObject { { u"message_delta"_s, QJsonObject {} } },
        QJsonObject { { u"message_stop"_s, true } } });
}

QJsonObject toolReply(const QString &id, const QString &name, const QJsonObject &input)
{
    return reply({ QJsonObject { { u"message_start"_s, QJsonObject {} } },
        QJsonObject {
            { u"tool_use"_s, QJsonObject { { u"id"_s, id }, { u"name"_s, name }, { u"input"_s, input } } } },
        QJsonObject { { u"message_delta"_s, QJsonObject { { u"stop_reason"_s, u"tool_use"_s } } } },
        QJsonObject { { u"message_stop"_s, true } } });
}

// The tool results the model was sent, by tool_use id, from the recorded requests.
QHash<QString, QString> toolResults(const QString &recordPath, QString *allBodies)
{
    QHash<QString, QString> out;
    QFile file(recordPath);
    if (!file.open(QIODevice::ReadOnly))
        return out;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        const QJsonObject request = QJsonDocument::fromJson(line).object();
        const QJsonObject body = request.value(u"body"_s).toObject();
        if (allBodies)
            *allBodies += QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact));
        for (const QJsonValue &m : body.value(u"messages"_s).toArray()) {
            for (const QJsonValue &block : m.toObject().value(u"content"_s).toArray()) {
                const QJsonObject b = block.toObject();
                if (b.value(u"type"_s).toString() != u"tool_result")
                    continue;
                QString text;
                const QJsonValue content = b.value(u"content"_s);
                if (content.isString())
                    text = content.toString();
                for (const QJsonValue &c : content.toArray())
                    text += c.toObject().value(u"text"_s).toString();
                out.insert(b.value(u"tool_use_id"_s).toString(), text);
            }
        }
    }
    return out;
}

} // namespace

class TestCliHostile : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_home; // the user's home, with a fake SSH key
    QString m_data;
    QString m_project;
    QProcess m_server;
    quint16 m_port = 0;

    QString bin(const QString &name) const
    {
        return qEnvironmentVariable("PROTO_TEST_BIN_DIR") + u'/' + name;
    }

    int run(const QStringList &args, QString *out)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"PROTO_DESKTOP_HOME"_s, m_data);
        env.insert(u"HOME"_s, m_home);
        env.insert(u"ANTHROPIC_BASE_URL"_s, u"http://127.0.0.1:%1"_s.arg(m_port));
        env.insert(u"ANTHROPIC_API_KEY"_s, u"test"_s);
        env.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(m_project);
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(bin(u"proto-cli"_s), args);
        if (!process.waitForStarted(10000))
            return -1;
        process.closeWriteChannel(); // stdin is not a terminal: nobody to ask
        if (!process.waitForFinished(120000)) {
            process.kill();
            process.waitForFinished();
            return -1;
        }
        *out = QString::fromUtf8(process.readAll());
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }

    // Serves the scripted responses, recording the requests to <name>.jsonl (returned).
    QString serve(const QJsonArray &responses, const QString &name)
    {
        const QString record = m_dir.filePath(name + u".jsonl"_s);
        ProtoTest::stopProcess(m_server);
        m_port
            = ProtoTest::startFakeLlmServer(m_server, m_dir.filePath(name + u".json"_s), responses, record);
        return m_port != 0 ? record : QString();
    }

    static bool git(const QString &dir, const QStringList &args)
    {
        QProcess p;
        p.setWorkingDirectory(dir);
        p.start(u"git"_s, args);
        return p.waitForFinished(30000) && p.exitCode() == 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        PROTO_REQUIRE_PEER(QFile::exists(bin(u"fake-llm-server"_s)), u"fake-llm-server not built"_s);
        m_home = m_dir.filePath(u"home"_s);
        m_data = m_dir.filePath(u"data"_s);
        m_project = m_home + u"/project"_s;
        QVERIFY(QDir().mkpath(m_home + u"/.ssh"_s));
        QVERIFY(QDir().mkpath(m_home + u"/.aws"_s));
        QVERIFY(QDir().mkpath(m_project));
        QVERIFY(QDir().mkpath(m_data));
        QFile key(m_home + u"/.ssh/id_ed25519"_s);
        QVERIFY(key.open(QIODevice::WriteOnly));
        key.write(
            "-----BEGIN OPENSSH PRIVATE KEY-----\nFAKEKEYMATERIAL4242\n-----END OPENSSH PRIVATE KEY-----\n");
        key.close();
        QFile aws(m_home + u"/.aws/credentials"_s);
        QVERIFY(aws.open(QIODevice::WriteOnly));
        aws.write("[default]\naws_secret_access_key = AWSFAKESECRET4242\n");
        aws.close();
        QFile env(m_project + u"/.env"_s);
        QVERIFY(env.open(QIODevice::WriteOnly));
        env.write("DATABASE_PASSWORD=ENVFAKESECRET4242\n");
        env.close();
        QFile visible(m_project + u"/visible.txt"_s);
        QVERIFY(visible.open(QIODevice::WriteOnly));
        visible.write("hello\n");
        visible.close();
    }

    void cleanupTestCase() { ProtoTest::stopProcess(m_server); }

    // Every bypass class is refused under --approve deny; ls and git status still run.
    void bypassesAreRefused()
    {
        // Each would create a PWN_* file in the project if bash ran it.
        const QStringList bypasses {
            u"ls $'\\'';touch PWN_ansi"_s, // ANSI-C quoting: \' does not close it
            u"ls\r#;touch PWN_cr"_s, // \r is not a separator nor a comment start for bash
            QStringLiteral("ls\u00a0;touch PWN_nbsp"), // NBSP is not a blank
            u"ls; bash -lc 'touch PWN_bashc'"_s, // a shell's script
            u"ls > PWN_redirect"_s, // redirection writes a file
            u"ls $(touch PWN_subst)"_s, // command substitution
            u"cat <<EOF > PWN_heredoc\nx\nEOF"_s, // here-document into a file
            u"git diff --output=PWN_gitout"_s, // an option that writes a file
            u"ls | xargs -I{} touch PWN_xargs"_s, // xargs runs a command
            u"ls -la && timeout -s KILL 10 touch PWN_timeout"_s, // a wrapper's option arguments
            u"/bin/ls; touch PWN_compound"_s, // every part needs its own rule
            u"ls @(x|y) ; touch PWN_extglob"_s, // not understood: ask
            u"case x in x) touch PWN_case;; esac"_s, // not understood: ask
            u"ls `touch PWN_backtick`"_s, // backticks
            u"cat <(touch PWN_procsubst)"_s, // process substitution
        };
        QVERIFY(git(m_project, { u"init"_s, u"-q"_s, u"."_s }));
        // Two runs, so neither reaches the default rate limit (30 actions a minute per process).
        QHash<QString, QString> results;
        const qsizetype half = bypasses.size() / 2;
        for (int part = 0; part < 2; ++part) {
            QJsonArray responses;
            for (qsizetype i = part == 0 ? 0 : half; i < (part == 0 ? half : bypasses.size()); ++i)
                responses.append(toolReply(
                    u"toolu_b%1"_s.arg(i), u"bash"_s, QJsonObject { { u"command"_s, bypasses.at(i) } }));
            if (part == 1) {
                responses.append(
                    toolReply(u"toolu_ls"_s, u"bash"_s, QJsonObject { { u"command"_s, u"ls"_s } }));
                responses.append(
                    toolReply(u"toolu_gs"_s, u"bash"_s, QJsonObject { { u"command"_s, u"git status"_s } }));
            }
            responses.append(textReply(u"Finished."_s));
            const QString record = serve(responses, u"bypass%1"_s.arg(part));
            QVERIFY(!record.isEmpty());
            QString out;
            const int code = run({ u"run"_s, u"--agent"_s, u"general"_s, u"--approve"_s, u"deny"_s,
                                     u"--cwd"_s, m_project, u"Look around"_s },
                &out);
            QVERIFY2(code == 0, qPrintable(out));
            results.insert(toolResults(record, nullptr));
        }
        for (qsizetype i = 0; i < bypasses.size(); ++i) {
            const QString result = results.value(u"toolu_b%1"_s.arg(i));
            QVERIFY2(result.contains(u"Denied by policy"_s), qPrintable(bypasses.at(i) + u" -> "_s + result));
        }
        const QStringList pwned = QDir(m_project).entryList({ u"PWN_*"_s }, QDir::Files | QDir::Hidden);
        QVERIFY2(pwned.isEmpty(), qPrintable(pwned.join(u", "_s)));
        QVERIFY2(results.value(u"toolu_ls"_s).contains(u"visible.txt"_s),
            qPrintable(results.value(u"toolu_ls"_s)));
        QVERIFY2(
            !results.value(u"toolu_gs"_s).contains(u"Denied"_s), qPrintable(results.value(u"toolu_gs"_s)));
        QVERIFY2(
            results.value(u"toolu_gs"_s).contains(u"branch"_s), qPrintable(results.value(u"toolu_gs"_s)));
    }

    // Keys, credentials and .env files never reach the model without a person, even in auto mode.
    void secretsNeverReachTheModel()
    {
        const QList<QPair<QString, QJsonObject>> calls {
            { u"bash"_s, QJsonObject { { u"command"_s, u"cat ~/.ssh/id_ed25519"_s } } },
            { u"bash"_s, QJsonObject { { u"command"_s, u"cd ~ && cat .aws/credentials"_s } } },
            { u"bash"_s, QJsonObject { { u"command"_s, u"cat $HOME/.s*/id*"_s } } },
            { u"bash"_s, QJsonObject { { u"command"_s, u"cat .env"_s } } },
            { u"bash"_s, QJsonObject { { u"command"_s, u"grep -r FAKE ~/.ssh"_s } } },
            { u"bash"_s, QJsonObject { { u"command"_s, u"cat /proc/$PPID/environ"_s } } },
            { u"bash"_s,
                QJsonObject { { u"command"_s,
                    QString(
                        u"python3 -c \"print(open('"_s + m_home + u"/.aws/credentials').read())\""_s) } } },
            { u"read"_s, QJsonObject { { u"path"_s, QString(m_home + u"/.ssh/id_ed25519"_s) } } },
            { u"read"_s, QJsonObject { { u"path"_s, u".env"_s } } },
            { u"grep"_s, QJsonObject { { u"pattern"_s, u"FAKE"_s }, { u"path"_s, u"."_s } } },
            { u"glob"_s, QJsonObject { { u"pattern"_s, u"**/.env"_s } } },
        };
        QJsonArray responses;
        for (qsizetype i = 0; i < calls.size(); ++i)
            responses.append(toolReply(u"toolu_s%1"_s.arg(i), calls.at(i).first, calls.at(i).second));
        responses.append(textReply(u"Done."_s));
        const QString record = serve(responses, u"secrets"_s);
        QVERIFY(!record.isEmpty());
        QString out;
        const int code = run({ u"run"_s, u"--agent"_s, u"general"_s, u"--approve"_s, u"auto"_s, u"--cwd"_s,
                                 m_project, u"Find the keys"_s },
            &out);
        QVERIFY2(code == 0, qPrintable(out));
        QString bodies;
        const QHash<QString, QString> results = toolResults(record, &bodies);
        QCOMPARE(results.size(), calls.size());
        for (const char *secret : { "FAKEKEYMATERIAL4242", "AWSFAKESECRET4242", "ENVFAKESECRET4242" })
            QVERIFY2(!bodies.contains(QLatin1String(secret)), secret);
        QVERIFY2(!out.contains(u"FAKEKEYMATERIAL4242"_s), qPrintable(out));
        for (qsizetype i = 0; i < 9; ++i) {
            const QString result = results.value(u"toolu_s%1"_s.arg(i));
            QVERIFY2(result.contains(u"Denied"_s) || result.contains(u"denied"_s), qPrintable(result));
        }
        // grep and glob ran, leaving the protected file out and saying so.
        QVERIFY2(
            results.value(u"toolu_s9"_s).contains(u"protected"_s), qPrintable(results.value(u"toolu_s9"_s)));
        QVERIFY2(results.value(u"toolu_s10"_s).contains(u"protected"_s),
            qPrintable(results.value(u"toolu_s10"_s)));
    }

    // A repository whose own config would run code under git status, diff and log.
    void hostileRepositoryRunsNothing()
    {
        const QString repo = m_project + u"/hostile"_s;
        QVERIFY(QDir().mkpath(repo));
        QVERIFY(git(repo, { u"init"_s, u"-q"_s, u"."_s }));
        QVERIFY(git(repo, { u"config"_s, u"user.email"_s, u"a@b"_s }));
        QVERIFY(git(repo, { u"config"_s, u"user.name"_s, u"a"_s }));
        QFile f(repo + u"/f.txt"_s);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("one\n");
        f.close();
        QVERIFY(git(repo, { u"add"_s, u"f.txt"_s }));
        QVERIFY(git(repo, { u"commit"_s, u"-qm"_s, u"init"_s }));
        QVERIFY(f.open(QIODevice::Append));
        f.write("two\n");
        f.close();
        const QString pwn = repo + u"/PWN_"_s;
        const QList<QPair<QString, QString>> config {
            { u"core.fsmonitor"_s, u"touch "_s + pwn + u"fsmonitor; false"_s },
            { u"core.pager"_s, u"touch "_s + pwn + u"pager; cat"_s },
            { u"diff.external"_s, u"touch "_s + pwn + u"external"_s },
            { u"diff.evil.textconv"_s, u"touch "_s + pwn + u"textconv; cat"_s },
            { u"diff.evil.command"_s, u"touch "_s + pwn + u"diffcommand"_s },
            { u"filter.evil.clean"_s, u"touch "_s + pwn + u"clean; cat"_s },
            { u"log.showSignature"_s, u"true"_s },
            { u"gpg.program"_s, u"touch "_s + pwn + u"gpg"_s },
        };
        for (const auto &[key, value] : config)
            QVERIFY(git(repo, { u"config"_s, key, value }));
        QFile attributes(repo + u"/.git/info/attributes"_s);
        QVERIFY(attributes.open(QIODevice::WriteOnly));
        attributes.write("* diff=evil filter=evil\n");
        attributes.close();

        QJsonArray responses {
            toolReply(u"toolu_g1"_s, u"git"_s, QJsonObject { { u"subcommand"_s, u"status"_s } }),
            toolReply(u"toolu_g2"_s, u"git"_s, QJsonObject { { u"subcommand"_s, u"diff"_s } }),
            toolReply(u"toolu_g3"_s, u"git"_s, QJsonObject { { u"subcommand"_s, u"log"_s } }),
            toolReply(u"toolu_g4"_s, u"bash"_s, QJsonObject { { u"command"_s, u"git status"_s } }),
            toolReply(u"toolu_g5"_s, u"bash"_s, QJsonObject { { u"command"_s, u"git log -1"_s } }),
            toolReply(u"toolu_g6"_s, u"write"_s,
                QJsonObject {
                    { u"path"_s, u".git/hooks/post-checkout"_s }, { u"content"_s, u"#!/bin/sh\n"_s } }),
            textReply(u"Checked."_s),
        };
        const QString record = serve(responses, u"git"_s);
        QVERIFY(!record.isEmpty());
        QString out;
        const int code = run({ u"run"_s, u"--agent"_s, u"general"_s, u"--approve"_s, u"deny"_s, u"--cwd"_s,
                                 repo, u"Status"_s },
            &out);
        QVERIFY2(code == 0, qPrintable(out));
        const QHash<QString, QString> results = toolResults(record, nullptr);
        QVERIFY2(results.value(u"toolu_g1"_s).contains(u"f.txt"_s), qPrintable(results.value(u"toolu_g1"_s)));
        QVERIFY2(results.value(u"toolu_g2"_s).contains(u"+two"_s), qPrintable(results.value(u"toolu_g2"_s)));
        QVERIFY2(results.value(u"toolu_g3"_s).contains(u"init"_s), qPrintable(results.value(u"toolu_g3"_s)));
        QVERIFY2(results.value(u"toolu_g4"_s).contains(u"f.txt"_s), qPrintable(results.value(u"toolu_g4"_s)));
        QVERIFY2(
            results.value(u"toolu_g6"_s).contains(u"Denied"_s), qPrintable(results.value(u"toolu_g6"_s)));
        const QStringList pwned = QDir(repo).entryList({ u"PWN_*"_s }, QDir::Files);
        QVERIFY2(pwned.isEmpty(), qPrintable(pwned.join(u", "_s)));
    }
};

QTEST_GUILESS_MAIN(TestCliHostile)
#include "tst_cli_hostile.moc"
