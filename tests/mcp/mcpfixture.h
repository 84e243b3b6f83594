#pragma once

// The MCP fixture server (tests/fixtures/mcp/server.mjs, made with @modelcontextprotocol/sdk),
// installed into the build folder by CMake: its command line for stdio, and an HTTP instance
// started on 127.0.0.1.

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

namespace ProtoTest {

inline QString mcpFixtureScript()
{
    return qEnvironmentVariable("PROTO_MCP_FIXTURE_DIR") + QStringLiteral("/server.mjs");
}

// `node server.mjs --http` with extra environment; url() is empty when it did not start.
class McpHttpFixture
{
public:
    explicit McpHttpFixture(const QProcessEnvironment &extra = {})
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(extra);
        m_process.setProcessEnvironment(environment);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStringLiteral("node"), { mcpFixtureScript(), QStringLiteral("--http") });
        if (!m_process.waitForStarted(10000))
            return;
        while (!m_process.canReadLine() && m_process.waitForReadyRead(15000)) { }
        const QByteArray line = m_process.readLine().trimmed();
        if (line.startsWith("listening "))
            m_url = QUrl(QString::fromUtf8(line.mid(10)));
    }
    ~McpHttpFixture()
    {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    QUrl url() const { return m_url; }

private:
    QProcess m_process;
    QUrl m_url;
};

} // namespace ProtoTest
