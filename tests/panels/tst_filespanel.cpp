#include "codeeditor.h"
#include "fileclassifier.h"
#include "fileeditor.h"
#include "filespanel.h"
#include "filessessionpanel.h"
#include "localmachine.h"
#include "machinefilemodel.h"
#include "panelregistry.h"
#include "store.h"
#include "transferlist.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUrl>

#include <sys/stat.h>

using namespace Proto;
using namespace Qt::StringLiterals;

class TestFilesPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void classify_data();
    void classify();
    void permissionsText_data();
    void permissionsText();
    void modelListsFolderLazily();
    void modelRefreshMergesAndKeepsExpansion();
    void modelRenames();
    void modelReportsUnlistableRoot();
    void editorEditsAndSaves();
    void editorKeepsCrlf();
    void editorFinds();
    void editorRefusesBinaryAndHuge();
    void agentEditReloadsEditor();
    void agentEditAsksBeforeDiscarding();
    void uploadReportsProgressAndCancelLeavesNothing();
    void uploadAndDownload();
    void dropUploads();
    void createAndDelete();
    void registeredAsSessionPanel();
    void screenshot();

private:
    QString write(const QString &name, const QByteArray &data);
    QByteArray read(const QString &name) const;
    std::unique_ptr<FilesPanel> makePanel();
    static bool waitLoaded(MachineFileModel *model, const QString &folder);
    static QStringList names(MachineFileModel *model, const QModelIndex &parent = {});

    LocalMachine m_machine;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_root;
};

void TestFilesPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestFilesPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_root = QDir(m_dir->path()).canonicalPath();
}

QString TestFilesPanel::write(const QString &name, const QByteArray &data)
{
    const QString path = QDir(m_root).filePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write test file");
    file.write(data);
    return path;
}

QByteArray TestFilesPanel::read(const QString &name) const
{
    QFile file(QDir(m_root).filePath(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

std::unique_ptr<FilesPanel> TestFilesPanel::makePanel()
{
    auto panel = std::make_unique<FilesPanel>(&m_machine, m_root);
    panel->resize(1000, 600);
    panel->show();
    if (!QTest::qWaitForWindowExposed(panel.get()))
        qWarning("window not exposed");
    return panel;
}

bool TestFilesPanel::waitLoaded(MachineFileModel *model, const QString &folder)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 10000) {
        if (model->isLoaded(folder) && !model->isLoading())
            return true;
        QTest::qWait(10);
    }
    return false;
}

QStringList TestFilesPanel::names(MachineFileModel *model, const QModelIndex &parent)
{
    QStringList result;
    for (int row = 0; row < model->rowCount(parent); ++row)
        result << model->index(row, 0, parent).data().toString();
    return result;
}

void TestFilesPanel::classify_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("truncated");
    QTest::addColumn<int>("verdict");
    const int text = int(FileClassifier::Verdict::Text);
    const int binary = int(FileClassifier::Verdict::Binary);
    QTest::newRow("empty") << QByteArray() << false << text;
    QTest::newRow("ascii") << QByteArray("int main() {}\n") << false << text;
    QTest::newRow("utf8") << QByteArray("h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x98\x80") << false << text;
    QTest::newRow("bom") << QByteArray("\xef\xbb\xbfx") << false << text;
    QTest::newRow("control chars are text") << QByteArray("\x1b[31mred\x1b[0m\t\r\n\x0c") << false << text;
    QTest::newRow("nul") << QByteArray("abc\0def", 7) << false << binary;
    QTest::newRow("latin1") << QByteArray("caf\xe9") << false << binary;
    QTest::newRow("lone continuation") << QByteArray("a\x80z") << false << binary;
    QTest::newRow("overlong c0") << QByteArray("\xc0\xaf") << false << binary;
    QTest::newRow("overlong e0") << QByteArray("\xe0\x80\xaf") << false << binary;
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << false << binary;
    QTest::newRow("past 10ffff") << QByteArray("\xf4\x90\x80\x80") << false << binary;
    QTest::newRow("f5") << QByteArray("\xf5\x80\x80\x80") << false << binary;
    QTest::newRow("cut at end") << QByteArray("ok \xe2\x9c") << false << binary;
    QTest::newRow("cut at end of a prefix") << QByteArray("ok \xe2\x9c") << true << text;
    QTest::newRow("cut prefix, bad continuation") << QByteArray("ok \xe2z") << true << binary;
    QTest::newRow("png") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << false << binary;
    QTest::newRow("elf") << QByteArray("\x7f"
                                       "ELF\x02\x01\x01\0",
        8) << false << binary;
    QTest::newRow("too large") << QByteArray(FileClassifier::kMaxEditableBytes + 1, 'a') << false
                               << int(FileClassifier::Verdict::TooLarge);
}

