#include "appsettings.h"
#include "guitestutil.h"
#include "mainwindow.h"
#include "newsessiondialog.h"
#include "panelregistry.h"
#include "sessionfiltermodel.h"
#include "sessionlistmodel.h"
#include "sessionlistwidget.h"
#include "sessionpage.h"
#include "sessionview.h"
#include "settingsdialog.h"
#include "store.h"
#include "theme.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QTranslator>

using namespace Proto;

namespace {

// A panel that exists only in this test: it records what SessionView hands it, so the test can
// check that the extension point creates panels per session and keeps them informed.
class RecordingPanel final : public SessionPanel
{
public:
    explicit RecordingPanel(QWidget *parent)
        : SessionPanel(parent)
    { }
    QString title() const override { return QStringLiteral("Recorder"); }
    QIcon icon() const override { return {}; }
    void setSession(const SessionRecord &session) override { seen.append(session); }
    QList<SessionRecord> seen;
};

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void emptyWindow();
    void createRenameReopenDelete();
    void deleteCanBeCancelled();
    void newSessionRejectsMissingFolder();
    void archiveAndSearch();
    void settingsRoundTrip();
    void geometryRestored();
    void panelsPlugIn();
    void agentToolBarShowsOnlyWithActions();
    void germanTranslation();

private:
    std::unique_ptr<Store> openStore();
    QString createThroughDialog(MainWindow &window, const QString &title, const QString &folder);

    QTemporaryDir m_home;
    QTemporaryDir m_work;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_home.isValid());
    QVERIFY(m_work.isValid());
}

void TestMainWindow::init()
{
    // A fresh data folder per test function.
    const QString home = m_home.filePath(QString::fromLatin1(QTest::currentTestFunction()));
    QVERIFY(QDir().mkpath(home));
    qputenv("PROTO_DESKTOP_HOME", QFile::encodeName(home));
    QCOMPARE(Store::dataDirectory(), home);
}

void TestMainWindow::cleanup()
{
    Theme::apply(AppSettings::ThemeMode::System);
}

std::unique_ptr<Store> TestMainWindow::openStore()
{
    auto result = Store::open(Store::defaultPath());
    if (!result.store)
        qWarning() << "store open failed:" << result.message;
    return std::move(result.store);
}

QString TestMainWindow::createThroughDialog(MainWindow &window, const QString &title, const QString &folder)
{
    ProtoTest::ModalHandler<NewSessionDialog> modal([&](NewSessionDialog *dialog) {
        dialog->setTitle(title);
        QVERIFY(dialog->setMachineId(QStringLiteral("local")));
        dialog->setWorkingDirectory(folder);
        auto *buttons = dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"));
        QVERIFY(buttons);
        QVERIFY(buttons->button(QDialogButtonBox::Ok)->isEnabled());
        buttons->button(QDialogButtonBox::Ok)->click();
    });
    window.findChild<QAction *>(QStringLiteral("actionNewSession"))->trigger();
    if (!modal.handled())
        return {};
    return window.currentSessionId();
}

void TestMainWindow::emptyWindow()
{
    auto store = openStore();
    QVERIFY(store);
    QVERIFY(store->path().startsWith(qEnvironmentVariable("PROTO_DESKTOP_HOME")));
    PanelRegistry registry;
    MainWindow window(store.get(), registry);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // The seeded machine is there; no session yet: the empty states say so.
    QVERIFY(store->machine(QStringLiteral("local")).has_value());
    QCOMPARE(window.sessionModel()->rowCount(), 0);
    QVERIFY(window.findChild<QWidget *>(QStringLiteral("sessionEmptyState"))->isVisible());
    QVERIFY(window.findChild<QLabel *>(QStringLiteral("sessionListEmpty"))->isVisible());
    QVERIFY(!window.findChild<QAction *>(QStringLiteral("actionDelete"))->isEnabled());
    QVERIFY(!window.findChild<QAction *>(QStringLiteral("actionRename"))->isEnabled());

    // Menus with standard shortcuts.
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("actionNewSession"))->shortcut(),
        QKeySequence(QKeySequence::New));
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("actionQuit"))->shortcut(),
        QKeySequence(QKeySequence::Quit));
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("actionFullScreen"))->shortcut(),
        QKeySequence(QKeySequence::FullScreen));
    QCOMPARE(
        window.findChild<QAction *>(QStringLiteral("actionRename"))->shortcut(), QKeySequence(Qt::Key_F2));
    QCOMPARE(window.menuBar()->actions().size(), 6); // File Edit View Session Machines Help
    QVERIFY(window.findChild<QAction *>(QStringLiteral("actionManageMachines")));
    QVERIFY(window.findChild<QAction *>(QStringLiteral("actionAddMachine")));
}

