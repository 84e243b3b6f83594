#pragma once

#include "toolcontext.h"
#include "tooljob.h"

#include <QJsonObject>
#include <QString>

namespace Proto {

// One capability the model can call. Tools reach the computer only through
// ToolContext::machine (so LocalMachine and SshMachine are interchangeable) and are
// stateless: everything a call needs is in its input and context, so one instance serves
// every session at once.
class Tool
{
    Q_DISABLE_COPY_MOVE(Tool)

public:
    Tool() = default;
    virtual ~Tool() = default;

    virtual QString name() const = 0;
    virtual QString description() const = 0;
    virtual QJsonObject inputSchema() const = 0; // JSON Schema of the input object
    // An Anthropic-defined tool type the models are trained on ("bash_20250124"), or empty.
    virtual QString anthropicType() const { return {}; }

    // Starts the call; input has already been validated against inputSchema() when it
    // comes through ToolRegistry. Never returns null; the job finishes asynchronously.
    virtual ToolJob *run(const QJsonObject &input, const ToolContext &context) = 0;

    // For tools that change files: whether this call has a preview, and the preview itself,
    // which works out what run() would change without changing anything and finishes with
    // the diff (ToolResult::diff and summary, the file's state in ToolResult::fileState) or
    // the error run() would report. The person approves that diff; run() with
    // ToolContext::expectedFileState set to that state refuses if the file changed since.
    // preview() is only called when previews() is true; input is validated first.
    virtual bool previews(const QJsonObject &input) const
    {
        Q_UNUSED(input);
        return false;
    }
    virtual ToolJob *preview(const QJsonObject &input, const ToolContext &context);

    // One short human line describing a call, for approvals and the audit log ("Click at
    // (640, 360)"); empty when the compact JSON of the input says it well enough.
    virtual QString describeCall(const QJsonObject &input) const
    {
        Q_UNUSED(input);
        return {};
    }

    // {"type":"bash_20250124","name":"bash"} for an Anthropic-defined type, else
    // {"name","description","input_schema"}. Tools whose Anthropic type takes parameters
    // (computer use: the display size) add them.
    virtual QJsonObject anthropicDefinition() const;
    // {"type":"function","function":{"name","description","parameters"}} (OpenAI-compatible).
    QJsonObject openAiDefinition() const;
};

} // namespace Proto
