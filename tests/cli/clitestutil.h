#pragma once

// What the proto-cli end-to-end tests share: scripted replies for the fake LLM server and a
// runner for the real proto-cli binary in a given data folder.
#include "fakellmprocess.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace ProtoTest {

inline QJsonObject cliReply(const QJsonObject &start, const QJsonObject &block, const QString &stop)
{
    return QJsonObject { { QStringLiteral("path"), QStringLiteral("/v1/messages") },
        { QStringLiteral("anthropic"),
            QJsonArray { QJsonObject { { QStringLiteral("message_start"), start } }, block,
                QJsonObject { { QStringLiteral("message_delta"),
                    QJsonObject { { QStringLiteral("stop_reason"), stop } } } },
                QJsonObject { { QStringLiteral("message_stop"), true } } } } };
}

inline QJsonObject cliText(const QString &text, const QJsonObject &start = {})
{
    return cliReply(start, QJsonObject { { QStringLiteral("text"), text } }, QStringLiteral("end_turn"));
}

inline QJsonObject cliTool(
    const QString &id, const QString &name, const QJsonObject &input, const QJsonObject &start = {})
{
    return cliReply(start,
        QJsonObject { { QStringLiteral("tool_use"),
            QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("name"), name },
                { QStringLiteral("input"), input } } } },
        QStringLiteral("tool_use"));
}

// message_start with this usage (and model, when given).
inline QJsonObject cliUsage(qint64 inputTokens, const QString &model = {})
{
    QJsonObject start { { QStringLiteral("usage"),
        QJsonObject {
            { QStringLiteral("input_tokens"), inputTokens }, { QStringLiteral("output_tokens"), 0 } } } };
    if (!model.isEmpty())
        start.insert(QStringLiteral("model"), model);
    return start;
}

struct CliResult
{
    int code = -1; // -1: crashed or timed out
    QString out;
    QString err;
};

// Runs proto-cli with the data folder `home` in `cwd`, the fake server on `port`, no D-Bus (no
// keychain), stdin closed.
inline CliResult runCli(const QStringList &args, const QString &home, const QString &cwd, quint16 port)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PROTO_DESKTOP_HOME"), home);
    env.insert(QStringLiteral("ANTHROPIC_BASE_URL"), QStringLiteral("http://127.0.0.1:%1").arg(port));
    env.insert(QStringLiteral("ANTHROPIC_API_KEY"), QStringLiteral("test"));
    env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(cwd);
    process.start(qEnvironmentVariable("PROTO_TEST_BIN_DIR") + QStringLiteral("/proto-cli"), args);
    CliResult result;
    if (!process.waitForStarted(10000))
        return result;
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
    }
    result.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

} // namespace ProtoTest
