#pragma once

#include "anthropicclient.h"
#include "fakellmserver.h"
#include "streamrecorder.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace LlmTest {

inline const QString kApiKey = QStringLiteral("sk-ant-test-0123456789-SECRET");

// A client pointed at the fake server, with millisecond retry delays.
inline std::unique_ptr<Proto::AnthropicClient> anthropicClient(
    const ProtoTest::FakeLlmServer &server, int maxRetries = 2)
{
    auto client = std::make_unique<Proto::AnthropicClient>();
    client->setBaseUrl(server.baseUrl());
    client->setApiKey(kApiKey);
    Proto::LlmRetryPolicy policy;
    policy.maxRetries = maxRetries;
    policy.initialDelayMs = 5;
    policy.maxDelayMs = 20;
    client->setRetryPolicy(policy);
    return client;
}

inline Proto::LlmRequest simpleRequest(const QString &text = QStringLiteral("hi"))
{
    Proto::LlmRequest request;
    request.model = QStringLiteral("claude-sonnet-4-5");
    request.system = QStringLiteral("You are terse.");
    request.messages = QJsonArray { QJsonObject {
        { QStringLiteral("role"), QStringLiteral("user") }, { QStringLiteral("content"), text } } };
    return request;
}

inline QJsonArray steps(const char *json)
{
    return QJsonDocument::fromJson(json).array();
}

// Enqueues {"anthropic": steps, ...extra}; fails the test on a bad script.
inline void enqueueStream(ProtoTest::FakeLlmServer &server, const char *stepsJson, QJsonObject extra = {})
{
    extra.insert(QStringLiteral("anthropic"), steps(stepsJson));
    QString error;
    if (!server.enqueueJson(extra, &error))
        qFatal("bad fake script: %s", qPrintable(error));
}

inline void enqueue(ProtoTest::FakeLlmServer &server, const char *responseJson)
{
    QString error;
    if (!server.enqueueJson(QJsonDocument::fromJson(responseJson).object(), &error))
        qFatal("bad fake script: %s", qPrintable(error));
}

inline const char *kTextStream = R"([
    {"message_start": {"id": "msg_1", "model": "claude-sonnet-4-5-20250929",
        "usage": {"input_tokens": 100, "cache_creation_input_tokens": 50, "cache_read_input_tokens": 1000, "output_tokens": 1}}},
    {"text": "Hello, wörld 🎉!", "deltas": 4},
    {"message_delta": {"stop_reason": "end_turn", "usage": {"output_tokens": 12}}},
    {"message_stop": true}])";

// Scripts defined in llmtestscripts.cpp.
extern const char *const kScript0;
extern const char *const kScript1;
extern const char *const kScript2;
extern const char *const kScript3;
extern const char *const kScript4;
extern const char *const kScript5;
extern const char *const kScript6;
extern const char *const kScript7;
extern const char *const kScript8;
extern const char *const kScript9;
extern const char *const kOpenAi0;
extern const char *const kOpenAi1;
extern const char *const kOpenAi2;
extern const char *const kOpenAi3;
extern const char *const kOpenAi4;
extern const char *const kOpenAi5;
extern const char *const kOpenAi6;
extern const char *const kOpenAi7;
extern const char *const kOpenAi8;
QByteArray hugeLineScript();

} // namespace LlmTest
