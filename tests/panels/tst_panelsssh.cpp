// The Terminal and Files panels on an SSH machine: the real OpenSSH server on 127.0.0.1
// (tests/fixtures/sshd), SshMachine's shell channel and SFTP.
#include "codeeditor.h"
#include "fileeditor.h"
#include "filespanel.h"
#include "machinefilemodel.h"
#include "sshmachine.h"
#include "sshtestsupport.h"
#include "terminalpanel.h"
#include "terminalview.h"
#include "transferlist.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Proto;
using namespace ProtoTest;
using namespace Qt::StringLiterals;

class TestPanelsSsh : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void remoteTerminalRunsCommandsAndFollowsSize();
    void remoteFilesListAndEdit();
    void remoteBinaryIsRefused();
    void remoteAgentEditReloads();
    void remoteUploadCancelLeavesNothing();

private:
    QByteArray remoteRead(const QString &path);
    bool remoteWrite(const QString &path, const QByteArray &data);
    QStringList remoteNames(const QString &folder);

    std::unique_ptr<SshTestEnvironment> m_env;
    std::unique_ptr<SshMachine> m_machine;
    QString m_dir;
};

namespace {

bool waitForText(const std::function<QString()> &text, const QString &needle, int timeoutMs = 15000)
{
    const bool found = waitUntil([&] { return text().contains(needle); }, timeoutMs);
    if (!found)
        qWarning().noquote() << "not found:" << needle << "in screen:\n" << text();
    return found;
}

} // namespace

void TestPanelsSsh::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_env = std::make_unique<SshTestEnvironment>();
    PROTO_REQUIRE_PEER(m_env->start(), m_env->sshd.errorString());
    m_machine = std::make_unique<SshMachine>(m_env->config());
    CommandSpec spec;
    spec.command = u"mktemp -d /tmp/panels-XXXXXX"_s;
    std::unique_ptr<CommandJob> job(m_machine->run(spec));
    QByteArray out;
    connect(job.get(), &CommandJob::stdoutData, this, [&out](const QByteArray &data) { out += data; });
    QVERIFY(waitForJob(job.get()));
    QCOMPARE(job->error(), MachineJob::Error::None);
    m_dir = QString::fromUtf8(out.trimmed());
    QVERIFY(m_dir.startsWith(u"/tmp/panels-"_s));
}

void TestPanelsSsh::cleanupTestCase()
{
    m_machine.reset();
    m_env.reset();
}

QByteArray TestPanelsSsh::remoteRead(const QString &path)
{
    std::unique_ptr<FileJob> job(m_machine->readFile(path));
    if (!waitForJob(job.get()) || job->error() != MachineJob::Error::None)
        return QByteArrayLiteral("<unreadable>");
    return job->data();
}

bool TestPanelsSsh::remoteWrite(const QString &path, const QByteArray &data)
{
    std::unique_ptr<FileJob> job(m_machine->writeFile(path, data));
    return waitForJob(job.get()) && job->error() == MachineJob::Error::None;
}

QStringList TestPanelsSsh::remoteNames(const QString &folder)
{
    std::unique_ptr<FileJob> job(m_machine->list(folder));
    QStringList names;
    if (!waitForJob(job.get()))
        return { u"<timeout>"_s };
    const QList<FileInfo> entries = job->entries();
    for (const FileInfo &entry : entries)
        names << entry.name;
    names.sort();
    return names;
}

void TestPanelsSsh::remoteTerminalRunsCommandsAndFollowsSize()
{
    TerminalSettings settings;
    settings.font = QFont(u"Monospace"_s, 10);
    TerminalPanel panel(m_machine.get(), m_dir, settings);
    panel.resize(900, 520);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.canOpenShells()); // the SSH machine's shell channel
    TerminalView *view = panel.newShell();
    QCOMPARE(view->kind(), TerminalView::Kind::Remote);
    QVERIFY(view->isRunning());
    const auto screen = [view] { return view->screenText(); };

    view->sendText(u"echo remote-$((6*7)) TERM=$TERM; pwd\n"_s);
    // The fixture's server has tmux: the tab's shell lives in it (it survives a dropped link),
    // and inside tmux TERM is tmux's own.
    QVERIFY(waitForText(screen, u"remote-42 TERM="_s));
    QVERIFY(view->keepsShell());
    QVERIFY2(screen().contains(u"remote-42 TERM=tmux-256color"_s)
            || screen().contains(u"remote-42 TERM=screen-256color"_s),
        qPrintable(screen()));
    QVERIFY(screen().contains(m_dir)); // started in the working folder

    view->sendText(u"echo size=$(stty size)=\n"_s);
    const QString before = u"size=%1 %2="_s.arg(view->rows()).arg(view->columns());
    QVERIFY(waitForText(screen, before));
    const int columnsBefore = view->columns();
    panel.resize(620, 330);
    QVERIFY(waitUntil([&] { return view->columns() < columnsBefore; }));
    const QString after = u"size=%1 %2="_s.arg(view->rows()).arg(view->columns());
    QVERIFY(after != before);
    // The window-change travels to the server asynchronously: ask until it has arrived.
    bool resized = false;
    for (int attempt = 0; attempt < 10 && !resized; ++attempt) {
        view->sendText(u"clear; echo size=$(stty size)=\n"_s);
        resized = waitUntil([&] { return screen().contains(after); }, 1500);
    }
    QVERIFY2(resized, qPrintable(screen()));

    // The alternate screen (what vim, less and htop use) works over the channel.
    view->sendText(u"tput smcup; echo in-alt-$((1+2)); read x; tput rmcup\n"_s);
    QVERIFY(waitForText(screen, u"in-alt-3"_s));
    QVERIFY(!screen().contains(u"size="_s));
    view->sendText(u"\n"_s);
    QVERIFY(waitForText(screen, u"size="_s));

    view->sendText(u"exit 3\n"_s);
    QVERIFY(waitUntil([view] { return !view->isRunning(); }));
    // tmux does not pass the shell's status on: the bar says it ended, not a wrong number.
    QCOMPARE(view->exitStatus(), -1);
    QVERIFY2(view->endMessage().contains(u"ended"_s), qPrintable(view->endMessage()));
    view->restart(); // Reconnect
    QVERIFY(view->isRunning());
    view->sendText(u"echo back-$((50+5))\n"_s);
    QVERIFY(waitForText(screen, u"back-55"_s));
}

