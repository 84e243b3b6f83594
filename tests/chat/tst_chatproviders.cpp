// A desktop session on the core's one assembly (AgentHost over AgentServicesBuilder) with a
// provider, model and agent chosen in the New Session dialog and changed from the session header:
// the OpenAI-compatible provider from OPENAI_BASE_URL / OPENAI_API_KEY runs write, bash and edit
// (with a 429 retried) against the in-process fake server, and the request bodies show the
// chosen model and agent.
#include "agenthost.h"
#include "agentsettings.h"
#include "agenttestfixture.h"
#include "chatpanel.h"
#include "guitestutil.h"
#include "llmproviders.h"
#include "mainwindow.h"
#include "newsessiondialog.h"
#include "panelregistry.h"
#include "sessionlistmodel.h"
#include "sessionpage.h"
#include "sessionview.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QTest>

using namespace Proto;
using namespace ProtoTest;
using namespace Qt::StringLiterals;

namespace {

const QString kSecret = u"sk-desktop-secret-99"_s;

QJsonObject chat(QJsonArray steps, const QString &finish)
{
    steps.append(QJsonObject { { u"finish"_s, finish } });
    steps.append(QJsonObject {
        { u"usage"_s, QJsonObject { { u"prompt_tokens"_s, 50 }, { u"completion_tokens"_s, 10 } } } });
    steps.append(QJsonObject { { u"done"_s, true } });
    return QJsonObject { { u"path"_s, u"/v1/chat/completions"_s }, { u"openai"_s, steps } };
}

QJsonObject call(int index, const QString &id, const QString &name, const QJsonObject &input)
{
    return QJsonObject { { u"tool_call"_s,
                             QJsonObject { { u"index"_s, index }, { u"id"_s, id }, { u"name"_s, name },
                                 { u"input"_s, input } } },
        { u"deltas"_s, 3 } };
}

QJsonObject modelsPage()
{
    return QJsonObject { { u"path"_s, u"/v1/models"_s },
        { u"json"_s,
            QJsonObject { { u"object"_s, u"list"_s },
                { u"data"_s,
                    QJsonArray { QJsonObject { { u"id"_s, u"gpt-fake-1"_s } },
                        QJsonObject { { u"id"_s, u"gpt-fake-2"_s } } } } } } };
}

QList<QJsonObject> chatBodies(const FakeLlmServer &server)
{
    QList<QJsonObject> bodies;
    const QList<FakeLlmServer::Request> requests = server.requests();
    for (const FakeLlmServer::Request &request : requests) {
        if (request.path == "/v1/chat/completions")
            bodies.append(request.json.toObject());
    }
    return bodies;
}

} // namespace