void TestFilesPanel::classify()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, truncated);
    QFETCH(int, verdict);
    QCOMPARE(int(FileClassifier::classifyContent(data, truncated)), verdict);
}

void TestFilesPanel::permissionsText_data()
{
    QTest::addColumn<uint>("mode");
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("expected");
    QTest::newRow("file 644") << 0644u << int(FileInfo::Type::File) << u"-rw-r--r--"_s;
    QTest::newRow("dir 755") << 0755u << int(FileInfo::Type::Directory) << u"drwxr-xr-x"_s;
    QTest::newRow("link 777") << 0777u << int(FileInfo::Type::Symlink) << u"lrwxrwxrwx"_s;
    QTest::newRow("setuid") << 04755u << int(FileInfo::Type::File) << u"-rwsr-xr-x"_s;
    QTest::newRow("setgid no x") << 02640u << int(FileInfo::Type::File) << u"-rw-r-S---"_s;
    QTest::newRow("sticky") << 01777u << int(FileInfo::Type::Directory) << u"drwxrwxrwt"_s;
    QTest::newRow("none") << 0u << int(FileInfo::Type::File) << u"----------"_s;
}

void TestFilesPanel::permissionsText()
{
    QFETCH(uint, mode);
    QFETCH(int, type);
    QFETCH(QString, expected);
    QCOMPARE(MachineFileModel::formatPermissions(mode, FileInfo::Type(type)), expected);
}

