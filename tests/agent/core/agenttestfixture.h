#pragma once

#include "agentdefinition.h"
#include "agentrunner.h"
#include "anthropicclient.h"
#include "approvalbroker.h"
#include "auditlog.h"
#include "fakellmserver.h"
#include "killswitch.h"
#include "localmachine.h"
#include "spendlimiter.h"
#include "store.h"
#include "toolregistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace ProtoTest {

// Everything an AgentRunner needs, real: a store in a temporary folder, the fake LLM server on
// 127.0.0.1, the Anthropic client pointed at it, the standard tools on a LocalMachine working
// in a temporary project folder.
struct AgentFixture
{
    QTemporaryDir dir;
    QString project;
    std::unique_ptr<Proto::Store> store;
    FakeLlmServer server;
    std::unique_ptr<Proto::AnthropicClient> llm;
    std::unique_ptr<Proto::ToolRegistry> tools;
    Proto::ApprovalBroker approvals;
    Proto::KillSwitch killSwitch;
    Proto::AgentCatalog agents = Proto::AgentCatalog::builtIn();
    std::unique_ptr<Proto::AuditLog> audit;
    std::unique_ptr<Proto::SpendLimiter> spend;
    Proto::LocalMachine machine;

    bool init()
    {
        if (!dir.isValid())
            return false;
        project = dir.filePath(QStringLiteral("project"));
        QDir().mkpath(project);
        if (!openStore())
            return false;
        QString error;
        if (!server.listen(&error)) {
            qWarning("fake server: %s", qPrintable(error));
            return false;
        }
        llm = std::make_unique<Proto::AnthropicClient>();
        llm->setBaseUrl(server.baseUrl());
        llm->setApiKey(QStringLiteral("test-key"));
        Proto::LlmRetryPolicy retry;
        retry.maxRetries = 0;
        llm->setRetryPolicy(retry);
        llm->setPriceTable(std::make_shared<Proto::PriceTable>());
        tools = Proto::ToolRegistry::createStandard();
        Proto::AgentServices::registerCoreTools(*tools);
        machine.setKillGraceMs(300);
        return true;
    }

    bool openStore()
    {
        auto result = Proto::Store::open(dir.filePath(QStringLiteral("proto.sqlite")));
        if (!result.store) {
            qWarning("store: %s", qPrintable(result.message));
            return false;
        }
        store = std::move(result.store);
        audit = std::make_unique<Proto::AuditLog>(store.get());
        spend = std::make_unique<Proto::SpendLimiter>(Proto::SpendLimiter::storeSource(store.get()));
        return true;
    }

    Proto::AgentServices services(Proto::ApprovalMode mode = Proto::ApprovalMode::Auto)
    {
        Proto::AgentServices s;
        s.store = store.get();
        s.llm = llm.get();
        s.tools = tools.get();
        s.approvals = &approvals;
        s.killSwitch = &killSwitch;
        s.agents = &agents;
        s.audit = audit.get();
        s.spendLimiter = spend.get();
        s.policy.setMode(mode);
        return s;
    }

    Proto::SessionRecord newSession(const QString &agent = QStringLiteral("general"))
    {
        Proto::SessionRecord session;
        session.id = Proto::Store::newId();
        session.title = QStringLiteral("test");
        session.machineId = QStringLiteral("local");
        session.workingDirectory = project;
        session.agent = agent;
        session.state = QStringLiteral("idle");
        session.created = session.updated = QDateTime::currentDateTimeUtc();
        store->saveSession(session);
        store->flush(); // readable through the store's reading connection right away
        return session;
    }

    // Queues a scripted Anthropic reply.
    void reply(const QJsonArray &steps, const QJsonObject &extra = {})
    {
        QJsonObject spec = extra;
        spec.insert(QStringLiteral("path"), QStringLiteral("/v1/messages"));
        spec.insert(QStringLiteral("anthropic"), steps);
        QString error;
        if (!server.enqueueJson(spec, &error))
            qFatal("bad script: %s", qPrintable(error));
    }

    void replyText(const QString &text, const QString &stopReason = QStringLiteral("end_turn"),
        const QJsonObject &extra = {})
    {
        reply(QJsonArray { QJsonObject { { QStringLiteral("message_start"), QJsonObject {} } },
                  QJsonObject { { QStringLiteral("text"), text }, { QStringLiteral("deltas"), 3 } },
                  QJsonObject { { QStringLiteral("message_delta"),
                      QJsonObject { { QStringLiteral("stop_reason"), stopReason } } } },
                  QJsonObject { { QStringLiteral("message_stop"), true } } },
            extra);
    }

    void replyTool(const QString &id, const QString &name, const QJsonObject &input, const QString &text = {})
    {
        QJsonArray steps { QJsonObject { { QStringLiteral("message_start"), QJsonObject {} } } };
        if (!text.isEmpty())
            steps.append(QJsonObject { { QStringLiteral("text"), text } });
        steps.append(QJsonObject { { QStringLiteral("tool_use"),
            QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("name"), name },
                { QStringLiteral("input"), input } } } });
        steps.append(QJsonObject { { QStringLiteral("message_delta"),
            QJsonObject { { QStringLiteral("stop_reason"), QStringLiteral("tool_use") } } } });
        steps.append(QJsonObject { { QStringLiteral("message_stop"), true } });
        reply(steps);
    }

    // The body of the n-th request to /v1/messages.
    QJsonObject requestBody(int n) const
    {
        int seen = 0;
        const auto requests = server.requests();
        for (const auto &request : requests) {
            if (request.path != "/v1/messages")
                continue;
            if (seen++ == n)
                return request.json.toObject();
        }
        return {};
    }

    int messageRequests() const
    {
        int count = 0;
        const auto requests = server.requests();
        for (const auto &request : requests)
            count += request.path == "/v1/messages" ? 1 : 0;
        return count;
    }
};

// The tool_result blocks of the last user message of a request body.
inline QJsonArray lastToolResults(const QJsonObject &body)
{
    const QJsonArray messages = body.value(QStringLiteral("messages")).toArray();
    QJsonArray results;
    if (messages.isEmpty())
        return results;
    const QJsonArray content = messages.last().toObject().value(QStringLiteral("content")).toArray();
    for (const QJsonValue &block : content) {
        if (block.toObject().value(QStringLiteral("type")).toString() == QStringLiteral("tool_result"))
            results.append(block);
    }
    return results;
}

inline QString resultText(const QJsonObject &toolResult)
{
    const QJsonValue content = toolResult.value(QStringLiteral("content"));
    if (content.isString())
        return content.toString();
    QString text;
    const QJsonArray blocks = content.toArray();
    for (const QJsonValue &block : blocks)
        text += block.toObject().value(QStringLiteral("text")).toString();
    return text;
}

} // namespace ProtoTest
