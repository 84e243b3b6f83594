// The Computer session panel: finds the machine's VNC endpoint in the store, connects to an Xvnc
// fixture directly or through an SSH tunnel of the sshd fixture, asks for a password when the
// server wants one, shares a given VncClient, shows the agent's last action, and says clearly
// when the machine has no VNC endpoint. With PROTO_SCREENSHOT_DIR set it saves
// computer-panel.png there (an xterm on the remote desktop and the agent's click marked).
#include "computercanvas.h"
#include "computersessionpanel.h"
#include "computerview.h"
#include "fixtureutil.h"
#include "panelregistry.h"
#include "secretdialog.h"
#include "secretstore.h"
#include "sshdfixture.h"
#include "sshmachine.h"
#include "sshtunnel.h"
#include "store.h"
#include "vncclient.h"
#include "xdisplayprobe.h"
#include "xvncfixture.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Proto;

class TstComputerPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void registered();
    void noEndpointSaysSo();
    void noMachineSaysSo();
    void connectsAndShowsFrames();
    void sharesTheGivenClient();
    void asksForPassword();
    void throughSshTunnel();

private:
    MachineRecord addMachine(const QString &vncHost, int vncPort, bool viaSsh = false);
    SessionRecord sessionOn(const MachineRecord &machine) const;
    bool startXvnc(const QString &password = {});
    static bool framePainted(ComputerSessionPanel &panel);

    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<ProtoTest::XvncFixture> m_xvnc;
};

void TstComputerPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TstComputerPanel::init()
{
    static int n = 0;
    auto opened = Store::open(m_dir.filePath(QStringLiteral("store%1.sqlite").arg(++n)));
    QVERIFY2(opened.store, qPrintable(opened.message));
    m_store = std::move(opened.store);
}

void TstComputerPanel::cleanup()
{
    m_xvnc.reset();
    m_store.reset();
}

MachineRecord TstComputerPanel::addMachine(const QString &vncHost, int vncPort, bool viaSsh)
{
    MachineRecord m;
    m.id = Store::newId();
    m.name = QStringLiteral("desk-%1").arg(m.id.left(6));
    m.kind = viaSsh ? QStringLiteral("ssh") : QStringLiteral("local");
    m.host = QStringLiteral("127.0.0.1");
    m.vncHost = vncHost;
    m.vncPort = vncPort;
    m.vncViaSsh = viaSsh;
    m.created = QDateTime::currentDateTimeUtc();
    m_store->saveMachine(m);
    m_store->flush();
    return m;
}

SessionRecord TstComputerPanel::sessionOn(const MachineRecord &machine) const
{
    SessionRecord s;
    s.id = Store::newId();
    s.title = QStringLiteral("screen");
    s.machineId = machine.id;
    return s;
}

bool TstComputerPanel::startXvnc(const QString &password)
{
    if (!ProtoTest::XvncFixture::available())
        return false;
    m_xvnc = std::make_unique<ProtoTest::XvncFixture>();
    ProtoTest::XvncFixture::Options options;
    options.size = QSize(1024, 640);
    options.password = password;
    QString error;
    if (!m_xvnc->start(options, &error)) {
        qWarning() << error;
        return false;
    }
    return true;
}

bool TstComputerPanel::framePainted(ComputerSessionPanel &panel)
{
    ComputerCanvas *canvas = panel.view()->canvas();
    const QImage grab = canvas->grab().toImage();
    const QRectF frame = canvas->frameRect();
    if (grab.isNull() || frame.isEmpty())
        return false;
    // The root window's fill colour shows in the lower right (the xterm sits top left).
    const QPointF at = frame.topLeft() + QPointF(frame.width() * 0.85, frame.height() * 0.85);
    const QColor c = grab.pixelColor((at * grab.devicePixelRatio()).toPoint());
    return qAbs(c.red() - 0x33) <= 4 && qAbs(c.green() - 0x66) <= 4 && qAbs(c.blue() - 0x99) <= 4;
}

void TstComputerPanel::registered()
{
    PanelRegistry registry;
    registerComputerPanel(registry);
    QVERIFY(registry.contains(QStringLiteral("computer")));
    const auto factory = registry.factories().first();
    QCOMPARE(factory.area, PanelRegistry::Area::Workspace);
    PanelContext context;
    context.store = m_store.get();
    std::unique_ptr<SessionPanel> panel(factory.create(context, nullptr));
    QCOMPARE(panel->title(), QStringLiteral("Computer"));
}

