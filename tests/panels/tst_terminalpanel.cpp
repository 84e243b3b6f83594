#include "agentactivityview.h"
#include "killswitch.h"
#include "localmachine.h"
#include "panelregistry.h"
#include "ptyshellchannel.h"
#include "standinmachine.h"
#include "store.h"
#include "terminalpanel.h"
#include "terminalsessionpanel.h"
#include "terminalview.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <qtermwidget.h>

using namespace Proto;
using namespace Qt::StringLiterals;

class TestTerminalPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void localShellRunsInWorkingFolder();
    void localShellHasNoAppSecrets();
    void alternateScreenWorks();
    void tabsNewCloseAndTitles();
    void shellExitShowsBarAndRestarts();
    void scrollbackIsBounded();
    void copyAndPasteShortcuts();
    void remoteShellDataResizeAndExit();
    void remoteShellWithoutOpenerSaysSo();
    void agentActivityShowsCommands();
    void agentActivityIsReadOnlyAndFiltered();
    void sanitize_data();
    void sanitize();
    void settingsFollowAppearance();
    void registeredAsSessionPanel();
    void killSwitchBanner();
    void screenshot();

private:
    TerminalSettings settings() const;
    std::unique_ptr<TerminalPanel> makePanel(Machine *machine);

    QTemporaryDir m_dir;
    LocalMachine m_machine;
};

namespace {

bool waitForText(const std::function<QString()> &text, const QString &needle, int timeoutMs = 10000)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (text().contains(needle))
            return true;
        QTest::qWait(20);
    }
    qWarning().noquote() << "not found:" << needle << "in screen:\n" << text();
    return false;
}

// A machine that says it is remote: its terminal tabs go through the shell opener.
using RemoteNamedMachine = ProtoTest::StandInMachine;

} // namespace

TerminalSettings TestTerminalPanel::settings() const
{
    TerminalSettings s;
    s.shellProgram = u"/bin/sh"_s; // no rc files that set titles or prompts
    s.font = QFont(u"Monospace"_s, 10);
    return s;
}

std::unique_ptr<TerminalPanel> TestTerminalPanel::makePanel(Machine *machine)
{
    auto panel = std::make_unique<TerminalPanel>(machine, m_dir.path(), settings());
    panel->resize(900, 520);
    panel->show();
    if (!QTest::qWaitForWindowExposed(panel.get()))
        qWarning("window not exposed");
    return panel;
}

void TestTerminalPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QFile marker(m_dir.filePath(u"marker-file.txt"_s));
    QVERIFY(marker.open(QIODevice::WriteOnly));
    marker.write("x");
}

void TestTerminalPanel::localShellRunsInWorkingFolder()
{
    auto panel = makePanel(&m_machine);
    QCOMPARE(panel->shellCount(), 0);
    TerminalView *view = panel->newShell();
    QVERIFY(view->isRunning());
    QCOMPARE(view->kind(), TerminalView::Kind::Local);
    view->sendText(u"pwd; echo TERM=$TERM; ls; echo done-$((6*7))\n"_s);
    const auto screen = [view] { return view->screenText(); };
    QVERIFY(waitForText(screen, u"done-42"_s));
    const QString text = screen();
    QVERIFY2(
        text.contains(QDir(m_dir.path()).canonicalPath()) || text.contains(m_dir.path()), qPrintable(text));
    QVERIFY(text.contains(u"TERM=xterm-256color"_s));
    QVERIFY(text.contains(u"marker-file.txt"_s));
}

