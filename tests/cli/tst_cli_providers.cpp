// Providers as data, end to end: the real proto-cli against the standalone fake LLM server
// speaking the OpenAI-compatible wire format (the built-in "openai" provider and one added
// with `proto-cli provider add`), and the Anthropic default taken from the settings table.
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

const QString kSecret = u"sk-test-secret-4711"_s;

// One streamed chat completion: the steps, then a usage chunk and [DONE].
QJsonObject openAiReply(QJsonArray steps, const QString &finish)
{
    steps.append(QJsonObject { { u"finish"_s, finish } });
    steps.append(QJsonObject {
        { u"usage"_s, QJsonObject { { u"prompt_tokens"_s, 120 }, { u"completion_tokens"_s, 30 } } } });
    steps.append(QJsonObject { { u"done"_s, true } });
    return QJsonObject { { u"path"_s, u"/v1/chat/completions"_s }, { u"openai"_s, steps } };
}

QJsonObject toolCall(int index, const QString &id, const QString &name, const QJsonObject &input)
{
    // Arguments in fragments, as servers stream them.
    return QJsonObject { { u"tool_call"_s,
                             QJsonObject { { u"index"_s, index }, { u"id"_s, id }, { u"name"_s, name },
                                 { u"input"_s, input } } },
        { u"deltas"_s, 4 } };
}

QList<QJsonObject> readRecord(const QString &path)
{
    QList<QJsonObject> requests;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return requests;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (!line.trimmed().isEmpty())
            requests.append(QJsonDocument::fromJson(line).object());
    }
    return requests;
}

QList<QJsonObject> events(const QString &out)
{
    QList<QJsonObject> list;
    const QStringList lines = out.split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines)
        list.append(QJsonDocument::fromJson(line.toUtf8()).object());
    return list;
}

QStringList toolNames(const QJsonObject &body)
{
    QStringList names;
    for (const QJsonValue &tool : body.value(u"tools").toArray())
        names.append(tool.toObject().value(u"function").toObject().value(u"name").toString());
    return names;
}

struct Result
{
    int code = -1;
    QString out;
    QString err;
};

} // namespace

