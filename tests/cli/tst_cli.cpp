// Runs the real proto-cli binary against the standalone fake-llm-server on 127.0.0.1.
#include "fakellmprocess.h"
#include "fixtureutil.h"
#include "store.h"

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

QJsonObject textReply(const QString &text, const QString &stop = u"end_turn"_s)
{
    return QJsonObject { { u"path"_s, u"/v1/messages"_s },
        { u"anthropic"_s,
            QJsonArray { QJsonObject { { u"message_start"_s, QJsonObject {} } },
                QJsonObject { { u"text"_s, text }, { u"deltas"_s, 2 } },
                QJsonObject { { u"message_delta"_s, QJsonObject { { u"stop_reason"_s, stop } } } },
                QJsonObject { { u"message_stop"_s, true } } } } };
}

QJsonObject toolReply(const QString &id, const QString &name, const QJsonObject &input)
{
    return QJsonObject { { u"path"_s, u"/v1/messages"_s },
        { u"anthropic"_s,
            QJsonArray {
                QJsonObject { { u"message_start"_s,
                    QJsonObject { { u"usage"_s,
                        QJsonObject { { u"input_tokens"_s, 2000 }, { u"output_tokens"_s, 1 } } } } } },
                QJsonObject { { u"tool_use"_s,
                    QJsonObject { { u"id"_s, id }, { u"name"_s, name }, { u"input"_s, input } } } },
                QJsonObject { { u"message_delta"_s, QJsonObject { { u"stop_reason"_s, u"tool_use"_s } } } },
                QJsonObject { { u"message_stop"_s, true } } } } };
}

QString readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : u"<missing>"_s;
}