// The person's shell does not inherit the app's own secrets (an agent may read the terminal);
// their own variables stay.
void TestTerminalPanel::localShellHasNoAppSecrets()
{
    qputenv("ANTHROPIC_API_KEY", "sk-ant-terminal-secret-0123456789");
    qputenv("PROTO_VNC_PASSWORD", "terminal-vnc-secret");
    qputenv("MY_OWN_SETTING", "kept-for-the-person");
    const auto restore = qScopeGuard([] {
        qunsetenv("ANTHROPIC_API_KEY");
        qunsetenv("PROTO_VNC_PASSWORD");
        qunsetenv("MY_OWN_SETTING");
    });
    auto panel = makePanel(&m_machine);
    TerminalView *view = panel->newShell();
    QVERIFY(view->isRunning());
    view->sendText(u"echo found=$(tr '\\0' '\\n' < /proc/$$/environ | grep -c -e terminal-secret -e "
                   "terminal-vnc) own=$MY_OWN_SETTING term=$TERM env-$((40+2))\n"_s);
    const auto screen = [view] { return view->screenText(); };
    QVERIFY(waitForText(screen, u"env-42"_s));
    const QString text = screen();
    QVERIFY2(text.contains(u"found=0 own=kept-for-the-person term=xterm-256color"_s), qPrintable(text));
    QVERIFY(!text.contains(u"sk-ant-terminal"_s));
}

void TestTerminalPanel::alternateScreenWorks()
{
    auto panel = makePanel(&m_machine);
    TerminalView *view = panel->newShell();
    const auto screen = [view] { return view->screenText(); };
    view->sendText(
        u"echo MAIN-$((1+1)); tput smcup; echo ALT-$((2+2)); tput cup 5 10; echo AT-$((3+3)); read x; tput rmcup\n"_s);
    QVERIFY(waitForText(screen, u"AT-6"_s));
    QString alt = screen();
    QVERIFY2(alt.contains(u"ALT-4"_s), qPrintable(alt));
    QVERIFY2(!alt.contains(u"MAIN-2"_s), qPrintable(alt)); // the main screen is hidden
    // tput cup 5 10 put the text on the sixth line, eleventh column.
    const QStringList lines = alt.split(u'\n');
    bool placed = false;
    for (const QString &line : lines)
        placed = placed || (line.indexOf(u"AT-6"_s) == 10);
    QVERIFY2(placed, qPrintable(alt));
    view->sendText(u"\n"_s);
    QVERIFY(waitForText(screen, u"MAIN-2"_s));
    QTRY_VERIFY(!screen().contains(u"AT-6"_s));
}

void TestTerminalPanel::tabsNewCloseAndTitles()
{
    auto panel = makePanel(&m_machine);
    QCOMPARE(panel->tabs()->count(), 1); // the agent's tab
    TerminalView *first = panel->newShell();
    TerminalView *second = panel->newShell();
    QCOMPARE(panel->shellCount(), 2);
    QCOMPARE(panel->currentShell(), second);
    second->sendText(u"printf '\\033]0;%s\\007' custom-title\n"_s);
    QTRY_COMPARE(panel->tabs()->tabText(panel->tabs()->indexOf(second)), u"custom-title"_s);
    QCOMPARE(second->title(), u"custom-title"_s);
    QVERIFY(panel->tabs()->tabText(panel->tabs()->indexOf(first)) != u"custom-title"_s);
    // The agent tab cannot be closed; shells can.
    QVERIFY(!panel->tabs()->tabBar()->tabButton(0, QTabBar::RightSide));
    QPointer<TerminalView> gone = second;
    panel->closeShell(second);
    QCOMPARE(panel->shellCount(), 1);
    QTRY_VERIFY(gone.isNull());
    QCOMPARE(panel->shell(0), first);
}

void TestTerminalPanel::shellExitShowsBarAndRestarts()
{
    auto panel = makePanel(&m_machine);
    TerminalView *view = panel->newShell();
    QVERIFY(view->endMessage().isEmpty());
    view->sendText(u"exit\n"_s);
    QTRY_VERIFY(!view->isRunning());
    QVERIFY(!view->endMessage().isEmpty());
    QVERIFY(panel->tabs()->tabText(panel->tabs()->indexOf(view)).contains(u"ended"_s));
    view->restart();
    QVERIFY(view->isRunning());
    QVERIFY(view->endMessage().isEmpty());
    view->sendText(u"echo again-$((2*21))\n"_s);
    QVERIFY(waitForText([view] { return view->screenText(); }, u"again-42"_s));
}

