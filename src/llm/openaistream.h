#pragma once

#include "httpllmstream.h"

#include <QHash>

namespace Proto {

// Decodes an OpenAI chat-completions stream into Anthropic-shaped blocks: `delta.content`
// becomes a text block, `delta.reasoning_content` / `delta.reasoning` a thinking block (without
// a signature), each `delta.tool_calls[i]` a tool_use block whose `function.arguments` fragments
// arrive as toolInputDelta and are parsed when the block closes. `finish_reason` gives the stop
// reason, the usage chunk the counts, `[DONE]` the end.
class OpenAiStream final : public HttpLlmStream
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpenAiStream)

public:
    OpenAiStream(Setup setup, QObject *parent);
    ~OpenAiStream() override;

protected:
    void handleEvent(const SseEvent &event) override;
    bool streamComplete() const override { return m_sawDone; }
    void resetForRetry() override;
    bool acceptEndWithoutMarker() override;

private:
    bool closeOpenBlocks();
    int nextIndex() const { return m_blocks.isEmpty() ? 0 : m_blocks.lastKey() + 1; }
    void complete();

    bool m_sawStart = false;
    bool m_sawFinish = false;
    bool m_sawDone = false;
    int m_textIndex = -1;
    int m_thinkingIndex = -1;
    QHash<int, int> m_toolIndex; // tool_calls[i].index -> block index
};

} // namespace Proto
