#include "tooltestcases.h"

#include "greptool.h"
#include "persistentshell.h"
#include "shellquote.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

namespace {

QJsonObject json(const char *text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad JSON in test: %s", text);
    return doc.object();
}

template<typename Job>
bool waitFor(Job *job, int timeoutMs)
{
    if (job->isFinished())
        return true;
    QSignalSpy spy(job, &Job::finished);
    return spy.wait(timeoutMs);
}

QByteArray everyByte()
{
    QByteArray bytes;
    for (int i = 0; i < 256; ++i)
        bytes.append(char(i));
    return bytes;
}

} // namespace

ToolTestCases::ToolTestCases() = default;
ToolTestCases::~ToolTestCases() = default;

ToolContext ToolTestCases::context() const
{
    ToolContext c;
    c.machine = m_machine.get();
    c.root = m_root;
    return c;
}

ToolResult ToolTestCases::call(Tool &tool, const QJsonObject &input, const ToolContext &ctx)
{
    std::unique_ptr<ToolJob> job(tool.run(input, ctx));
    if (!waitFor(job.get(), 60000))
        return ToolResult::error(u"TEST: the tool did not finish"_s);
    return job->result();
}

ToolResult ToolTestCases::call(const QString &tool, const QJsonObject &input, const ToolContext &ctx)
{
    std::unique_ptr<ToolJob> job(m_registry->run(tool, input, ctx));
    if (!waitFor(job.get(), 60000))
        return ToolResult::error(u"TEST: the tool did not finish"_s);
    return job->result();
}

ToolResult ToolTestCases::call(const QString &tool, const QJsonObject &input)
{
    return call(tool, input, context());
}

bool ToolTestCases::put(const QString &relative, const QByteArray &data)
{
    Machine::WriteOptions options;
    options.createParents = true;
    std::unique_ptr<FileJob> job(m_machine->writeFile(path(relative), data, options));
    return waitFor(job.get(), 30000) && job->error() == MachineJob::Error::None;
}

QByteArray ToolTestCases::get(const QString &relative)
{
    std::unique_ptr<FileJob> job(m_machine->readFile(path(relative)));
    if (!waitFor(job.get(), 30000) || job->error() != MachineJob::Error::None)
        return "<unreadable>"_ba;
    return job->data();
}

QByteArray ToolTestCases::sh(const QString &command, int *exitCode)
{
    CommandSpec spec;
    spec.command = command;
    spec.workingDirectory = m_root;
    spec.timeoutMs = 60000;
    std::unique_ptr<CommandJob> job(m_machine->run(spec));
    QByteArray out;
    connect(job.get(), &CommandJob::stdoutData, this, [&out](const QByteArray &d) { out += d; });
    waitFor(job.get(), 70000);
    if (exitCode)
        *exitCode = job->exitCode();
    return out;
}

bool ToolTestCases::processGone(qint64 pid)
{
    // A zombie (state Z) is dead too; it only waits for a parent to reap it.
    const QString probe
        = u"s=$(ps -o stat= -p %1 2>/dev/null); case \"$s\" in ''|Z*) echo gone;; *) echo alive;; esac"_s.arg(
            pid);
    for (int i = 0; i < 60; ++i) {
        if (sh(probe).trimmed() == "gone")
            return true;
        QTest::qWait(50);
    }
    return false;
}

void ToolTestCases::initTestCase()
{
    m_machine = createMachine();
    QVERIFY(m_machine);
    QTRY_COMPARE_WITH_TIMEOUT(m_machine->state(), Machine::State::Connected, 30000);
    m_registry = ToolRegistry::createStandard();
    CommandSpec spec;
    spec.command = u"d=$(mktemp -d) && mkdir \"$d/root\" \"$d/outside\" && cd \"$d\" && pwd -P"_s;
    std::unique_ptr<CommandJob> job(m_machine->run(spec));
    QByteArray out;
    connect(job.get(), &CommandJob::stdoutData, this, [&out](const QByteArray &d) { out += d; });
    QVERIFY(waitFor(job.get(), 30000));
    QCOMPARE(job->exitCode(), 0);
    const QString base = QString::fromUtf8(out.trimmed());
    QVERIFY(base.startsWith(u'/'));
    m_root = base + u"/root"_s;
    m_outside = base + u"/outside"_s;
}

void ToolTestCases::cleanupTestCase()
{
    if (m_machine && !m_root.isEmpty()) {
        std::unique_ptr<FileJob> job(m_machine->remove(m_root.section(u'/', 0, -2), true));
        waitFor(job.get(), 30000);
    }
}

void ToolTestCases::schemaViolationsBecomeErrors_data()
{
    QTest::addColumn<QString>("tool");
    QTest::addColumn<QJsonObject>("input");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing path") << u"read"_s << QJsonObject() << u"missing required field \"path\""_s;
    QTest::newRow("path not a string")
        << u"read"_s << json(R"({"path": 5})") << u"input.path: expected string"_s;
    QTest::newRow("offset zero") << u"read"_s << json(R"({"path": "a", "offset": 0})") << u"minimum"_s;
    QTest::newRow("offset fractional")
        << u"read"_s << json(R"({"path": "a", "offset": 1.5})") << u"expected integer"_s;
    QTest::newRow("unknown field") << u"edit"_s
                                   << json(R"({"path": "a", "old_str": "x", "new_str": "y", "evil": 1})")
                                   << u"input.evil: unknown field"_s;
    QTest::newRow("bad enum") << u"str_replace_based_edit_tool"_s
                              << json(R"({"command": "delete", "path": "a"})")
                              << u"\"delete\" is not one of"_s;
    QTest::newRow("view_range items") << u"str_replace_based_edit_tool"_s
                                      << json(R"({"command": "view", "path": "a", "view_range": ["1", 2]})")
                                      << u"input.view_range[0]: expected integer"_s;
    QTest::newRow("context too big") << u"grep"_s << json(R"({"pattern": "x", "context": 500})")
                                     << u"maximum"_s;
    QTest::newRow("timeout as string") << u"bash"_s << json(R"({"command": "true", "timeout": "10"})")
                                       << u"input.timeout: expected integer"_s;
    QTest::newRow("git push") << u"git"_s << json(R"({"subcommand": "push"})") << u"is not one of"_s;
    QTest::newRow("unknown tool") << u"rm_rf"_s << QJsonObject()
                                  << u"Unknown or unavailable tool \"rm_rf\""_s;
}