void TestTerminalPanel::scrollbackIsBounded()
{
    auto panel = std::make_unique<TerminalPanel>(&m_machine, m_dir.path(), [this] {
        TerminalSettings s = settings();
        s.scrollbackLines = 300;
        return s;
    }());
    panel->resize(800, 400);
    panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(panel.get()));
    TerminalView *view = panel->newShell();
    view->sendText(u"seq 1 5000; echo seq-$((1+1))-done\n"_s);
    QVERIFY(waitForText([view] { return view->screenText(); }, u"seq-2-done"_s, 20000));
    QVERIFY2(view->terminal()->historyLinesCount() <= 300,
        qPrintable(QString::number(view->terminal()->historyLinesCount())));
    QVERIFY(view->terminal()->historyLinesCount() >= 250);
    QVERIFY(!view->screenText().contains(u"\n1000\n"_s));
    QVERIFY(view->screenText().contains(u"\n4999\n"_s));
}

void TestTerminalPanel::copyAndPasteShortcuts()
{
    auto panel = makePanel(&m_machine);
    TerminalView *view = panel->newShell();
    panel->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(panel.get()));
    view->sendText(u"echo copy-$((3*3))\n"_s);
    QVERIFY(waitForText([view] { return view->screenText(); }, u"copy-9"_s));
    QTermWidget *term = view->terminal();
    term->setSelectionStart(0, 0);
    term->setSelectionEnd(term->screenLinesCount() - 1, term->screenColumnsCount() - 1);
    QApplication::clipboard()->clear();
    QWidget *focus = QApplication::focusWidget();
    QVERIFY(focus && view->isAncestorOf(focus));
    QTest::keyClick(focus, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY(QApplication::clipboard()->text().contains(u"copy-9"_s));

    // Ctrl+Shift+F opens the scrollback search bar.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
    auto *searchEdit = view->terminal()->findChild<QLineEdit *>();
    QVERIFY(searchEdit);
    QTRY_VERIFY(searchEdit->isVisible());
    view->toggleSearch();
    QTRY_VERIFY(!searchEdit->isVisible());
    term->setFocus();

    QApplication::clipboard()->setText(u"echo pasted-$((5*5))"_s);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
    view->sendText(u"\n"_s);
    QVERIFY(waitForText([view] { return view->screenText(); }, u"pasted-25"_s));
}