void TestMainWindow::createRenameReopenDelete()
{
    const QString folder = m_work.filePath(QStringLiteral("project one"));
    QVERIFY(QDir().mkpath(folder));
    const QString renamed = QStringLiteral("Fix the \"build\" — $(rm -rf /) ünï 🚀");
    QString id;
    {
        auto store = openStore();
        QVERIFY(store);
        PanelRegistry registry;
        MainWindow window(store.get(), registry);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        id = createThroughDialog(window, QStringLiteral("Fix the build"), folder);
        QVERIFY(!id.isEmpty());
        QCOMPARE(window.sessionModel()->rowCount(), 1);
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("sessionTitle"))->text(),
            QStringLiteral("Fix the build"));
        QVERIFY(window.findChild<QLabel *>(QStringLiteral("sessionSubtitle"))
                ->text()
                .contains(QStringLiteral("This computer")));
        // No panel registered: the details, nothing else.
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("detailFolder"))->text(), QDir::cleanPath(folder));

        // It is in the store, bound to this computer and the folder.
        const auto stored = store->session(id);
        QVERIFY(stored);
        QCOMPARE(stored->title, QStringLiteral("Fix the build"));
        QCOMPARE(stored->machineId, QStringLiteral("local"));
        QCOMPARE(stored->workingDirectory, QDir::cleanPath(folder));
        QCOMPARE(stored->state, QStringLiteral("idle"));
        QVERIFY(!stored->archived);

        // Rename in place: F2 (the action) opens the editor on the row; Return commits.
        window.sessionList()->view()->setFocus();
        window.findChild<QAction *>(QStringLiteral("actionRename"))->trigger();
        auto *editor
            = window.sessionList()->view()->findChild<QLineEdit *>(QStringLiteral("sessionTitleEditor"));
        QVERIFY(editor);
        QTRY_VERIFY(editor->isVisible());
        QCOMPARE(editor->text(), QStringLiteral("Fix the build"));
        // Del inside the editor edits the text; it does not delete the session.
        {
            ProtoTest::ModalHandler<QMessageBox> modal([](QMessageBox *box) { box->reject(); }, 300);
            editor->setText(QStringLiteral("abc"));
            editor->setCursorPosition(0);
            QTest::keyClick(editor, Qt::Key_Delete);
            QCOMPARE(editor->text(), QStringLiteral("bc"));
            QTest::qWait(100);
            QVERIFY(!modal.handled());
        }
        editor->setText(renamed);
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(window.sessionModel()->session(id)->title, renamed);
        QCOMPARE(store->session(id)->title, renamed);
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("sessionTitle"))->text(), renamed);

        // An empty name keeps the old one.
        QVERIFY(!window.sessionModel()->rename(id, QStringLiteral("   \n\t ")));
        QCOMPARE(store->session(id)->title, renamed);

        window.close();
    }

    // Start again on the same folder: the session is there, with its name, and selected.
    {
        auto store = openStore();
        QVERIFY(store);
        PanelRegistry registry;
        MainWindow window(store.get(), registry);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.sessionModel()->rowCount(), 1);
        QCOMPARE(window.currentSessionId(), id);
        QCOMPARE(window.sessionModel()->session(id)->title, renamed);
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("sessionTitle"))->text(), renamed);

        // Delete, confirming in the dialog.
        QString question;
        ProtoTest::ModalHandler<QMessageBox> modal([&](QMessageBox *box) {
            question = box->text();
            box->findChild<QPushButton *>(QStringLiteral("confirmDeleteButton"))->click();
        });
        window.findChild<QAction *>(QStringLiteral("actionDelete"))->trigger();
        QVERIFY(modal.handled());
        QVERIFY(question.contains(renamed.toHtmlEscaped()));
        QCOMPARE(window.sessionModel()->rowCount(), 0);
        QVERIFY(!store->session(id).has_value());
        QVERIFY(window.currentSessionId().isEmpty());
        QVERIFY(window.findChild<QWidget *>(QStringLiteral("sessionEmptyState"))->isVisible());
        window.close();
    }
    {
        auto store = openStore();
        QVERIFY(store);
        QVERIFY(store->sessions().isEmpty());
    }
}