void ToolTestCases::schemaViolationsBecomeErrors()
{
    QFETCH(QString, tool);
    QFETCH(QJsonObject, input);
    QFETCH(QString, message);
    const ToolResult result = call(tool, input);
    QVERIFY(result.isError);
    QVERIFY2(result.text().contains(message), qPrintable(result.text()));
}

void ToolTestCases::bashHandlesHostileCommands_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("expected");
    QTest::newRow("command substitution") << u"echo \"$(echo sub)\" `echo tick`"_s << u"sub tick\n"_s;
    QTest::newRow("quotes") << u"printf '%s\\n' \"a'b\" 'c\"d'"_s << u"a'b\nc\"d\n"_s;
    QTest::newRow("newlines and CR") << u"echo one\necho two\r"_s << u"one\ntwo\r\n"_s;
    QTest::newRow("unicode") << u"echo 'héllo ✓ 日本'"_s << u"héllo ✓ 日本\n"_s;
    QTest::newRow("bash syntax") << u"a=(x y z); [[ ${#a[@]} == 3 ]] && echo arrays"_s << u"arrays\n"_s;
    QTest::newRow("stderr merged") << u"echo out; echo err >&2"_s << u"out\nerr\n"_s;
    QTest::newRow("stdin is empty") << u"cat; echo after"_s << u"after\n"_s;
    QTest::newRow("exit code") << u"echo x; exit 3"_s << u"x\n[Exit code 3]"_s;
    QTest::newRow("no output") << u"true"_s << u"(no output)"_s;
}

void ToolTestCases::bashHandlesHostileCommands()
{
    QFETCH(QString, command);
    QFETCH(QString, expected);
    const ToolResult result = call(u"bash"_s, QJsonObject { { u"command"_s, command } });
    QVERIFY2(!result.isError, qPrintable(result.text()));
    QCOMPARE(result.text(), expected);
}

void ToolTestCases::bashRunsInTheSessionFolder()
{
    ToolResult result = call(u"bash"_s, json(R"({"command": "pwd -P"})"));
    QCOMPARE(result.text().trimmed(), m_root);
    result = call(u"bash"_s, json(R"({"restart": true})"));
    QVERIFY(!result.isError);
    ToolContext ctx = context();
    ctx.environment.insert(u"PROTO_SESSION"_s, u"it's $(not) run"_s);
    result = call(u"bash"_s, json(R"({"command": "printf %s \"$PROTO_SESSION\""})"), ctx);
    QCOMPARE(result.text(), u"it's $(not) run"_s);
}

void ToolTestCases::bashCapsHugeOutputAndStreamsIt()
{
    ToolContext ctx = context();
    ctx.limits.outputCapChars = 10000;
    std::unique_ptr<ToolJob> job(m_registry->run(
        u"bash"_s, json(R"({"command": "head -c 20000000 /dev/zero | tr '\\0' a; echo END"})"), ctx));
    qint64 streamed = 0;
    connect(
        job.get(), &ToolJob::output, this, [&streamed](const QString &chunk) { streamed += chunk.size(); });
    QVERIFY(waitFor(job.get(), 120000));
    const ToolResult &result = job->result();
    QVERIFY(!result.isError);
    QCOMPARE(streamed, qint64(20000004));
    QVERIFY2(result.text().size() < 10300, qPrintable(QString::number(result.text().size())));
    QVERIFY(result.text().startsWith(u"aaaa"_s));
    QVERIFY(result.text().endsWith(u"aaaaEND\n"_s));
    QVERIFY(result.text().contains(u"19990004 of 20000004 characters cut"_s));
}

void ToolTestCases::bashTimeoutKillsTheProcessGroup()
{
    QElapsedTimer timer;
    timer.start();
    const ToolResult result = call(u"bash"_s,
        json(R"({"command": "sleep 100 & echo $! > bg.pid; echo waiting; wait", "timeout": 500})"));
    QVERIFY(result.isError);
    QVERIFY2(result.text().contains(u"waiting"_s), qPrintable(result.text()));
    QVERIFY(result.text().contains(u"Timed out after 500 ms"_s));
    QVERIFY(timer.elapsed() < 10000);
    const qint64 pid = get(u"bg.pid"_s).trimmed().toLongLong();
    QVERIFY(pid > 0);
    QVERIFY2(processGone(pid), "the background process survived the timeout");
}

void ToolTestCases::bashCancelKillsTheCommand()
{
    std::unique_ptr<ToolJob> job(m_registry->run(u"bash"_s,
        json(R"({"command": "sleep 100 & echo $! > cancel.pid; echo started; wait"})"), context()));
    QString seen;
    connect(job.get(), &ToolJob::output, this, [&seen](const QString &chunk) { seen += chunk; });
    QTRY_VERIFY_WITH_TIMEOUT(seen.contains(u"started"_s), 20000);
    job->cancel();
    QVERIFY(waitFor(job.get(), 20000));
    QVERIFY(job->result().isError);
    QVERIFY(job->result().text().contains(u"Cancelled"_s));
    QVERIFY(processGone(get(u"cancel.pid"_s).trimmed().toLongLong()));
}