void TestTerminalPanel::remoteShellDataResizeAndExit()
{
    RemoteNamedMachine remote;
    auto panel = makePanel(&remote);
    QPointer<ProtoTest::PtyShellChannel> channel;
    int opened = 0;
    QString requestedTerm;
    int requestedColumns = 0;
    panel->setShellOpener([&](int columns, int rows, const QString &term, const QString &dir, QObject *parent,
                              const QString &) {
        ++opened;
        requestedTerm = term;
        requestedColumns = columns;
        channel = new ProtoTest::PtyShellChannel(columns, rows, term, dir, parent);
        return channel.data();
    });
    QVERIFY(panel->canOpenShells());
    TerminalView *view = panel->newShell();
    QCOMPARE(view->kind(), TerminalView::Kind::Remote);
    QCOMPARE(opened, 1);
    QCOMPARE(requestedTerm, u"xterm-256color"_s);
    QVERIFY(requestedColumns > 20);
    const auto screen = [view] { return view->screenText(); };

    view->sendText(u"echo remote-$((6*7)); echo TERM=$TERM; pwd\n"_s);
    QVERIFY(waitForText(screen, u"remote-42"_s));
    QVERIFY(screen().contains(u"TERM=xterm-256color"_s));
    QVERIFY(screen().contains(m_dir.path()));

    // The remote pty has the widget's size, and follows it.
    view->sendText(u"echo size=$(stty size)=\n"_s);
    const QString before = u"size=%1 %2="_s.arg(view->rows()).arg(view->columns());
    QVERIFY(waitForText(screen, before));
    const int columnsBefore = view->columns();
    panel->resize(600, 300);
    QTRY_VERIFY(view->columns() < columnsBefore);
    QTRY_VERIFY(channel->columns() == view->columns() && channel->rows() == view->rows());
    view->sendText(u"clear; echo size=$(stty size)=\n"_s);
    const QString after = u"size=%1 %2="_s.arg(view->rows()).arg(view->columns());
    QVERIFY(after != before);
    QVERIFY(waitForText(screen, after));

    // Full-screen programs: the alternate screen works over the channel too.
    view->sendText(u"tput smcup; echo in-alt-$((1+2)); read x; tput rmcup\n"_s);
    QVERIFY(waitForText(screen, u"in-alt-3"_s));
    QVERIFY(!screen().contains(u"size="_s));
    view->sendText(u"\n"_s);
    QVERIFY(waitForText(screen, u"size="_s));

    // The end of the shell shows its exit status; Reconnect opens a new channel.
    view->sendText(u"exit 3\n"_s);
    QTRY_VERIFY(!view->isRunning());
    QCOMPARE(view->exitStatus(), 3);
    QVERIFY2(view->endMessage().contains(u"3"_s), qPrintable(view->endMessage()));
    view->restart();
    QCOMPARE(opened, 2);
    QVERIFY(view->isRunning());
    view->sendText(u"echo back-$((50+5))\n"_s);
    QVERIFY(waitForText(screen, u"back-55"_s));
}

void TestTerminalPanel::remoteShellWithoutOpenerSaysSo()
{
    RemoteNamedMachine remote;
    auto panel = makePanel(&remote);
    QVERIFY(!panel->canOpenShells());
    TerminalView *view = panel->newShell();
    QVERIFY(!view->isRunning());
    QVERIFY(!view->endMessage().isEmpty());
}

void TestTerminalPanel::agentActivityShowsCommands()
{
    auto panel = makePanel(&m_machine);
    AgentActivityView *activity = panel->agentActivity();
    QCOMPARE(panel->tabs()->widget(0), activity);
    const auto screen = [activity] { return activity->screenText(); };
    activity->commandStarted(u"call-1"_s, u"ls -la src"_s, u"/work/project"_s);
    QCOMPARE(activity->runningCount(), 1);
    activity->output(u"call-1"_s, "main.cpp\nutil.cpp\n");
    activity->commandFinished(u"call-1"_s, 0);
    QCOMPARE(activity->runningCount(), 0);
    activity->commandStarted(u"call-2"_s, u"make test"_s, u"/work/project"_s);
    activity->output(u"call-2"_s, "\x1b[31mFAIL\x1b[0m: 2 tests");
    activity->commandFinished(u"call-2"_s, 2);
    QVERIFY(waitForText(screen, u"exit 2"_s));
    const QString text = screen();
    QVERIFY2(text.contains(u"agent /work/project $ ls -la src"_s), qPrintable(text));
    QVERIFY(text.contains(u"main.cpp\nutil.cpp"_s));
    QVERIFY(text.contains(u"exit 0"_s));
    QVERIFY(text.contains(u"agent /work/project $ make test"_s));
    QVERIFY(text.contains(u"FAIL: 2 tests\n"_s)); // the footer starts on a line of its own

    // Interleaved output of two commands says whose output follows.
    activity->commandStarted(u"call-3"_s, u"sleep 1; echo three"_s, {});
    activity->commandStarted(u"toolu_0123456789abcdef"_s, u"echo four"_s, {});
    activity->output(u"call-3"_s, "three\n");
    activity->output(u"toolu_0123456789abcdef"_s, "four\n");
    activity->commandFinished(u"call-3"_s, 0);
    activity->commandFinished(u"toolu_0123456789abcdef"_s, 0);
    QVERIFY(waitForText(screen, u"[89abcdef] echo four"_s));
    QVERIFY(screen().contains(u"[call-3] sleep 1; echo three"_s));
}