void TestFilesPanel::modelListsFolderLazily()
{
    write(u"b.txt"_s, "12345");
    write(u"a.txt"_s, "");
    write(u".hidden"_s, "h");
    write(u"z-dir/inner.txt"_s, "inner");
    QDir(m_root).mkdir(u"A-dir"_s);
    QVERIFY(::chmod(QFile::encodeName(QDir(m_root).filePath(u"b.txt"_s)).constData(), 0640) == 0);

    MachineFileModel model(&m_machine, m_root);
    QCOMPARE(model.rootPath(), m_root);
    QVERIFY(model.isLoading()); // listed asynchronously
    QVERIFY(waitLoaded(&model, m_root));
    QCOMPARE(names(&model), (QStringList { u"A-dir"_s, u"z-dir"_s, u".hidden"_s, u"a.txt"_s, u"b.txt"_s }));

    const QModelIndex b = model.indexForPath(QDir(m_root).filePath(u"b.txt"_s));
    QVERIFY(b.isValid());
    QCOMPARE(model.fileInfo(b).size, 5);
    QCOMPARE(
        b.siblingAtColumn(MachineFileModel::SizeColumn).data().toString(), MachineFileModel::formatSize(5));
    QCOMPARE(b.siblingAtColumn(MachineFileModel::PermissionsColumn).data().toString(), u"-rw-r-----"_s);
    QVERIFY(!b.siblingAtColumn(MachineFileModel::ModifiedColumn).data().toString().isEmpty());
    QCOMPARE(
        model.headerData(MachineFileModel::PermissionsColumn, Qt::Horizontal).toString(), u"Permissions"_s);
    QVERIFY(!model.hasChildren(b));

    // A sub-folder is listed when it is first expanded, not before.
    const QModelIndex zDir = model.indexForPath(QDir(m_root).filePath(u"z-dir"_s));
    QVERIFY(model.hasChildren(zDir));
    QCOMPARE(model.rowCount(zDir), 0);
    QVERIFY(model.canFetchMore(zDir));
    model.fetchMore(zDir);
    QVERIFY(zDir.data(MachineFileModel::LoadingRole).toBool());
    QCOMPARE(zDir.siblingAtColumn(MachineFileModel::SizeColumn).data().toString(), u"loading…"_s);
    QVERIFY(waitLoaded(&model, zDir.data(MachineFileModel::PathRole).toString()));
    QCOMPARE(names(&model, zDir), QStringList { u"inner.txt"_s });
    QVERIFY(!model.canFetchMore(zDir));
    const QModelIndex inner = model.index(0, 0, zDir);
    QCOMPARE(model.filePath(inner), QDir(m_root).filePath(u"z-dir/inner.txt"_s));
    QCOMPARE(model.parent(inner), zDir);
    QCOMPARE(model.folderFor(inner), QDir(m_root).filePath(u"z-dir"_s));
    QCOMPARE(model.folderFor(zDir), QDir(m_root).filePath(u"z-dir"_s));
    QCOMPARE(model.folderFor({}), m_root);

    // An empty folder, once listed, has no expander.
    const QModelIndex aDir = model.indexForPath(QDir(m_root).filePath(u"A-dir"_s));
    model.fetchMore(aDir);
    QVERIFY(waitLoaded(&model, QDir(m_root).filePath(u"A-dir"_s)));
    QVERIFY(!model.hasChildren(aDir));
}

void TestFilesPanel::modelRefreshMergesAndKeepsExpansion()
{
    write(u"keep.txt"_s, "k");
    write(u"gone.txt"_s, "g");
    write(u"sub/one.txt"_s, "1");
    MachineFileModel model(&m_machine, m_root);
    QVERIFY(waitLoaded(&model, m_root));
    const QString sub = QDir(m_root).filePath(u"sub"_s);
    model.fetchMore(model.indexForPath(sub));
    QVERIFY(waitLoaded(&model, sub));
    const QPersistentModelIndex subIndex = model.indexForPath(sub);
    const QPersistentModelIndex keep = model.indexForPath(QDir(m_root).filePath(u"keep.txt"_s));

    QFile::remove(QDir(m_root).filePath(u"gone.txt"_s));
    write(u"new.txt"_s, "new!");
    write(u"keep.txt"_s, "kept and grown");
    QDir(m_root).mkdir(u"another"_s);
    QSignalSpy loaded(&model, &MachineFileModel::folderLoaded);
    model.refresh(m_root);
    QVERIFY(loaded.wait());
    QCOMPARE(names(&model), (QStringList { u"another"_s, u"sub"_s, u"keep.txt"_s, u"new.txt"_s }));
    QVERIFY(subIndex.isValid());
    QVERIFY(keep.isValid());
    QCOMPARE(model.fileInfo(keep).size, 14);
    QVERIFY(model.isLoaded(sub)); // the expanded sub-folder kept its listing
    QCOMPARE(names(&model, subIndex), QStringList { u"one.txt"_s });

    // A file that becomes a folder of the same name is replaced, not confused.
    QFile::remove(QDir(m_root).filePath(u"new.txt"_s));
    QDir(m_root).mkdir(u"new.txt"_s);
    model.refresh(m_root);
    QVERIFY(loaded.wait());
    QCOMPARE(names(&model), (QStringList { u"another"_s, u"new.txt"_s, u"sub"_s, u"keep.txt"_s }));
    QVERIFY(model.isDir(model.indexForPath(QDir(m_root).filePath(u"new.txt"_s))));
}

