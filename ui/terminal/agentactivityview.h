#pragma once

#include "terminalsettings.h"

#include <QElapsedTimer>
#include <QHash>
#include <QString>
#include <QWidget>

class QTermWidget;

namespace Proto {

class PtyFeeder;

// A read-only terminal that shows the agent's shell commands and their output as they run:
// a prompt-like header per command (working folder, command), the output, then a footer
// with the exit code and how long it took. Output is filtered so a command cannot take over
// the view: colours (SGR) pass, every other escape or control sequence is dropped.
class AgentActivityView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentActivityView)

public:
    explicit AgentActivityView(const TerminalSettings &settings, QWidget *parent = nullptr);
    ~AgentActivityView() override;

    void applySettings(const TerminalSettings &settings);
    QString screenText() const; // scrollback and screen as plain text
    QTermWidget *terminal() const { return m_terminal; }
    int runningCount() const { return int(m_running.size()); }

    // Keeps SGR colour sequences, tabs, newlines and carriage returns; drops every other
    // control character and escape sequence. `carry` holds an escape sequence cut at the
    // end of a chunk until the next one arrives.
    static QByteArray sanitize(const QByteArray &chunk, QByteArray *carry);

public Q_SLOTS:
    // Connected to the agent runner's toolCallStarted / Output / Finished signals.
    void commandStarted(const QString &id, const QString &command, const QString &workingDirectory);
    void output(const QString &id, const QByteArray &chunk);
    void commandFinished(const QString &id, int exitCode);
    void clear();

private:
    struct Running
    {
        QString command;
        QByteArray carry;
        QElapsedTimer timer;
        bool atLineStart = true;
    };

    void switchTo(const QString &id);
    void write(const QByteArray &bytes);

    QTermWidget *m_terminal = nullptr;
    PtyFeeder *m_feeder = nullptr;
    QHash<QString, Running> m_running;
    QString m_current; // the command whose output was written last
    bool m_atLineStart = true;
};

} // namespace Proto
