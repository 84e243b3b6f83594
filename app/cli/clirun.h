#pragma once

#include "attachment.h"
#include "cliprinter.h"
#include "llmtypes.h"
#include "policy.h"

#include <QEventLoop>
#include <QObject>
#include <QSocketNotifier>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace Proto {

class AgentRunner;
class ApprovalRequest;
class Machine;
class Store;

// `proto-cli run` and `proto-cli resume`: one agent turn in the terminal, with the same store,
// agents, policy and limits as the desktop app. exec() returns the process exit code.
class CliRun final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CliRun)

public:
    struct Options
    {
        QString sessionId; // resume: an existing session (id or unique prefix)
        QString machine = QStringLiteral("local");
        QString cwd;
        QString model;
        QString provider; // "" = the session's, else the default provider
        QString agent;
        ApprovalMode approve = ApprovalMode::Ask;
        bool json = false;
        double maxCostUsd = 0;
        QString prompt;
        QStringList attachments; // files sent with the prompt (images, PDFs, text)
        std::optional<LlmThinking> thinking; // --thinking: kept for the session
        std::optional<LlmEffort> effort; // --effort: kept for the session
    };

    CliRun(Store *store, const Options &options, QObject *parent = nullptr);
    ~CliRun() override;

    int exec();

private:
    bool prepare(QString *error, QString *kind);
    Machine *openMachine(const QString &machineId, QString *error);
    void start();
    // A machine with a VNC endpoint gets the computer-use tool; then() runs once the screen is
    // connected (or the connection failed or timed out: the tool then reports it).
    void connectComputer(std::function<void()> then);
    void onApproval(ApprovalRequest *request);
    void readAnswer();
    void answerFromBuffer();
    void finish(int code);

    Store *m_store;
    Options m_options;
    CliPrinter m_printer;
    int m_exitCode = 0;
    QEventLoop *m_loop = nullptr;
    bool m_done = false;

    struct Parts;
    std::unique_ptr<Parts> m_parts;
    AgentRunner *m_runner = nullptr;
    QList<Attachment> m_attachments; // read in prepare(): a bad file is refused before anything runs
    ApprovalRequest *m_pendingApproval = nullptr;
    std::unique_ptr<QSocketNotifier> m_stdin;
    QByteArray m_stdinBuffer;
    bool m_stdinEof = false;
};

} // namespace Proto
