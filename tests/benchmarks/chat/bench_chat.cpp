// bench_chat: the chat panel's cost, offscreen.
//  1. open: a session of 5,000 persisted messages (markdown, code blocks) from the store into a
//     shown ChatPanel, laid out and painted once;
//  2. stream: 10,000 text deltas into one reply while the view is shown, flushed and painted
//     once per "frame" of 20 deltas (what arrives in 16 ms on a fast stream): frame times p50/p99;
//     then scrolled up half a page at a time (frame times; documents kept stay bounded);
//  3. floor: parsing the SSE bytes of the same 10,000 deltas (SseParser + JSON), the work that
//     cannot be avoided.
// Last line: bench_chat ... ratio=<floor/stream> (1.0 would mean showing the text costs nothing).
#include "chatdelegate.h"
#include "chatmodel.h"
#include "chatpanel.h"
#include "chatview.h"
#include "fakellmscript.h"
#include "sseparser.h"
#include "store.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>

using namespace Proto;
using namespace Qt::StringLiterals;

namespace {

constexpr int Messages = 5000;
constexpr int Deltas = 10000;
constexpr int DeltasPerFrame = 20;

double percentile(QList<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(std::min(qsizetype(p * double(v.size())), v.size() - 1));
}

QString deltaText(int i)
{
    return (i % 97 == 96) ? u"\n\n"_s : (i % 13 == 0 ? u"**bold** "_s : u"token%1 "_s.arg(i % 10));
}

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen"); // measured without a display server
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir dir;
    auto opened = Store::open(dir.filePath(u"bench.sqlite"_s));
    if (!opened.store) {
        std::fprintf(stderr, "store: %s\n", qPrintable(opened.message));
        return 1;
    }
    Store *store = opened.store.get();
    SessionRecord session;
    session.id = Store::newId();
    session.title = u"bench"_s;
    session.machineId = Store::localMachineId();
    session.workingDirectory = dir.path();
    session.state = u"idle"_s;
    session.created = session.updated = QDateTime::currentDateTimeUtc();
    store->saveSession(session);
    for (int i = 0; i < Messages; ++i) {
        const bool user = i % 2 == 0;
        const QString text = user ? u"Please look at item %1 and fix what is wrong with it."_s.arg(i)
                                  : u"Here is **item %1**, with a list:\n\n- one\n- two\n\n```cpp\nint f(int "
                                    u"x) { return x * %1; }\n```\n"
                                    u"That should do it."_s.arg(i);
        MessageRecord m;
        m.id = Store::newId();
        m.sessionId = session.id;
        m.seq = i + 1;
        m.role = user ? u"user"_s : u"assistant"_s;
        m.content = QJsonObject { { u"content"_s,
            QJsonArray { QJsonObject { { u"type"_s, u"text"_s }, { u"text"_s, text } } } } };
        m.created = QDateTime::currentDateTimeUtc();
        store->saveMessage(m);
    }
    store->flush();

    // 1. Open.
    PanelContext context;
    context.store = store;
    QElapsedTimer t;
    t.start();
    double openMs = 0;
    QList<double> scrollFrames;
    int cached = 0;
    {
        ChatPanel panel(context);
        panel.resize(800, 700);
        panel.setSession(session);
        panel.show();
        QApplication::processEvents();
        panel.view()->viewport()->repaint();
        openMs = double(t.nsecsElapsed()) / 1e6;
        if (panel.model()->rowCount() != Messages) {
            std::fprintf(stderr, "loaded %d rows\n", panel.model()->rowCount());
            return 1;
        }
        // Scroll up through the first 600 rows' worth of pages, painting each step.
        QScrollBar *bar = panel.view()->verticalScrollBar();
        for (int step = 0; step < 300 && bar->value() > bar->minimum(); ++step) {
            QElapsedTimer f;
            f.start();
            bar->setValue(bar->value() - bar->pageStep() / 2);
            panel.view()->viewport()->repaint();
            scrollFrames.append(double(f.nsecsElapsed()) / 1e6);
        }
        cached = panel.view()->chatDelegate()->cachedLayouts();
    }

