// The chat panel end to end: the real ChatPanel, AgentRunner, tools and LocalMachine against the
// fake LLM server (127.0.0.1), offscreen.
#include "agenttestfixture.h"
#include "approvalcard.h"
#include "chatdelegate.h"
#include "chatmodel.h"
#include "chatpanel.h"
#include "chatview.h"
#include "composer.h"
#include "promptdispatcher.h"
#include "queuebar.h"
#include "sessionpanel.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QTimer>
#include <QToolButton>

using namespace Proto;
using namespace ProtoTest;
using namespace Qt::StringLiterals;

namespace {

QJsonObject obj(std::initializer_list<std::pair<QString, QJsonValue>> items)
{
    QJsonObject o;
    for (const auto &[k, v] : items)
        o.insert(k, v);
    return o;
}

// A slow reply: many small deltas, 30 ms apart.
void replySlow(AgentFixture &f, const QString &text, int deltas)
{
    f.reply(QJsonArray { obj({ { u"message_start"_s, QJsonObject {} } }),
                obj({ { u"text"_s, text }, { u"deltas"_s, deltas } }),
                obj({ { u"message_delta"_s, obj({ { u"stop_reason"_s, u"end_turn"_s } }) } }),
                obj({ { u"message_stop"_s, true } }) },
        obj({ { u"chunk_delay_ms"_s, 30 } }));
}

struct PanelHost
{
    AgentServices services;
    PanelContext context;
    std::unique_ptr<ChatPanel> panel;

    PanelHost(AgentFixture &f, const SessionRecord &session, ApprovalMode mode)
        : services(f.services(mode))
    {
        context.store = f.store.get();
        context.agent = &services;
        context.killSwitch = &f.killSwitch;
        context.machineFor = [&f](const QString &) -> Machine * { return &f.machine; };
        panel = std::make_unique<ChatPanel>(context);
        panel->resize(700, 600);
        panel->setSession(session);
        panel->show();
    }

    bool waitIdle(int ms = 15000) const
    {
        return QTest::qWaitFor([this] { return panel->runner() && !panel->runner()->isBusy(); }, ms);
    }

    QList<int> rowsOf(ChatItem::Kind kind) const
    {
        QList<int> rows;
        for (int r = 0; r < panel->model()->rowCount(); ++r)
            if (panel->model()->item(r).kind == kind)
                rows.append(r);
        return rows;
    }
};

} // namespace

