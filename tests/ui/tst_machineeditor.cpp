// The machine editor, the host key prompt and the main window on an SSH machine, offscreen,
// against the real sshd fixture. HOME is a temporary folder (its .ssh holds known_hosts).
// With PROTO_SCREENSHOT_DIR set, the editor and the main window are saved there as PNG files.
#include "builtinpanels.h"
#include "filespanel.h"
#include "filessessionpanel.h"
#include "fixtureutil.h"
#include "guitestutil.h"
#include "machineeditordialog.h"
#include "machinefilemodel.h"
#include "machineprompts.h"
#include "machineregistry.h"
#include "machinesdialog.h"
#include "mainwindow.h"
#include "newsessiondialog.h"
#include "panelregistry.h"
#include "sessionlistmodel.h"
#include "sessionview.h"
#include "sshdfixture.h"
#include "store.h"
#include "terminalsessionpanel.h"
#include "terminalview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

namespace {

template<typename Predicate>
bool waitUntil(Predicate predicate, int timeoutMs = 20000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!predicate()) {
        if (deadline.hasExpired())
            return false;
        QTest::qWait(20);
    }
    return true;
}

void saveShot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("PROTO_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(dir + u'/' + name));
}

QMessageBox *hostKeyBox()
{
    const QList<QWidget *> widgets = QApplication::topLevelWidgets();
    for (QWidget *w : widgets) {
        if (auto *box = qobject_cast<QMessageBox *>(w);
            box && box->objectName() == u"hostKeyPromptBox"_s && box->isVisible())
            return box;
    }
    return nullptr;
}

} // namespace

