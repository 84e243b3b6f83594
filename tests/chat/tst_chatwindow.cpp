// The chat in the main window: the kill switch action in the agent toolbar, the chat as the
// primary panel of a session, the API Keys page of Settings, the cost in the status bar.
#include "agenttestfixture.h"
#include "builtinpanels.h"
#include "chatpanel.h"
#include "mainwindow.h"
#include "panelregistry.h"
#include "sessionlistmodel.h"
#include "sessionpage.h"
#include "sessionview.h"
#include "settingsdialog.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
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
        // The OpenAI-compatible base URL is a setting (not a secret).
        auto *url = dialog.findChild<QLineEdit *>(u"openAiUrlEdit"_s);
        QVERIFY(url);
        url->setText(u"http://127.0.0.1:9/v1"_s);
        dialog.apply();
        QVERIFY(f.store->flush());
        QCOMPARE(f.store->setting(u"llm/openaiBaseUrl"_s).toString(), u"http://127.0.0.1:9/v1"_s);
    }
};

QTEST_MAIN(TestChatWindow)
#include "tst_chatwindow.moc"
