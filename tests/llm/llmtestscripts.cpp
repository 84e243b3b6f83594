// Fake-server scripts for tst_anthropicstream, kept out of the moc-scanned test file: moc
// mis-lexes some raw string literals.
#include "llmtestutil.h"

namespace LlmTest {

const char *const kScript0 = R"([
            {"message_start": {}},
            {"text": "Running it.", "deltas": 2},
            {"tool_use": {"id": "toolu_A", "name": "bash", "input": {"command": "printf \"a\\tb\\n\" | tr -d 'é'", "timeout": 30}},
             "splits": [1, 2, 5, 12, 13, 20, 21, 22, 23, 24, 25, 40], "pings": 1},
            {"tool_use": {"id": "toolu_B", "name": "noargs", "input": {}}, "deltas": 1},
            {"message_delta": {"stop_reason": "tool_use"}},
            {"message_stop": true}])";
const char *const kScript1 = R"([
            {"message_start": {}},
            {"thinking": "Step 1. Step 2.", "signature": "EqQBSIG==", "deltas": 3, "pings": 2},
            {"redacted_thinking": "EmwKAhgBEgy3va3pzix"},
            {"block": {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {"query": "qt"}}},
            {"block": {"type": "web_search_tool_result", "tool_use_id": "srvtoolu_1", "content": [{"type": "web_search_result", "url": "https://qt.io", "title": "Qt"}]}},
            {"text": "Qt is a toolkit.", "citations": [{"type": "web_search_result_location", "url": "https://qt.io", "title": "Qt", "cited_text": "Qt"}]},
            {"event": "content_block_delta", "data": {"type": "content_block_delta", "index": 4, "delta": {"type": "future_delta", "x": 1}}},
            {"event": "brand_new_event", "data": {"type": "brand_new_event"}},
            {"message_delta": {"stop_reason": "end_turn"}},
            {"message_stop": true}])";
const char *const kScript2 = R"([
            {"message_start": {}},
            {"event": "content_block_start", "data": {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}},
            {"event": "content_block_delta", "data": {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "partial answer"}}},
            {"error": {"type": "overloaded_error", "message": "Overloaded"}}])";
const char *const kScript3 = R"([{"error": {"type": "overloaded_error", "message": "Overloaded"}}])";
const char *const kScript4
    = R"([{"message_start": {}}, {"event": "content_block_start", "data": "{not json"}])";
const char *const kScript5
    = R"([{"message_start": {}}, {"tool_use": {"name": "bash"}, "raw_input": "{\"command\": \"ls\"", "deltas": 2},
                {"message_delta": {}}, {"message_stop": true}])";
const char *const kScript6
    = R"([{"message_start": {}}, {"tool_use": {"name": "bash"}, "raw_input": "[1,2]"}, {"message_stop": true}])";
const char *const kScript7
    = R"([{"message_start": {}}, {"event": "content_block_delta", "data": {"type": "content_block_delta", "index": 3, "delta": {"type": "text_delta", "text": "x"}}}])";
const char *const kScript8
    = R"([{"message_start": {}}, {"text": "a"}, {"event": "content_block_start", "data": {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}}])";
const char *const kScript9
    = R"([{"message_start": {}}, {"event": "content_block_start", "data": {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}}, {"message_stop": true}])";

const char *const kOpenAi0 = R"([
        {"name": "bash", "description": "Run a command", "input_schema": {"type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"]}},
        {"type": "computer_20250124", "name": "computer", "display_width_px": 1024, "display_height_px": 768}])";
const char *const kOpenAi1 = R"([
        {"role": "user", "content": "list files"},
        {"role": "assistant", "content": [
            {"type": "thinking", "thinking": "hmm", "signature": "sig"},
            {"type": "text", "text": "Sure."},
            {"type": "tool_use", "id": "call_1", "name": "bash", "input": {"command": "ls -la"}}]},
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "call_1", "content": [{"type": "text", "text": "a.txt\nb.txt"}]},
            {"type": "text", "text": "now count them"},
            {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}]}])";
const char *const kOpenAi2 = R"([
            {"model": "qwen2.5-coder-7b"},
            {"reasoning": "Think first.", "deltas": 2},
            {"text": "I'll run two commands.", "deltas": 3},
            {"tool_call": {"index": 0, "id": "call_a", "name": "bash", "input": {"command": "echo \"x\\ty\""}}, "splits": [1, 5, 13, 14, 15]},
            {"tool_call": {"index": 1, "id": "call_b", "name": "bash", "arguments": "{\"command\":\"pwd\"}"}, "deltas": 3},
            {"finish": "tool_calls"},
            {"usage": {"prompt_tokens": 120, "completion_tokens": 33, "prompt_tokens_details": {"cached_tokens": 100}}},
            {"done": true}])";
const char *const kOpenAi3 = R"([{"text": "hi"}, {"finish": "stop"}, {"done": true}])";
const char *const kOpenAi4 = R"([{"role": "user", "content": "hi"}])";
const char *const kOpenAi5 = R"([{"text": "short"}, {"finish": "length"}])";
const char *const kOpenAi6 = R"([{"text": "partial text here"}])";
const char *const kOpenAi7 = R"([{"error": {"message": "model crashed", "type": "server_error"}}])";
const char *const kOpenAi8
    = R"([{"id": "qwen2.5-coder-7b", "object": "model", "created": 1700000000, "owned_by": "me"}])";

QByteArray hugeLineScript()
{
    return QByteArray(R"([{"message_start": {}}, {"raw": "data: )") + QByteArray(5 * 1024 * 1024, 'x')
        + QByteArray(R"("}])");
}

} // namespace LlmTest
