// libFuzzer target for SseParser: any bytes, any chunking. Checks that parsing in one piece and
// in pieces cut at fuzzer-chosen points gives the same events and error, and that the caps bound
// the memory held. Built only when the compiler supports -fsanitize=fuzzer (the `fuzz` preset).
#include "sseparser.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using Proto::SseEvent;
using Proto::SseParser;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const SseParser::Limits limits { 256, 1024 };
    const uint8_t step = data[0] ? data[0] : 1;
    const QByteArrayView input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    SseParser whole(limits);
    QList<SseEvent> wholeEvents;
    const bool wholeOk = whole.feed(input, wholeEvents);

    SseParser pieces(limits);
    QList<SseEvent> pieceEvents;
    bool piecesOk = true;
    for (qsizetype at = 0; at < input.size() && piecesOk; at += step) {
        piecesOk = pieces.feed(input.sliced(at, std::min<qsizetype>(step, input.size() - at)), pieceEvents);
        if (pieces.bufferedBytes() > limits.maxLineBytes + limits.maxEventBytes + 2)
            std::abort();
    }
    if (wholeOk != piecesOk || whole.error() != pieces.error())
        std::abort();
    if (wholeOk && wholeEvents != pieceEvents)
        std::abort();
    for (const SseEvent &event : std::as_const(wholeEvents)) {
        if (event.data.size() > limits.maxEventBytes || event.event.isEmpty())
            std::abort();
    }
    whole.finish();
    pieces.finish();
    return 0;
}