void TestFilesPanel::modelRenames()
{
    write(u"old.txt"_s, "content");
    write(u"taken.txt"_s, "other");
    MachineFileModel model(&m_machine, m_root);
    QVERIFY(waitLoaded(&model, m_root));
    QSignalSpy failed(&model, &MachineFileModel::renameFailed);
    const QModelIndex old = model.indexForPath(QDir(m_root).filePath(u"old.txt"_s));
    QVERIFY(!model.setData(old, u"taken.txt"_s));
    QCOMPARE(failed.count(), 1);
    QVERIFY(!model.setData(old, u"a/b"_s));
    QVERIFY(!model.setData(old, u".."_s));
    QCOMPARE(failed.count(), 3);
    QCOMPARE(read(u"taken.txt"_s), QByteArray("other"));

    QSignalSpy loaded(&model, &MachineFileModel::folderLoaded);
    QVERIFY(model.setData(old, u"new name.txt"_s));
    QVERIFY(loaded.wait());
    QCOMPARE(read(u"new name.txt"_s), QByteArray("content"));
    QVERIFY(!QFile::exists(QDir(m_root).filePath(u"old.txt"_s)));
    QCOMPARE(names(&model), (QStringList { u"new name.txt"_s, u"taken.txt"_s }));
}

void TestFilesPanel::modelReportsUnlistableRoot()
{
    MachineFileModel model(&m_machine, QDir(m_root).filePath(u"does-not-exist"_s));
    QSignalSpy failed(&model, &MachineFileModel::folderFailed);
    QVERIFY(failed.wait());
    QVERIFY(!failed.first().at(1).toString().isEmpty());
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.isLoading());
}

void TestFilesPanel::editorEditsAndSaves()
{
    const QString path = write(u"main.cpp"_s, "int main()\n{\n    return 0;\n}\n");
    auto panel = makePanel();
    FileEditor *editor = panel->openFile(path);
    QCOMPARE(panel->openFile(path), editor); // opened once
    QTRY_COMPARE(editor->state(), FileEditor::State::Editing);
    QCOMPARE(editor->editor()->syntaxName(), u"C++"_s);
    QVERIFY(!editor->isModified());

    panel->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(panel.get()));
    editor->editor()->setFocus();
    QTextCursor cursor = editor->editor()->textCursor();
    cursor.movePosition(QTextCursor::End);
    editor->editor()->setTextCursor(cursor);
    QTest::keyClicks(editor->editor(), u"// edited "_s);
    editor->editor()->insertPlainText(u"✓"_s);
    QVERIFY(editor->isModified());
    QVERIFY(panel->hasUnsavedChanges());
    QVERIFY(panel->editorTabs()->tabText(0).contains(u"●"_s));

    QSignalSpy saved(editor, &FileEditor::saved);
    QTest::keyClick(editor->editor(), Qt::Key_S, Qt::ControlModifier);
    QVERIFY(saved.wait());
    QCOMPARE(read(u"main.cpp"_s), QByteArray("int main()\n{\n    return 0;\n}\n// edited \xe2\x9c\x93"));
    QVERIFY(!editor->isModified());
    QVERIFY(!panel->editorTabs()->tabText(0).contains(u"●"_s));
    // Atomic writes leave nothing beside the file.
    QCOMPARE(QDir(m_root).entryList(QDir::Files | QDir::Hidden), QStringList { u"main.cpp"_s });

    // A type by name without extension: a shell script by its #! line.
    const QString script = write(u"run-me"_s, "#!/bin/sh\necho hi\n");
    FileEditor *scriptEditor = panel->openFile(script);
    QTRY_COMPARE(scriptEditor->state(), FileEditor::State::Editing);
    QVERIFY2(scriptEditor->editor()->syntaxName().contains(u"Bash"_s)
            || scriptEditor->editor()->syntaxName().contains(u"Shell"_s),
        qPrintable(scriptEditor->editor()->syntaxName()));
}