class TestChatProviders final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void openAiSessionWithChosenAgentAndModel()
    {
        AgentFixture f;
        QVERIFY(f.init());
        qputenv("OPENAI_BASE_URL", (f.server.baseUrl().toString() + u"/v1"_s).toUtf8());
        qputenv("OPENAI_API_KEY", kSecret.toUtf8());
        f.store->setSetting(AgentSettings::defaultProviderKey(), u"openai"_s);
        f.store->setSetting(u"agent/policy"_s, u"{\"mode\":\"auto\"}"_s); // no approval cards to answer
        QVERIFY(f.store->flush());
        AgentHost host(f.store.get(), false);
        // The key is the assembly's now: no child process can inherit it.
        QVERIFY(!qEnvironmentVariableIsSet("OPENAI_API_KEY"));
        QVERIFY(host.providers()->hasKey(u"openai"_s));

        const QList<QJsonObject> script {
            modelsPage(),
            QJsonObject { { u"path"_s, u"/v1/chat/completions"_s }, { u"status"_s, 429 },
                { u"headers"_s, QJsonObject { { u"retry-after-ms"_s, u"30"_s } } },
                { u"openai_error"_s,
                    QJsonObject { { u"message"_s, u"slow down"_s }, { u"type"_s, u"requests"_s },
                        { u"code"_s, u"rate_limit_exceeded"_s } } } },
            chat({ call(0, u"c1"_s, u"write"_s,
                     { { u"path"_s, u"app.txt"_s }, { u"content"_s, u"one two\n"_s } }) },
                u"tool_calls"_s),
            chat({ call(0, u"c2"_s, u"bash"_s, { { u"command"_s, u"wc -w < app.txt"_s } }),
                     call(1, u"c3"_s, u"edit"_s,
                         { { u"path"_s, u"app.txt"_s }, { u"old_str"_s, u"two"_s },
                             { u"new_str"_s, u"three"_s } }) },
                u"tool_calls"_s),
            chat({ QJsonObject { { u"text"_s, u"Changed two to three."_s } } }, u"stop"_s),
        };
        for (const QJsonObject &response : script)
            QVERIFY(f.server.enqueueJson(response));

        PanelRegistry registry;
        registerChatPanel(registry);
        MainWindow window(f.store.get(), registry, host.services());
        window.setProviders(host.providers());
        window.show();

        QStringList offeredModels;
        QStringList offeredAgents;
        QString agentDescription;
        ModalHandler<NewSessionDialog> modal([&](NewSessionDialog *dialog) {
            dialog->setTitle(u"providers"_s);
            dialog->setMachineId(u"local"_s);
            dialog->setWorkingDirectory(f.project);
            QCOMPARE(dialog->provider(), u"openai"_s); // the settings' default
            auto *models = dialog->findChild<QComboBox *>(u"modelCombo"_s);
            QTRY_VERIFY(models->findText(u"gpt-fake-2"_s) >= 0); // listed by GET /v1/models
            for (int i = 0; i < models->count(); ++i)
                offeredModels.append(models->itemText(i));
            auto *agents = dialog->findChild<QComboBox *>(u"agentCombo"_s);
            for (int i = 0; i < agents->count(); ++i)
                offeredAgents.append(agents->itemData(i).toString());
            dialog->setModel({});
            QVERIFY2(dialog->problem().contains(u"no default model"_s), qPrintable(dialog->problem()));
            dialog->setModel(u"gpt-fake-2"_s);
            QVERIFY(dialog->problem().isEmpty());
            QVERIFY(dialog->setAgent(u"coder"_s));
            agentDescription = dialog->findChild<QLabel *>(u"agentDescription"_s)->text();
            dialog->accept();
        });
        window.findChild<QAction *>(u"actionNewSession"_s)->trigger();
        QVERIFY(modal.handled());
        QVERIFY2(offeredModels.contains(u"gpt-fake-1"_s), qPrintable(offeredModels.join(u',')));
        QVERIFY(offeredAgents.contains(u"general"_s) && offeredAgents.contains(u"reviewer"_s));
        QVERIFY2(agentDescription.contains(u"code changes"_s), qPrintable(agentDescription));

        const QString id = window.currentSessionId();
        const auto session = window.sessionModel()->session(id);
        QVERIFY(session);
        QCOMPARE(session->provider, u"openai"_s);
        QCOMPARE(session->model, u"gpt-fake-2"_s);
        QCOMPARE(session->agent, u"coder"_s);
        auto *info = window.sessionView()->findChild<QLabel *>(u"sessionAgentInfo"_s);
        QVERIFY(info);
        QVERIFY2(info->text().contains(u"coder"_s) && info->text().contains(u"gpt-fake-2"_s)
                && info->text().contains(u"openai"_s),
            qPrintable(info->text()));

        ChatPanel *panel = window.sessionView()->page(id)->findChild<ChatPanel *>();
        QVERIFY(panel);
        panel->sendText(u"count the words, then change two to three"_s);
        QTRY_COMPARE_WITH_TIMEOUT(f.server.pendingResponses(), 0, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(window.sessionModel()->session(id)->state, u"idle"_s, 10000);
        QFile file(QDir(f.project).filePath(u"app.txt"_s));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("one three\n"));

        const QList<QJsonObject> bodies = chatBodies(f.server);
        QCOMPARE(bodies.size(), 4); // the 429 and three completions
        for (const QJsonObject &body : bodies) {
            QCOMPARE(body.value(u"model").toString(), u"gpt-fake-2"_s);
            const QString system
                = body.value(u"messages").toArray().first().toObject().value(u"content").toString();
            QVERIFY2(system.contains(u"You are the agent \"coder\""_s), qPrintable(system.left(400)));
        }
        for (const FakeLlmServer::Request &request : f.server.requests())
            QCOMPARE(request.header("authorization"), "Bearer " + kSecret.toUtf8());

        // The header changes the model: the next request uses it.
        QVERIFY(f.server.enqueueJson(modelsPage()));
        QVERIFY(f.server.enqueueJson(chat({ QJsonObject { { u"text"_s, u"Other model."_s } } }, u"stop"_s)));
        ModalHandler<NewSessionDialog> change([&](NewSessionDialog *dialog) {
            QVERIFY(!dialog->findChild<QWidget *>(u"titleEdit"_s)->isVisible());
            QCOMPARE(dialog->model(), u"gpt-fake-2"_s);
            dialog->setModel(u"gpt-typed-id"_s); // a typed id is always allowed
            QVERIFY(dialog->setAgent(u"general"_s));
            dialog->accept();
        });
        window.sessionView()->findChild<QPushButton *>(u"changeAgentButton"_s)->click();
        QVERIFY(change.handled());
        QCOMPARE(window.sessionModel()->session(id)->model, u"gpt-typed-id"_s);
        QVERIFY(f.store->flush());
        QCOMPARE(f.store->session(id)->model, u"gpt-typed-id"_s);
        QCOMPARE(f.store->session(id)->agent, u"general"_s);
        QTRY_VERIFY(info->text().contains(u"gpt-typed-id"_s));
        panel->sendText(u"again"_s);
        QTRY_COMPARE_WITH_TIMEOUT(chatBodies(f.server).size(), 5, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(window.sessionModel()->session(id)->state, u"idle"_s, 10000);
        const QJsonObject last = chatBodies(f.server).last();
        QCOMPARE(last.value(u"model").toString(), u"gpt-typed-id"_s);
        QVERIFY(last.value(u"messages")
                    .toArray()
                    .first()
                    .toObject()
                    .value(u"content")
                    .toString()
                    .contains(u"You are the agent \"general\""_s));
        qunsetenv("OPENAI_BASE_URL");
    }
};

QTEST_MAIN(TestChatProviders)
#include "tst_chatproviders.moc"
