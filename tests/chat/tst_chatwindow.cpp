// The chat in the main window: the kill switch action in the agent toolbar, the chat as the
// primary panel of a session, the API Keys page of Settings, the cost in the status bar.
#include "agentsettings.h"
#include "agenttestfixture.h"
#include "appsettings.h"
#include "builtinpanels.h"
#include "chatpanel.h"
#include "machine.h"
#include "machineregistry.h"
#include "mainwindow.h"
#include "panelregistry.h"
#include "sessionlistmodel.h"
#include "sessionpage.h"
#include "sessionview.h"
#include "settingsdialog.h"
#include "store.h"

#include <QAbstractProxyModel>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

using namespace Proto;
using namespace ProtoTest;
using namespace Qt::StringLiterals;

class TestChatWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void killSwitchInToolbar()
    {
        AgentFixture f;
        QVERIFY(f.init());
        AgentServices services = f.services(ApprovalMode::Auto);
        PanelRegistry registry;
        registerChatPanel(registry);
        MainWindow window(f.store.get(), registry, &services);
        window.show();
        QAction *kill = window.killSwitchAction();
        QVERIFY(kill);
        QVERIFY(window.agentToolBar()->actions().contains(kill));
        QVERIFY(window.agentToolBar()->isVisible());
        QCOMPARE(kill->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
        QVERIFY(!kill->isChecked());

        kill->trigger();
        QVERIFY(f.killSwitch.isEngaged());
        QVERIFY(kill->isChecked());
        auto *button = qobject_cast<QToolButton *>(window.agentToolBar()->widgetForAction(kill));
        QVERIFY(button);
        QVERIFY(button->styleSheet().contains(u"#c62828"_s)); // red while engaged
        kill->trigger();
        QVERIFY(!f.killSwitch.isEngaged());
        QVERIFY(!kill->isChecked());
        QVERIFY(button->styleSheet().isEmpty());

        // Engaged elsewhere (proto-cli, a test): the action follows.
        f.killSwitch.engage(u"from the command line"_s);
        QVERIFY(kill->isChecked());
        f.killSwitch.release();
        QVERIFY(!kill->isChecked());

        // Without agent services there is no kill switch and the toolbar stays hidden.
        MainWindow plain(f.store.get(), registry);
        QVERIFY(!plain.killSwitchAction());
    }

    void killSwitchKillsMachineCommands()
    {
        // The toolbar's kill switch also ends commands nobody's runner owns (every live machine).
        AgentFixture f;
        QVERIFY(f.init());
        AgentServices services = f.services(ApprovalMode::Auto);
        PanelRegistry registry;
        registerChatPanel(registry);
        MainWindow window(f.store.get(), registry, &services);
        Machine *local = window.machines()->machine(Store::localMachineId());
        QVERIFY(local);
        std::unique_ptr<CommandJob> job(local->run(CommandSpec { u"sleep 600"_s, {}, {}, 0, {}, false }));
        QTest::qWait(100);
        QVERIFY(!job->isFinished());
        window.killSwitchAction()->trigger();
        QVERIFY(f.killSwitch.isEngaged());
        QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 5000);
        QCOMPARE(job->error(), MachineJob::Error::Cancelled);
        f.killSwitch.release();
    }

    void chatIsThePrimaryPanel()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyText(u"Hi from the window."_s);
        AgentServices services = f.services(ApprovalMode::Auto);
        PanelRegistry registry;
        registerBuiltinPanels(registry);
        MainWindow window(f.store.get(), registry, &services);
        window.show();
        const auto session = window.sessionModel()->createSession(u"s"_s, u"local"_s, f.project, {});
        QVERIFY(session);
        QVERIFY(window.selectSession(session->id));
        SessionPage *page = window.sessionView()->page(session->id);
        QVERIFY(page);
        auto *primary = page->findChild<QTabWidget *>(u"primaryPanels"_s);
        QVERIFY(primary);
        auto *chat = qobject_cast<ChatPanel *>(primary->widget(0));
        QVERIFY(chat);
        QVERIFY(chat->runner());
        chat->sendText(u"hello"_s);
        QVERIFY(QTest::qWaitFor([chat] { return !chat->runner()->isBusy(); }, 15000));
        // The session list shows the state the runner wrote.
        QTRY_COMPARE(window.sessionModel()->session(session->id)->state, u"idle"_s);
        QVERIFY(f.store->flush());
        auto *cost = window.statusBar()->findChild<QLabel *>(u"statusCost"_s);
        QVERIFY(cost);
        QTRY_VERIFY2(cost->text().contains(u"$"_s), qPrintable(cost->text()));
    }

    // A session that finishes while the person looks at another one gets a badge in the
    // sidebar (and a status bar line); looking at it clears the badge.
    void attentionBadgeWhenFinishedElsewhere()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyText(u"All done."_s);
        AgentServices services = f.services(ApprovalMode::Auto);
        PanelRegistry registry;
        registerChatPanel(registry);
        MainWindow window(f.store.get(), registry, &services);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        SessionListModel *model = window.sessionModel();
        const auto busy = model->createSession(u"busy"_s, u"local"_s, f.project, {});
        const auto other = model->createSession(u"other"_s, u"local"_s, f.project, {});
        QVERIFY(busy && other);
        QVERIFY(window.selectSession(busy->id));
        auto *chat = window.sessionView()->page(busy->id)->findChild<ChatPanel *>();
        QVERIFY(chat);
        chat->sendText(u"work while I look away"_s);
        QVERIFY(window.selectSession(other->id));
        QVERIFY(QTest::qWaitFor([chat] { return !chat->runner()->isBusy(); }, 15000));

        QTRY_VERIFY(model->hasAttention(busy->id));
        QTRY_COMPARE(model->session(busy->id)->state, u"idle"_s);
        const QModelIndex row = model->indexOf(busy->id);
        QVERIFY(row.data(SessionListModel::AttentionRole).toBool());
        QCOMPARE(row.data(SessionListModel::AttentionTextRole).toString(), u"finished"_s);
        QVERIFY2(row.data(Qt::ToolTipRole).toString().contains(u"finished"_s),
            qPrintable(row.data(Qt::ToolTipRole).toString()));
        QCOMPARE(window.statusBar()->currentMessage(), u"“busy” finished."_s);
        QVERIFY(!model->hasAttention(other->id));
        // The badge is drawn: the row's pixels differ from the same row without it.
        auto *list = window.findChild<QListView *>(u"sessionView"_s);
        QVERIFY(list);
        const QRect rect
            = list->visualRect(qobject_cast<QAbstractProxyModel *>(list->model())->mapFromSource(row));
        QVERIFY(rect.isValid());
        const QImage with = list->viewport()->grab(rect).toImage();
        if (const QString shots = qEnvironmentVariable("PROTO_SCREENSHOT_DIR"); !shots.isEmpty())
            QVERIFY(window.grab().save(shots + u"/sidebar-attention.png"_s));

        QVERIFY(window.selectSession(busy->id));
        QVERIFY(!model->hasAttention(busy->id));
        QVERIFY(window.selectSession(other->id));
        QTest::qWait(50);
        const QImage without = list->viewport()->grab(rect).toImage();
        QVERIFY(with != without);
    }

    void settingsHasApiKeysPage()
    {
        AgentFixture f;
        QVERIFY(f.init());
        PanelRegistry registry;
        MainWindow window(f.store.get(), registry);
        SettingsDialog dialog(window.settings(), &window);
        auto *tabs = dialog.findChild<QTabWidget *>(u"tabs"_s);
        QVERIFY(tabs);
        QWidget *keys = dialog.findChild<QWidget *>(u"keysTab"_s);
        QVERIFY(keys);
        QVERIFY(tabs->indexOf(keys) >= 0);
        QVERIFY(!keys->isEnabled()); // no provider: nothing to store keys with
        auto *key = dialog.findChild<QLineEdit *>(u"anthropicKeyEdit"_s);
        QVERIFY(key);
        QCOMPARE(key->echoMode(), QLineEdit::Password);
        // The Providers page: a user's provider made the default, with its model, in the
        // settings proto-cli reads (AgentSettings); the key variable is a name, not a key.
        QWidget *providers = dialog.findChild<QWidget *>(u"providersTab"_s);
        QVERIFY(providers && tabs->indexOf(providers) >= 0);
        QVERIFY(!dialog.findChild<QLineEdit *>(u"openAiUrlEdit"_s)); // the old setting nothing read
        dialog.findChild<QLineEdit *>(u"nameEdit"_s)->setText(u"ollama"_s);
        dialog.findChild<QLineEdit *>(u"urlEdit"_s)->setText(u"http://127.0.0.1:11434/v1"_s);
        dialog.findChild<QLineEdit *>(u"keyEnvEdit"_s)->setText(u"OLLAMA_KEY"_s);
        dialog.findChild<QLineEdit *>(u"modelsEdit"_s)->setText(u"qwen3-coder, llama3"_s);
        dialog.findChild<QPushButton *>(u"saveButton"_s)->click();
        auto *defaultProvider = dialog.findChild<QComboBox *>(u"defaultProviderCombo"_s);
        QVERIFY(defaultProvider);
        defaultProvider->setCurrentIndex(defaultProvider->findData(u"ollama"_s));
        QVERIFY(defaultProvider->currentIndex() >= 0);
        dialog.apply();
        QVERIFY(f.store->flush());
        const AgentSettings stored = AgentSettings::read(*f.store);
        QCOMPARE(stored.defaultProvider, u"ollama"_s);
        const auto ollama = stored.provider(u"ollama"_s);
        QVERIFY(ollama);
        QCOMPARE(ollama->baseUrl, u"http://127.0.0.1:11434/v1"_s);
        QCOMPARE(ollama->keyEnv, u"OLLAMA_KEY"_s);
        QCOMPARE(ollama->models, (QStringList { u"qwen3-coder"_s, u"llama3"_s }));
        QCOMPARE(stored.modelFor({}), u"qwen3-coder"_s);
        QCOMPARE(AppSettings::defaultModelKey(), AgentSettings::defaultModelKey());
    }
};

QTEST_MAIN(TestChatWindow)
#include "tst_chatwindow.moc"