void TstComputerPanel::noEndpointSaysSo()
{
    const MachineRecord machine = addMachine(QString(), 5900);
    PanelContext context;
    context.store = m_store.get();
    ComputerSessionPanel panel(context);
    panel.setSession(sessionOn(machine));
    QVERIFY(!panel.client());
    QVERIFY2(panel.message().contains(QStringLiteral("no VNC endpoint")), qPrintable(panel.message()));
    QVERIFY(panel.message().contains(machine.name));

    const MachineRecord badPort = addMachine(QStringLiteral("127.0.0.1"), 70000);
    panel.setSession(sessionOn(badPort));
    QVERIFY(panel.message().contains(QStringLiteral("not a valid port")));
}

void TstComputerPanel::noMachineSaysSo()
{
    PanelContext context;
    context.store = m_store.get();
    ComputerSessionPanel panel(context);
    SessionRecord s;
    s.id = Store::newId();
    s.machineId = QStringLiteral("no-such-machine");
    panel.setSession(s);
    QVERIFY(panel.message().contains(QStringLiteral("not available")));
}

void TstComputerPanel::connectsAndShowsFrames()
{
    PROTO_REQUIRE_PEER(startXvnc(), QStringLiteral("Xvnc"));
    ProtoTest::XDisplayProbe probe;
    QVERIFY(probe.open(m_xvnc->display()));
    probe.fillRoot(0x336699);
    // Something to look at in the screenshot: an xterm, when the environment has one.
    QProcess xterm;
    const QString xtermPath = QStandardPaths::findExecutable(QStringLiteral("xterm"));
    if (!xtermPath.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DISPLAY"), m_xvnc->display());
        xterm.setProcessEnvironment(env);
        xterm.start(xtermPath,
            { QStringLiteral("-geometry"), QStringLiteral("72x16+40+40"), QStringLiteral("-fa"),
                QStringLiteral("Monospace"), QStringLiteral("-fs"), QStringLiteral("11"),
                QStringLiteral("-e"), QStringLiteral("sh"), QStringLiteral("-c"),
                QStringLiteral("echo 'Proto Desktop agent at work'; uname -sm; ls /; exec sleep 600") });
    }
    const MachineRecord machine = addMachine(QStringLiteral("127.0.0.1"), m_xvnc->port());
    PanelContext context;
    context.store = m_store.get();
    ComputerSessionPanel panel(context);
    panel.resize(900, 640);
    panel.show();
    panel.setSession(sessionOn(machine));
    QVERIFY(panel.client());
    QVERIFY(panel.message().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(panel.client()->isConnected(), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(framePainted(panel), 15000);
    QVERIFY(!panel.view()->statusVisible());
    // View-only until the person takes over.
    QVERIFY(!panel.view()->controlTaken());
    panel.view()->setControlTaken(true);
    QVERIFY(panel.view()->controlTaken());
    panel.view()->setControlTaken(false);

    // The agent's action is marked on the screen.
    panel.client()->click(QPoint(500, 420));
    QTRY_VERIFY(panel.view()->canvas()->actionOverlayVisible());

    // Setting the same session again keeps the live connection.
    VncClient *before = panel.client();
    panel.setSession(sessionOn(machine));
    QCOMPARE(panel.client(), before);
    QVERIFY(panel.client()->isConnected());

    const QString shots = qEnvironmentVariable("PROTO_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        if (xterm.state() == QProcess::Running)
            QTest::qWait(1500); // let the xterm draw
        panel.client()->click(QPoint(330, 150));
        QTest::qWait(300);
        QVERIFY(panel.grab().save(QDir(shots).filePath(QStringLiteral("computer-panel.png"))));
    }
    if (xterm.state() == QProcess::Running) {
        xterm.kill();
        xterm.waitForFinished(3000);
    }
}

void TstComputerPanel::sharesTheGivenClient()
{
    PROTO_REQUIRE_PEER(startXvnc(), QStringLiteral("Xvnc"));
    const MachineRecord machine = addMachine(QStringLiteral("127.0.0.1"), m_xvnc->port());
    VncClient shared;
    int asked = 0;
    PanelContext context;
    context.store = m_store.get();
    context.vncClientFor = [&](const QString &id) {
        ++asked;
        return id == machine.id ? &shared : nullptr;
    };
    ComputerSessionPanel panel(context);
    panel.setSession(sessionOn(machine));
    QCOMPARE(panel.client(), &shared);
    QVERIFY(asked >= 1);
    QTRY_VERIFY_WITH_TIMEOUT(shared.isConnected(), 15000);
    // A second panel (another session on the same machine) joins without reconnecting.
    ComputerSessionPanel second(context);
    QSignalSpy states(&shared, &VncClient::stateChanged);
    second.setSession(sessionOn(machine));
    QCOMPARE(second.client(), &shared);
    QTest::qWait(200);
    QVERIFY(states.isEmpty());
    QVERIFY(shared.isConnected());
}

void TstComputerPanel::asksForPassword()
{
    PROTO_REQUIRE_PEER(startXvnc(QStringLiteral("s3cret-pw")), QStringLiteral("Xvnc"));
    const MachineRecord machine = addMachine(QStringLiteral("127.0.0.1"), m_xvnc->port());
    PanelContext context;
    context.store = m_store.get();
    ComputerSessionPanel panel(context);
    panel.show();
    panel.setSession(sessionOn(machine));
    SecretDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (dialog = panel.findChild<SecretDialog *>(QStringLiteral("vncPasswordDialog"))) != nullptr, 15000);
    auto *remember = dialog->findChild<QCheckBox *>(QStringLiteral("remember"));
    QVERIFY(remember);
    if (!SecretStore::keychainAvailable()) {
        QVERIFY(!remember->isEnabled());
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("noKeychain")));
    }
    // A wrong password first: the dialog comes back saying so.
    dialog->findChild<QLineEdit *>(QStringLiteral("secret"))->setText(QStringLiteral("wrong"));
    dialog->accept();
    SecretDialog *again = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (again = panel.findChild<SecretDialog *>(QStringLiteral("vncPasswordDialog"))) != nullptr
            && again != dialog && again->isVisible(),
        20000);
    QVERIFY(!panel.client()->isConnected());
    again->findChild<QLineEdit *>(QStringLiteral("secret"))->setText(QStringLiteral("s3cret-pw"));
    again->accept();
    QTRY_VERIFY_WITH_TIMEOUT(panel.client()->isConnected(), 20000);
}