void TestFilesPanel::editorKeepsCrlf()
{
    const QString path = write(u"dos.txt"_s, "one\r\ntwo\r\n");
    auto panel = makePanel();
    FileEditor *editor = panel->openFile(path);
    QTRY_COMPARE(editor->state(), FileEditor::State::Editing);
    QCOMPARE(editor->editor()->toPlainText(), u"one\ntwo\n"_s);
    editor->editor()->appendPlainText(u"three"_s);
    QSignalSpy saved(editor, &FileEditor::saved);
    QVERIFY(editor->save());
    QVERIFY(saved.wait());
    QCOMPARE(read(u"dos.txt"_s), QByteArray("one\r\ntwo\r\n\r\nthree"));
}

void TestFilesPanel::editorFinds()
{
    const QString path = write(u"notes.md"_s, "alpha\nbeta\nAlpha again\n");
    auto panel = makePanel();
    FileEditor *editor = panel->openFile(path);
    QTRY_COMPARE(editor->state(), FileEditor::State::Editing);
    panel->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(panel.get()));
    editor->editor()->setFocus();
    QTest::keyClick(editor->editor(), Qt::Key_F, Qt::ControlModifier);
    auto *findEdit = qobject_cast<QLineEdit *>(QApplication::focusWidget());
    QVERIFY(findEdit);
    QTest::keyClicks(findEdit, u"alpha"_s);
    QCOMPARE(editor->editor()->textCursor().selectedText(), u"alpha"_s);
    QTest::keyClick(findEdit, Qt::Key_Return);
    QCOMPARE(editor->editor()->textCursor().selectedText(), u"Alpha"_s); // case-insensitive, next match
    QTest::keyClick(findEdit, Qt::Key_Return);
    QCOMPARE(editor->editor()->textCursor().blockNumber(), 0); // wrapped around
}

void TestFilesPanel::editorRefusesBinaryAndHuge()
{
    const QString binary = write(u"image.png"_s, QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    const QString latin1 = write(u"latin1.txt"_s, "caf\xe9\n");
    const QString huge = QDir(m_root).filePath(u"huge.log"_s);
    {
        QFile file(huge);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(FileClassifier::kMaxEditableBytes + 1)); // sparse: instant
    }
    auto panel = makePanel();
    FileEditor *binaryEditor = panel->openFile(binary);
    QTRY_COMPARE(binaryEditor->state(), FileEditor::State::Refused);
    QVERIFY2(binaryEditor->message().contains(u"not text"_s), qPrintable(binaryEditor->message()));
    FileEditor *latinEditor = panel->openFile(latin1);
    QTRY_COMPARE(latinEditor->state(), FileEditor::State::Refused);
    FileEditor *hugeEditor = panel->openFile(huge);
    QTRY_COMPARE(hugeEditor->state(), FileEditor::State::Refused);
    QVERIFY2(hugeEditor->message().contains(u"more than"_s), qPrintable(hugeEditor->message()));
    QVERIFY(!hugeEditor->save());

    // The refusal offers a download instead (the panel then asks where to save it).
    FileEditor standalone(&m_machine, huge);
    standalone.show();
    QTRY_COMPARE(standalone.state(), FileEditor::State::Refused);
    QSignalSpy download(&standalone, &FileEditor::downloadRequested);
    const auto buttons = standalone.findChildren<QPushButton *>();
    QPushButton *downloadButton = nullptr;
    for (QPushButton *button : buttons) {
        if (button->text().startsWith(u"Download"_s) && button->isVisible())
            downloadButton = button;
    }
    QVERIFY(downloadButton);
    downloadButton->click();
    QCOMPARE(download.count(), 1);
    QCOMPARE(download.first().first().toString(), huge);

    FileEditor *missing = panel->openFile(QDir(m_root).filePath(u"nope.txt"_s));
    QTRY_COMPARE(missing->state(), FileEditor::State::Failed);
}