class TestCliProviders : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_home;
    QString m_project;
    QProcess m_server;
    quint16 m_port = 0;
    QString m_record;

    bool startServer(const QJsonArray &responses)
    {
        ProtoTest::stopProcess(m_server);
        const QString stamp = QString::number(QDateTime::currentMSecsSinceEpoch());
        m_record = m_dir.filePath(u"record-"_s + stamp + u".jsonl"_s);
        m_port = ProtoTest::startFakeLlmServer(
            m_server, m_dir.filePath(u"script-"_s + stamp + u".json"_s), responses, m_record);
        return m_port != 0;
    }

    Result cli(const QStringList &args, const QHash<QString, QString> &extraEnv = {})
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"PROTO_DESKTOP_HOME"_s, m_home);
        for (const QString &name : { u"ANTHROPIC_API_KEY"_s, u"ANTHROPIC_BASE_URL"_s, u"OPENAI_API_KEY"_s,
                 u"OPENAI_BASE_URL"_s, u"DBUS_SESSION_BUS_ADDRESS"_s })
            env.remove(name);
        for (auto it = extraEnv.begin(); it != extraEnv.end(); ++it)
            env.insert(it.key(), it.value());
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(m_project);
        process.start(qEnvironmentVariable("PROTO_TEST_BIN_DIR") + u"/proto-cli"_s, args);
        Result result;
        if (!process.waitForStarted(10000))
            return result;
        process.closeWriteChannel();
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
        }
        result.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = QString::fromUtf8(process.readAllStandardOutput());
        result.err = QString::fromUtf8(process.readAllStandardError());
        return result;
    }

    QString readFile(const QString &name) const
    {
        QFile file(QDir(m_project).filePath(name));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : u"<missing>"_s;
    }

    QByteArray databaseBytes() const
    {
        QByteArray all;
        for (const QString &name : { u"proto.sqlite"_s, u"proto.sqlite-wal"_s }) {
            QFile file(QDir(m_home).filePath(name));
            if (file.open(QIODevice::ReadOnly))
                all += file.readAll();
        }
        return all;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_home = m_dir.filePath(u"home"_s);
        m_project = m_dir.filePath(u"project"_s);
        QVERIFY(QDir().mkpath(m_home));
        QVERIFY(QDir().mkpath(m_project));
    }

    void cleanupTestCase() { ProtoTest::stopProcess(m_server); }

    // The built-in openai provider from OPENAI_BASE_URL (with /v1) and OPENAI_API_KEY: a 429
    // retried, then write, bash and edit (two calls in one turn), the same tools, approvals and
    // audit as with Claude; the key only in the Authorization header, never in a tool's
    // environment, the output or the database.
    void openAiMultiToolRun()
    {
        const QJsonArray responses {
            QJsonObject { { u"path"_s, u"/v1/chat/completions"_s }, { u"status"_s, 429 },
                { u"headers"_s, QJsonObject { { u"retry-after"_s, u"0"_s } } },
                { u"openai_error"_s,
                    QJsonObject { { u"message"_s, u"Rate limit reached"_s }, { u"type"_s, u"requests"_s },
                        { u"code"_s, u"rate_limit_exceeded"_s } } } },
            openAiReply({ QJsonObject { { u"text"_s, u"Writing the file."_s }, { u"deltas"_s, 2 } },
                            toolCall(0, u"call_w"_s, u"write"_s,
                                { { u"path"_s, u"notes.txt"_s }, { u"content"_s, u"alpha beta\n"_s } }) },
                u"tool_calls"_s),
            openAiReply(
                { toolCall(0, u"call_b"_s, u"bash"_s,
                      { { u"command"_s,
                          u"cat notes.txt; echo \"key=[${OPENAI_API_KEY:-}${ANTHROPIC_API_KEY:-}]\""_s } }),
                    toolCall(1, u"call_e"_s, u"edit"_s,
                        { { u"path"_s, u"notes.txt"_s }, { u"old_str"_s, u"beta"_s },
                            { u"new_str"_s, u"gamma"_s } }) },
                u"tool_calls"_s),
            openAiReply({ QJsonObject { { u"text"_s, u"Done: notes.txt says alpha gamma."_s } } }, u"stop"_s),
        };
        QVERIFY(startServer(responses));
        const Result r = cli({ u"run"_s, u"--provider"_s, u"openai"_s, u"--model"_s, u"gpt-test-1"_s,
                                 u"--cwd"_s, m_project, u"--approve"_s, u"auto"_s, u"--json"_s,
                                 u"Write notes.txt, show it, then change beta to gamma."_s },
            { { u"OPENAI_BASE_URL"_s, u"http://127.0.0.1:%1/v1"_s.arg(m_port) },
                { u"OPENAI_API_KEY"_s, kSecret } });
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QCOMPARE(readFile(u"notes.txt"_s), u"alpha gamma\n"_s);

        const QList<QJsonObject> evs = events(r.out);
        QStringList kinds;
        QString bashOutput;
        for (const QJsonObject &e : evs) {
            kinds.append(e.value(u"type").toString());
            if (e.value(u"type").toString() == u"tool_output")
                bashOutput += e.value(u"text").toString();
            if (e.value(u"type").toString() == u"session") {
                QCOMPARE(e.value(u"model").toString(), u"gpt-test-1"_s);
            }
        }
        QVERIFY2(kinds.contains(u"retrying"_s), qPrintable(r.out));
        QCOMPARE(kinds.count(u"tool_result"_s), 3);
        QVERIFY2(bashOutput.contains(u"alpha beta"_s), qPrintable(bashOutput));
        QVERIFY2(bashOutput.contains(u"key=[]"_s), qPrintable(bashOutput)); // no key in the child
        QVERIFY(!r.out.contains(kSecret));
        QVERIFY(!r.err.contains(kSecret));

        const QList<QJsonObject> requests = readRecord(m_record);
        QCOMPARE(requests.size(), 4); // the 429, then three completions
        for (const QJsonObject &request : requests) {
            QCOMPARE(request.value(u"path").toString(), u"/v1/chat/completions"_s);
            const QJsonObject headers = request.value(u"headers").toObject();
            QCOMPARE(headers.value(u"authorization").toString(), u"Bearer "_s + kSecret);
            QVERIFY(!headers.contains(u"x-api-key"_s));
            const QJsonObject body = request.value(u"body").toObject();
            QCOMPARE(body.value(u"model").toString(), u"gpt-test-1"_s);
            QCOMPARE(body.value(u"stream").toBool(), true);
            QVERIFY(body.value(u"stream_options").toObject().value(u"include_usage").toBool());
            // The plain function form: no Anthropic-defined tool types.
            const QStringList names = toolNames(body);
            for (const QString &name : { u"write"_s, u"bash"_s, u"edit"_s, u"read"_s })
                QVERIFY2(names.contains(name), qPrintable(names.join(u',')));
            QVERIFY(!QJsonDocument(body).toJson().contains("bash_20250124"));
        }
        // The last request carries both results of the turn with two calls, as role "tool".
        const QJsonArray messages = requests.last().value(u"body").toObject().value(u"messages").toArray();
        QStringList toolCallIds;
        for (const QJsonValue &m : messages) {
            if (m.toObject().value(u"role").toString() == u"tool")
                toolCallIds.append(m.toObject().value(u"tool_call_id").toString());
        }
        QCOMPARE(toolCallIds, (QStringList { u"call_w"_s, u"call_b"_s, u"call_e"_s }));

        // The store knows the session's provider and model, and never the key.
        {
            auto opened = Proto::Store::open(QDir(m_home).filePath(u"proto.sqlite"_s));
            QVERIFY(opened.store);
            const QList<Proto::SessionRecord> sessions = opened.store->sessions(true);
            QCOMPARE(sessions.size(), 1);
            QCOMPARE(sessions.first().provider, u"openai"_s);
            QCOMPARE(sessions.first().model, u"gpt-test-1"_s);
            const QList<Proto::AuditRecord> audit = opened.store->audit();
            QStringList actions;
            for (const Proto::AuditRecord &row : audit)
                actions.append(row.action);
            QVERIFY2(actions.contains(u"tool:bash"_s) && actions.contains(u"tool:edit"_s),
                qPrintable(actions.join(u',')));
        }
        QVERIFY(!databaseBytes().contains(kSecret.toUtf8()));
    }

    // proto-cli provider add/list/remove/models, and run --provider with the provider's own
    // model and key variable.
    void addedProvider()
    {
        const QJsonArray responses {
            QJsonObject { { u"path"_s, u"/v1/models"_s },
                { u"json"_s,
                    QJsonObject { { u"object"_s, u"list"_s },
                        { u"data"_s,
                            QJsonArray {
                                QJsonObject { { u"id"_s, u"local-coder"_s }, { u"object"_s, u"model"_s } },
                                QJsonObject {
                                    { u"id"_s, u"local-chat"_s }, { u"object"_s, u"model"_s } } } } } } },
            openAiReply({ QJsonObject { { u"text"_s, u"Hello from the local model."_s } } }, u"stop"_s),
        };
        QVERIFY(startServer(responses));
        const QString url = u"http://127.0.0.1:%1/v1"_s.arg(m_port);
        Result r = cli({ u"provider"_s, u"add"_s, u"local"_s, u"--kind"_s, u"openai-compatible"_s,
            u"--base-url"_s, url, u"--key-env"_s, u"LOCAL_LLM_KEY"_s, u"--header"_s, u"X-Team:blue"_s,
            u"--model"_s, u"local-coder"_s });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = cli({ u"provider"_s, u"add"_s, u"openai"_s, u"--kind"_s, u"openai-compatible"_s, u"--base-url"_s,
            url });
        QCOMPARE(r.code, 2); // a built-in name
        r = cli({ u"provider"_s, u"add"_s, u"bad"_s, u"--kind"_s, u"openai-compatible"_s, u"--base-url"_s,
            url, u"--header"_s, u"Authorization:Bearer x"_s });
        QCOMPARE(r.code, 2); // keys never go into headers (they would be stored)

        r = cli({ u"provider"_s, u"list"_s, u"--json"_s });
        QCOMPARE(r.code, 0);
        QStringList names;
        for (const QJsonObject &line : events(r.out)) {
            names.append(line.value(u"name").toString());
            if (line.value(u"name").toString() == u"local") {
                QCOMPARE(line.value(u"kind").toString(), u"openai-compatible"_s);
                QCOMPARE(line.value(u"base_url").toString(), url);
                QCOMPARE(line.value(u"key_env").toString(), u"LOCAL_LLM_KEY"_s);
                QCOMPARE(line.value(u"default_model").toString(), u"local-coder"_s);
            }
        }
        QCOMPARE(names, (QStringList { u"anthropic"_s, u"openai"_s, u"local"_s }));

        r = cli({ u"provider"_s, u"models"_s, u"local"_s }, { { u"LOCAL_LLM_KEY"_s, u"local-secret"_s } });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(u"local-coder"_s) && r.out.contains(u"local-chat"_s), qPrintable(r.out));

        r = cli({ u"run"_s, u"--provider"_s, u"local"_s, u"--approve"_s, u"auto"_s, u"Say hello"_s },
            { { u"LOCAL_LLM_KEY"_s, u"local-secret"_s } });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(u"Hello from the local model."_s));
        const QList<QJsonObject> requests = readRecord(m_record);
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests.at(0).value(u"path").toString(), u"/v1/models"_s);
        const QJsonObject chat = requests.at(1);
        QCOMPARE(chat.value(u"body").toObject().value(u"model").toString(), u"local-coder"_s);
        const QJsonObject headers = chat.value(u"headers").toObject();
        QCOMPARE(headers.value(u"authorization").toString(), u"Bearer local-secret"_s);
        QCOMPARE(headers.value(u"x-team").toString(), u"blue"_s);

        r = cli({ u"provider"_s, u"remove"_s, u"local"_s });
        QCOMPARE(r.code, 0);
        r = cli({ u"provider"_s, u"list"_s });
        QVERIFY(!r.out.contains(u"local"_s));
        r = cli({ u"run"_s, u"--provider"_s, u"local"_s, u"--approve"_s, u"auto"_s, u"hi"_s });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"No provider named"_s), qPrintable(r.err));
        QCOMPARE(cli({ u"provider"_s, u"remove"_s, u"anthropic"_s }).code, 2);
        // An OpenAI-compatible provider has no default model of ours: asked for, not guessed.
        r = cli({ u"run"_s, u"--provider"_s, u"openai"_s, u"--approve"_s, u"auto"_s, u"hi"_s },
            { { u"OPENAI_API_KEY"_s, kSecret } });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"has no default model"_s), qPrintable(r.err));
    }

    // The desktop app's Settings write model/provider and model/default into the settings
    // table; proto-cli uses them for a new session (the same keys, no other place).
    void settingsDefaultsApply()
    {
        {
            auto opened = Proto::Store::open(QDir(m_home).filePath(u"proto.sqlite"_s));
            QVERIFY(opened.store);
            opened.store->setSetting(u"model/provider"_s, u"anthropic"_s);
            opened.store->setSetting(u"model/default"_s, u"claude-opus-4-5"_s);
            QVERIFY(opened.store->flush());
        }
        const QJsonArray responses { QJsonObject { { u"path"_s, u"/v1/messages"_s },
            { u"anthropic"_s,
                QJsonArray { QJsonObject { { u"message_start"_s, QJsonObject {} } },
                    QJsonObject { { u"text"_s, u"Claude here."_s } },
                    QJsonObject {
                        { u"message_delta"_s, QJsonObject { { u"stop_reason"_s, u"end_turn"_s } } } },
                    QJsonObject { { u"message_stop"_s, true } } } } } };
        QVERIFY(startServer(responses));
        const Result r = cli({ u"run"_s, u"--approve"_s, u"auto"_s, u"hello"_s },
            { { u"ANTHROPIC_BASE_URL"_s, u"http://127.0.0.1:%1"_s.arg(m_port) },
                { u"ANTHROPIC_API_KEY"_s, u"ant-test"_s } });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QList<QJsonObject> requests = readRecord(m_record);
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests.first().value(u"path").toString(), u"/v1/messages"_s);
        QCOMPARE(requests.first().value(u"body").toObject().value(u"model").toString(), u"claude-opus-4-5"_s);
        QCOMPARE(requests.first().value(u"headers").toObject().value(u"x-api-key").toString(), u"ant-test"_s);
    }
};

QTEST_GUILESS_MAIN(TestCliProviders)
#include "tst_cli_providers.moc"