// bash_20250124 is a persistent session: the folder, variables and functions carry over; a
// syntax error, a command reading stdin, a timeout or a command ignoring SIGINT leave the shell
// usable with its state; leaving the session folder, exit and restart start the next command
// in the folder again.
void ToolTestCases::bashShellKeepsState()
{
    PersistentShell shell(machine(), m_root);
    shell.setInterruptGraceMs(300);
    ToolContext ctx = context();
    ctx.shell = &shell;
    const auto bash = [&](const QString &command, int timeoutMs = 0) {
        QJsonObject input { { u"command"_s, command } };
        if (timeoutMs > 0)
            input.insert(u"timeout"_s, timeoutMs);
        return call(u"bash"_s, input, ctx);
    };
    QVERIFY(put(u"sub/inner/x"_s, "x"_ba));
    ToolResult r = bash(u"cd sub\nexport X=7\ngreet() { echo hi-$1; }"_s);
    QVERIFY2(!r.isError, qPrintable(r.text()));
    QCOMPARE(shell.currentDirectory(), m_root + u"/sub"_s);
    r = bash(u"pwd -P; echo X=$X; greet you"_s);
    QVERIFY2(r.text().contains(m_root + u"/sub\n"_s), qPrintable(r.text()));
    QVERIFY(r.text().contains(u"X=7\n"_s));
    QVERIFY(r.text().contains(u"hi-you"_s));

    r = bash(u"echo 'unterminated"_s);
    QVERIFY2(r.text().contains(u"[Exit code 2]"_s), qPrintable(r.text()));
    r = bash(u"cat; echo after-cat X=$X"_s); // stdin is empty, the here-document is not stdin
    QVERIFY2(r.text().contains(u"after-cat X=7"_s), qPrintable(r.text()));

    QElapsedTimer timer;
    timer.start();
    r = bash(u"echo started; sleep 30; echo not-reached"_s, 500);
    QVERIFY(r.isError);
    QVERIFY2(r.text().contains(u"started"_s) && r.text().contains(u"Timed out after 500 ms"_s),
        qPrintable(r.text()));
    QVERIFY(r.text().contains(u"keeps its folder"_s));
    r = bash(u"sh -c \"trap '' INT; sleep 30\""_s, 300); // ignores SIGINT: killed at the next step
    QVERIFY2(r.isError, qPrintable(r.text()));
    QVERIFY(timer.elapsed() < 15000);
    r = bash(u"echo X=$X; pwd -P"_s);
    QVERIFY2(r.text().contains(u"X=7\n"_s) && r.text().contains(m_root + u"/sub"_s), qPrintable(r.text()));

    r = bash(u"cd / && pwd"_s);
    QCOMPARE(r.text().trimmed(), u"/"_s);
    QCOMPARE(shell.currentDirectory(), m_root); // outside the folder: the next command starts there
    r = bash(u"pwd -P"_s);
    QCOMPARE(r.text().trimmed(), m_root);

    r = bash(u"exit 3"_s);
    QVERIFY2(r.text().contains(u"exited with code 3"_s), qPrintable(r.text()));
    QVERIFY(!shell.isRunning());
    r = bash(u"echo X=[$X]; pwd -P"_s);
    QVERIFY2(r.text().contains(u"X=[]"_s) && r.text().contains(m_root), qPrintable(r.text()));

    QVERIFY(!bash(u"export Y=1"_s).isError);
    r = call(u"bash"_s, json(R"({"restart": true})"), ctx);
    QVERIFY(!r.isError);
    r = bash(u"echo Y=[$Y]"_s);
    QCOMPARE(r.text().trimmed(), u"Y=[]"_s);
}

void ToolTestCases::bashBackgroundProcessDoesNotBlock()
{
    // A server started in the background keeps the output pipe open; the call still ends
    // when the shell does.
    QElapsedTimer timer;
    timer.start();
    const ToolResult result = call(u"bash"_s, json(R"({"command": "sleep 5 & echo started"})"));
    QVERIFY2(!result.isError, qPrintable(result.text()));
    QCOMPARE(result.text(), u"started\n"_s);
    QVERIFY2(timer.elapsed() < 4000, qPrintable(QString::number(timer.elapsed())));
}

void ToolTestCases::readNumbersLines()
{
    QVERIFY(put(u"lines.txt"_s, "first\r\nsecond ✓\n\nfourth"_ba));
    ToolResult result = call(u"read"_s, json(R"({"path": "lines.txt"})"));
    QVERIFY2(!result.isError, qPrintable(result.text()));
    QCOMPARE(result.text(), u"     1\tfirst\n     2\tsecond ✓\n     3\t\n     4\tfourth\n"_s);
    result = call(u"read"_s, json(R"({"path": "./sub/../lines.txt", "offset": 2, "limit": 1})"));
    QVERIFY(result.text().startsWith(u"     2\tsecond ✓\n"_s));
    QVERIFY(result.text().contains(u"offset=3"_s));
    result = call(u"read"_s, json(R"({"path": "lines.txt", "offset": 9})"));
    QVERIFY(result.isError);
    QVERIFY(result.text().contains(u"past the end"_s));

    QByteArray many;
    for (int i = 1; i <= 3000; ++i)
        many += "line " + QByteArray::number(i) + '\n';
    QVERIFY(put(u"many.txt"_s, many));
    result = call(u"read"_s, json(R"({"path": "many.txt"})"));
    QVERIFY(result.text().contains(u"  2000\tline 2000\n"_s));
    QVERIFY(!result.text().contains(u"line 2001"_s));
    QVERIFY(result.text().contains(u"lines 1-2000 of 3000"_s));
}

