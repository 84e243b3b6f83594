// bench_agentloop: what the agent loop adds per tool round trip, model excluded.
//
// The fake LLM server answers instantly with a tool_use (read of a small file), N times, then
// ends the turn. "ours" is AgentRunner doing the whole turn (policy, store writes, audit,
// signals, conversation upkeep); "floor" replays exactly the same HTTP requests through the
// same client and runs the same tool calls directly, with nothing in between. Last line:
// bench_agentloop ... ratio=<floor/ours> (1.0 would mean the loop costs nothing).
#include "../../agent/core/agenttestfixture.h"
#include "conversation.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSignalSpy>

#include <cstdio>

using namespace Proto;
using namespace ProtoTest;
using namespace Qt::StringLiterals;

namespace {

constexpr int Rounds = 60;

void enqueueTurn(AgentFixture &f)
{
    for (int i = 0; i < Rounds; ++i)
        f.replyTool(u"toolu_%1"_s.arg(i), u"read"_s, QJsonObject { { u"path"_s, u"data.txt"_s } });
    f.replyText(u"done"_s);
}

double runOurs(AgentFixture &f)
{
    enqueueTurn(f);
    AgentRunner runner(f.services(ApprovalMode::Auto), f.newSession(), &f.machine);
    QSignalSpy finished(&runner, &AgentRunner::turnFinished);
    QElapsedTimer timer;
    timer.start();
    runner.send(u"read it many times"_s);
    if (!finished.wait(120000))
        qFatal("the turn did not finish");
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    if (finished.at(0).at(0).toString() != u"end_turn"_s)
        qFatal("the turn ended with %s", qPrintable(finished.at(0).at(0).toString()));
    return ms;
}

double runFloor(AgentFixture &f, const QList<QJsonObject> &bodies)
{
    enqueueTurn(f);
    ToolContext context;
    context.machine = &f.machine;
    context.root = f.project;
    QElapsedTimer timer;
    timer.start();
    for (qsizetype i = 0; i < bodies.size(); ++i) {
        const QJsonObject body = bodies.at(i);
        LlmRequest request;
        request.model = body.value(u"model"_s).toString();
        const QJsonArray system = body.value(u"system"_s).toArray();
        for (const QJsonValue &block : system)
            request.system += block.toObject().value(u"text"_s).toString();
        request.messages = body.value(u"messages"_s).toArray();
        request.tools = body.value(u"tools"_s).toArray();
        request.maxTokens = body.value(u"max_tokens"_s).toInt();
        LlmStream *stream = f.llm->stream(request);
        QEventLoop loop;
        QObject::connect(stream, &LlmStream::finished, &loop, &QEventLoop::quit);
        QObject::connect(stream, &LlmStream::failed, &loop, &QEventLoop::quit);
        loop.exec();
        const QJsonArray uses = Conversation::toolUses(stream->message().value(u"content"_s).toArray());
        delete stream;
        for (const QJsonValue &use : uses) {
            ToolJob *job = f.tools->run(use[u"name"_s].toString(), use[u"input"_s].toObject(), context);
            QEventLoop toolLoop;
            QObject::connect(job, &ToolJob::finished, &toolLoop, &QEventLoop::quit);
            toolLoop.exec();
            delete job;
        }
    }
    return double(timer.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    AgentFixture f;
    if (!f.init())
        qFatal("fixture failed");
    {
        QFile data(f.project + u"/data.txt"_s);
        if (!data.open(QIODevice::WriteOnly))
            qFatal("cannot write data.txt");
        for (int i = 0; i < 50; ++i)
            data.write("a line of text in the file the agent reads over and over\n");
    }
    // Warm up both paths once (connections, price table, first tool run).
    runOurs(f);
    const qsizetype warm = f.server.requests().size();

    double ours = 0;
    double floor = 0;
    constexpr int Repeats = 3;
    for (int r = 0; r < Repeats; ++r) {
        const qsizetype before = f.server.requests().size();
        ours += runOurs(f);
        QList<QJsonObject> bodies;
        const auto requests = f.server.requests();
        for (qsizetype i = before; i < requests.size(); ++i)
            bodies.append(requests.at(i).json.toObject());
        floor += runFloor(f, bodies);
    }
    Q_UNUSED(warm);
    const double oursPerRound = ours / (Repeats * (Rounds + 1));
    const double floorPerRound = floor / (Repeats * (Rounds + 1));
    std::printf("rounds=%d repeats=%d (HTTP round trip + read tool each)\n", Rounds, Repeats);
    std::printf(
        "bench_agentloop ours_ms_per_round=%.3f floor_ms_per_round=%.3f overhead_ms=%.3f ratio=%.3f\n",
        oursPerRound, floorPerRound, oursPerRound - floorPerRound, floorPerRound / oursPerRound);
    return 0;
}