void TestFilesPanel::agentEditReloadsEditor()
{
    const QString path = write(u"config.json"_s, "{\"a\": 1}\n");
    auto panel = makePanel();
    QVERIFY(waitLoaded(panel->model(), m_root));
    FileEditor *editor = panel->openFile(path);
    QTRY_COMPARE(editor->state(), FileEditor::State::Editing);

    // The agent's edit tool writes through the machine, then the lead calls fileChanged.
    std::unique_ptr<FileJob> job(m_machine.writeFile(path, "{\"a\": 2, \"b\": true}\n"));
    QSignalSpy done(job.get(), &MachineJob::finished);
    QVERIFY(done.wait());
    panel->fileChanged(path);
    QTRY_COMPARE(editor->editor()->toPlainText(), u"{\"a\": 2, \"b\": true}\n"_s);
    QVERIFY(!editor->isModified());
    QTRY_COMPARE(panel->model()->fileInfo(panel->model()->indexForPath(path)).size, 20);

    // A new file written by the agent appears in the tree.
    const QString created = QDir(m_root).filePath(u"created-by-agent.txt"_s);
    std::unique_ptr<FileJob> create(m_machine.writeFile(created, "hello"));
    QSignalSpy createDone(create.get(), &MachineJob::finished);
    QVERIFY(createDone.wait());
    panel->fileChanged(created);
    QTRY_VERIFY(panel->model()->indexForPath(created).isValid());
}

void TestFilesPanel::agentEditAsksBeforeDiscarding()
{
    const QString path = write(u"plan.md"_s, "# Plan\n");
    auto panel = makePanel();
    FileEditor *editor = panel->openFile(path);
    QTRY_COMPARE(editor->state(), FileEditor::State::Editing);
    editor->editor()->appendPlainText(u"my unsaved line"_s);
    QVERIFY(editor->isModified());

    write(u"plan.md"_s, "# Plan\n- step from the agent\n");
    panel->fileChanged(path);
    QVERIFY(editor->hasPendingExternalChange());
    QVERIFY(!editor->message().isEmpty());
    QTest::qWait(200);
    QVERIFY(editor->editor()->toPlainText().contains(u"my unsaved line"_s)); // nothing lost

    editor->keepLocalEdits();
    QVERIFY(!editor->hasPendingExternalChange());
    QVERIFY(editor->isModified());

    panel->fileChanged(path);
    QVERIFY(editor->hasPendingExternalChange());
    editor->discardAndReload();
    QTRY_COMPARE(editor->editor()->toPlainText(), u"# Plan\n- step from the agent\n"_s);
    QVERIFY(!editor->isModified());
}

void TestFilesPanel::uploadReportsProgressAndCancelLeavesNothing()
{
    QTemporaryDir local;
    const QString big = QDir(local.path()).filePath(u"big.bin"_s);
    {
        QFile file(big);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray block(1 << 20, 'x');
        for (int i = 0; i < 256; ++i)
            file.write(block);
    }
    auto panel = makePanel();
    QVERIFY(waitLoaded(panel->model(), m_root));
    const QStringList before = QDir(m_root).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    FileJob *job = panel->upload(big, m_root);
    QVERIFY(job);
    TransferList *transfers = panel->transfers();
    QVERIFY(transfers->isVisible());
    QCOMPARE(transfers->count(), 1);
    QSignalSpy progress(job, &MachineJob::progress);
    QVERIFY(progress.wait());
    QVERIFY(transfers->bytesDone(0) > 0);
    QVERIFY(transfers->bytesDone(0) < 256 << 20);
    transfers->cancel(0);
    QTRY_COMPARE(transfers->outcome(0), TransferList::Outcome::Cancelled);
    QCOMPARE(transfers->statusText(0), u"cancelled"_s);
    QCOMPARE(QDir(m_root).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), before);
    transfers->clearFinished();
    QCOMPARE(transfers->count(), 0);
    QVERIFY(!transfers->isVisible());
}