// A 10 MB file does not put 10 MB into the conversation: read, view with [1, -1] and the snippet
// after an edit stop at ToolLimits::maxReadChars characters and say where to go on.
void ToolTestCases::readAndViewCapCharacters()
{
    const QByteArray line = QByteArray(999, 'z') + '\n';
    QByteArray big;
    big.reserve(10 * 1024 * 1024);
    while (big.size() < 10 * 1024 * 1024)
        big += line;
    QVERIFY(put(u"big.txt"_s, big));
    const qsizetype cap = ToolLimits().maxReadChars;
    for (const QJsonObject &input :
        { json(R"({"command": "view", "path": "big.txt", "view_range": [1, -1]})"),
            json(R"({"command": "view", "path": "big.txt"})") }) {
        const ToolResult result = call(u"str_replace_based_edit_tool"_s, input);
        QVERIFY2(!result.isError, qPrintable(result.text().left(300)));
        QVERIFY2(result.text().size() <= cap + 400, qPrintable(QString::number(result.text().size())));
        QVERIFY2(
            result.text().contains(u"Stopped at 100000 characters"_s), qPrintable(result.text().right(300)));
        QVERIFY(result.text().contains(u"Use offset=100 "_s)); // 99 lines of 1007 characters fit
    }
    ToolResult result = call(u"read"_s, json(R"({"path": "big.txt", "offset": 5000, "limit": 3000})"));
    QVERIFY(!result.isError);
    QVERIFY(result.text().size() <= cap + 400);
    QVERIFY(result.text().startsWith(u"  5000\t"_s));
    QVERIFY(result.text().contains(u"offset=5099"_s));

    // An edit that inserts a huge text shows a snippet within the cap too.
    QVERIFY(put(u"small.txt"_s, "a\nb\n"_ba));
    const QString inserted = QString::fromLatin1(QByteArray(300, 'q') + '\n').repeated(1000);
    result = call(u"str_replace_based_edit_tool"_s,
        QJsonObject { { u"command"_s, u"insert"_s }, { u"path"_s, u"small.txt"_s }, { u"insert_line"_s, 1 },
            { u"insert_text"_s, inserted } });
    QVERIFY2(!result.isError, qPrintable(result.text().left(300)));
    QVERIFY2(result.text().size() <= cap + 600, qPrintable(QString::number(result.text().size())));
    QVERIFY(result.text().contains(u"view_range"_s));
    QCOMPARE(get(u"small.txt"_s).size(), qsizetype(4 + inserted.size()));
}

// The app's own variables (API keys, the VNC password, the data folder) and anything that looks
// like a credential never reach a command the agent runs: `cat /proc/self/environ` under an
// allowed `cat` rule would send them to the model.
void ToolTestCases::commandsGetNoSecrets()
{
    const QList<QPair<QByteArray, QByteArray>> secrets {
        { "ANTHROPIC_API_KEY", "sk-ant-api03-secretvalue0123456789" },
        { "OPENAI_API_KEY", "sk-proj-secretvalue0123456789abcdef" },
        { "PROTO_VNC_PASSWORD", "vnc-secret-value" },
        { "GITHUB_TOKEN", "ghp_secretvalue0123456789abcdefABCDEF" },
        { "AWS_SECRET_ACCESS_KEY", "aws-secret-value-0123456789" },
        { "INNOCENT_LOOKING", "sk-innocentsecret0123456789abcdefgh" },
    };
    for (const auto &[name, value] : secrets)
        qputenv(name.constData(), value);
    qputenv("PROTO_TEST_HARMLESS_SETTING", "1");
    const auto restore = qScopeGuard([&secrets] {
        for (const auto &pair : secrets)
            qunsetenv(pair.first.constData());
        qunsetenv("PROTO_TEST_HARMLESS_SETTING");
    });
    const ToolResult result
        = call(u"bash"_s, json(R"({"command": "cat /proc/self/environ | tr '\\0' '\\n'; env; set"})"));
    QVERIFY2(!result.isError, qPrintable(result.text()));
    QVERIFY2(result.text().contains(u"PATH="_s), qPrintable(result.text().left(500)));
    for (const auto &[name, value] : secrets) {
        QVERIFY2(!result.text().contains(QString::fromLatin1(value)), name.constData());
        QVERIFY2(!result.text().contains(QString::fromLatin1(name) + u'='), name.constData());
    }
    QVERIFY(!result.text().contains(u"PROTO_TEST_HARMLESS_SETTING"_s));
}

