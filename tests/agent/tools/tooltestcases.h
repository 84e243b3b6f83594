#pragma once

#include "machine.h"
#include "toolcontext.h"
#include "toolregistry.h"

#include <QObject>

#include <memory>

// The agent tools' behaviour, written once against the Machine interface. A test executable
// subclasses it, returns its machine from createMachine() and runs it with QTEST_GUILESS_MAIN:
//
//     class SshToolTests : public ToolTestCases {
//         std::unique_ptr<Proto::Machine> createMachine() override { return ...connected SshMachine...; }
//     };
//
// Every fixture (scratch folder, files, git repository) is made through the machine itself,
// so the cases run unchanged on this computer or on a server over SSH.
class ToolTestCases : public QObject
{
    Q_OBJECT

public:
    ToolTestCases();
    ~ToolTestCases() override;

protected:
    virtual std::unique_ptr<Proto::Machine> createMachine() = 0;

    Proto::Machine *machine() const { return m_machine.get(); }
    Proto::ToolContext context() const;
    Proto::ToolResult call(const QString &tool, const QJsonObject &input);
    Proto::ToolResult call(Proto::Tool &tool, const QJsonObject &input, const Proto::ToolContext &context);
    Proto::ToolResult call(const QString &tool, const QJsonObject &input, const Proto::ToolContext &context);
    QString path(const QString &relative) const { return m_root + u'/' + relative; }
    bool put(const QString &relative, const QByteArray &data);
    QByteArray get(const QString &relative);
    QByteArray sh(const QString &command, int *exitCode = nullptr); // runs in the root folder
    bool processGone(qint64 pid);

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void schemaViolationsBecomeErrors_data();
    void schemaViolationsBecomeErrors();
    void bashHandlesHostileCommands_data();
    void bashHandlesHostileCommands();
    void bashRunsInTheSessionFolder();
    void bashCapsHugeOutputAndStreamsIt();
    void bashTimeoutKillsTheProcessGroup();
    void bashCancelKillsTheCommand();
    void bashBackgroundProcessDoesNotBlock();
    void bashShellKeepsState();
    void readNumbersLines();
    void readRefusesBinaryAndExplainsErrors();
    void readAndViewCapCharacters();
    void commandsGetNoSecrets();
    void pathsOutsideTheRootAreRefused_data();
    void pathsOutsideTheRootAreRefused();
    void outsideTheRootWhenAllowed();
    void writeCreatesAndReturnsDiff();
    void writeKeepsEveryCharacter();
    void editReplacesExactlyOnce();
    void editKeepsLineEndingsAndPermissions();
    void textEditorCommands();
    void globFindsNewestFirst();
    void grepBackendsAgree_data();
    void grepBackendsAgree();
    void grepReportsBadPatterns();
    void gitQuotesEverything();
    void gitRefusesOptionInjection();

private:
    std::unique_ptr<Proto::Machine> m_machine;
    std::unique_ptr<Proto::ToolRegistry> m_registry;
    QString m_root;
    QString m_outside;
};