void TestMainWindow::deleteCanBeCancelled()
{
    auto store = openStore();
    QVERIFY(store);
    PanelRegistry registry;
    MainWindow window(store.get(), registry);
    window.show();
    const QString id = createThroughDialog(window, QStringLiteral("Keep me"), m_work.path());
    QVERIFY(!id.isEmpty());
    ProtoTest::ModalHandler<QMessageBox> modal(
        [](QMessageBox *box) { box->button(QMessageBox::Cancel)->click(); });
    window.findChild<QAction *>(QStringLiteral("actionDelete"))->trigger();
    QVERIFY(modal.handled());
    QVERIFY(store->session(id).has_value());
    QCOMPARE(window.currentSessionId(), id);
}

void TestMainWindow::newSessionRejectsMissingFolder()
{
    auto store = openStore();
    QVERIFY(store);
    PanelRegistry registry;
    MainWindow window(store.get(), registry);
    window.show();
    bool okEnabled = true;
    QString problem;
    ProtoTest::ModalHandler<NewSessionDialog> modal([&](NewSessionDialog *dialog) {
        dialog->setMachineId(QStringLiteral("local"));
        dialog->setWorkingDirectory(m_work.filePath(QStringLiteral("does/not/exist")));
        okEnabled = dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))
                        ->button(QDialogButtonBox::Ok)
                        ->isEnabled();
        problem = dialog->problem();
        dialog->setTitle(QString());
        if (dialog->problem().isEmpty())
            problem.clear();
        dialog->reject();
    });
    window.findChild<QAction *>(QStringLiteral("actionNewSession"))->trigger();
    QVERIFY(modal.handled());
    QVERIFY(!okEnabled);
    QVERIFY2(problem.contains(QStringLiteral("does not exist")), qPrintable(problem));
    QCOMPARE(window.sessionModel()->rowCount(), 0);
    QVERIFY(store->sessions().isEmpty());
}

void TestMainWindow::archiveAndSearch()
{
    auto store = openStore();
    QVERIFY(store);
    PanelRegistry registry;
    MainWindow window(store.get(), registry);
    window.show();
    const QString a = createThroughDialog(window, QStringLiteral("Alpha deploy"), m_work.path());
    const QString b = createThroughDialog(window, QStringLiteral("Beta report"), m_work.path());
    const QString c = createThroughDialog(window, QStringLiteral("Gamma deploy"), m_work.path());
    QVERIFY(!a.isEmpty() && !b.isEmpty() && !c.isEmpty());
    SessionFilterModel *filter = window.sessionList()->filterModel();
    QCOMPARE(filter->rowCount(), 3);
    // Newest first.
    QCOMPARE(filter->index(0, 0).data(SessionListModel::IdRole).toString(), c);

    // Search: every word must match; case does not matter; hostile text matches nothing.
    QTest::keyClicks(window.sessionList()->searchField(), QStringLiteral("DEPLOY"));
    QCOMPARE(filter->rowCount(), 2);
    window.sessionList()->searchField()->setText(QStringLiteral("deploy gamma"));
    QCOMPARE(filter->rowCount(), 1);
    window.sessionList()->searchField()->setText(QStringLiteral("$(rm) \" ' \\ %s"));
    QCOMPARE(filter->rowCount(), 0);
    QVERIFY(window.findChild<QLabel *>(QStringLiteral("sessionListEmpty"))->isVisible());
    window.sessionList()->searchField()->clear();
    QCOMPARE(filter->rowCount(), 3);

    // Archive b: hidden until "Show archived"; stored as archived.
    QVERIFY(window.selectSession(b));
    window.findChild<QAction *>(QStringLiteral("actionArchive"))->trigger();
    QVERIFY(store->session(b)->archived);
    QCOMPARE(filter->rowCount(), 2);
    QVERIFY(window.currentSessionId() != b);
    QVERIFY(!window.currentSessionId().isEmpty());
    window.findChild<QAction *>(QStringLiteral("actionShowArchived"))->setChecked(true);
    QCOMPARE(filter->rowCount(), 3);
    QVERIFY(window.selectSession(b));
    QCOMPARE(
        window.findChild<QAction *>(QStringLiteral("actionArchive"))->text(), QStringLiteral("Un&archive"));
    window.findChild<QAction *>(QStringLiteral("actionArchive"))->trigger();
    QVERIFY(!store->session(b)->archived);
}

