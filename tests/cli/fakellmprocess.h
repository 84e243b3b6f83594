#pragma once

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace ProtoTest {

// Starts the standalone fake-llm-server (from PROTO_TEST_BIN_DIR) in `server`, replaying
// `responses` (written to `script`), recording the requests it gets to `record` when given.
// Returns the port it listens on (127.0.0.1), 0 when it did not start.
inline quint16 startFakeLlmServer(
    QProcess &server, const QString &script, const QJsonArray &responses, const QString &record = {})
{
    QFile file(script);
    if (!file.open(QIODevice::WriteOnly))
        return 0;
    file.write(QJsonDocument(QJsonObject { { QStringLiteral("responses"), responses } }).toJson());
    file.close();
    QStringList args { script };
    if (!record.isEmpty())
        args << QStringLiteral("--record") << record;
    server.setProcessChannelMode(QProcess::SeparateChannels);
    server.start(qEnvironmentVariable("PROTO_TEST_BIN_DIR") + QStringLiteral("/fake-llm-server"), args);
    if (!server.waitForStarted(10000) || !server.waitForReadyRead(10000))
        return 0;
    const QByteArray line = server.readLine().trimmed();
    return line.startsWith("PORT ") ? quint16(line.mid(5).toUInt()) : 0;
}

} // namespace ProtoTest
