// bench_sse: SSE events parsed per second from a large realistic Anthropic transcript (thinking,
// text and tool_use deltas, pings, CRLF), fed in 16 KiB network-sized chunks, against a floor
// measured in the same run on the same bytes and chunks: splitting into lines with memchr and
// nothing else. Last line: bench_sse events/s=... floor_lines/s=... ratio=<our MB/s / floor MB/s>.
#include "fakellmscript.h"
#include "sseparser.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <cstring>

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype kChunk = 16 * 1024;

QByteArray transcript(int messages)
{
    const QString prose
        = u"The quick brown fox jumps over the lazy dog; ünïcödé 🎉 and \"quotes\" \\ slashes. "_s;
    QByteArray out;
    for (int m = 0; m < messages; ++m) {
        QJsonArray steps;
        steps.append(QJsonObject { { u"message_start"_s, QJsonObject { { u"id"_s, u"msg_%1"_s.arg(m) } } } });
        steps.append(QJsonObject { { u"thinking"_s, prose.repeated(20) },
            { u"signature"_s, QString(u'S').repeated(200) }, { u"deltas"_s, 40 }, { u"pings"_s, 1 } });
        steps.append(QJsonObject { { u"text"_s, prose.repeated(60) }, { u"deltas"_s, 400 } });
        steps.append(QJsonObject {
            { u"tool_use"_s,
                QJsonObject { { u"name"_s, u"str_replace_based_edit_tool"_s },
                    { u"input"_s,
                        QJsonObject { { u"command"_s, u"create"_s }, { u"path"_s, u"/tmp/x.cpp"_s },
                            { u"file_text"_s, prose.repeated(30) } } } } },
            { u"deltas"_s, 60 } });
        steps.append(
            QJsonObject { { u"message_delta"_s, QJsonObject { { u"stop_reason"_s, u"tool_use"_s } } } });
        steps.append(QJsonObject { { u"message_stop"_s, true } });
        QList<QByteArray> events;
        QString error;
        if (!ProtoTest::FakeLlmScript::anthropicEvents(steps, &events, &error, "\r\n"))
            qFatal("%s", qPrintable(error));
        for (const QByteArray &event : std::as_const(events))
            out += event;
    }
    return out;
}

struct Run
{
    qint64 ns = 0;
    qint64 items = 0;
};

Run parseOnce(const QByteArray &bytes, bool json)
{
    QElapsedTimer timer;
    timer.start();
    Proto::SseParser parser;
    QList<Proto::SseEvent> events;
    qint64 count = 0;
    qint64 checksum = 0;
    for (qsizetype at = 0; at < bytes.size(); at += kChunk) {
        events.clear();
        parser.feed(QByteArrayView(bytes).sliced(at, std::min(kChunk, bytes.size() - at)), events);
        count += events.size();
        if (json) {
            for (const Proto::SseEvent &event : std::as_const(events))
                checksum += QJsonDocument::fromJson(event.data).object().size();
        }
    }
    const qint64 ns = timer.nsecsElapsed();
    if (checksum < 0)
        std::puts("");
    return { ns, count };
}

Run floorOnce(const QByteArray &bytes)
{
    QElapsedTimer timer;
    timer.start();
    qint64 lines = 0;
    qsizetype carried = 0; // bytes of a line continuing into the next chunk
    for (qsizetype at = 0; at < bytes.size(); at += kChunk) {
        const char *p = bytes.constData() + at;
        const char *end = p + std::min(kChunk, bytes.size() - at);
        while (p < end) {
            const char *lf = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
            if (!lf) {
                carried += end - p;
                break;
            }
            carried = 0;
            ++lines;
            p = lf + 1;
        }
    }
    const qint64 ns = timer.nsecsElapsed();
    if (carried < 0)
        std::puts("");
    return { ns, lines };
}

template<typename F>
Run best(int rounds, F f)
{
    Run bestRun { std::numeric_limits<qint64>::max(), 0 };
    for (int i = 0; i < rounds; ++i) {
        const Run r = f();
        if (r.ns < bestRun.ns)
            bestRun = r;
    }
    return bestRun;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int messages = argc > 1 ? std::max(1, std::atoi(argv[1])) : 300;
    const QByteArray bytes = transcript(messages);
    const double mb = double(bytes.size()) / 1e6;
    const Run ours = best(5, [&] { return parseOnce(bytes, false); });
    const Run withJson = best(2, [&] { return parseOnce(bytes, true); });
    const Run floor = best(5, [&] { return floorOnce(bytes); });
    const double oursEventsPerS = double(ours.items) / (double(ours.ns) / 1e9);
    const double jsonEventsPerS = double(withJson.items) / (double(withJson.ns) / 1e9);
    const double floorLinesPerS = double(floor.items) / (double(floor.ns) / 1e9);
    const double oursMBs = mb / (double(ours.ns) / 1e9);
    const double floorMBs = mb / (double(floor.ns) / 1e9);
    std::printf("transcript: %.1f MB, %lld events, %lld lines, %d messages, %lld-byte chunks\n", mb,
        static_cast<long long>(ours.items), static_cast<long long>(floor.items), messages,
        static_cast<long long>(kChunk));
    std::printf("SseParser: %.0f events/s, %.0f MB/s\n", oursEventsPerS, oursMBs);
    std::printf("SseParser + QJsonDocument per event: %.0f events/s\n", jsonEventsPerS);
    std::printf("floor (memchr lines): %.0f lines/s, %.0f MB/s\n", floorLinesPerS, floorMBs);
    std::printf("bench_sse events/s=%.0f floor_lines/s=%.0f ratio=%.3f\n", oursEventsPerS, floorLinesPerS,
        oursMBs / floorMBs);
    return 0;
}