void TestMainWindow::settingsRoundTrip()
{
    {
        auto store = openStore();
        QVERIFY(store);
        PanelRegistry registry;
        MainWindow window(store.get(), registry);
        window.show();
        // Defaults before anything is stored.
        QCOMPARE(window.settings()->theme(), AppSettings::ThemeMode::System);
        QCOMPARE(window.settings()->sessionSpendLimitUsd(), AppSettings::DefaultSessionUsd);
        QCOMPARE(window.settings()->actionsPerMinute(), AppSettings::DefaultActionsPerMinute);
        ProtoTest::ModalHandler<SettingsDialog> modal([](SettingsDialog *dialog) {
            auto *theme = dialog->findChild<QComboBox *>(QStringLiteral("themeCombo"));
            theme->setCurrentIndex(theme->findData(int(AppSettings::ThemeMode::Dark)));
            dialog->findChild<QSpinBox *>(QStringLiteral("chatFontSpin"))->setValue(14);
            dialog->findChild<QSpinBox *>(QStringLiteral("terminalFontSpin"))->setValue(9);
            dialog->findChild<QLineEdit *>(QStringLiteral("modelEdit"))
                ->setText(QStringLiteral("  test-model-1  "));
            dialog->findChild<QDoubleSpinBox *>(QStringLiteral("sessionUsdSpin"))->setValue(3.5);
            dialog->findChild<QDoubleSpinBox *>(QStringLiteral("dailyUsdSpin"))->setValue(12.25);
            dialog->findChild<QSpinBox *>(QStringLiteral("rateSpin"))->setValue(7);
            dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))
                ->button(QDialogButtonBox::Ok)
                ->click();
        });
        window.findChild<QAction *>(QStringLiteral("actionSettings"))->trigger();
        QVERIFY(modal.handled());
        // Applied at once: the dark palette is in effect.
        QVERIFY(Theme::isDark());
        QCOMPARE(
            QApplication::palette().color(QPalette::Window), Theme::darkPalette().color(QPalette::Window));
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
        window.close();
    }
    {
        // Stored under the documented keys.
        auto store = openStore();
        QVERIFY(store);
        QCOMPARE(store->setting(QStringLiteral("ui/theme")).toString(), QStringLiteral("dark"));
        QCOMPARE(store->setting(QStringLiteral("ui/chatFontSize")).toInt(), 14);
        QCOMPARE(store->setting(QStringLiteral("ui/terminalFontSize")).toInt(), 9);
        QCOMPARE(store->setting(QStringLiteral("model/default")).toString(), QStringLiteral("test-model-1"));
        QCOMPARE(store->setting(QStringLiteral("limits/sessionUsd")).toDouble(), 3.5);
        QCOMPARE(store->setting(QStringLiteral("limits/dailyUsd")).toDouble(), 12.25);
        QCOMPARE(store->setting(QStringLiteral("limits/actionsPerMinute")).toInt(), 7);

        Theme::apply(AppSettings::ThemeMode::Light); // the window must re-apply the stored theme
        PanelRegistry registry;
        MainWindow window(store.get(), registry);
        QVERIFY(Theme::isDark());
        // The dialog shows the stored values; a new session takes the default model.
        ProtoTest::ModalHandler<SettingsDialog> modal([](SettingsDialog *dialog) {
            QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("themeCombo"))->currentData().toInt(),
                int(AppSettings::ThemeMode::Dark));
            QCOMPARE(dialog->findChild<QSpinBox *>(QStringLiteral("chatFontSpin"))->value(), 14);
            QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("modelEdit"))->text(),
                QStringLiteral("test-model-1"));
            QCOMPARE(dialog->findChild<QDoubleSpinBox *>(QStringLiteral("dailyUsdSpin"))->value(), 12.25);
            QCOMPARE(dialog->findChild<QSpinBox *>(QStringLiteral("rateSpin"))->value(), 7);
            // Back to the system look, with Apply, then Cancel.
            auto *theme = dialog->findChild<QComboBox *>(QStringLiteral("themeCombo"));
            theme->setCurrentIndex(theme->findData(int(AppSettings::ThemeMode::Light)));
            dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))
                ->button(QDialogButtonBox::Apply)
                ->click();
            dialog->reject();
        });
        window.findChild<QAction *>(QStringLiteral("actionSettings"))->trigger();
        QVERIFY(modal.handled());
        QVERIFY(!Theme::isDark());
        QCOMPARE(window.settings()->theme(), AppSettings::ThemeMode::Light);
        const QString id = createThroughDialog(window, QStringLiteral("Uses default model"), m_work.path());
        QCOMPARE(store->session(id)->model, QStringLiteral("test-model-1"));
    }
    {
        auto store = openStore();
        QVERIFY(store);
        QCOMPARE(store->setting(QStringLiteral("ui/theme")).toString(), QStringLiteral("light"));
        // Hostile stored values fall back or clamp instead of breaking the UI.
        store->setSetting(QStringLiteral("ui/chatFontSize"), QStringLiteral("huge"));
        store->setSetting(QStringLiteral("limits/dailyUsd"), -5);
        store->setSetting(QStringLiteral("limits/actionsPerMinute"), 1e12);
        store->setSetting(QStringLiteral("ui/theme"), QStringLiteral("purple"));
        QVERIFY(store->flush());
        AppSettings settings(store.get());
        QCOMPARE(settings.chatFontSize(), AppSettings::DefaultChatFontSize);
        QCOMPARE(settings.dailySpendLimitUsd(), 0.0);
        QCOMPARE(settings.theme(), AppSettings::ThemeMode::System);
        QVERIFY(settings.actionsPerMinute() <= AppSettings::MaxActionsPerMinute);
    }
}