    // 2. Stream into a shown view.
    ChatModel model;
    ChatView view(&model);
    view.resize(800, 700);
    view.show();
    QApplication::processEvents();
    model.addUser(u"m0"_s, u"Tell me a long story."_s);
    QList<double> frames;
    QElapsedTimer total;
    total.start();
    for (int i = 0; i < Deltas; ++i) {
        model.appendText(u"m1"_s, deltaText(i));
        if ((i + 1) % DeltasPerFrame == 0) {
            QElapsedTimer f;
            f.start();
            model.flush();
            QApplication::processEvents();
            view.viewport()->repaint();
            frames.append(double(f.nsecsElapsed()) / 1e6);
        }
    }
    model.finishMessage(u"m1"_s);
    const double streamMs = double(total.nsecsElapsed()) / 1e6;

    // 3. Floor: the SSE bytes of the same deltas, parsed and decoded.
    QJsonArray steps { QJsonObject { { u"message_start"_s, QJsonObject {} } } };
    QString all;
    QList<int> splits;
    for (int i = 0; i < Deltas; ++i) {
        all += deltaText(i);
        if (i + 1 < Deltas)
            splits.append(int(all.size()));
    }
    QJsonArray splitArray;
    for (int s : splits)
        splitArray.append(s);
    steps.append(QJsonObject { { u"text"_s, all }, { u"splits"_s, splitArray } });
    steps.append(QJsonObject { { u"message_delta"_s, QJsonObject {} } });
    steps.append(QJsonObject { { u"message_stop"_s, true } });
    QList<QByteArray> events;
    QString error;
    if (!ProtoTest::FakeLlmScript::anthropicEvents(steps, &events, &error)) {
        std::fprintf(stderr, "script: %s\n", qPrintable(error));
        return 1;
    }
    QElapsedTimer fl;
    fl.start();
    SseParser parser;
    QList<SseEvent> out;
    qsizetype chars = 0;
    for (const QByteArray &e : std::as_const(events)) {
        out.clear();
        parser.feed(e, out);
        for (const SseEvent &ev : std::as_const(out)) {
            const QJsonObject o = QJsonDocument::fromJson(ev.data).object();
            chars += o.value(u"delta"_s).toObject().value(u"text"_s).toString().size();
        }
    }
    const double floorMs = double(fl.nsecsElapsed()) / 1e6;
    if (chars != all.size()) {
        std::fprintf(stderr, "floor decoded %lld of %lld chars\n", qlonglong(chars), qlonglong(all.size()));
        return 1;
    }

    std::printf("open: %d messages in %.1f ms\n", Messages, openMs);
    std::printf("scroll: %lld half-page steps, p50 %.2f ms, p99 %.2f ms; %d documents cached\n",
        qlonglong(scrollFrames.size()), percentile(scrollFrames, 0.5), percentile(scrollFrames, 0.99),
        cached);
    std::printf("stream: %d deltas, %lld frames, p50 %.2f ms, p99 %.2f ms, max %.2f ms, total %.1f ms\n",
        Deltas, qlonglong(frames.size()), percentile(frames, 0.5), percentile(frames, 0.99),
        percentile(frames, 1.0), streamMs);
    std::printf("floor: SSE parse + decode of the same stream %.1f ms\n", floorMs);
    std::printf("bench_chat open_ms=%.1f scroll_p99_ms=%.2f frame_p50_ms=%.2f frame_p99_ms=%.2f "
                "stream_ms=%.1f floor_ms=%.1f "
                "ratio=%.4f\n",
        openMs, percentile(scrollFrames, 0.99), percentile(frames, 0.5), percentile(frames, 0.99), streamMs,
        floorMs, floorMs / streamMs);
    return 0;
}