void TestTerminalPanel::agentActivityIsReadOnlyAndFiltered()
{
    auto panel = makePanel(&m_machine);
    AgentActivityView *activity = panel->agentActivity();
    const auto screen = [activity] { return activity->screenText(); };
    activity->commandStarted(u"a"_s, u"cat evil"_s, u"/tmp"_s);
    activity->output(u"a"_s, "before\n");
    // Clear screen, alternate screen, a title, cursor moves: all dropped, split across chunks.
    activity->output(u"a"_s, "\x1b[2J\x1b[?10");
    activity->output(u"a"_s, "49h\x1b]0;pwned\x07\x1b[H\x1b");
    activity->output(u"a"_s, "cvisible\n");
    activity->commandFinished(u"a"_s, 0);
    QVERIFY(waitForText(screen, u"visible"_s));
    QVERIFY(screen().contains(u"before\nvisible"_s));
    QVERIFY(activity->terminal()->title() != u"pwned"_s);
    // Typing goes nowhere.
    activity->setFocus();
    QTest::keyClicks(activity->terminal(), u"typed-text"_s);
    QTest::qWait(200);
    QVERIFY(!screen().contains(u"typed-text"_s));
}

void TestTerminalPanel::sanitize_data()
{
    QTest::addColumn<QByteArrayList>("chunks");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("plain") << QByteArrayList { "hello\n" } << QByteArray("hello\n");
    QTest::newRow("sgr kept") << QByteArrayList { "\x1b[1;31mred\x1b[0m" }
                              << QByteArray("\x1b[1;31mred\x1b[0m");
    QTest::newRow("sgr 256 and truecolor") << QByteArrayList { "\x1b[38;5;208mx\x1b[38:2:1:2:3my" }
                                           << QByteArray("\x1b[38;5;208mx\x1b[38:2:1:2:3my");
    QTest::newRow("private sgr-like dropped") << QByteArrayList { "\x1b[?1mx" } << QByteArray("x");
    QTest::newRow("clear and home dropped") << QByteArrayList { "\x1b[2J\x1b[Hx" } << QByteArray("x");
    QTest::newRow("alternate screen dropped")
        << QByteArrayList { "\x1b[?1049hx\x1b[?1049l" } << QByteArray("x");
    QTest::newRow("osc title bel") << QByteArrayList { "\x1b]0;title\x07x" } << QByteArray("x");
    QTest::newRow("osc title st") << QByteArrayList { "\x1b]2;title\x1b\\x" } << QByteArray("x");
    QTest::newRow("osc 52 clipboard") << QByteArrayList { "\x1b]52;c;ZXZpbA==\x07x" } << QByteArray("x");
    QTest::newRow("dcs") << QByteArrayList { "\x1bPq#0;2;0;0;0\x1b\\x" } << QByteArray("x");
    QTest::newRow("reset ris") << QByteArrayList { "\x1b"
                                                   "cx" }
                               << QByteArray("x");
    QTest::newRow("charset") << QByteArrayList { "\x1b(0x\x1b(B" } << QByteArray("x");
    QTest::newRow("split csi") << QByteArrayList { "a\x1b[3", "1mb" } << QByteArray("a\x1b[31mb");
    QTest::newRow("split esc") << QByteArrayList { "a\x1b", "[2Jb" } << QByteArray("ab");
    QTest::newRow("split osc") << QByteArrayList { "a\x1b]0;ti",
        "tle\x07"
        "b" } << QByteArray("ab");
    QTest::newRow("controls") << QByteArrayList { QByteArray("a\x00\x01\x07\x08\x0b\x0c\x7f"
                                                             "b\tc\r\n",
        14) } << QByteArray("ab\tc\r\n");
    QTest::newRow("utf8 kept") << QByteArrayList { "h\xc3\xa9llo \xe2\x9c\x93" }
                               << QByteArray("h\xc3\xa9llo \xe2\x9c\x93");
    QByteArray everyByte;
    for (int i = 0; i < 256; ++i)
        everyByte.append(char(i));
    QByteArray expected;
    for (int i = 0; i < 256; ++i) {
        if (i == 0x1b)
            break;
        if (i == '\t' || i == '\n' || i == '\r' || (i >= 0x20 && i != 0x7f))
            expected.append(char(i));
    }
    // ESC (0x1b) followed by 0x1c: a two-byte escape, dropped; the rest passes minus 0x7f.
    for (int i = 0x1d; i < 256; ++i) {
        if (i >= 0x20 && i != 0x7f)
            expected.append(char(i));
    }
    QTest::newRow("every byte") << QByteArrayList { everyByte } << expected;
}