void TestFilesPanel::uploadAndDownload()
{
    QTemporaryDir local;
    QByteArray payload;
    for (int i = 0; i < 200000; ++i)
        payload += QByteArray::number(i) + '\n';
    const QString source = QDir(local.path()).filePath(u"numbers.txt"_s);
    {
        QFile file(source);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(payload);
    }
    auto panel = makePanel();
    QVERIFY(waitLoaded(panel->model(), m_root));
    FileJob *up = panel->upload(source, m_root);
    QTRY_COMPARE(panel->transfers()->outcome(0), TransferList::Outcome::Done);
    QCOMPARE(up->error(), MachineJob::Error::None);
    QCOMPARE(read(u"numbers.txt"_s), payload);
    QTRY_VERIFY(panel->model()->indexForPath(QDir(m_root).filePath(u"numbers.txt"_s)).isValid());

    const QString target = QDir(local.path()).filePath(u"back.txt"_s);
    panel->download(QDir(m_root).filePath(u"numbers.txt"_s), target);
    QTRY_COMPARE(panel->transfers()->outcome(1), TransferList::Outcome::Done);
    QFile back(target);
    QVERIFY(back.open(QIODevice::ReadOnly));
    QCOMPARE(back.readAll(), payload);

    panel->download(QDir(m_root).filePath(u"missing.txt"_s), QDir(local.path()).filePath(u"x.txt"_s));
    QTRY_COMPARE(panel->transfers()->outcome(2), TransferList::Outcome::Failed);
    QVERIFY(!QFile::exists(QDir(local.path()).filePath(u"x.txt"_s)));
}

void TestFilesPanel::dropUploads()
{
    QTemporaryDir local;
    const QString dropped = QDir(local.path()).filePath(u"dropped.txt"_s);
    {
        QFile file(dropped);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("from the desktop");
    }
    write(u"target/existing.txt"_s, "e");
    auto panel = makePanel();
    MachineFileModel *model = panel->model();
    QVERIFY(waitLoaded(model, m_root));
    QMimeData mime;
    mime.setUrls({ QUrl::fromLocalFile(dropped), QUrl(u"https://example.invalid/x"_s) });
    const QModelIndex target = model->indexForPath(QDir(m_root).filePath(u"target"_s));
    QVERIFY(model->canDropMimeData(&mime, Qt::CopyAction, -1, -1, target));
    QMimeData text;
    text.setText(u"not files"_s);
    QVERIFY(!model->canDropMimeData(&text, Qt::CopyAction, -1, -1, target));
    QVERIFY(model->dropMimeData(&mime, Qt::CopyAction, -1, -1, target));
    QTRY_COMPARE(panel->transfers()->outcome(0), TransferList::Outcome::Done);
    QCOMPARE(read(u"target/dropped.txt"_s), QByteArray("from the desktop"));
}

void TestFilesPanel::createAndDelete()
{
    auto panel = makePanel();
    MachineFileModel *model = panel->model();
    QVERIFY(waitLoaded(model, m_root));
    QSignalSpy loaded(model, &MachineFileModel::folderLoaded);
    panel->createFolder(m_root, u"docs"_s);
    QTRY_VERIFY(model->indexForPath(QDir(m_root).filePath(u"docs"_s)).isValid());
    const QString docs = QDir(m_root).filePath(u"docs"_s);
    panel->createFile(docs, u"readme.md"_s);
    QTRY_VERIFY(QFile::exists(QDir(docs).filePath(u"readme.md"_s)));
    QVERIFY(model->isDir(model->indexForPath(docs)));

    panel->removePath(docs, true);
    QTRY_VERIFY(!model->indexForPath(docs).isValid());
    QVERIFY(!QFile::exists(docs));

    // Failures are reported, not swallowed.
    QSignalSpy error(panel.get(), &FilesPanel::errorOccurred);
    panel->removePath(QDir(m_root).filePath(u"never-existed"_s), false);
    QVERIFY(error.wait());
    QVERIFY(panel->lastError().contains(u"never-existed"_s));
}