void ToolTestCases::readRefusesBinaryAndExplainsErrors()
{
    QVERIFY(put(u"bytes.bin"_s, everyByte()));
    ToolResult result = call(u"read"_s, json(R"({"path": "bytes.bin"})"));
    QVERIFY(result.isError);
    QVERIFY2(result.text().contains(u"binary"_s), qPrintable(result.text()));
    QVERIFY(put(u"latin1.txt"_s, "caf\xe9\n"_ba));
    QVERIFY(call(u"read"_s, json(R"({"path": "latin1.txt"})")).isError);
    result = call(u"edit"_s, json(R"({"path": "bytes.bin", "old_str": "a", "new_str": "b"})"));
    QVERIFY(result.isError);
    QCOMPARE(get(u"bytes.bin"_s), everyByte());

    result = call(u"read"_s, json(R"({"path": "no such file.txt"})"));
    QVERIFY(result.isError);
    QVERIFY(result.text().contains(u"File not found: no such file.txt"_s));
    QVERIFY(put(u"adir/x"_s, "x"_ba));
    result = call(u"read"_s, json(R"({"path": "adir"})"));
    QVERIFY(result.isError);
    QVERIFY(result.text().contains(u"is a directory"_s));
    QVERIFY(put(u"empty.txt"_s, QByteArray()));
    result = call(u"read"_s, json(R"({"path": "empty.txt"})"));
    QVERIFY(!result.isError);
    QVERIFY(result.text().contains(u"empty"_s));
}

void ToolTestCases::pathsOutsideTheRootAreRefused_data()
{
    QTest::addColumn<QString>("tool");
    QTest::addColumn<QString>("path");
    QTest::newRow("read dotdot") << u"read"_s << u"../outside/secret.txt"_s;
    QTest::newRow("read absolute") << u"read"_s << u"/etc/passwd"_s;
    QTest::newRow("read via symlink") << u"read"_s << u"escape/secret.txt"_s;
    QTest::newRow("write dotdot") << u"write"_s << u"sub/../../outside/new.txt"_s;
    QTest::newRow("write via symlink") << u"write"_s << u"escape/new.txt"_s;
    QTest::newRow("edit via symlinked file") << u"edit"_s << u"secret-link.txt"_s;
    QTest::newRow("glob outside") << u"glob"_s << u"../outside"_s;
    QTest::newRow("grep outside") << u"grep"_s << u"escape"_s;
    QTest::newRow("view outside") << u"str_replace_based_edit_tool"_s << u"../outside"_s;
}

void ToolTestCases::pathsOutsideTheRootAreRefused()
{
    QFETCH(QString, tool);
    QFETCH(QString, path);
    QVERIFY(put(u"../outside/secret.txt"_s, "secret"_ba));
    sh(u"ln -sfn ../outside escape && ln -sfn ../outside/secret.txt secret-link.txt"_s);
    QJsonObject input { { u"path"_s, path } };
    if (tool == u"write")
        input.insert(u"content"_s, u"pwned"_s);
    else if (tool == u"edit")
        input = QJsonObject { { u"path"_s, path }, { u"old_str"_s, u"secret"_s },
            { u"new_str"_s, u"pwned"_s } };
    else if (tool == u"glob" || tool == u"grep")
        input.insert(u"pattern"_s, u"*"_s);
    else if (tool == u"str_replace_based_edit_tool")
        input.insert(u"command"_s, u"view"_s);
    const ToolResult result = call(tool, input);
    QVERIFY2(result.isError, qPrintable(result.text()));
    QVERIFY2(result.text().contains(u"outside the session folder"_s), qPrintable(result.text()));
    QCOMPARE(get(u"../outside/secret.txt"_s), "secret"_ba);
    QCOMPARE(sh(u"ls ../outside"_s), "secret.txt\n"_ba);
}

void ToolTestCases::outsideTheRootWhenAllowed()
{
    QVERIFY(put(u"../outside/allowed.txt"_s, "ok\n"_ba));
    ToolContext ctx = context();
    ctx.allowOutsideRoot = true;
    const ToolResult result = call(u"read"_s, json(R"({"path": "../outside/allowed.txt"})"), ctx);
    QVERIFY2(!result.isError, qPrintable(result.text()));
    QCOMPARE(result.text(), u"     1\tok\n"_s);
}

