// proto-chat-screenshot OUTDIR: a development tool, not part of the product. Runs a real
// conversation (the fake LLM server on 127.0.0.1, the real tools on a temporary project) in the
// real main window offscreen and saves chat-light.png and chat-dark.png with a tool card, a diff,
// an error card and an approval waiting:
//   tools/env sh -c 'QT_QPA_PLATFORM=offscreen build/tests/bin/proto-chat-screenshot docs/screenshots'
#include "agenttestfixture.h"
#include "application.h"
#include "approvalcard.h"
#include "appsettings.h"
#include "builtinpanels.h"
#include "chatpanel.h"
#include "composer.h"
#include "mainwindow.h"
#include "panelregistry.h"
#include "sessionlistmodel.h"
#include "sessionpage.h"
#include "sessionview.h"

#include <QApplication>
#include <QDir>
#include <QTest>

#include <cstdio>

using namespace Proto;
using namespace ProtoTest;
using namespace Qt::StringLiterals;

namespace {

bool save(QWidget *widget, const QString &path)
{
    QApplication::processEvents();
    QTest::qWait(100);
    const bool ok = widget->grab().save(path);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

QJsonObject o(const QString &k, const QJsonValue &v)
{
    return QJsonObject { { k, v } };
}

void writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(data);
}

} // namespace

int main(int argc, char **argv)
{
    QTemporaryDir home;
    qputenv("HOME", QFile::encodeName(home.path()));
    QApplication app(argc, argv);
    setApplicationIdentity();
    if (argc < 2) {
        std::fprintf(stderr, "usage: proto-chat-screenshot OUTDIR\n");
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    QDir().mkpath(out);
    QStandardPaths::setTestModeEnabled(true);

    AgentFixture f;
    if (!f.init())
        return 1;
    writeFile(f.project + u"/src/greeting.py"_s,
        "def greet(name):\n    return f\"Hello, {name}!\"\n\n\nif __name__ == \"__main__\":\n    "
        "print(greet(\"world\"))\n");

    // Turn 1: look, edit, answer.
    f.reply(QJsonArray { o(u"message_start"_s, QJsonObject {}),
        QJsonObject { { u"thinking"_s, u"The user wants the function renamed; find its uses first."_s },
            { u"signature"_s, u"sig"_s } },
        o(u"text"_s, u"I'll find every use of `greet` first."_s),
        o(u"tool_use"_s,
            QJsonObject { { u"id"_s, u"toolu_grep"_s }, { u"name"_s, u"bash"_s },
                { u"input"_s, o(u"command"_s, u"grep -rn greet src"_s) } }),
        o(u"message_delta"_s, o(u"stop_reason"_s, u"tool_use"_s)), o(u"message_stop"_s, true) });
    f.replyTool(u"toolu_edit"_s, u"edit"_s,
        QJsonObject { { u"path"_s, u"src/greeting.py"_s }, { u"old_str"_s, u"def greet(name):"_s },
            { u"new_str"_s, u"def welcome(name):"_s } });
    f.replyText(
        u"Renamed **greet** to **welcome** in `src/greeting.py`. The call site still uses the old "
        u"name; the fix is:\n\n```python\nif __name__ == \"__main__\":\n    print(welcome(\"world\"))\n```\n"_s);
    // Turn 2: the provider is overloaded.
    f.server.enqueueJson(QJsonObject { { u"path"_s, u"/v1/messages"_s }, { u"status"_s, 529 },
        { u"headers"_s, o(u"x-should-retry"_s, u"false"_s) },
        { u"error"_s,
            QJsonObject { { u"type"_s, u"overloaded_error"_s }, { u"message"_s, u"Overloaded"_s } } } });
    // Turn 3: a push that needs approval.
    f.replyTool(
        u"toolu_push"_s, u"bash"_s, o(u"command"_s, u"git push origin main"_s), u"Pushing the change now."_s);

    AgentServices services = f.services(ApprovalMode::Auto);
    PanelRegistry registry;
    registerBuiltinPanels(registry);
    bool ok = true;
    {
        MainWindow window(f.store.get(), registry, &services);
        window.resize(1360, 860);
        window.settings()->setTheme(AppSettings::ThemeMode::Light);
        window.show();
        auto session = window.sessionModel()->createSession(
            u"Rename greet to welcome"_s, u"local"_s, f.project, u"claude-sonnet-4-5"_s);
        if (!session)
            return 1;
        window.selectSession(session->id);
        QApplication::processEvents();
        SessionPage *page = window.sessionView()->page(session->id);
        auto *chat = page ? page->findChild<ChatPanel *>() : nullptr;
        if (!chat || !chat->runner()) {
            std::fprintf(stderr, "no chat panel\n");
            return 1;
        }
        auto idle = [chat] { return QTest::qWaitFor([chat] { return !chat->runner()->isBusy(); }, 20000); };
        chat->sendText(u"Rename the `greet` function to `welcome`."_s);
        ok &= idle();
        chat->sendText(u"Now commit and push it."_s);
        ok &= idle();
        chat->runner()->setApprovalMode(ApprovalMode::Ask);
        chat->sendText(u"Try again, please."_s);
        ok &= QTest::qWaitFor([chat] { return chat->approvalCard()->isVisible(); }, 20000);
        QTest::keyClicks(chat->composer(), u"Then open a pull request"_s);

        ok &= save(&window, out + u"/chat-light.png"_s);
        window.settings()->setTheme(AppSettings::ThemeMode::Dark);
        ok &= save(&window, out + u"/chat-dark.png"_s);
        f.approvals.cancelAll(u"done"_s);
        window.settings()->setTheme(AppSettings::ThemeMode::System);
    }
    return ok ? 0 : 1;
}