struct Result
{
    int code = -1;
    QString out;
    QString err;
};

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_home;
    QString m_project;
    QProcess m_server;
    quint16 m_port = 0;

    QString bin(const QString &name) const
    {
        return qEnvironmentVariable("PROTO_TEST_BIN_DIR") + u'/' + name;
    }

    bool startServer(const QJsonArray &responses, const QString &record = {})
    {
        ProtoTest::stopProcess(m_server);
        const QString script = m_dir.filePath(u"script-%1.json"_s.arg(QDateTime::currentMSecsSinceEpoch()));
        m_port = ProtoTest::startFakeLlmServer(m_server, script, responses, record);
        return m_port != 0;
    }

    Result cli(const QStringList &args, bool withKey = true, const QString &baseUrl = {})
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"PROTO_DESKTOP_HOME"_s, m_home);
        env.insert(
            u"ANTHROPIC_BASE_URL"_s, baseUrl.isEmpty() ? u"http://127.0.0.1:%1"_s.arg(m_port) : baseUrl);
        if (withKey)
            env.insert(u"ANTHROPIC_API_KEY"_s, u"test"_s);
        else
            env.remove(u"ANTHROPIC_API_KEY"_s);
        env.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(m_project);
        process.start(bin(u"proto-cli"_s), args);
        Result result;
        if (!process.waitForStarted(10000))
            return result;
        process.closeWriteChannel(); // stdin is not a terminal
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            return result;
        }
        result.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = QString::fromUtf8(process.readAllStandardOutput());
        result.err = QString::fromUtf8(process.readAllStandardError());
        return result;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        PROTO_REQUIRE_PEER(QFile::exists(bin(u"fake-llm-server"_s)), u"fake-llm-server not built"_s);
        QVERIFY2(QFile::exists(bin(u"proto-cli"_s)), "proto-cli not built");
        m_home = m_dir.filePath(u"home"_s);
        m_project = m_dir.filePath(u"project"_s);
        QVERIFY(QDir().mkpath(m_home));
        QVERIFY(QDir().mkpath(m_project));
    }

    void cleanupTestCase() { ProtoTest::stopProcess(m_server); }

    void multiStepToolConversation()
    {
        QVERIFY(startServer({
            toolReply(u"toolu_w"_s, u"write"_s,
                QJsonObject {
                    { u"path"_s, u"app.conf"_s }, { u"content"_s, u"version=1\nname=\"demo\"\n"_s } }),
            toolReply(u"toolu_b"_s, u"bash"_s,
                QJsonObject { { u"command"_s, u"cp app.conf backup.conf && echo copied-$((6*7))"_s } }),
            toolReply(u"toolu_e"_s, u"edit"_s,
                QJsonObject { { u"path"_s, u"app.conf"_s }, { u"old_str"_s, u"version=1"_s },
                    { u"new_str"_s, u"version=2"_s } }),
            textReply(u"Done: app.conf is at version 2."_s),
        }));
        const Result r
            = cli({ u"run"_s, u"--cwd"_s, m_project, u"--approve"_s, u"auto"_s, u"Set up app.conf"_s });
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QCOMPARE(readAll(m_project + u"/app.conf"_s), u"version=2\nname=\"demo\"\n"_s);
        QCOMPARE(readAll(m_project + u"/backup.conf"_s), u"version=1\nname=\"demo\"\n"_s);
        QVERIFY2(r.out.contains(u"Done: app.conf is at version 2."_s), qPrintable(r.out));
        QVERIFY2(r.out.contains(u"[bash]"_s) && r.out.contains(u"[write]"_s) && r.out.contains(u"[edit]"_s),
            qPrintable(r.out));
        QVERIFY(r.out.contains(u"copied-42"_s) || r.out.contains(u"-> done"_s));
        QVERIFY2(r.err.contains(u"session "_s), qPrintable(r.err));

        // The session is listed, the audit log holds the three tool calls and verifies.
        const Result sessions = cli({ u"sessions"_s, u"--json"_s });
        QCOMPARE(sessions.code, 0);
        const QJsonObject first
            = QJsonDocument::fromJson(sessions.out.split(u'\n').first().toUtf8()).object();
        QCOMPARE(first.value(u"title"_s).toString(), u"Set up app.conf"_s);
        QCOMPARE(first.value(u"messages"_s).toInt(), 8);
        const Result audit = cli({ u"audit"_s, u"verify"_s });
        QVERIFY2(audit.code == 0, qPrintable(audit.err));
        QVERIFY2(audit.out.contains(u"6 entries"_s), qPrintable(audit.out)); // started + outcome per call

        // Resume the same session.
        QVERIFY(startServer({ textReply(u"Still version 2."_s) }));
        const QString id = first.value(u"id"_s).toString();
        const Result resumed
            = cli({ u"resume"_s, id.left(8), u"--approve"_s, u"deny"_s, u"--json"_s, u"Check again"_s });
        QVERIFY2(resumed.code == 0, qPrintable(resumed.err + resumed.out));
        QStringList types;
        const QStringList lines = resumed.out.split(u'\n', Qt::SkipEmptyParts);
        for (const QString &line : lines) {
            QJsonParseError error;
            const QJsonObject event = QJsonDocument::fromJson(line.toUtf8(), &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(line));
            types.append(event.value(u"type"_s).toString());
            if (types.last() == u"done"_s)
                QCOMPARE(event.value(u"session"_s).toString(), id);
        }
        QVERIFY2(types.contains(u"session"_s) && types.contains(u"text"_s) && types.last() == u"done"_s,
            qPrintable(types.join(u',')));
    }

    void terminalApprovals()
    {
        const QString scriptProgram = ProtoTest::findProgram(u"script"_s);
        PROTO_REQUIRE_PEER(!scriptProgram.isEmpty(), u"script (util-linux) gives proto-cli a terminal"_s);
        const QString record = m_dir.filePath(u"requests.jsonl"_s);
        QVERIFY(startServer(
            { toolReply(u"toolu_1"_s, u"bash"_s, QJsonObject { { u"command"_s, u"touch one.txt"_s } }),
                toolReply(u"toolu_2"_s, u"bash"_s, QJsonObject { { u"command"_s, u"touch two.txt"_s } }),
                textReply(u"One yes, two no."_s) },
            record));
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"PROTO_DESKTOP_HOME"_s, m_home);
        env.insert(u"ANTHROPIC_BASE_URL"_s, u"http://127.0.0.1:%1"_s.arg(m_port));
        env.insert(u"ANTHROPIC_API_KEY"_s, u"test"_s);
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(m_project);
        process.setProcessChannelMode(QProcess::MergedChannels);
        const QString command = u"'%1' run --approve ask 'touch two files'"_s.arg(bin(u"proto-cli"_s));
        process.start(scriptProgram, { u"-q"_s, u"-e"_s, u"-c"_s, command, u"/dev/null"_s });
        QVERIFY(process.waitForStarted(10000));
        // Typed ahead: once for the first call, a refusal with a reason for the second.
        process.write("o\nn: not two\n");
        QVERIFY(process.waitForFinished(60000));
        const QString out = QString::fromUtf8(process.readAll());
        QVERIFY2(process.exitCode() == 0, qPrintable(out));
        QVERIFY2(out.contains(u"allow [o]nce"_s), qPrintable(out));
        QVERIFY2(out.contains(u"One yes, two no."_s), qPrintable(out));
        QVERIFY(QFile::exists(m_project + u"/one.txt"_s));
        QVERIFY(!QFile::exists(m_project + u"/two.txt"_s));
        ProtoTest::stopProcess(m_server);
        const QStringList requests = readAll(record).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(requests.size(), 3);
        QVERIFY2(requests.at(2).contains(u"The user denied this tool call: not two"_s),
            qPrintable(requests.at(2).left(3000)));
    }

    // What proto-cli prints for an approval (and the reply) holds no raw terminal controls the
    // model wrote, shows them as escapes, and shows the diff an edit will make before asking.
    void approvalPromptIsSafe()
    {
        const QString scriptProgram = ProtoTest::findProgram(u"script"_s);
        PROTO_REQUIRE_PEER(!scriptProgram.isEmpty(), u"script (util-linux) gives proto-cli a terminal"_s);
        {
            QFile notes(m_project + u"/notes.txt"_s);
            QVERIFY(notes.open(QIODevice::WriteOnly | QIODevice::Truncate));
            notes.write("alpha\nbeta\n");
        }
        const QString hostile = u"printf ok\x1b]0;pwned\x07\x1b[2K\r\u202els -la\x9b"_s;
        QVERIFY(startServer({ toolReply(u"toolu_esc"_s, u"bash"_s, QJsonObject { { u"command"_s, hostile } }),
            toolReply(u"toolu_edit"_s, u"edit"_s,
                QJsonObject { { u"path"_s, u"notes.txt"_s }, { u"old_str"_s, u"beta"_s },
                    { u"new_str"_s, u"delta \x1b[31mred"_s } }),
            textReply(u"Refused both \x1b[5mblink\x1b[0m."_s) }));
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"PROTO_DESKTOP_HOME"_s, m_home);
        env.insert(u"ANTHROPIC_BASE_URL"_s, u"http://127.0.0.1:%1"_s.arg(m_port));
        env.insert(u"ANTHROPIC_API_KEY"_s, u"test"_s);
        env.insert(u"TERM"_s, u"dumb"_s);
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(m_project);
        process.setProcessChannelMode(QProcess::MergedChannels);
        const QString command = u"'%1' run --approve ask 'do it'"_s.arg(bin(u"proto-cli"_s));
        process.start(scriptProgram, { u"-q"_s, u"-e"_s, u"-c"_s, command, u"/dev/null"_s });
        QVERIFY(process.waitForStarted(10000));
        process.write("n: no\nn: no\n");
        QVERIFY(process.waitForFinished(60000));
        const QByteArray raw = process.readAll();
        const QString out = QString::fromUtf8(raw);
        QVERIFY2(process.exitCode() == 0, qPrintable(out));
        QVERIFY2(!raw.contains('\x1b'), qPrintable(QString::fromLatin1(raw.toPercentEncoding(" \n"))));
        QVERIFY2(!raw.contains('\r') || raw.count('\r') == raw.count("\r\n"), "a bare carriage return");
        QVERIFY(!out.contains(QChar(0x202e)) && !out.contains(QChar(0x9b)));
        // The command whole, its controls shown as escapes.
        QVERIFY2(
            out.contains(u"printf ok\\x1b]0;pwned\\x07\\x1b[2K\\r\\u202els -la\\u009b"_s), qPrintable(out));
        // The edit's diff, before the question.
        const qsizetype diffAt = out.indexOf(u"+delta \\x1b[31mred"_s);
        QVERIFY2(diffAt > 0, qPrintable(out));
        QVERIFY(out.contains(u"-beta"_s));
        QVERIFY(out.contains(u"Changes notes.txt (+1 -1)"_s));
        QVERIFY(out.indexOf(u"allow [o]nce"_s, diffAt) > diffAt);
        // The reply too.
        QVERIFY2(out.contains(u"Refused both \\x1b[5mblink\\x1b[0m."_s), qPrintable(out));
        QFile notes(m_project + u"/notes.txt"_s);
        QVERIFY(notes.open(QIODevice::ReadOnly));
        QCOMPARE(notes.readAll(), QByteArray("alpha\nbeta\n"));
    }

    void unreachableSshMachine()
    {
        {
            auto opened = Proto::Store::open(m_home + u"/proto.sqlite"_s);
            QVERIFY2(opened.store, qPrintable(opened.message));
            Proto::MachineRecord vm;
            vm.id = Proto::Store::newId();
            vm.name = u"build-vm"_s;
            vm.kind = u"ssh"_s;
            vm.host = u"127.0.0.1"_s;
            vm.port = 1;
            vm.user = u"nobody"_s;
            vm.created = QDateTime::currentDateTimeUtc();
            opened.store->saveMachine(vm);
            QVERIFY(opened.store->flush());
        }
        const Result r = cli({ u"run"_s, u"--approve"_s, u"auto"_s, u"--machine"_s, u"build-vm"_s, u"hi"_s });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"Cannot reach the machine \"build-vm\""_s), qPrintable(r.err));
        const Result listed = cli({ u"run"_s, u"--approve=auto"_s, u"--machine"_s, u"nope"_s, u"hi"_s });
        QVERIFY2(listed.err.contains(u"build-vm"_s), qPrintable(listed.err));
    }

    void noApiKey()
    {
        QVERIFY(startServer({ textReply(u"unused"_s) }));
        const Result r = cli({ u"run"_s, u"--approve"_s, u"auto"_s, u"hello"_s }, false);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"No Anthropic API key"_s), qPrintable(r.err));
        QVERIFY(r.err.contains(u"ANTHROPIC_API_KEY"_s));
    }

    void authError()
    {
        QVERIFY(startServer({ QJsonObject { { u"path"_s, u"/v1/messages"_s }, { u"status"_s, 401 },
            { u"error"_s,
                QJsonObject { { u"type"_s, u"authentication_error"_s },
                    { u"message"_s, u"invalid x-api-key"_s } } } } }));
        const Result r = cli({ u"run"_s, u"--approve"_s, u"auto"_s, u"hello"_s });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"401"_s) || r.err.contains(u"invalid x-api-key"_s), qPrintable(r.err));
        QCOMPARE(r.err.count(u"proto-cli: "_s) >= 1, true);
    }

    void retryIsReported()
    {
        // Overloaded once (retry after 200 ms), then the reply.
        QVERIFY(startServer({ QJsonObject { { u"path"_s, u"/v1/messages"_s }, { u"status"_s, 529 },
                                  { u"headers"_s, QJsonObject { { u"retry-after-ms"_s, u"200"_s } } },
                                  { u"error"_s,
                                      QJsonObject { { u"type"_s, u"overloaded_error"_s },
                                          { u"message"_s, u"Overloaded"_s } } } },
            textReply(u"Second time lucky."_s) }));
        const Result r = cli({ u"run"_s, u"--approve"_s, u"auto"_s, u"--json"_s, u"hello"_s });
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY2(
            r.err.contains(u"proto-cli: Overloaded — retrying in 0.2 s (attempt 2)"_s), qPrintable(r.err));
        QJsonObject retrying;
        QStringList types;
        const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
        for (const QString &line : lines) {
            const QJsonObject event = QJsonDocument::fromJson(line.toUtf8()).object();
            types.append(event.value(u"type"_s).toString());
            if (types.last() == u"retrying"_s)
                retrying = event;
        }
        QVERIFY2(!retrying.isEmpty(), qPrintable(r.out));
        QCOMPARE(retrying.value(u"attempt"_s).toInt(), 2);
        QCOMPARE(retrying.value(u"delay_ms"_s).toInt(), 200);
        QCOMPARE(retrying.value(u"reason"_s).toString(), u"Overloaded"_s);
        // Before the reply streams.
        QVERIFY2(
            types.indexOf(u"retrying"_s) < types.indexOf(u"message_start"_s), qPrintable(types.join(u',')));
        QVERIFY2(types.contains(u"text"_s) && types.last() == u"done"_s, qPrintable(types.join(u',')));

        // Text mode: the same line on stderr, the reply on stdout.
        QVERIFY(startServer(
            { QJsonObject { { u"path"_s, u"/v1/messages"_s }, { u"status"_s, 503 },
                  { u"headers"_s, QJsonObject { { u"retry-after-ms"_s, u"100"_s } } },
                  { u"error"_s,
                      QJsonObject { { u"type"_s, u"api_error"_s }, { u"message"_s, u"Internal"_s } } } },
                textReply(u"Back again."_s) }));
        const Result t = cli({ u"run"_s, u"--approve"_s, u"auto"_s, u"hello"_s });
        QVERIFY2(t.code == 0, qPrintable(t.err + t.out));
        QVERIFY2(t.err.contains(u"retrying in 0.1 s (attempt 2)"_s), qPrintable(t.err));
        QVERIFY2(t.out.contains(u"Back again."_s), qPrintable(t.out));
        QVERIFY(!t.out.contains(u"retrying"_s));
    }

    void attachments()
    {
        const QString record = m_dir.filePath(u"attach-requests.jsonl"_s);
        QVERIFY(startServer({ textReply(u"Two files seen."_s) }, record));
        const QString notes = m_dir.filePath(u"todo.txt"_s);
        const QString pdf = m_dir.filePath(u"spec.pdf"_s);
        {
            QFile n(notes);
            QVERIFY(n.open(QIODevice::WriteOnly));
            n.write("1. ship it\n");
            QFile p(pdf);
            QVERIFY(p.open(QIODevice::WriteOnly));
            p.write("%PDF-1.4\n%%EOF\n");
        }
        const Result r = cli({ u"run"_s, u"--approve"_s, u"auto"_s, u"--attach"_s, notes,
            u"--attach="_s + pdf, u"Summarise"_s });
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(u"Two files seen."_s), qPrintable(r.out));
        const QStringList lines = readAll(record).split(u'\n', Qt::SkipEmptyParts);
        QVERIFY(!lines.isEmpty());
        const QJsonObject request = QJsonDocument::fromJson(lines.last().toUtf8()).object();
        const QJsonObject body = request.value(u"body"_s).isObject()
            ? request.value(u"body"_s).toObject()
            : QJsonDocument::fromJson(request.value(u"body"_s).toString().toUtf8()).object();
        const QJsonArray content
            = body.value(u"messages"_s).toArray().last().toObject().value(u"content"_s).toArray();
        QCOMPARE(content.size(), 4); // the prompt, the text file, the PDF's marker and document
        QCOMPARE(content.at(0).toObject().value(u"text"_s).toString(), u"Summarise"_s);
        QVERIFY(content.at(1).toObject().value(u"text"_s).toString().contains(u"1. ship it"_s));
        QCOMPARE(content.at(3).toObject().value(u"type"_s).toString(), u"document"_s);
        QCOMPARE(content.at(3).toObject().value(u"title"_s).toString(), u"spec.pdf"_s);

        // A file that cannot be attached stops the run before anything is sent.
        const QString binary = m_dir.filePath(u"blob.bin"_s);
        {
            QFile b(binary);
            QVERIFY(b.open(QIODevice::WriteOnly));
            b.write(QByteArray("\0\1\2\3", 4));
        }
        const Result bad = cli({ u"run"_s, u"--approve"_s, u"auto"_s, u"--attach"_s, binary, u"hi"_s });
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains(u"blob.bin is a binary file"_s), qPrintable(bad.err));
        QCOMPARE(readAll(record).split(u'\n', Qt::SkipEmptyParts).size(), lines.size());
    }

    // --thinking and --effort reach the request as the model takes them, and stay with the
    // session for resume.
    void thinkingAndEffort()
    {
        const QString record = m_dir.filePath(u"thinking-requests.jsonl"_s);
        QVERIFY(startServer({ textReply(u"Thought."_s), textReply(u"Again."_s) }, record));
        const Result r = cli({ u"run"_s, u"--json"_s, u"--approve=auto"_s, u"--model"_s, u"claude-opus-4-8"_s,
            u"--thinking"_s, u"adaptive"_s, u"--effort=high"_s, u"Think"_s });
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        const QString sessionId
            = QJsonDocument::fromJson(r.out.section(u'\n', 0, 0).toUtf8()).object().value(u"id"_s).toString();
        QVERIFY2(!sessionId.isEmpty(), qPrintable(r.out));
        const Result again = cli({ u"resume"_s, sessionId, u"--approve=auto"_s, u"More"_s });
        QVERIFY2(again.code == 0, qPrintable(again.err + again.out));
        const QStringList lines = readAll(record).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        for (const QString &line : lines) {
            const QJsonObject request = QJsonDocument::fromJson(line.toUtf8()).object();
            const QJsonObject body = request.value(u"body"_s).toObject();
            QCOMPARE(body.value(u"model"_s).toString(), u"claude-opus-4-8"_s);
            QCOMPARE(body.value(u"thinking"_s).toObject().value(u"type"_s).toString(), u"adaptive"_s);
            QCOMPARE(body.value(u"output_config"_s).toObject().value(u"effort"_s).toString(), u"high"_s);
        }
    }

    void maxCostExceeded()
    {
        QVERIFY(startServer({ toolReply(u"toolu_x"_s, u"bash"_s,
                                  QJsonObject { { u"command"_s, u"touch should-not-exist"_s } }),
            textReply(u"never"_s) }));
        const Result r
            = cli({ u"run"_s, u"--approve"_s, u"auto"_s, u"--max-cost"_s, u"0.001"_s, u"spend"_s });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"Spend limit reached"_s), qPrintable(r.err));
        QVERIFY(!QFile::exists(m_project + u"/should-not-exist"_s));
    }

    void badUsage_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("ask without terminal")
            << QStringList { u"run"_s, u"hello"_s } << u"needs a terminal"_s;
        QTest::newRow("bad approve") << QStringList { u"run"_s, u"--approve"_s, u"yes"_s, u"hi"_s }
                                     << u"--approve takes"_s;
        QTest::newRow("bad cost") << QStringList { u"run"_s, u"--max-cost"_s, u"-1"_s, u"hi"_s }
                                  << u"--max-cost"_s;
        QTest::newRow("nan cost") << QStringList { u"run"_s, u"--max-cost=nan"_s, u"hi"_s }
                                  << u"--max-cost"_s;
        QTest::newRow("bad thinking")
            << QStringList { u"run"_s, u"--thinking"_s, u"lots"_s, u"hi"_s } << u"--thinking takes"_s;
        QTest::newRow("small budget")
            << QStringList { u"run"_s, u"--thinking=100"_s, u"hi"_s } << u"--thinking takes"_s;
        QTest::newRow("bad effort") << QStringList { u"run"_s, u"--effort"_s, u"extreme"_s, u"hi"_s }
                                    << u"--effort takes"_s;
        QTest::newRow("no prompt") << QStringList { u"run"_s, u"--approve"_s, u"auto"_s } << u"no prompt"_s;
        QTest::newRow("unknown option")
            << QStringList { u"run"_s, u"--frobnicate"_s, u"hi"_s } << u"unknown option"_s;
        QTest::newRow("unknown machine") << QStringList { u"run"_s, u"--approve=auto"_s, u"--machine"_s,
            u"nope"_s, u"hi"_s } << u"No machine named"_s;
        QTest::newRow("unknown agent") << QStringList { u"run"_s, u"--approve=auto"_s, u"--agent"_s,
            u"nope"_s, u"hi"_s } << u"No agent named"_s;
        QTest::newRow("unknown session")
            << QStringList { u"resume"_s, u"ffffffff"_s, u"--approve=auto"_s, u"hi"_s } << u"No session"_s;
        QTest::newRow("unknown command") << QStringList { u"frob"_s } << u"unknown command"_s;
    }

    void badUsage()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Result r = cli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