void TestTerminalPanel::sanitize()
{
    QFETCH(QByteArrayList, chunks);
    QFETCH(QByteArray, expected);
    QByteArray carry;
    QByteArray out;
    for (const QByteArray &chunk : std::as_const(chunks))
        out += AgentActivityView::sanitize(chunk, &carry);
    QCOMPARE(out, expected);
}

void TestTerminalPanel::settingsFollowAppearance()
{
    TerminalSettings s = settings();
    s.appearance = TerminalSettings::Appearance::Dark;
    QCOMPARE(s.colorScheme(), s.darkColorScheme);
    s.appearance = TerminalSettings::Appearance::Light;
    QCOMPARE(s.colorScheme(), s.lightColorScheme);
    TerminalSettings::registerColorSchemes();
    QVERIFY2(QTermWidget::availableColorSchemes().contains(s.lightColorScheme),
        qPrintable(QTermWidget::availableColorSchemes().join(u' ')));
    QVERIFY(QTermWidget::availableColorSchemes().contains(s.darkColorScheme));
    auto panel = makePanel(&m_machine);
    TerminalView *view = panel->newShell();
    s.font = QFont(u"Monospace"_s, 15);
    s.scrollbackLines = 1234;
    panel->setSettings(s);
    QCOMPARE(view->terminal()->getTerminalFont().pointSize(), 15);
    QCOMPARE(view->terminal()->historySize(), 1234);
}

void TestTerminalPanel::registeredAsSessionPanel()
{
    PanelRegistry registry;
    registerTerminalPanel(registry);
    QVERIFY(registry.contains(u"terminal"_s));
    std::unique_ptr<SessionPanel> panel(registry.factories().first().create(PanelContext {}, nullptr));
    auto *terminal = qobject_cast<TerminalSessionPanel *>(panel.get());
    QVERIFY(terminal);
    QCOMPARE(terminal->title(), u"Terminal"_s);
    SessionRecord session;
    session.id = u"s1"_s;
    session.machineId = Store::localMachineId();
    session.workingDirectory = m_dir.path();
    terminal->setSession(session);
    QVERIFY(terminal->terminalPanel());
    QCOMPARE(terminal->terminalPanel()->shellCount(), 0); // no shell until it is looked at
    terminal->resize(800, 400);
    terminal->show();
    QVERIFY(QTest::qWaitForWindowExposed(terminal));
    QCOMPARE(terminal->terminalPanel()->shellCount(), 1);
    TerminalView *view = terminal->terminalPanel()->shell(0);
    view->sendText(u"echo session-$((2+3))\n"_s);
    QVERIFY(waitForText([view] { return view->screenText(); }, u"session-5"_s));
}

