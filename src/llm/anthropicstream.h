#pragma once

#include "httpllmstream.h"

namespace Proto {

// Decodes Anthropic's Messages stream: message_start, content_block_start/delta/stop,
// message_delta, message_stop, ping, error; unknown events and delta types are ignored, blocks
// of unknown types (server_tool_use, web_search_tool_result...) pass through untouched.
class AnthropicStream final : public HttpLlmStream
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AnthropicStream)

public:
    AnthropicStream(Setup setup, QObject *parent);
    ~AnthropicStream() override;

protected:
    void handleEvent(const SseEvent &event) override;
    bool streamComplete() const override { return m_sawStop; }
    void resetForRetry() override;

private:
    void malformed(const QString &why);
    bool m_sawStart = false;
    bool m_sawStop = false;
};

} // namespace Proto