void TstComputerPanel::throughSshTunnel()
{
    PROTO_REQUIRE_PEER(startXvnc(), QStringLiteral("Xvnc"));
    ProtoTest::SshdFixture sshd;
    QTemporaryDir clientDir;
    PROTO_REQUIRE_PEER(sshd.start(), sshd.errorString());
    const QString knownHosts = clientDir.filePath(QStringLiteral("known_hosts"));
    QVERIFY(sshd.writeKnownHosts(knownHosts));
    SshMachineConfig config;
    config.name = QStringLiteral("fixture");
    config.host = sshd.host();
    config.port = sshd.port();
    config.user = sshd.user();
    config.identityFile = sshd.clientKeyPath();
    config.sshDirectory = clientDir.path();
    config.knownHostsPath = knownHosts;
    config.hostKeyPolicy = SshMachineConfig::HostKeyPolicy::Strict;
    config.useAgent = false;
    config.allowPassword = false;
    SshMachine ssh(config);

    // The VNC endpoint as the SSH server sees it.
    const MachineRecord machine = addMachine(QStringLiteral("127.0.0.1"), m_xvnc->port(), true);
    PanelContext context;
    context.store = m_store.get();
    context.machineFor = [&](const QString &id) -> Machine * { return id == machine.id ? &ssh : nullptr; };
    ComputerSessionPanel panel(context);
    panel.resize(800, 600);
    panel.show();
    panel.setSession(sessionOn(machine));
    QTRY_VERIFY_WITH_TIMEOUT(panel.tunnel(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(panel.client()->isConnected(), 30000);
    QCOMPARE(panel.client()->host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(panel.client()->port(), panel.tunnel()->port());
    QVERIFY(panel.client()->port() != m_xvnc->port());
    QVERIFY(panel.tunnel()->acceptedConnections() >= 1);
    QTRY_VERIFY_WITH_TIMEOUT(!panel.client()->screenshot().isNull(), 15000);
    QCOMPARE(panel.client()->framebufferSize(), QSize(1024, 640));

    // Without the SSH machine the panel says why it cannot connect.
    PanelContext bare;
    bare.store = m_store.get();
    ComputerSessionPanel lonely(bare);
    lonely.setSession(sessionOn(machine));
    QTRY_VERIFY2(lonely.message().contains(QStringLiteral("SSH")), qPrintable(lonely.message()));
}

QTEST_MAIN(TstComputerPanel)
#include "tst_computerpanel.moc"
