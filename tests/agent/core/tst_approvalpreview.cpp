// Approvals of file changes show the diff that will be applied, worked out before anything is
// written (the real AgentRunner, tools and LocalMachine against the fake LLM server), and a file
// changed between the preview and the run is refused rather than changed differently.
#include "agenttestfixture.h"

#include <QFile>
#include <QSignalSpy>

using namespace Proto;
using namespace ProtoTest;
using namespace Qt::StringLiterals;

namespace {

QString readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return u"<missing>"_s;
    return QString::fromUtf8(file.readAll());
}

void writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(data);
}

// Every tool, the file tools under Anthropic's and our own names: the runner offers them all.
void addAgentWithAllTools(AgentFixture &f)
{
    AgentDefinition agent;
    agent.name = u"editor"_s;
    agent.description = u"test agent"_s;
    agent.systemPrompt = u"test"_s;
    agent.tools = QStringList { u"*"_s };
    f.agents.add(agent);
}

const QString Missing = u"<missing>"_s;

struct Seen
{
    int asked = 0;
    ApprovalRequest::Spec spec;
    QString fileAtAsk; // the file's content when the person was asked
};

} // namespace

class TestApprovalPreview : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void diffBeforeApproval_data()
    {
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QJsonObject>("input");
        QTest::addColumn<QString>("before"); // Missing: no file
        QTest::addColumn<QStringList>("diffHas");
        QTest::addColumn<QString>("after");

        const QString notes = u"alpha\nbeta\ngamma\n"_s;
        QTest::newRow("write creates")
            << u"write"_s << QJsonObject { { u"path"_s, u"notes.txt"_s }, { u"content"_s, u"one\ntwo\n"_s } }
            << Missing << QStringList { u"--- /dev/null"_s, u"+++ b/notes.txt"_s, u"+one"_s, u"+two"_s }
            << u"one\ntwo\n"_s;
        QTest::newRow("write replaces")
            << u"write"_s
            << QJsonObject { { u"path"_s, u"notes.txt"_s }, { u"content"_s, u"alpha\nBETA\n"_s } } << notes
            << QStringList { u"--- a/notes.txt"_s, u"-beta"_s, u"-gamma"_s, u"+BETA"_s }
            << u"alpha\nBETA\n"_s;
        QTest::newRow("edit") << u"edit"_s
                              << QJsonObject { { u"path"_s, u"notes.txt"_s }, { u"old_str"_s, u"beta"_s },
                                     { u"new_str"_s, u"delta"_s } }
                              << notes << QStringList { u"-beta"_s, u"+delta"_s, u" alpha"_s }
                              << u"alpha\ndelta\ngamma\n"_s;
        QTest::newRow("edit replace_all")
            << u"edit"_s
            << QJsonObject { { u"path"_s, u"notes.txt"_s }, { u"old_str"_s, u"a\n"_s },
                   { u"new_str"_s, u"A\n"_s }, { u"replace_all"_s, true } }
            << notes << QStringList { u"-alpha"_s, u"+alphA"_s, u"+betA"_s, u"+gammA"_s }
            << u"alphA\nbetA\ngammA\n"_s;
        QTest::newRow("str_replace") << u"str_replace_based_edit_tool"_s
                                     << QJsonObject { { u"command"_s, u"str_replace"_s },
                                            { u"path"_s, u"notes.txt"_s }, { u"old_str"_s, u"gamma"_s },
                                            { u"new_str"_s, u"<b>gamma</b>\u202e"_s } }
                                     << notes << QStringList { u"-gamma"_s, u"+<b>gamma</b>\u202e"_s }
                                     << u"alpha\nbeta\n<b>gamma</b>\u202e\n"_s;
        QTest::newRow("create") << u"str_replace_based_edit_tool"_s
                                << QJsonObject { { u"command"_s, u"create"_s },
                                       { u"path"_s, u"sub/new.txt"_s }, { u"file_text"_s, u"x\n"_s } }
                                << Missing
                                << QStringList { u"--- /dev/null"_s, u"+++ b/sub/new.txt"_s, u"+x"_s }
                                << u"x\n"_s;
        QTest::newRow("insert") << u"str_replace_based_edit_tool"_s
                                << QJsonObject { { u"command"_s, u"insert"_s }, { u"path"_s, u"notes.txt"_s },
                                       { u"insert_line"_s, 1 }, { u"insert_text"_s, u"inserted"_s } }
                                << notes << QStringList { u" alpha"_s, u"+inserted"_s, u" beta"_s }
                                << u"alpha\ninserted\nbeta\ngamma\n"_s;
    }

    // The spec carries the diff when the person is asked, and nothing is written until they allow.
    void diffBeforeApproval()
    {
        QFETCH(QString, tool);
        QFETCH(QJsonObject, input);
        QFETCH(QString, before);
        QFETCH(QStringList, diffHas);
        QFETCH(QString, after);

        AgentFixture f;
        QVERIFY(f.init());
        addAgentWithAllTools(f);
        const QString path = f.project + u'/' + input.value(u"path"_s).toString();
        if (before != Missing)
            writeFile(path, before.toUtf8());
        f.replyTool(u"toolu_change"_s, tool, input);
        f.replyText(u"changed"_s);
        Seen seen;
        connect(&f.approvals, &ApprovalBroker::requested, this, [&](ApprovalRequest *request) {
            ++seen.asked;
            seen.spec = request->spec();
            seen.fileAtAsk = readFile(path);
            QMetaObject::invokeMethod(
                &f.approvals, [&f, id = request->id()] { f.approvals.allowOnce(id); }, Qt::QueuedConnection);
        });
        AgentRunner runner(f.services(ApprovalMode::Ask), f.newSession(u"editor"_s), &f.machine);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QVERIFY(runner.send(u"change it"_s));
        QVERIFY(finished.wait(20000));

        QCOMPARE(seen.asked, 1);
        QCOMPARE(seen.fileAtAsk, before); // nothing written before the answer
        QVERIFY(seen.spec.hasPreview);
        QVERIFY2(seen.spec.previewError.isEmpty(), qPrintable(seen.spec.previewError));
        for (const QString &part : std::as_const(diffHas))
            QVERIFY2(seen.spec.diff.contains(part), qPrintable(part + u" not in\n"_s + seen.spec.diff));
        QVERIFY2(!seen.spec.previewSummary.isEmpty(), "no summary");
        QCOMPARE(readFile(path), after);
        // The diff the tool reports after the write is the one that was approved.
        QVERIFY(f.store->flush());
        QCOMPARE(f.store->toolCall(u"toolu_change"_s)->status, u"done"_s);
        QCOMPARE(f.store->toolCall(u"toolu_change"_s)->diff, seen.spec.diff);
    }

    void previewFailureIsShown_data()
    {
        QTest::addColumn<QJsonObject>("input");
        QTest::addColumn<QString>("errorHas");
        QTest::newRow("file missing") << QJsonObject { { u"path"_s, u"absent.txt"_s },
            { u"old_str"_s, u"a"_s }, { u"new_str"_s, u"b"_s } }
                                      << u"File not found"_s;
        QTest::newRow("old text not found") << QJsonObject { { u"path"_s, u"notes.txt"_s },
            { u"old_str"_s, u"zeta"_s }, { u"new_str"_s, u"b"_s } }
                                            << u"old_str was not found"_s;
        QTest::newRow("outside the folder") << QJsonObject { { u"path"_s, u"../elsewhere.txt"_s },
            { u"old_str"_s, u"a"_s }, { u"new_str"_s, u"b"_s } }
                                            << u"outside"_s;
    }

    // The card says why there is no diff; approving it changes nothing.
    void previewFailureIsShown()
    {
        QFETCH(QJsonObject, input);
        QFETCH(QString, errorHas);
        AgentFixture f;
        QVERIFY(f.init());
        writeFile(f.project + u"/notes.txt"_s, "alpha\n");
        f.replyTool(u"toolu_e"_s, u"edit"_s, input);
        f.replyText(u"ok"_s);
        Seen seen;
        connect(&f.approvals, &ApprovalBroker::requested, this, [&](ApprovalRequest *request) {
            ++seen.asked;
            seen.spec = request->spec();
            QMetaObject::invokeMethod(
                &f.approvals, [&f, id = request->id()] { f.approvals.allowOnce(id); }, Qt::QueuedConnection);
        });
        AgentRunner runner(f.services(ApprovalMode::Ask), f.newSession(), &f.machine);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QVERIFY(runner.send(u"edit"_s));
        QVERIFY(finished.wait(20000));
        QCOMPARE(seen.asked, 1);
        QVERIFY(seen.spec.hasPreview);
        QVERIFY2(seen.spec.previewError.contains(errorHas, Qt::CaseInsensitive),
            qPrintable(seen.spec.previewError));
        QVERIFY(seen.spec.diff.isEmpty());
        QCOMPARE(readFile(f.project + u"/notes.txt"_s), u"alpha\n"_s);
        QVERIFY(lastToolResults(f.requestBody(1)).at(0).toObject().value(u"is_error"_s).toBool());
    }

    void changedSincePreviewIsRefused_data()
    {
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QJsonObject>("input");
        QTest::addColumn<QString>("before"); // Missing: no file at the preview
        QTest::addColumn<QString>("meanwhile"); // Missing: deleted between preview and run

        const QJsonObject edit { { u"path"_s, u"notes.txt"_s }, { u"old_str"_s, u"beta"_s },
            { u"new_str"_s, u"delta"_s } };
        QTest::newRow("edit, content changed (old text still there)")
            << u"edit"_s << edit << u"alpha\nbeta\n"_s << u"alpha\nbeta\nrm -rf ~\n"_s;
        QTest::newRow("edit, same size other bytes")
            << u"edit"_s << edit << u"alpha\nbeta\n"_s << u"ALPHA\nbeta\n"_s;
        QTest::newRow("write, file appeared")
            << u"write"_s << QJsonObject { { u"path"_s, u"notes.txt"_s }, { u"content"_s, u"new\n"_s } }
            << Missing << u"precious\n"_s;
        QTest::newRow("write, file changed")
            << u"write"_s << QJsonObject { { u"path"_s, u"notes.txt"_s }, { u"content"_s, u"new\n"_s } }
            << u"old\n"_s << u"precious\n"_s;
        QTest::newRow("create, file appeared")
            << u"str_replace_based_edit_tool"_s
            << QJsonObject { { u"command"_s, u"create"_s }, { u"path"_s, u"notes.txt"_s },
                   { u"file_text"_s, u"new\n"_s } }
            << Missing << u"precious\n"_s;
        QTest::newRow("insert, file changed")
            << u"str_replace_based_edit_tool"_s
            << QJsonObject { { u"command"_s, u"insert"_s }, { u"path"_s, u"notes.txt"_s },
                   { u"insert_line"_s, 0 }, { u"insert_text"_s, u"top"_s } }
            << u"a\n"_s << u"b\n"_s;
        QTest::newRow("edit, preview failed (missing), file appeared")
            << u"edit"_s << edit << Missing << u"alpha\nbeta\n"_s;
    }

    // A hostile model (or anything else) changes the file while the person reads the diff: the
    // tool refuses instead of applying a change nobody saw.
    void changedSincePreviewIsRefused()
    {
        QFETCH(QString, tool);
        QFETCH(QJsonObject, input);
        QFETCH(QString, before);
        QFETCH(QString, meanwhile);
        AgentFixture f;
        QVERIFY(f.init());
        addAgentWithAllTools(f);
        const QString path = f.project + u"/notes.txt"_s;
        if (before != Missing)
            writeFile(path, before.toUtf8());
        f.replyTool(u"toolu_race"_s, tool, input);
        f.replyText(u"ok"_s);
        int asked = 0;
        connect(&f.approvals, &ApprovalBroker::requested, this, [&](ApprovalRequest *request) {
            ++asked;
            QCOMPARE(readFile(path), before);
            if (meanwhile == Missing)
                QFile::remove(path);
            else
                writeFile(path, meanwhile.toUtf8());
            QMetaObject::invokeMethod(
                &f.approvals, [&f, id = request->id()] { f.approvals.allowOnce(id); }, Qt::QueuedConnection);
        });
        AgentRunner runner(f.services(ApprovalMode::Ask), f.newSession(u"editor"_s), &f.machine);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QVERIFY(runner.send(u"change it"_s));
        QVERIFY(finished.wait(20000));
        QCOMPARE(asked, 1);
        QCOMPARE(readFile(path), meanwhile); // untouched
        const QJsonObject result = lastToolResults(f.requestBody(1)).at(0).toObject();
        QVERIFY(result.value(u"is_error"_s).toBool());
        if (!(before == Missing && tool == u"edit"_s))
            QVERIFY2(resultText(result).contains(u"shown for approval"_s), qPrintable(resultText(result)));
        QVERIFY(f.store->flush());
        QCOMPARE(f.store->toolCall(u"toolu_race"_s)->status, u"error"_s);
    }

    // Unchanged between preview and run: the approved change lands (the hash is not too strict).
    void unchangedFileIsApplied()
    {
        AgentFixture f;
        QVERIFY(f.init());
        const QString path = f.project + u"/notes.txt"_s;
        writeFile(path, "alpha\nbeta\n");
        f.replyTool(u"toolu_e"_s, u"edit"_s,
            QJsonObject {
                { u"path"_s, u"notes.txt"_s }, { u"old_str"_s, u"beta"_s }, { u"new_str"_s, u"delta"_s } });
        f.replyText(u"ok"_s);
        connect(&f.approvals, &ApprovalBroker::requested, this, [&](ApprovalRequest *request) {
            writeFile(path, "alpha\nbeta\n"); // rewritten, same bytes
            QMetaObject::invokeMethod(
                &f.approvals, [&f, id = request->id()] { f.approvals.allowOnce(id); }, Qt::QueuedConnection);
        });
        AgentRunner runner(f.services(ApprovalMode::Ask), f.newSession(), &f.machine);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QVERIFY(runner.send(u"edit"_s));
        QVERIFY(finished.wait(20000));
        QCOMPARE(readFile(path), u"alpha\ndelta\n"_s);
    }

    // Stopping while the preview is worked out cancels it; no approval is left behind.
    void stopDuringPreview()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyTool(
            u"toolu_w"_s, u"write"_s, QJsonObject { { u"path"_s, u"a.txt"_s }, { u"content"_s, u"x"_s } });
        AgentRunner runner(f.services(ApprovalMode::Ask), f.newSession(), &f.machine);
        QSignalSpy asked(&runner, &AgentRunner::approvalRequested);
        QSignalSpy finished(&runner, &AgentRunner::turnFinished);
        QSignalSpy states(&runner, &AgentRunner::stateChanged);
        QVERIFY(runner.send(u"write"_s));
        QVERIFY(QTest::qWaitFor([&runner] { return runner.state() == AgentRunner::State::Waiting; }, 20000));
        runner.stop();
        QCOMPARE(finished.count(), 1);
        QTest::qWait(100);
        QVERIFY(f.approvals.pending().isEmpty());
        QVERIFY(!QFile::exists(f.project + u"/a.txt"_s));
    }
};

QTEST_GUILESS_MAIN(TestApprovalPreview)
#include "tst_approvalpreview.moc"