void TestFilesPanel::registeredAsSessionPanel()
{
    write(u"hello.txt"_s, "hi");
    PanelRegistry registry;
    registerFilesPanel(registry);
    QVERIFY(registry.contains(u"files"_s));
    const PanelRegistry::Factory factory = registry.factories().first();
    QCOMPARE(factory.area, PanelRegistry::Area::Workspace);
    std::unique_ptr<SessionPanel> panel(factory.create(PanelContext {}, nullptr));
    auto *files = qobject_cast<FilesSessionPanel *>(panel.get());
    QVERIFY(files);
    QCOMPARE(files->title(), u"Files"_s);
    QVERIFY(!files->filesPanel());
    SessionRecord session;
    session.id = u"s1"_s;
    session.machineId = Store::localMachineId();
    session.workingDirectory = m_root;
    files->setSession(session);
    QVERIFY(files->filesPanel());
    QCOMPARE(files->filesPanel()->workingFolder(), m_root);
    QVERIFY(waitLoaded(files->filesPanel()->model(), m_root));
    QCOMPARE(names(files->filesPanel()->model()), QStringList { u"hello.txt"_s });
    FilesPanel *before = files->filesPanel();
    session.title = u"renamed"_s;
    files->setSession(session); // same machine and folder: the same panel
    QCOMPARE(files->filesPanel(), before);

    // A machine this window cannot reach is said so, not faked.
    session.machineId = u"unknown-machine"_s;
    files->setSession(session);
    QVERIFY(!files->filesPanel());
}

void TestFilesPanel::screenshot()
{
    const QString dir = qEnvironmentVariable("PROTO_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set PROTO_SCREENSHOT_DIR to save docs/screenshots/files-panel.png");
    write(u"src/main.cpp"_s,
        "#include <QCoreApplication>\n\n// Entry point of the demo.\nint main(int argc, char *argv[])\n{\n"
        "    QCoreApplication app(argc, argv);\n    const auto answer = 6 * 7;\n    qInfo(\"answer: %d\", "
        "answer);\n"
        "    return app.exec();\n}\n");
    write(u"src/util.h"_s, "#pragma once\nint helper();\n");
    write(u"README.md"_s, "# Demo\n");
    write(u"CMakeLists.txt"_s, "project(demo)\n");
    write(u"build.sh"_s, "#!/bin/sh\ncmake -B build\n");
    QDir(m_root).mkdir(u"docs"_s);
    auto panel = makePanel();
    panel->resize(1100, 520);
    MachineFileModel *model = panel->model();
    QVERIFY(waitLoaded(model, m_root));
    const QString src = QDir(m_root).filePath(u"src"_s);
    panel->tree()->expand(model->indexForPath(src));
    QVERIFY(waitLoaded(model, src));
    const QString mainCpp = QDir(src).filePath(u"main.cpp"_s);
    panel->tree()->setCurrentIndex(model->indexForPath(mainCpp));
    FileEditor *editor = panel->openFile(mainCpp);
    QTRY_COMPARE(editor->state(), FileEditor::State::Editing);
    editor->editor()->appendPlainText(u"// unsaved edit"_s);
    QTemporaryDir local;
    const QString big = QDir(local.path()).filePath(u"dataset.bin"_s);
    {
        QFile file(big);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray block(1 << 20, 'x');
        for (int i = 0; i < 512; ++i)
            file.write(block);
    }
    FileJob *job = panel->upload(big, m_root);
    QSignalSpy progress(job, &MachineJob::progress);
    QVERIFY(progress.wait());
    QTest::qWait(100);
    QVERIFY(panel->grab().save(QDir(dir).filePath(u"files-panel.png"_s)));
    panel->transfers()->cancelAll();
    QTRY_COMPARE(panel->transfers()->runningCount(), 0);
}

QTEST_MAIN(TestFilesPanel)
#include "tst_filespanel.moc"