void TestTerminalPanel::killSwitchBanner()
{
    KillSwitch kill;
    PanelContext context;
    context.killSwitch = &kill;
    TerminalSessionPanel terminal(context);
    SessionRecord session;
    session.id = u"s1"_s;
    session.machineId = Store::localMachineId();
    session.workingDirectory = m_dir.path();
    terminal.setSession(session);
    terminal.resize(900, 420);
    terminal.show();
    QVERIFY(QTest::qWaitForWindowExposed(&terminal));
    QVERIFY(!terminal.killSwitchBannerVisible());
    kill.engage(u"engaged from the <b>toolbar</b>"_s);
    QVERIFY(terminal.killSwitchBannerVisible());
    auto *text = terminal.findChild<QLabel *>(u"terminalKillSwitchText"_s);
    QVERIFY(text);
    QCOMPARE(text->textFormat(), Qt::PlainText); // a reason is never rendered as markup
    QVERIFY2(text->text().contains(u"Kill switch engaged: engaged from the <b>toolbar</b>"_s),
        qPrintable(text->text()));
    // The shell stays the person's: it still runs commands.
    TerminalView *view = terminal.terminalPanel()->shell(0);
    QVERIFY(view);
    view->sendText(u"echo still-$((3+4))\n"_s);
    QVERIFY(waitForText([view] { return view->screenText(); }, u"still-7"_s));
    const QString dir = qEnvironmentVariable("PROTO_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        QTest::qWait(200);
        QVERIFY(terminal.grab().save(QDir(dir).filePath(u"terminal-kill-switch.png"_s)));
    }
    auto *release = terminal.findChild<QPushButton *>(u"terminalKillSwitchRelease"_s);
    QVERIFY(release);
    release->click();
    QVERIFY(!kill.isEngaged());
    QVERIFY(!terminal.killSwitchBannerVisible());
    // Engaged elsewhere (another process, the toolbar): shown again.
    kill.engage();
    QVERIFY(terminal.killSwitchBannerVisible());
}

void TestTerminalPanel::screenshot()
{
    const QString dir = qEnvironmentVariable("PROTO_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set PROTO_SCREENSHOT_DIR to save docs/screenshots/terminal-panel.png");
    TerminalSettings s = settings();
    TerminalPanel panel(&m_machine, m_dir.path(), s);
    panel.resize(1000, 560);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    AgentActivityView *activity = panel.agentActivity();
    activity->commandStarted(u"t1"_s, u"git status --short"_s, u"~/src/proto-desktop"_s);
    activity->output(u"t1"_s, " M ui/terminal/terminalview.cpp\n?? tests/panels/\n");
    activity->commandFinished(u"t1"_s, 0);
    activity->commandStarted(u"t2"_s, u"ctest -R panels"_s, u"~/src/proto-desktop/build"_s);
    activity->output(u"t2"_s,
        "1/2 Test #1: tst_terminalpanel ....   \x1b[32mPassed\x1b[0m    4.21 sec\n"
        "2/2 Test #2: tst_filespanel ......   \x1b[31m***Failed\x1b[0m  2.02 sec\n");
    activity->commandFinished(u"t2"_s, 8);
    TerminalView *view = panel.newShell();
    view->sendText(u"PS1='$ '; clear; ls -l --color=always /usr/share/qtermwidget6; printf '\\033[1;32mgreen "
                   u"\\033[33myellow "
                   u"\\033[34mblue \\033[35mmagenta\\033[0m\\n'; echo shot-$((1+1))\n"_s);
    QVERIFY(waitForText([view] { return view->screenText(); }, u"shot-2"_s));
    QTest::qWait(300);
    QVERIFY(panel.grab().save(QDir(dir).filePath(u"terminal-panel.png"_s)));
    panel.showAgentActivity();
    QTest::qWait(300);
    QVERIFY(panel.grab().save(QDir(dir).filePath(u"terminal-agent-activity.png"_s)));
}

QTEST_MAIN(TestTerminalPanel)
#include "tst_terminalpanel.moc"