class TestChatPanel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void streamedReplyRenders()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyText(u"Hello **world**, here is code:\n\n```cpp\nint main() { return 0; }\n```\n"_s);
        const SessionRecord session = f.newSession();
        PanelHost h(f, session, ApprovalMode::Auto);

        QTest::keyClicks(h.panel->composer(), u"say hello"_s);
        QTest::keyClick(h.panel->composer(), Qt::Key_Return);
        QVERIFY(h.panel->composer()->toPlainText().isEmpty());
        QVERIFY(h.waitIdle());
        h.panel->model()->flush();

        const QList<int> users = h.rowsOf(ChatItem::Kind::User);
        const QList<int> replies = h.rowsOf(ChatItem::Kind::Assistant);
        QCOMPARE(users.size(), 1);
        QCOMPARE(h.panel->model()->item(users.first()).text, u"say hello"_s);
        QCOMPARE(replies.size(), 1);
        const ChatItem &reply = h.panel->model()->item(replies.first());
        QVERIFY(reply.text.startsWith(u"Hello **world**"_s));
        QVERIFY(!reply.streaming);
        // Markdown rendered (no asterisks), the code block in its own block, highlighted.
        const auto doc = ChatDelegate::renderMarkdown(reply.text, h.panel->font(), false);
        QVERIFY(doc->toPlainText().contains(u"Hello world"_s));
        QVERIFY(doc->toPlainText().contains(u"int main()"_s));
        QCOMPARE(h.panel->view()->codeText(replies.first()).trimmed(), u"int main() { return 0; }"_s);
        // Rows have real heights.
        const QRect rect = h.panel->view()->visualRect(h.panel->model()->index(replies.first()));
        QVERIFY2(rect.height() > 40, qPrintable(QString::number(rect.height())));
        QCOMPARE(f.store->session(session.id)->state, u"idle"_s);
    }

    void toolCardShowsOutputAndDiff()
    {
        AgentFixture f;
        QVERIFY(f.init());
        QFile file(f.project + u"/notes.txt"_s);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("alpha\nbeta\n");
        file.close();
        f.replyTool(u"toolu_b"_s, u"bash"_s, obj({ { u"command"_s, u"echo from-bash-$((40+2))"_s } }));
        f.replyTool(u"toolu_e"_s, u"edit"_s,
            obj({ { u"path"_s, u"notes.txt"_s }, { u"old_str"_s, u"beta"_s },
                { u"new_str"_s, u"gamma"_s } }));
        f.replyText(u"Done."_s);
        const SessionRecord session = f.newSession();
        PanelHost h(f, session, ApprovalMode::Auto);
        h.panel->sendText(u"work"_s);
        QVERIFY(h.waitIdle());

        const int bash = h.panel->model()->rowOf(u"toolu_b"_s);
        const int edit = h.panel->model()->rowOf(u"toolu_e"_s);
        QVERIFY(bash >= 0 && edit > bash);
        const ChatItem &b = h.panel->model()->item(bash);
        QCOMPARE(b.tool, u"bash"_s);
        QCOMPARE(b.status, u"done"_s);
        QVERIFY2(b.output.contains(u"from-bash-42"_s), qPrintable(b.output));
        QVERIFY(b.finished.isValid() && b.started.isValid());
        QCOMPARE(ChatModel::inputSummary(b.tool, b.input), u"echo from-bash-$((40+2))"_s);
        const ChatItem &e = h.panel->model()->item(edit);
        QCOMPARE(e.status, u"done"_s);
        QVERIFY2(e.diff.contains(u"-beta"_s) && e.diff.contains(u"+gamma"_s), qPrintable(e.diff));
        QVERIFY(h.panel->view()->visualRect(h.panel->model()->index(edit)).height() > 60);
    }

    void approvalBlocksUntilDenied()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyTool(u"toolu_rm"_s, u"bash"_s, obj({ { u"command"_s, u"rm -rf build && touch gone"_s } }));
        f.replyText(u"Understood."_s);
        const SessionRecord session = f.newSession();
        PanelHost h(f, session, ApprovalMode::Ask);
        QSignalSpy attention(h.panel.get(), &SessionPanel::attentionRequested);
        h.panel->sendText(u"clean up"_s);

        ApprovalCard *card = h.panel->approvalCard();
        QVERIFY(card);
        QVERIFY(QTest::qWaitFor([card] { return card->isVisible(); }, 10000));
        QVERIFY(attention.count() >= 1);
        QTest::qWait(200);
        QCOMPARE(f.messageRequests(), 1); // the tool waits: nothing sent back yet
        QVERIFY(!QFile::exists(f.project + u"/gone"_s));
        QTRY_COMPARE(f.store->session(session.id)->state, u"waiting"_s);

        QTest::keyClicks(card->reasonEdit(), u"keep the build folder"_s);
        QTest::mouseClick(card->denyButton(), Qt::LeftButton);
        QVERIFY(!card->isVisible());
        QVERIFY(h.waitIdle());
        QCOMPARE(f.messageRequests(), 2);
        const QJsonArray results = lastToolResults(f.requestBody(1));
        QCOMPARE(results.size(), 1);
        QVERIFY(results.at(0).toObject().value(u"is_error"_s).toBool());
        QVERIFY(resultText(results.at(0).toObject()).contains(u"keep the build folder"_s));
        QVERIFY(!QFile::exists(f.project + u"/gone"_s));
        QCOMPARE(h.panel->model()->item(h.panel->model()->rowOf(u"toolu_rm"_s)).status, u"denied"_s);
        QTRY_COMPARE(f.store->session(session.id)->state, u"idle"_s);
    }

    void stopMidStream()
    {
        AgentFixture f;
        QVERIFY(f.init());
        replySlow(f, QString(u"word "_s).repeated(200), 100);
        const SessionRecord session = f.newSession();
        PanelHost h(f, session, ApprovalMode::Auto);
        h.panel->sendText(u"talk"_s);
        QVERIFY(QTest::qWaitFor([&h] { return !h.rowsOf(ChatItem::Kind::Assistant).isEmpty(); }, 10000));
        QVERIFY(h.panel->stopButton()->isEnabled());
        QTest::mouseClick(h.panel->stopButton(), Qt::LeftButton);
        QVERIFY(h.waitIdle(3000));
        QVERIFY(!h.panel->stopButton()->isEnabled());
        h.panel->model()->flush();
        const ChatItem &partial = h.panel->model()->item(h.rowsOf(ChatItem::Kind::Assistant).first());
        QVERIFY(partial.text.size() < 1000); // cut short
        QTest::qWait(200);
        QCOMPARE(f.messageRequests(), 1);
    }

    void killSwitchMidStream()
    {
        AgentFixture f;
        QVERIFY(f.init());
        replySlow(f, QString(u"word "_s).repeated(200), 100);
        const SessionRecord session = f.newSession();
        PanelHost h(f, session, ApprovalMode::Auto);
        h.panel->sendText(u"talk"_s);
        QVERIFY(QTest::qWaitFor([&h] { return !h.rowsOf(ChatItem::Kind::Assistant).isEmpty(); }, 10000));
        f.killSwitch.engage(u"test"_s);
        QVERIFY(h.waitIdle(3000));
        QVERIFY(!h.rowsOf(ChatItem::Kind::Notice).isEmpty());
        // New work is refused with a clear card and a button that releases the switch.
        h.panel->sendText(u"again"_s);
        QTRY_VERIFY(h.panel->errorBanner()->isVisible());
        QVERIFY(h.panel->errorButton()->isVisible());
        QTest::mouseClick(h.panel->errorButton(), Qt::LeftButton);
        QVERIFY(!f.killSwitch.isEngaged());
        QCOMPARE(f.messageRequests(), 1);
    }

    void queuedWhileRunning()
    {
        AgentFixture f;
        QVERIFY(f.init());
        replySlow(f, u"first answer"_s, 10);
        f.replyText(u"second answer"_s);
        const SessionRecord session = f.newSession();
        PanelHost h(f, session, ApprovalMode::Auto);
        h.panel->sendText(u"one"_s);
        QVERIFY(h.panel->runner()->isBusy());
        h.panel->sendText(u"two"_s);
        QCOMPARE(h.panel->queuedMessages(), QStringList { u"two"_s });
        QVERIFY(QTest::qWaitFor([&f] { return f.messageRequests() == 2; }, 10000));
        QVERIFY(h.waitIdle());
        QTRY_COMPARE(h.rowsOf(ChatItem::Kind::User).size(), 2);
    }

    // The provider cannot be reached: what the person sends meanwhile waits in the queue bar
    // (removable, editable), and goes, in order, once the provider answers again.
    void offlineQueueWaitsAndResends()
    {
        AgentFixture f;
        QVERIFY(f.init());
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 deadPort = probe.serverPort();
        probe.close();
        f.llm->setBaseUrl(QUrl(u"http://127.0.0.1:%1"_s.arg(deadPort)));
        const SessionRecord session = f.newSession();
        PanelHost h(f, session, ApprovalMode::Auto);
        QVERIFY(h.panel->dispatcher());
        h.panel->dispatcher()->setRetryDelays(60000, 60000);
        h.panel->sendText(u"first"_s);
        QTRY_COMPARE_WITH_TIMEOUT(
            h.panel->dispatcher()->waiting(), PromptDispatcher::Waiting::Provider, 15000);
        h.panel->sendText(u"second"_s);
        h.panel->sendText(u"third"_s);
        QCOMPARE(h.panel->queuedMessages(), (QStringList { u"second"_s, u"third"_s }));
        QVERIFY(h.panel->queueBar()->isVisible());
        const auto visibleButtons = [&h](const QString &name) {
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
            return h.panel->queueBar()->findChildren<QToolButton *>(name);
        };
        const QLabel *reason = h.panel->queueBar()->findChild<QLabel *>(u"chatQueueReason"_s);
        QVERIFY(reason && reason->text().contains(u"cannot be reached"_s));
        if (const QString dir = qEnvironmentVariable("PROTO_SCREENSHOT_DIR"); !dir.isEmpty())
            h.panel->grab().save(dir + u"/chat-offline-queue.png"_s);

        QTest::mouseClick(visibleButtons(u"chatQueueRemove"_s).at(1), Qt::LeftButton);
        QCOMPARE(h.panel->queuedMessages(), QStringList { u"second"_s });
        QTimer::singleShot(0, this, [] {
            auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            dialog->setTextValue(u"second, edited"_s);
            dialog->accept();
        });
        QTest::mouseClick(visibleButtons(u"chatQueueEdit"_s).at(0), Qt::LeftButton);
        QCOMPARE(h.panel->queuedMessages(), QStringList { u"second, edited"_s });

        f.llm->setBaseUrl(f.server.baseUrl());
        f.replyText(u"answer to first"_s);
        f.replyText(u"answer to second"_s);
        auto *retry = h.panel->queueBar()->findChild<QPushButton *>(u"chatQueueRetry"_s);
        QVERIFY(retry && retry->isVisible());
        QTest::mouseClick(retry, Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&f] { return f.messageRequests() == 2; }, 15000));
        QVERIFY(h.waitIdle());
        QCOMPARE(f.requestBody(1)
                     .value(u"messages"_s)
                     .toArray()
                     .at(2)
                     .toObject()
                     .value(u"content"_s)
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(u"text"_s)
                     .toString(),
            u"second, edited"_s);
        QVERIFY(h.panel->queuedMessages().isEmpty());
        QTRY_VERIFY(!h.panel->queueBar()->isVisible());
    }

    // The footer's thinking and effort choices go into the session's requests as the model takes
    // them, and stay with the session.
    void thinkingAndEffortChoices()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyText(u"thought about it"_s);
        SessionRecord session = f.newSession();
        session.model = u"claude-opus-4-8"_s;
        f.store->saveSession(session);
        QVERIFY(f.store->flush());
        {
            PanelHost h(f, session, ApprovalMode::Auto);
            QComboBox *thinking = h.panel->thinkingBox();
            QComboBox *effort = h.panel->effortBox();
            QVERIFY(thinking->isEnabled() && effort->isEnabled());
            const int adaptive = thinking->findData(u"adaptive"_s);
            const int high = effort->findData(u"high"_s);
            QVERIFY(adaptive >= 0 && high >= 0);
            thinking->setCurrentIndex(adaptive);
            Q_EMIT thinking->activated(adaptive);
            effort->setCurrentIndex(high);
            Q_EMIT effort->activated(high);
            h.panel->sendText(u"think"_s);
            QVERIFY(QTest::qWaitFor([&f] { return f.messageRequests() == 1; }, 10000));
            QVERIFY(h.waitIdle());
            const QJsonObject body = f.requestBody(0);
            QCOMPARE(body.value(u"model"_s).toString(), u"claude-opus-4-8"_s);
            QCOMPARE(body.value(u"thinking"_s).toObject().value(u"type"_s).toString(), u"adaptive"_s);
            QCOMPARE(body.value(u"output_config"_s).toObject().value(u"effort"_s).toString(), u"high"_s);
        }
        QVERIFY(f.store->flush());
        PanelHost again(f, session, ApprovalMode::Auto);
        QCOMPARE(again.panel->thinkingBox()->currentData().toString(), u"adaptive"_s);
        QCOMPARE(again.panel->effortBox()->currentData().toString(), u"high"_s);
    }

    void retryCountdownThenReply()
    {
        AgentFixture f;
        QVERIFY(f.init());
        LlmRetryPolicy retry;
        retry.maxRetries = 2;
        f.llm->setRetryPolicy(retry);
        // The service is overloaded and asks for 2 s; the second attempt gets the reply.
        QString error;
        QVERIFY2(
            f.server.enqueueJson(
                obj({ { u"path"_s, u"/v1/messages"_s }, { u"status"_s, 529 },
                    { u"headers"_s, obj({ { u"retry-after"_s, u"2"_s } }) },
                    { u"error"_s,
                        obj({ { u"type"_s, u"overloaded_error"_s }, { u"message"_s, u"Overloaded"_s } }) } }),
                &error),
            qPrintable(error));
        f.replyText(u"Made it through."_s);
        const SessionRecord session = f.newSession();
        PanelHost h(f, session, ApprovalMode::Auto);
        QLabel *status = h.panel->statusLabel();
        QVERIFY(status);
        h.panel->sendText(u"are you there?"_s);

        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"retrying in 2 s (attempt 2)"_s), 10000);
        QVERIFY2(status->text().startsWith(u"Overloaded"_s), qPrintable(status->text()));
        // It counts down each second.
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"retrying in 1 s (attempt 2)"_s), 3000);
        QCOMPARE(f.messageRequests(), 1);

        QVERIFY(h.waitIdle());
        QCOMPARE(f.messageRequests(), 2);
        h.panel->model()->flush();
        const QList<int> replies = h.rowsOf(ChatItem::Kind::Assistant);
        QCOMPARE(replies.size(), 1);
        QCOMPARE(h.panel->model()->item(replies.first()).text, u"Made it through."_s);
        QVERIFY2(!status->text().contains(u"retrying"_s), qPrintable(status->text()));
        QVERIFY(!h.panel->errorBanner()->isVisible());
    }

    // The session list renames the session and changes its model: the panel hands the new
    // record to the runner, and neither the runner's state nor the draft brings the old back.
    void updatedSessionReachesRunner()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyText(u"ok"_s);
        const SessionRecord session = f.newSession();
        PanelHost h(f, session, ApprovalMode::Auto);
        h.panel->composer()->setPlainText(u"draft in progress"_s);

        SessionRecord renamed = *f.store->session(session.id);
        renamed.title = u"New name"_s;
        renamed.model = u"claude-opus-4-1"_s;
        f.store->saveSession(renamed);
        QVERIFY(f.store->flush());
        h.panel->setSession(renamed);
        QCOMPARE(h.panel->runner()->model(), u"claude-opus-4-1"_s);
        QVERIFY2(h.panel->statusLabel()->text().contains(u"claude-opus-4-1"_s),
            qPrintable(h.panel->statusLabel()->text()));

        h.panel->sendText(u"go"_s);
        QVERIFY(h.waitIdle());
        QCOMPARE(f.requestBody(0).value(u"model"_s).toString(), u"claude-opus-4-1"_s);
        QTRY_COMPARE(f.store->session(session.id)->draft, u"draft in progress"_s);
        QVERIFY(f.store->flush());
        const SessionRecord saved = *f.store->session(session.id);
        QCOMPARE(saved.title, u"New name"_s);
        QCOMPARE(saved.model, u"claude-opus-4-1"_s);
        QCOMPARE(saved.state, u"idle"_s);
    }

    // Files attached from this computer go to the model as image and text blocks after the
    // typed text, show in the user's bubble (with the image), come back after a reopen, and a
    // file that cannot be attached is refused by name while the others stay.
    void attachmentsReachModelAndSurviveReopen()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyText(u"I see a red square and your notes."_s);
        SessionRecord session = f.newSession();
        QTemporaryDir files;
        QVERIFY(files.isValid());
        const QString png = files.filePath(u"red square.png"_s);
        QImage red(64, 48, QImage::Format_RGB32);
        red.fill(Qt::red);
        QVERIFY(red.save(png));
        const QString notes = files.filePath(u"notes.md"_s);
        const QString binary = files.filePath(u"tool.bin"_s);
        {
            QFile n(notes);
            QVERIFY(n.open(QIODevice::WriteOnly));
            n.write("# Notes\nThe deploy key is in the vault.\n");
            QFile b(binary);
            QVERIFY(b.open(QIODevice::WriteOnly));
            b.write(QByteArray("\x7f"
                               "ELF\x02\x01\x01\x00\x00\x00\xff\xfe",
                12));
        }
        {
            PanelHost h(f, session, ApprovalMode::Auto);
            QVERIFY(h.panel->attachButton()->isVisible());
            QVERIFY(!h.panel->attachFiles({ png, binary, notes }));
            QVERIFY(h.panel->errorBanner()->isVisible());
            QVERIFY(h.panel->errorBanner()
                    ->findChild<QLabel *>(u"chatErrorText"_s)
                    ->text()
                    .contains(u"tool.bin"_s));
            QCOMPARE(h.panel->pendingAttachments().size(), 2);
            auto *bar = h.panel->findChild<QWidget *>(u"chatAttachments"_s);
            QVERIFY(bar && bar->isVisible());
            QCOMPARE(bar->findChildren<QToolButton *>(u"attachmentChip"_s).size(), 2);

            h.panel->composer()->setPlainText(u"What is in these?"_s);
            if (const QString shots = qEnvironmentVariable("PROTO_SCREENSHOT_DIR"); !shots.isEmpty())
                QVERIFY(h.panel->grab().save(shots + u"/chat-attach-pending.png"_s));
            h.panel->send();
            QVERIFY(h.waitIdle());
            QVERIFY(!bar->isVisible());
            QVERIFY(h.panel->pendingAttachments().isEmpty());

            const QJsonArray messages = f.requestBody(0).value(u"messages"_s).toArray();
            const QJsonArray content = messages.last().toObject().value(u"content"_s).toArray();
            QCOMPARE(content.size(), 4); // typed text, image marker + image, the text file
            QCOMPARE(content.at(0).toObject().value(u"text"_s).toString(), u"What is in these?"_s);
            QVERIFY(content.at(1).toObject().value(u"text"_s).toString().startsWith(
                u"<attached-file name=\"red square.png\" type=\"image/png\""_s));
            const QJsonObject image = content.at(2).toObject();
            QCOMPARE(image.value(u"type"_s).toString(), u"image"_s);
            QCOMPARE(image.value(u"source"_s).toObject().value(u"media_type"_s).toString(), u"image/png"_s);
            QImage sent;
            QVERIFY(sent.loadFromData(QByteArray::fromBase64(
                image.value(u"source"_s).toObject().value(u"data"_s).toString().toLatin1())));
            QCOMPARE(sent.size(), QSize(64, 48));
            QCOMPARE(sent.pixelColor(10, 10), QColor(Qt::red));
            const QString text = content.at(3).toObject().value(u"text"_s).toString();
            QVERIFY2(text.contains(u"<attached-file name=\"notes.md\""_s)
                    && text.contains(u"The deploy key is in the vault."_s)
                    && text.endsWith(u"</attached-file>"_s),
                qPrintable(text));

            const QList<int> users = h.rowsOf(ChatItem::Kind::User);
            QCOMPARE(users.size(), 1);
            const ChatItem &item = h.panel->model()->item(users.first());
            QCOMPARE(item.text, u"What is in these?"_s);
            QCOMPARE(item.attachments.size(), 2);
            QVERIFY(item.attachments.at(0).startsWith(u"red square.png · "_s));
            QVERIFY(item.attachments.at(1).startsWith(u"notes.md · "_s));
            QCOMPARE(item.imageSize, QSize(64, 48));
            // The bubble is taller for the files and the picture, which opens when clicked.
            auto *delegate = qobject_cast<ChatDelegate *>(h.panel->view()->itemDelegate());
            QVERIFY(delegate);
            const QRect imageRect = delegate->imageRect(item, h.panel->view()->font());
            QCOMPARE(imageRect.size(), QSize(64, 48));
            if (const QString shots = qEnvironmentVariable("PROTO_SCREENSHOT_DIR"); !shots.isEmpty())
                QVERIFY(h.panel->grab().save(shots + u"/chat-attachments.png"_s));
            h.panel.reset();
            QVERIFY(f.store->flush());
        }
        PanelHost again(f, *f.store->session(session.id), ApprovalMode::Auto);
        const QList<int> users = again.rowsOf(ChatItem::Kind::User);
        QCOMPARE(users.size(), 1);
        const ChatItem &item = again.panel->model()->item(users.first());
        QCOMPARE(item.text, u"What is in these?"_s);
        QCOMPARE(item.attachments.size(), 2);
        QVERIFY(item.attachments.at(1).startsWith(u"notes.md"_s));
        QCOMPARE(item.imageSize, QSize(64, 48));
        QCOMPARE(item.summary.section(u" · "_s, 0, 0), u"red square.png"_s);
    }

    void sessionSurvivesRestart()
    {
        AgentFixture f;
        QVERIFY(f.init());
        f.replyTool(u"toolu_b"_s, u"bash"_s, obj({ { u"command"_s, u"echo persisted-output"_s } }));
        f.replyText(u"All **done**."_s);
        SessionRecord session = f.newSession();
        QStringList before;
        {
            PanelHost h(f, session, ApprovalMode::Auto);
            h.panel->sendText(u"remember me"_s);
            QVERIFY(h.waitIdle());
            h.panel->composer()->setPlainText(u"unsent draft"_s);
            h.panel.reset(); // saves the draft
            QVERIFY(f.store->flush());
        }
        f.store.reset();
        QVERIFY(f.openStore());
        session = *f.store->session(session.id);
        QCOMPARE(session.draft, u"unsent draft"_s);
        PanelHost again(f, session, ApprovalMode::Auto);
        ChatModel *m = again.panel->model();
        QCOMPARE(again.rowsOf(ChatItem::Kind::User).size(), 1);
        QCOMPARE(m->item(again.rowsOf(ChatItem::Kind::User).first()).text, u"remember me"_s);
        const int tool = m->rowOf(u"toolu_b"_s);
        QVERIFY(tool >= 0);
        QVERIFY(m->item(tool).output.contains(u"persisted-output"_s));
        QCOMPARE(m->item(again.rowsOf(ChatItem::Kind::Assistant).last()).text, u"All **done**."_s);
        QCOMPARE(again.panel->composer()->toPlainText(), u"unsent draft"_s);
    }
};

QTEST_MAIN(TestChatPanel)
#include "tst_chatpanel.moc"