void ToolTestCases::writeCreatesAndReturnsDiff()
{
    ToolResult result
        = call(u"write"_s, json(R"({"path": "new dir/it's new.txt", "content": "one\ntwo\n"})"));
    QVERIFY2(!result.isError, qPrintable(result.text()));
    QVERIFY(result.summary.startsWith(u"Created new dir/it's new.txt"_s));
    QCOMPARE(result.diff, u"--- /dev/null\n+++ b/new dir/it's new.txt\n@@ -0,0 +1,2 @@\n+one\n+two\n"_s);
    result = call(u"write"_s, json(R"({"path": "new dir/it's new.txt", "content": "one\n2\n"})"));
    QCOMPARE(result.diff,
        u"--- a/new dir/it's new.txt\n+++ b/new dir/it's new.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+2\n"_s);
    QVERIFY(result.summary.contains(u"+1 -1"_s));
    QCOMPARE(get(u"new dir/it's new.txt"_s), "one\n2\n"_ba);
    QVERIFY(put(u"adir/x"_s, "x"_ba));
    result = call(u"write"_s, json(R"({"path": "adir", "content": "x"})"));
    QVERIFY(result.isError);
}

void ToolTestCases::writeKeepsEveryCharacter()
{
    QString hostile = u"quotes ' \" ` $(rm -rf /) ${HOME} \\ \r\n tab\t unicode ✓ 🙂 日本語\n"_s;
    for (char16_t c = 1; c < 0x20; ++c)
        hostile += QChar(c);
    hostile += QChar(0x7f);
    const ToolResult result
        = call(u"write"_s, QJsonObject { { u"path"_s, u"$(x) `y`.txt"_s }, { u"content"_s, hostile } });
    QVERIFY2(!result.isError, qPrintable(result.text()));
    QCOMPARE(get(u"$(x) `y`.txt"_s), hostile.toUtf8());
}

void ToolTestCases::editReplacesExactlyOnce()
{
    QVERIFY(put(u"code.cpp"_s, "int a = 1;\nint b = 1;\nint c = 1;\nreturn a;\n"_ba));
    ToolResult result
        = call(u"edit"_s, json(R"({"path": "code.cpp", "old_str": "= 1;", "new_str": "= 2;"})"));
    QVERIFY(result.isError);
    QVERIFY2(result.text().contains(u"occurs 3 times"_s), qPrintable(result.text()));
    QCOMPARE(get(u"code.cpp"_s), "int a = 1;\nint b = 1;\nint c = 1;\nreturn a;\n"_ba);

    result = call(
        u"edit"_s, json(R"({"path": "code.cpp", "old_str": "int b = 1;", "new_str": "int b = \"$(2)\";"})"));
    QVERIFY2(!result.isError, qPrintable(result.text()));
    QCOMPARE(get(u"code.cpp"_s), "int a = 1;\nint b = \"$(2)\";\nint c = 1;\nreturn a;\n"_ba);
    QVERIFY(result.diff.contains(u"-int b = 1;\n+int b = \"$(2)\";\n"_s));
    QVERIFY(result.text().contains(u"     2\tint b = \"$(2)\";"_s));

    result = call(u"edit"_s,
        json(R"({"path": "code.cpp", "old_str": "= 1;", "new_str": "= 0;", "replace_all": true})"));
    QVERIFY(!result.isError);
    QCOMPARE(get(u"code.cpp"_s), "int a = 0;\nint b = \"$(2)\";\nint c = 0;\nreturn a;\n"_ba);

    result = call(u"edit"_s, json(R"({"path": "code.cpp", "old_str": "nothing like this", "new_str": "x"})"));
    QVERIFY(result.isError);
    QVERIFY(result.text().contains(u"not found"_s));
    result = call(u"edit"_s, json(R"({"path": "code.cpp", "old_str": "", "new_str": "x"})"));
    QVERIFY(result.isError);
    result = call(u"edit"_s, json(R"({"path": "missing.cpp", "old_str": "a", "new_str": "b"})"));
    QVERIFY(result.isError);
    QVERIFY(result.text().contains(u"File not found"_s));
}

void ToolTestCases::editKeepsLineEndingsAndPermissions()
{
    QVERIFY(put(u"script.sh"_s, "#!/bin/sh\r\necho old\r\nexit 0\r\n"_ba));
    sh(u"chmod 0751 script.sh"_s);
    const ToolResult result = call(u"edit"_s,
        json(R"({"path": "script.sh", "old_str": "echo old\nexit 0", "new_str": "echo new\nexit 1"})"));
    QVERIFY2(!result.isError, qPrintable(result.text()));
    QCOMPARE(get(u"script.sh"_s), "#!/bin/sh\r\necho new\r\nexit 1\r\n"_ba);
    std::unique_ptr<FileJob> st(machine()->stat(path(u"script.sh"_s)));
    QVERIFY(waitFor(st.get(), 10000));
    QCOMPARE(st->info().permissions, 0751u);
}

void ToolTestCases::textEditorCommands()
{
    const QString tool = u"str_replace_based_edit_tool"_s;
    ToolResult result
        = call(tool, json(R"({"command": "create", "path": "ed/notes.md", "file_text": "a\nb\nc\n"})"));
    QVERIFY2(!result.isError, qPrintable(result.text()));
    result = call(tool, json(R"({"command": "view", "path": "ed/notes.md", "view_range": [2, -1]})"));
    QCOMPARE(result.text(), u"     2\tb\n     3\tc\n"_s);
    result = call(tool,
        json(R"({"command": "insert", "path": "ed/notes.md", "insert_line": 0, "insert_text": "top"})"));
    QVERIFY(!result.isError);
    result = call(
        tool, json(R"({"command": "insert", "path": "ed/notes.md", "insert_line": 4, "new_str": "end\n"})"));
    QVERIFY(!result.isError);
    QCOMPARE(get(u"ed/notes.md"_s), "top\na\nb\nc\nend\n"_ba);
    result = call(
        tool, json(R"({"command": "insert", "path": "ed/notes.md", "insert_line": 99, "insert_text": "x"})"));
    QVERIFY(result.isError);
    QVERIFY(result.text().contains(u"out of range"_s));
    QVERIFY(put(u"ed/dup.txt"_s, "x\nx\n"_ba));
    result = call(
        tool, json(R"({"command": "str_replace", "path": "ed/dup.txt", "old_str": "x", "new_str": "y"})"));
    QVERIFY(result.isError);
    QVERIFY(result.text().contains(u"occurs 2 times"_s));
    result = call(
        tool, json(R"({"command": "str_replace", "path": "ed/notes.md", "old_str": "b\n", "new_str": ""})"));
    QVERIFY(!result.isError);
    QCOMPARE(get(u"ed/notes.md"_s), "top\na\nc\nend\n"_ba);
    QVERIFY(put(u"ed/sub/deeper/file.txt"_s, "x"_ba));
    QVERIFY(put(u"ed/.hidden"_s, "x"_ba));
    result = call(tool, json(R"({"command": "view", "path": "ed"})"));
    QVERIFY2(!result.isError, qPrintable(result.text()));
    QVERIFY(result.text().contains(u"ed/notes.md\n"_s));
    QVERIFY(result.text().contains(u"ed/sub/deeper/\n"_s) || result.text().endsWith(u"ed/sub/deeper/"_s));
    QVERIFY(!result.text().contains(u"file.txt"_s)); // two levels only
    QVERIFY(!result.text().contains(u".hidden"_s));
    result = call(tool, json(R"({"command": "create", "path": "ed/x.txt"})"));
    QVERIFY(result.isError);
    QVERIFY(result.text().contains(u"file_text"_s));
}

void ToolTestCases::globFindsNewestFirst()
{
    QVERIFY(put(u"g/a.cpp"_s, "a"_ba));
    QVERIFY(put(u"g/src/b.cpp"_s, "b"_ba));
    QVERIFY(put(u"g/src/deep/c.cpp"_s, "c"_ba));
    QVERIFY(put(u"g/src/d.h"_s, "d"_ba));
    QVERIFY(put(u"g/.hidden/e.cpp"_s, "e"_ba));
    QVERIFY(put(u"g/name with 'quotes'.cpp"_s, "f"_ba));
    sh(u"cd g && touch -d '2020-01-01' a.cpp && touch -d '2021-01-01' src/b.cpp && touch -d '2022-01-01' "
       "src/deep/c.cpp && touch -d '2019-01-01' \"name with 'quotes'.cpp\""_s);
    ToolResult result = call(u"glob"_s, json(R"({"pattern": "**/*.cpp", "path": "g"})"));
    QVERIFY2(!result.isError, qPrintable(result.text()));
    QCOMPARE(result.text(), u"g/src/deep/c.cpp\ng/src/b.cpp\ng/a.cpp\ng/name with 'quotes'.cpp"_s);
    result = call(u"glob"_s, json(R"({"pattern": "g/src/*.{cpp,h}"})"));
    QCOMPARE(result.text().split(u'\n').size(), 2);
    QVERIFY(result.text().contains(u"g/src/d.h"_s));
    result = call(u"glob"_s, json(R"({"pattern": "g/*.cpp"})"));
    QCOMPARE(result.text(), u"g/a.cpp\ng/name with 'quotes'.cpp"_s);
    result = call(u"glob"_s, json(R"({"pattern": "g/.hidden/*"})"));
    QCOMPARE(result.text(), u"g/.hidden/e.cpp"_s);
    ToolContext ctx = context();
    ctx.limits.maxResults = 2;
    result = call(u"glob"_s, json(R"({"pattern": "g/**/*.cpp"})"), ctx);
    QVERIFY(result.text().contains(u"(2 more files not shown"_s));
    result = call(u"glob"_s, json(R"({"pattern": "*.nothing"})"));
    QVERIFY(!result.isError);
    QVERIFY(result.text().startsWith(u"No files match"_s));
}

void ToolTestCases::grepBackendsAgree_data()
{
    QTest::addColumn<QJsonObject>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << json(R"({"pattern": "needle", "path": "gr"})")
                           << u"gr/a.txt:2:a needle here\ngr/sub/b.md:1:needle at start"_s;
    QTest::newRow("case insensitive")
        << json(R"({"pattern": "NEEDLE", "path": "gr", "case_insensitive": true})")
        << u"gr/a.txt:2:a needle here\ngr/sub/b.md:1:needle at start"_s;
    QTest::newRow("glob filter") << json(R"({"pattern": "needle", "path": "gr", "glob": "*.md"})")
                                 << u"gr/sub/b.md:1:needle at start"_s;
    QTest::newRow("context") << json(R"({"pattern": "needle", "path": "gr/a.txt", "context": 1})")
                             << u"gr/a.txt-1-first\ngr/a.txt:2:a needle here\ngr/a.txt-3-third"_s;
    QTest::newRow("hostile pattern") << json(R"({"pattern": "\\$\\(touch [a-z]+\\) '\"", "path": "gr"})")
                                     << u"gr/hostile.txt:1:run $(touch pwned) '\" now"_s;
    QTest::newRow("files only") << json(R"({"pattern": "needle", "path": "gr", "files_only": true})")
                                << u"gr/a.txt\ngr/sub/b.md"_s;
    QTest::newRow("no match") << json(R"({"pattern": "zzz_absent", "path": "gr"})")
                              << u"No matches for zzz_absent in gr."_s;
}

void ToolTestCases::grepBackendsAgree()
{
    QFETCH(QJsonObject, input);
    QFETCH(QString, expected);
    QVERIFY(put(u"gr/a.txt"_s, "first\na needle here\nthird\n"_ba));
    QVERIFY(put(u"gr/sub/b.md"_s, "needle at start\n"_ba));
    QVERIFY(put(u"gr/hostile.txt"_s, "run $(touch pwned) '\" now\n"_ba));
    QVERIFY(put(u"gr/binary.bin"_s, "needle\0binary"_ba));
    GrepTool builtIn(GrepTool::Backend::BuiltIn);
    const ToolResult own = call(builtIn, input, context());
    QVERIFY2(!own.isError, qPrintable(own.text()));
    QCOMPARE(own.text(), expected);
    int hasRg = -1;
    sh(u"command -v rg"_s, &hasRg);
    if (hasRg != 0)
        QSKIP("ripgrep is not installed on this machine; the built-in search passed");
    GrepTool ripgrep(GrepTool::Backend::Ripgrep);
    const ToolResult rg = call(ripgrep, input, context());
    QVERIFY2(!rg.isError, qPrintable(rg.text()));
    QCOMPARE(rg.text(), expected);
    QCOMPARE(sh(u"ls gr"_s), "a.txt\nbinary.bin\nhostile.txt\nsub\n"_ba); // nothing was touched
}

void ToolTestCases::grepReportsBadPatterns()
{
    QVERIFY(put(u"gr2/a.txt"_s, "x\n"_ba));
    for (auto backend : { GrepTool::Backend::BuiltIn, GrepTool::Backend::Auto }) {
        GrepTool tool(backend);
        const ToolResult result = call(tool, json(R"({"pattern": "(unclosed", "path": "gr2"})"), context());
        QVERIFY2(result.isError, qPrintable(result.text()));
    }
    // Many files and a small cap: both backends keep the first matches in path order.
    ToolContext ctx = context();
    ctx.limits.maxResults = 5;
    for (int i = 0; i < 30; ++i)
        QVERIFY(put(u"gr2/f%1.txt"_s.arg(i, 2, 10, QChar(u'0')), "hit\nmiss\nhit\n"_ba));
    const QString expected
        = u"gr2/f00.txt:1:hit\ngr2/f00.txt:3:hit\ngr2/f01.txt:1:hit\ngr2/f01.txt:3:hit\n"
          "gr2/f02.txt:1:hit\n(Stopped after 5 matching lines; narrow the search with path or glob.)"_s;
    GrepTool builtIn(GrepTool::Backend::BuiltIn);
    QCOMPARE(call(builtIn, json(R"({"pattern": "hit", "path": "gr2"})"), ctx).text(), expected);
    QCOMPARE(call(u"grep"_s, json(R"({"pattern": "hit", "path": "gr2"})"), ctx).text(), expected);
}

void ToolTestCases::gitQuotesEverything()
{
    int code = -1;
    sh(u"command -v git"_s, &code);
    if (code != 0)
        QSKIP("git is not installed on this machine");
    sh(u"mkdir repo && cd repo && git init -q -b main && git config user.email t@example.invalid && git "
       u"config "
       "user.name Tester"_s,
        &code);
    QCOMPARE(code, 0);
    ToolContext ctx = context();
    ctx.root = path(u"repo"_s);
    const QString hostileName = u"it's $(touch pwned) `x` \"q\".txt"_s;
    QVERIFY(put(u"repo/"_s + hostileName, "v1\n"_ba));
    const QString message = u"Add \"file\" with $(touch pwned) and `ticks`\n\nSecond paragraph; rm -rf / ✓"_s;
    ToolResult result = call(u"git"_s,
        QJsonObject { { u"subcommand"_s, u"commit"_s }, { u"message"_s, message },
            { u"paths"_s, QJsonArray { hostileName } } },
        ctx);
    QVERIFY2(!result.isError, qPrintable(result.text()));
    QCOMPARE(sh(u"cd repo && git log -1 --format=%B"_s).trimmed(), message.toUtf8());
    QCOMPARE(sh(u"cd repo && git ls-files -z"_s), hostileName.toUtf8() + '\0');
    QCOMPARE(sh(u"ls repo"_s).trimmed(), hostileName.toUtf8()); // no "pwned" anywhere
    QCOMPARE(sh(u"ls -a . repo | grep -x pwned"_s), QByteArray());

    QVERIFY(put(u"repo/"_s + hostileName, "v2\n"_ba));
    result = call(u"git"_s, json(R"({"subcommand": "status"})"), ctx);
    QVERIFY2(result.text().contains(u" M "_s) && result.text().contains(u"$(touch pwned) `x`"_s),
        qPrintable(result.text()));
    result = call(u"git"_s, json(R"({"subcommand": "diff"})"), ctx);
    QVERIFY(result.text().contains(u"-v1\n+v2"_s));
    result = call(u"git"_s, json(R"({"subcommand": "commit", "message": "second", "all": true})"), ctx);
    QVERIFY2(!result.isError, qPrintable(result.text()));
    result = call(u"git"_s, json(R"({"subcommand": "log", "max_count": 1})"), ctx);
    QVERIFY(result.text().contains(u"    second"_s));
    QVERIFY(!result.text().contains(u"Add"_s));
    result
        = call(u"git"_s, json(R"({"subcommand": "branch", "action": "create", "name": "feature/x-1"})"), ctx);
    QVERIFY2(!result.isError, qPrintable(result.text()));
    result
        = call(u"git"_s, json(R"({"subcommand": "branch", "action": "switch", "name": "feature/x-1"})"), ctx);
    QVERIFY2(!result.isError, qPrintable(result.text()));
    result = call(u"git"_s, json(R"({"subcommand": "branch"})"), ctx);
    QVERIFY(result.text().contains(u"* feature/x-1"_s));
    result = call(u"git"_s, json(R"({"subcommand": "commit", "message": "nothing to commit"})"), ctx);
    QVERIFY(result.isError); // git's own failure, reported with its output
}

void ToolTestCases::gitRefusesOptionInjection()
{
    ToolContext ctx = context();
    ctx.root = path(u"repo"_s);
    const QList<QJsonObject> inputs {
        json(R"({"subcommand": "diff", "ref": "--output=/tmp/pwned"})"),
        json(R"({"subcommand": "log", "ref": "HEAD; touch pwned"})"),
        json(R"({"subcommand": "branch", "action": "create", "name": "--force"})"),
        json(R"({"subcommand": "branch", "action": "create", "name": "a b"})"),
        QJsonObject { { u"subcommand"_s, u"branch"_s }, { u"action"_s, u"delete"_s },
            { u"name"_s, u"$(touch pwned)"_s } },
        json(R"({"subcommand": "status", "paths": ["../../etc"]})"),
        json(R"({"subcommand": "commit", "message": "   "})"),
    };
    for (const QJsonObject &input : inputs) {
        const ToolResult result = call(u"git"_s, input, ctx);
        QVERIFY2(result.isError, qPrintable(QString::fromUtf8(QJsonDocument(input).toJson())));
    }
    QCOMPARE(sh(u"ls -a . repo /tmp | grep -x pwned"_s), QByteArray());
}