class TestMachineEditor : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    ProtoTest::SshdFixture m_sshd;
    std::unique_ptr<Store> m_store;
    QString m_home;

    template<typename T>
    T *child(QWidget *parent, const char *name)
    {
        return parent->findChild<T *>(QLatin1String(name));
    }

    void fill(MachineEditorDialog &dialog, const QString &name, const QString &policy)
    {
        child<QLineEdit>(&dialog, "nameEdit")->setText(name);
        child<QLineEdit>(&dialog, "hostEdit")->setText(m_sshd.host());
        child<QSpinBox>(&dialog, "portSpin")->setValue(m_sshd.port());
        child<QLineEdit>(&dialog, "userEdit")->setText(m_sshd.user());
        child<QLineEdit>(&dialog, "identityEdit")->setText(m_sshd.clientKeyPath());
        auto *combo = child<QComboBox>(&dialog, "hostKeyCombo");
        combo->setCurrentIndex(combo->findData(policy));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_home = m_dir.filePath(u"home"_s);
        QVERIFY(QDir().mkpath(m_home + u"/.ssh"_s));
        qputenv("HOME", QFile::encodeName(m_home));
        qunsetenv("SSH_AUTH_SOCK");
        qputenv("PROTO_DESKTOP_HOME", QFile::encodeName(m_dir.filePath(u"data"_s)));
        QVERIFY(QDir().mkpath(m_dir.filePath(u"data"_s)));
        PROTO_REQUIRE_PEER(m_sshd.start(), m_sshd.errorString());
        Store::OpenResult opened = Store::open(Store::defaultPath());
        QVERIFY2(opened.store, qPrintable(opened.message));
        m_store = std::move(opened.store);
    }

    void editorRoundTrip()
    {
        MachineRegistry registry(m_store.get());
        MachineEditorDialog dialog(&registry);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *save = child<QDialogButtonBox>(&dialog, "buttonBox")->button(QDialogButtonBox::Save);
        QVERIFY(!save->isEnabled()); // empty form
        fill(dialog, u"build-vm"_s, u"accept-new"_s);
        child<QLineEdit>(&dialog, "vncEdit")->setText(u"127.0.0.1:5901"_s);
        child<QCheckBox>(&dialog, "vncViaSshCheck")->setChecked(true);
        QVERIFY2(save->isEnabled(), qPrintable(dialog.problem()));

        // Bad input: a clear problem, Save disabled, nothing lost.
        child<QLineEdit>(&dialog, "hostEdit")->setText(u"-oProxyCommand=sh"_s);
        QVERIFY(!save->isEnabled());
        QVERIFY(!child<QLabel>(&dialog, "problemLabel")->text().isEmpty());
        child<QLineEdit>(&dialog, "hostEdit")->setText(m_sshd.host());
        child<QLineEdit>(&dialog, "vncEdit")->setText(u"vm:99999"_s);
        QVERIFY(!save->isEnabled());
        QVERIFY(child<QLabel>(&dialog, "problemLabel")->text().contains(u"VNC"_s));
        child<QLineEdit>(&dialog, "vncEdit")->setText(u"127.0.0.1:5901"_s);
        child<QLineEdit>(&dialog, "identityEdit")->setText(m_dir.filePath(u"no-such-key"_s));
        QVERIFY(!save->isEnabled());
        child<QLineEdit>(&dialog, "identityEdit")->setText(m_sshd.clientKeyPath());
        QVERIFY(save->isEnabled());
        auto *jump = child<QLineEdit>(&dialog, "jumpEdit");
        jump->setText(u"hop@bastion:0"_s);
        QVERIFY(!save->isEnabled());
        QVERIFY2(child<QLabel>(&dialog, "problemLabel")->text().contains(u"jump host"_s),
            qPrintable(child<QLabel>(&dialog, "problemLabel")->text()));
        jump->setText(u"hop@bastion:2022, gw"_s);
        QVERIFY(save->isEnabled());
        QCOMPARE(dialog.record().jumpHost, u"hop@bastion:2022, gw"_s);
        jump->clear(); // this machine is reached directly
        saveShot(&dialog, u"machine-editor.png"_s);

        save->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const auto saved = registry.find(u"build-vm"_s);
        QVERIFY(saved);
        QCOMPARE(saved->id, dialog.savedId());
        QCOMPARE(saved->kind, u"ssh"_s);
        QCOMPARE(saved->host, m_sshd.host());
        QCOMPARE(saved->port, int(m_sshd.port()));
        QCOMPARE(saved->user, m_sshd.user());
        QCOMPARE(saved->identityFile, m_sshd.clientKeyPath());
        QCOMPARE(saved->options.value(u"hostKeyPolicy"_s).toString(), u"accept-new"_s);
        QCOMPARE(saved->vncHost, u"127.0.0.1"_s);
        QCOMPARE(saved->vncPort, 5901);
        QVERIFY(saved->vncViaSsh);

        // Edit: the form shows what was saved; a second machine of the same name is refused.
        MachineEditorDialog edit(&registry);
        edit.setRecord(*saved);
        QCOMPARE(child<QLineEdit>(&edit, "nameEdit")->text(), u"build-vm"_s);
        QCOMPARE(child<QSpinBox>(&edit, "portSpin")->value(), int(m_sshd.port()));
        QCOMPARE(child<QComboBox>(&edit, "hostKeyCombo")->currentData().toString(), u"accept-new"_s);
        QCOMPARE(child<QLineEdit>(&edit, "vncEdit")->text(), u"127.0.0.1:5901"_s);
        QVERIFY(child<QCheckBox>(&edit, "vncViaSshCheck")->isChecked());
        child<QLineEdit>(&edit, "userEdit")->setText(u"someone"_s);
        edit.accept();
        QCOMPARE(registry.find(u"build-vm"_s)->user, u"someone"_s);
        QCOMPARE(registry.find(u"build-vm"_s)->id, saved->id);

        MachineEditorDialog duplicate(&registry);
        fill(duplicate, u"Build-VM"_s, u"prompt"_s);
        duplicate.accept();
        QVERIFY(duplicate.savedId().isEmpty());
        QVERIFY(child<QLabel>(&duplicate, "problemLabel")->text().contains(u"already"_s));

        // The manager lists it and removes it.
        MachinesDialog manager(&registry);
        QCOMPARE(manager.list()->count(), 2);
        QVERIFY(manager.list()->item(1)->text().contains(u"build-vm"_s));
        QString error;
        QVERIFY2(registry.remove(u"build-vm"_s, &error), qPrintable(error));
        QCOMPARE(manager.list()->count(), 1);
    }

    void testConnectionAsksHostKey()
    {
        MachineRegistry registry(m_store.get());
        QWidget window;
        DialogMachinePrompter prompter(&window);
        registry.setPrompter(&prompter);
        MachineEditorDialog dialog(&registry, &window);
        fill(dialog, u"asks"_s, u"prompt"_s);
        QSignalSpy finished(&dialog, &MachineEditorDialog::testFinished);

        // Reject first: nothing is trusted.
        child<QPushButton>(&dialog, "testButton")->click();
        QVERIFY(waitUntil([] { return hostKeyBox() != nullptr; }));
        QMessageBox *box = hostKeyBox();
        QVERIFY2(
            box->informativeText().contains(m_sshd.hostKeyFingerprint()), qPrintable(box->informativeText()));
        QVERIFY(box->informativeText().contains(m_sshd.hostKeyType()));
        box->findChild<QPushButton *>(u"rejectHostKeyButton"_s)->click();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.last().at(0).toBool(), false);
        QVERIFY(!QFile::exists(m_home + u"/.ssh/known_hosts"_s));

        // Accept: connected, uname -a shown, the key is in known_hosts.
        child<QPushButton>(&dialog, "testButton")->click();
        QVERIFY(waitUntil([] { return hostKeyBox() != nullptr; }));
        hostKeyBox()->findChild<QPushButton *>(u"acceptHostKeyButton"_s)->click();
        QVERIFY(finished.wait(20000));
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(dialog.testResult()));
        QVERIFY2(dialog.testResult().contains(u"Linux"_s), qPrintable(dialog.testResult()));
        QVERIFY(QFile::exists(m_home + u"/.ssh/known_hosts"_s));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        saveShot(&dialog, u"machine-editor-tested.png"_s);
    }

    void mainWindowOnSshMachine()
    {
        PanelRegistry panels;
        registerBuiltinPanels(panels);
        MainWindow window(m_store.get(), panels);
        window.resize(1280, 800);
        MachineRecord record;
        record.name = u"fixture-vm"_s;
        record.kind = u"ssh"_s;
        record.host = m_sshd.host();
        record.port = m_sshd.port();
        record.user = m_sshd.user();
        record.identityFile = m_sshd.clientKeyPath();
        record.options.insert(u"hostKeyPolicy"_s, u"strict"_s); // known since the test above
        QString error;
        const QString machineId = window.machines()->save(record, &error);
        QVERIFY2(!machineId.isEmpty(), qPrintable(error));

        // The New Session dialog offers "Add machine…" and the new machine.
        {
            NewSessionDialog dialog(window.machines()->records(), &window);
            QVERIFY(!child<QPushButton>(&dialog, "addMachineButton")->isVisibleTo(&dialog));
            dialog.setAddMachineHandler([](QList<MachineRecord> *) { return QString(); });
            QVERIFY(child<QPushButton>(&dialog, "addMachineButton")->isVisibleTo(&dialog));
            QVERIFY(dialog.setMachineId(machineId));
        }

        const QString folder = m_dir.filePath(u"remote-work"_s);
        QVERIFY(QDir().mkpath(folder + u"/src"_s));
        QFile::setPermissions(m_dir.path(), QFileDevice::Permissions(0x7755));
        QFile::setPermissions(folder, QFileDevice::Permissions(0x7777));
        QFile notes(folder + u"/notes.txt"_s);
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("on the ssh machine\n");
        notes.close();
        const auto session = window.sessionModel()->createSession(
            u"Fix the build on the VM"_s, machineId, folder, QString());
        QVERIFY(session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.selectSession(session->id));

        // Files: the panel lists the folder over SFTP, through the registry's one machine.
        auto *files = window.findChild<FilesSessionPanel *>();
        QVERIFY(files);
        QVERIFY(files->filesPanel());
        MachineFileModel *model = files->filesPanel()->model();
        QVERIFY(waitUntil([&] { return model->isLoaded(folder) && !model->isLoading(); }));
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->index(1, 0).data().toString(), u"notes.txt"_s);
        QCOMPARE(window.machines()->liveCount(), 1);
        Machine *machine = window.machines()->liveMachine(machineId);
        QVERIFY(machine);
        QCOMPARE(machine->state(), Machine::State::Connected);

        // The header says which machine and that it is connected.
        auto *subtitle = window.findChild<QLabel *>(u"sessionSubtitle"_s);
        QVERIFY(subtitle);
        QVERIFY(waitUntil([subtitle] { return subtitle->text().contains(u"fixture-vm · connected"_s); }));
        auto *tabs = qobject_cast<QTabWidget *>(
            files->parentWidget() ? files->parentWidget()->parentWidget() : nullptr);
        if (tabs)
            tabs->setCurrentWidget(files);
        QTest::qWait(200);
        saveShot(&window, u"main-window-ssh-files.png"_s);

        // Terminal: a remote shell on the same connection.
        auto *terminal = window.findChild<TerminalSessionPanel *>();
        QVERIFY(terminal);
        if (auto *terminalTabs = qobject_cast<QTabWidget *>(terminal->parentWidget()->parentWidget()))
            terminalTabs->setCurrentWidget(terminal);
        QVERIFY(waitUntil([&] { return window.findChild<TerminalView *>() != nullptr; }));
        TerminalView *view = window.findChild<TerminalView *>();
        QCOMPARE(view->kind(), TerminalView::Kind::Remote);
        QVERIFY(waitUntil([view] { return view->isRunning(); }));
        view->sendText(u"echo remote-$((6*7)); whoami\n"_s);
        QVERIFY(waitUntil([view] { return view->screenText().contains(u"remote-42"_s); }));
        QCOMPARE(window.machines()->liveCount(), 1);
        QTest::qWait(300);
        saveShot(&window, u"main-window-ssh-terminal.png"_s);
    }

    void changedHostKeyRefused()
    {
        MachineRegistry registry(m_store.get());
        QWidget window;
        DialogMachinePrompter prompter(&window);
        registry.setPrompter(&prompter);
        MachineEditorDialog dialog(&registry, &window);
        fill(dialog, u"changed"_s, u"prompt"_s);
        QVERIFY(m_sshd.swapHostKey(u"ed25519"_s));
        QSignalSpy finished(&dialog, &MachineEditorDialog::testFinished);
        child<QPushButton>(&dialog, "testButton")->click();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.last().at(0).toBool(), false);
        QVERIFY2(dialog.testResult().contains(u"CHANGED"_s), qPrintable(dialog.testResult()));
        QVERIFY(hostKeyBox() == nullptr); // refused, never offered to replace
    }
};

QTEST_MAIN(TestMachineEditor)
#include "tst_machineeditor.moc"
