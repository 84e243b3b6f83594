#pragma once

#include "machinejob.h"
#include "toolresult.h"

#include <QObject>
#include <QStringList>

#include <functional>

namespace Proto {

// One running tool call. Like MachineJob: the caller owns it, connects to finished() and
// deletes it afterwards; finished() is always queued, never emitted inside Tool::run().
// output() carries live text (bash output) for the UI while it runs; result() is complete
// once finished.
class ToolJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ToolJob)

public:
    explicit ToolJob(QObject *parent = nullptr);
    ~ToolJob() override;

    bool isFinished() const { return m_finished; }
    const ToolResult &result() const { return m_result; }

    // Stops the call: running machine jobs are cancelled (a command's process group is
    // killed); finished() follows with an error result.
    void cancel();
    bool isCancelRequested() const { return m_cancelRequested; }

    // For tool implementations.
    void finish(const ToolResult &result);
    void fail(const QString &message) { finish(ToolResult::error(message)); }
    void emitOutput(const QString &chunk) { Q_EMIT output(chunk); }
    // A sentence for the model put before the result's content when the job finishes (the
    // computer tool: "control of the screen came back").
    void addNote(const QString &note) { m_notes.append(note); }
    // Takes ownership of a machine job that belongs to this call; onDone runs when it ends
    // (unless this call has finished by then), and the machine job is deleted afterwards.
    template<typename Job>
    void await(Job *job, std::function<void(Job *)> onDone)
    {
        adopt(job, [job, onDone = std::move(onDone)] { onDone(job); });
    }
    // Instead of finishing at once, cancel() runs this (which must finish the job later,
    // e.g. once the killed command has been reaped).
    void setCancelHandler(std::function<void()> handler) { m_cancelHandler = std::move(handler); }

Q_SIGNALS:
    void output(const QString &chunk);
    void finished();

private:
    void adopt(MachineJob *job, std::function<void()> onDone);

    ToolResult m_result;
    std::function<void()> m_cancelHandler;
    QStringList m_notes;
    bool m_finished = false;
    bool m_finishQueued = false;
    bool m_cancelRequested = false;
};

} // namespace Proto