void TestMainWindow::geometryRestored()
{
    QList<int> sizes;
    {
        auto store = openStore();
        QVERIFY(store);
        PanelRegistry registry;
        MainWindow window(store.get(), registry);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // Inside the offscreen screen (800x600), which restoreGeometry() keeps windows on.
        window.resize(713, 527);
        window.move(40, 30);
        auto *splitter = window.findChild<QSplitter *>(QStringLiteral("mainSplitter"));
        QVERIFY(splitter);
        splitter->setSizes({ 233, 480 });
        sizes = splitter->sizes();
        window.findChild<QAction *>(QStringLiteral("actionShowArchived"))->setChecked(true);
        window.close();
    }
    {
        auto store = openStore();
        QVERIFY(store);
        PanelRegistry registry;
        MainWindow window(store.get(), registry);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.size(), QSize(713, 527));
        QCOMPARE(window.findChild<QSplitter *>(QStringLiteral("mainSplitter"))->sizes(), sizes);
        QVERIFY(window.findChild<QAction *>(QStringLiteral("actionShowArchived"))->isChecked());

        // Hidden sidebar is remembered too.
        window.findChild<QAction *>(QStringLiteral("actionToggleSidebar"))->setChecked(false);
        QVERIFY(!window.sessionList()->isVisible());
        window.close();
    }
    {
        auto store = openStore();
        QVERIFY(store);
        PanelRegistry registry;
        MainWindow window(store.get(), registry);
        window.show();
        QVERIFY(!window.sessionList()->isVisible());
    }
}

