// The chat's agent and the Computer panel share one VNC connection: in the main window, a
// session on a machine with a VNC endpoint (an Xvnc fixture) offers the computer tool, a scripted
// model moves the pointer and takes a screenshot through it, the pointer lands where the scaled
// coordinates say on the X display, and the Computer panel shows the agent's action.
#include "agenttestfixture.h"
#include "builtinpanels.h"
#include "chatdelegate.h"
#include "chatmodel.h"
#include "chatpanel.h"
#include "chatview.h"
#include "computercanvas.h"
#include "computersessionpanel.h"
#include "computerview.h"
#include "fixtureutil.h"
#include "imageviewerdialog.h"
#include "mainwindow.h"
#include "panelregistry.h"
#include "sessionlistmodel.h"
#include "sessionpage.h"
#include "sessionview.h"
#include "vncclient.h"
#include "xdisplayprobe.h"
#include "xvncfixture.h"

#include <QPointer>
#include <QTabWidget>
#include <QTest>

using namespace Proto;
using namespace ProtoTest;
using namespace Qt::StringLiterals;

class TestChatComputer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void agentDrivesTheSessionScreen()
    {
        PROTO_REQUIRE_PEER(XvncFixture::available(), u"Xvnc"_s);
        XvncFixture xvnc;
        XvncFixture::Options options;
        options.size = QSize(1600, 1000); // the model sees 1280x800: coordinates scale by 1.25
        QString error;
        PROTO_REQUIRE_PEER(xvnc.start(options, &error), error);
        XDisplayProbe probe;
        QVERIFY(probe.open(xvnc.display()));
        probe.fillRoot(0x336699);

        AgentFixture f;
        QVERIFY(f.init());
        MachineRecord machine;
        machine.id = Store::newId();
        machine.name = u"desk"_s;
        machine.kind = u"local"_s;
        machine.vncHost = u"127.0.0.1"_s;
        machine.vncPort = xvnc.port();
        machine.created = QDateTime::currentDateTimeUtc();
        f.store->saveMachine(machine);
        QVERIFY(f.store->flush());

        f.replyTool(u"tu_1"_s, u"computer"_s,
            QJsonObject { { u"action"_s, u"mouse_move"_s }, { u"coordinate"_s, QJsonArray { 400, 200 } } });
        f.replyTool(u"tu_2"_s, u"computer"_s, QJsonObject { { u"action"_s, u"screenshot"_s } });
        f.replyText(u"The screen is blue."_s);

        AgentServices services = f.services(ApprovalMode::Auto);
        PanelRegistry registry;
        registerBuiltinPanels(registry);
        MainWindow window(f.store.get(), registry, &services);
        window.resize(1200, 800);
        window.show();
        const auto session = window.sessionModel()->createSession(u"screen"_s, machine.id, f.project, {});
        QVERIFY(session);
        QVERIFY(window.selectSession(session->id));
        SessionPage *page = window.sessionView()->page(session->id);
        QVERIFY(page);
        auto *chat = page->findChild<ChatPanel *>();
        auto *computer = page->findChild<ComputerSessionPanel *>();
        QVERIFY(chat && chat->runner());
        QVERIFY(computer);
        // The panel connects on opening the session.
        QTRY_VERIFY_WITH_TIMEOUT(computer->client() && computer->client()->isConnected(), 15000);

        chat->sendText(u"look at the screen"_s);
        QVERIFY(QTest::qWaitFor([chat] { return !chat->runner()->isBusy(); }, 30000));
        QCOMPARE(f.messageRequests(), 3);

        // The tool was offered in Anthropic's computer-use form, sized to the scaled screen.
        const QJsonArray tools = f.requestBody(0).value(u"tools"_s).toArray();
        QJsonObject computerTool;
        for (const QJsonValue &t : tools)
            if (t.toObject().value(u"name"_s).toString() == u"computer")
                computerTool = t.toObject();
        QCOMPARE(computerTool.value(u"type"_s).toString(), u"computer_20250124"_s);
        QCOMPARE(computerTool.value(u"display_width_px"_s).toInt(), 1280);
        QCOMPARE(computerTool.value(u"display_height_px"_s).toInt(), 800);

        // The pointer moved on the real display, mapped back exactly.
        QCOMPARE(probe.pointerPosition(), QPoint(500, 250));

        // The screenshot came back as an image.
        const QJsonArray results = lastToolResults(f.requestBody(2));
        QCOMPARE(results.size(), 1);
        const QJsonObject result = results.first().toObject();
        QVERIFY(!result.value(u"is_error"_s).toBool());
        bool image = false;
        for (const QJsonValue &block : result.value(u"content"_s).toArray())
            image = image || block.toObject().value(u"type"_s).toString() == u"image";
        QVERIFY2(image, QJsonDocument(result).toJson().left(400).constData());

        // The Computer panel saw the agent's action.
        QTRY_VERIFY(computer->view()->canvas()->actionOverlayVisible());

        // The screenshot shows in its tool card, opens at full size, and is there after a restart.
        const int shotRow = chat->model()->rowOf(u"tu_2"_s);
        QVERIFY(shotRow >= 0);
        QCOMPARE(chat->model()->item(shotRow).imageSize, QSize(1280, 800));
        const QRect thumb
            = chat->view()->chatDelegate()->imageRect(chat->model()->item(shotRow), chat->view()->font());
        QVERIFY(!thumb.isEmpty() && thumb.height() <= ChatDelegate::MaxImageHeight);
        chat->view()->scrollTo(chat->model()->index(shotRow));
        chat->view()->viewport()->repaint();
        const QRect row = chat->view()->visualRect(chat->model()->index(shotRow));
        QVERIFY(row.height() > thumb.bottom());
        QTest::mouseClick(chat->view()->viewport(), Qt::LeftButton, {}, row.topLeft() + thumb.center());
        auto *viewer = window.findChild<ImageViewerDialog *>();
        QVERIFY(viewer);
        QCOMPARE(viewer->image().size(), QSize(1280, 800));
        // The image is the screen: the root window's colour.
        QCOMPARE(viewer->image().pixelColor(1000, 700).rgb() & 0xffffff, 0x336699u);
        const QPointer<ImageViewerDialog> open(viewer);
        viewer->close(); // deletes itself (WA_DeleteOnClose)
        QTRY_VERIFY(!open);
        const QString shots = qEnvironmentVariable("PROTO_SCREENSHOT_DIR");
        if (!shots.isEmpty())
            window.grab().save(shots + u"/chat-computer.png"_s);
        QVERIFY(f.store->flush());
        ChatModel reloaded;
        reloaded.load(f.store->messages(session->id), f.store->toolCalls(session->id));
        const int reloadedRow = reloaded.rowOf(u"tu_2"_s);
        QVERIFY(reloadedRow >= 0);
        QCOMPARE(reloaded.item(reloadedRow).imageSize, QSize(1280, 800));
        QCOMPARE(reloaded.item(reloadedRow).image, chat->model()->item(shotRow).image);
    }

    void noScreenNoComputerTool()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyText(u"Hi."_s);
        AgentServices services = f.services(ApprovalMode::Auto);
        PanelRegistry registry;
        registerBuiltinPanels(registry);
        MainWindow window(f.store.get(), registry, &services);
        const auto session = window.sessionModel()->createSession(u"plain"_s, u"local"_s, f.project, {});
        QVERIFY(session);
        QVERIFY(window.selectSession(session->id));
        auto *chat = window.sessionView()->page(session->id)->findChild<ChatPanel *>();
        QVERIFY(chat && chat->runner());
        chat->sendText(u"hello"_s);
        QVERIFY(QTest::qWaitFor([chat] { return !chat->runner()->isBusy(); }, 15000));
        for (const QJsonValue &t : f.requestBody(0).value(u"tools"_s).toArray())
            QVERIFY(t.toObject().value(u"name"_s).toString() != u"computer");
    }
};

QTEST_MAIN(TestChatComputer)
#include "tst_chatcomputer.moc"