void TestPanelsSsh::remoteFilesListAndEdit()
{
    const QString folder = m_dir + u"/edit"_s;
    {
        std::unique_ptr<FileJob> mk(m_machine->makeDirectory(folder + u"/src"_s, true));
        QVERIFY(waitForJob(mk.get()));
    }
    QVERIFY(remoteWrite(folder + u"/src/app.py"_s, "print('hi')\n"));
    QVERIFY(remoteWrite(folder + u"/notes.txt"_s, "remote notes\n"));
    FilesPanel panel(m_machine.get(), folder);
    panel.resize(900, 500);
    panel.show();
    MachineFileModel *model = panel.model();
    QVERIFY(waitUntil([&] { return model->isLoaded(folder) && !model->isLoading(); }));
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(0, 0).data().toString(), u"src"_s);
    QCOMPARE(model->index(1, 0).data().toString(), u"notes.txt"_s);
    const QModelIndex src = model->index(0, 0);
    model->fetchMore(src);
    QVERIFY(waitUntil([&] { return model->isLoaded(folder + u"/src"_s); }));
    QCOMPARE(model->index(0, 0, src).data().toString(), u"app.py"_s);
    QCOMPARE(model->fileInfo(model->index(0, 0, src)).size, 12);

    FileEditor *editor = panel.openFile(folder + u"/src/app.py"_s);
    QVERIFY(waitUntil([editor] { return editor->state() == FileEditor::State::Editing; }));
    QCOMPARE(editor->editor()->toPlainText(), u"print('hi')\n"_s);
    editor->editor()->appendPlainText(u"print('over sftp')"_s);
    QSignalSpy saved(editor, &FileEditor::saved);
    QVERIFY(editor->save());
    QVERIFY(saved.wait(15000));
    QCOMPARE(remoteRead(folder + u"/src/app.py"_s), QByteArray("print('hi')\n\nprint('over sftp')"));
    QCOMPARE(remoteNames(folder + u"/src"_s), QStringList { u"app.py"_s }); // atomic: no temp file left
}

void TestPanelsSsh::remoteBinaryIsRefused()
{
    const QString path = m_dir + u"/blob.bin"_s;
    QVERIFY(remoteWrite(path,
        QByteArray("\x7f"
                   "ELF\x02\x01\x01\0\0\0",
            10)));
    FileEditor editor(m_machine.get(), path);
    QVERIFY(waitUntil([&] { return editor.state() == FileEditor::State::Refused; }));
    QVERIFY(editor.message().contains(u"not text"_s));
}

void TestPanelsSsh::remoteAgentEditReloads()
{
    const QString path = m_dir + u"/agent.md"_s;
    QVERIFY(remoteWrite(path, "before\n"));
    FilesPanel panel(m_machine.get(), m_dir);
    FileEditor *editor = panel.openFile(path);
    QVERIFY(waitUntil([editor] { return editor->state() == FileEditor::State::Editing; }));
    QVERIFY(remoteWrite(path, "after the agent's edit\n"));
    panel.fileChanged(path);
    QVERIFY(waitUntil([editor] { return editor->editor()->toPlainText() == u"after the agent's edit\n"_s; }));
}

void TestPanelsSsh::remoteUploadCancelLeavesNothing()
{
    QTemporaryDir local;
    const QString big = QDir(local.path()).filePath(u"big.bin"_s);
    {
        QFile file(big);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray block(1 << 20, 'y');
        for (int i = 0; i < 256; ++i)
            file.write(block);
    }
    const QString folder = m_dir + u"/uploads"_s;
    {
        std::unique_ptr<FileJob> mk(m_machine->makeDirectory(folder, true));
        QVERIFY(waitForJob(mk.get()));
    }
    FilesPanel panel(m_machine.get(), folder);
    QVERIFY(waitUntil([&] { return panel.model()->isLoaded(folder); }));
    QVERIFY(panel.upload(big, folder));
    QVERIFY(waitUntil([&] { return panel.transfers()->bytesDone(0) > 0; }));
    panel.transfers()->cancel(0);
    QVERIFY(waitUntil([&] { return panel.transfers()->outcome(0) == TransferList::Outcome::Cancelled; }));
    QCOMPARE(remoteNames(folder), QStringList {});

    // A small one goes through and shows up in the tree.
    const QString small = QDir(local.path()).filePath(u"small.txt"_s);
    {
        QFile file(small);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("small file\n");
    }
    panel.upload(small, folder);
    QVERIFY(waitUntil([&] { return panel.transfers()->outcome(1) == TransferList::Outcome::Done; }));
    QCOMPARE(remoteRead(folder + u"/small.txt"_s), QByteArray("small file\n"));
    QVERIFY(waitUntil([&] { return panel.model()->indexForPath(folder + u"/small.txt"_s).isValid(); }));
}

QTEST_MAIN(TestPanelsSsh)
#include "tst_panelsssh.moc"