void TestMainWindow::panelsPlugIn()
{
    auto store = openStore();
    QVERIFY(store);
    PanelRegistry registry;
    QList<QPointer<RecordingPanel>> created;
    QVERIFY(!registry.add({ QStringLiteral("broken"), PanelRegistry::Area::Workspace, 0, {} }));
    QVERIFY(registry.add({ QStringLiteral("recorder"), PanelRegistry::Area::Workspace, 10,
        [&created](const PanelContext &context, QWidget *parent) -> SessionPanel * {
            if (!context.store || !context.settings)
                return nullptr;
            auto *panel = new RecordingPanel(parent);
            created.append(panel);
            return panel;
        } }));
    MainWindow window(store.get(), registry);
    window.show();
    const QString a = createThroughDialog(window, QStringLiteral("First"), m_work.path());
    QCOMPARE(created.size(), 1);
    QCOMPARE(created.first()->seen.size(), 1);
    QCOMPARE(created.first()->seen.first().id, a);
    QVERIFY(created.first()->isVisible());
    // With a panel registered, the details page is not shown.
    QVERIFY(!window.findChild<QWidget *>(QStringLiteral("sessionDetails")));

    const QString b = createThroughDialog(window, QStringLiteral("Second"), m_work.path());
    QCOMPARE(created.size(), 2); // one panel per session
    QVERIFY(window.selectSession(a));
    QCOMPARE(created.size(), 2); // kept, not recreated
    QVERIFY(created.first()->isVisible());

    // A rename reaches the panel.
    QVERIFY(window.sessionModel()->rename(a, QStringLiteral("First, renamed")));
    QCOMPARE(created.first()->seen.last().title, QStringLiteral("First, renamed"));

    // Deleting the session drops its panel.
    ProtoTest::ModalHandler<QMessageBox> modal([](QMessageBox *box) {
        box->findChild<QPushButton *>(QStringLiteral("confirmDeleteButton"))->click();
    });
    window.findChild<QAction *>(QStringLiteral("actionDelete"))->trigger();
    QVERIFY(modal.handled());
    QTRY_VERIFY(created.first().isNull());
    QVERIFY(!created.last().isNull());
    QCOMPARE(window.currentSessionId(), b);
}

void TestMainWindow::agentToolBarShowsOnlyWithActions()
{
    auto store = openStore();
    QVERIFY(store);
    PanelRegistry registry;
    MainWindow window(store.get(), registry);
    window.show();
    QToolBar *bar = window.agentToolBar();
    QVERIFY(bar);
    QVERIFY(!bar->isVisible());
    auto *action = bar->addAction(QStringLiteral("Stop"));
    QVERIFY(bar->isVisible());
    bar->removeAction(action);
    QVERIFY(!bar->isVisible());
}

void TestMainWindow::germanTranslation()
{
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/proto-desktop_de.qm")));
    QCoreApplication::installTranslator(&translator);
    auto store = openStore();
    QVERIFY(store);
    PanelRegistry registry;
    {
        MainWindow window(store.get(), registry);
        QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("&Datei"));
        QCOMPARE(window.findChild<QAction *>(QStringLiteral("actionNewSession"))->text(),
            QStringLiteral("&Neue Sitzung …"));
    }
    QCoreApplication::removeTranslator(&translator);
    QTranslator french;
    QVERIFY(french.load(QStringLiteral(":/i18n/proto-desktop_fr.qm")));
    QCoreApplication::installTranslator(&french);
    {
        MainWindow window(store.get(), registry);
        QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("&Fichier"));
    }
    QCoreApplication::removeTranslator(&french);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
