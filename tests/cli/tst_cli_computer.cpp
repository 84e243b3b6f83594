// proto-cli with a machine that has a VNC endpoint: the agent gets the computer tool, and a
// scripted model conversation (standalone fake-llm-server) takes a screenshot, clicks and types
// on an Xvnc desktop; the click and the text arrive in an X window of our own.
#include "fakellmprocess.h"
#include "fixtureutil.h"
#include "sshdfixture.h"
#include "store.h"
#include "xdisplayprobe.h"
#include "xvncfixture.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Proto;
using Probe = ProtoTest::XDisplayProbe;

namespace {

QJsonObject toolReply(const QString &id, const QJsonObject &input)
{
    return QJsonObject { { u"path"_s, u"/v1/messages"_s },
        { u"anthropic"_s,
            QJsonArray { QJsonObject { { u"message_start"_s, QJsonObject {} } },
                QJsonObject { { u"tool_use"_s,
                    QJsonObject { { u"id"_s, id }, { u"name"_s, u"computer"_s }, { u"input"_s, input } } } },
                QJsonObject { { u"message_delta"_s, QJsonObject { { u"stop_reason"_s, u"tool_use"_s } } } },
                QJsonObject { { u"message_stop"_s, true } } } } };
}

QJsonObject textReply(const QString &text)
{
    return QJsonObject { { u"path"_s, u"/v1/messages"_s },
        { u"anthropic"_s,
            QJsonArray { QJsonObject { { u"message_start"_s, QJsonObject {} } },
                QJsonObject { { u"text"_s, text } },
                QJsonObject { { u"message_delta"_s, QJsonObject { { u"stop_reason"_s, u"end_turn"_s } } } },
                QJsonObject { { u"message_stop"_s, true } } } } };
}

} // namespace

class TstCliComputer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void screenshotClickAndType();
    void throughSshTunnel();
};

void TstCliComputer::screenshotClickAndType()
{
    const QString binDir = qEnvironmentVariable("PROTO_TEST_BIN_DIR");
    PROTO_REQUIRE_PEER(QFile::exists(binDir + u"/fake-llm-server"_s), u"fake-llm-server not built"_s);
    PROTO_REQUIRE_PEER(ProtoTest::XvncFixture::available(), u"Xvnc"_s);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString home = dir.filePath(u"home"_s);
    const QString project = dir.filePath(u"project"_s);
    QVERIFY(QDir().mkpath(home) && QDir().mkpath(project));

    ProtoTest::XvncFixture xvnc;
    ProtoTest::XvncFixture::Options options;
    options.size = QSize(1920, 1080); // the model sees 1280x720
    QString error;
    PROTO_REQUIRE_PEER(xvnc.start(options, &error), error);
    Probe probe;
    QVERIFY(probe.open(xvnc.display()));
    QImage white(options.size, QImage::Format_RGB32);
    white.fill(Qt::white);
    probe.showImage(QRect(QPoint(0, 0), options.size), white);

    // The machine, as the desktop app would have saved it.
    {
        auto opened = Store::open(home + u"/proto.sqlite"_s);
        QVERIFY2(opened.store, qPrintable(opened.message));
        MachineRecord machine;
        machine.id = Store::newId();
        machine.name = u"desk"_s;
        machine.kind = u"local"_s;
        machine.vncHost = u"127.0.0.1"_s;
        machine.vncPort = xvnc.port();
        machine.created = QDateTime::currentDateTimeUtc();
        opened.store->saveMachine(machine);
        opened.store->flush();
    }

    const QString typed = u"Hello from the agent, 42!"_s;
    const QJsonArray responses {
        toolReply(u"toolu_1"_s, { { u"action"_s, u"screenshot"_s } }),
        toolReply(
            u"toolu_2"_s, { { u"action"_s, u"left_click"_s }, { u"coordinate"_s, QJsonArray { 640, 360 } } }),
        toolReply(u"toolu_3"_s, { { u"action"_s, u"type"_s }, { u"text"_s, typed } }),
        textReply(u"Typed it."_s),
    };
    const QString script = dir.filePath(u"script.json"_s);
    const QString record = dir.filePath(u"requests.jsonl"_s);
    QProcess server;
    const quint16 port = ProtoTest::startFakeLlmServer(server, script, responses, record);
    QVERIFY(port != 0);

    QProcess cli;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PROTO_DESKTOP_HOME"_s, home);
    env.insert(u"ANTHROPIC_BASE_URL"_s, u"http://127.0.0.1:"_s + QString::number(port));
    env.insert(u"ANTHROPIC_API_KEY"_s, u"test"_s);
    env.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);
    cli.setProcessEnvironment(env);
    cli.setWorkingDirectory(project);
    cli.start(binDir + u"/proto-cli"_s,
        { u"run"_s, u"--machine"_s, u"desk"_s, u"--approve"_s, u"auto"_s, u"Type a greeting"_s });
    QVERIFY(cli.waitForStarted(10000));
    cli.closeWriteChannel();
    QVERIFY(cli.waitForFinished(90000));
    const QString out = QString::fromUtf8(cli.readAllStandardOutput());
    const QString err = QString::fromUtf8(cli.readAllStandardError());
    ProtoTest::stopProcess(server);
    QVERIFY2(cli.exitCode() == 0, qPrintable(err + out));
    QVERIFY2(out.contains(u"Typed it."_s), qPrintable(out));

    // What reached the X display: the click at the mapped point, then the text.
    const auto events = probe.takeEvents(5000);
    QList<QPoint> clicks;
    QString text;
    for (const Probe::Event &e : events) {
        if (e.type == Probe::Event::Type::ButtonDown)
            clicks.append(e.position);
        if (e.type == Probe::Event::Type::KeyDown)
            text += e.text;
    }
    QCOMPARE(clicks, QList<QPoint> { QPoint(960, 540) });
    QCOMPARE(text, typed);

    // What the model was offered and sent back.
    QFile requests(record);
    QVERIFY(requests.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = requests.readAll().split('\n');
    QList<QJsonObject> messages;
    for (const QByteArray &line : lines) {
        const QJsonObject r = QJsonDocument::fromJson(line).object();
        if (r.value(u"path"_s).toString().startsWith(u"/v1/messages"_s))
            messages.append(r);
    }
    QCOMPARE(messages.size(), 4);
    const QJsonObject first = messages.first();
    QVERIFY(first.value(u"headers"_s)
            .toObject()
            .value(u"anthropic-beta"_s)
            .toString()
            .contains(u"computer-use-2025-01-24"_s));
    QJsonObject computer;
    for (const QJsonValue &tool : first.value(u"body"_s).toObject().value(u"tools"_s).toArray()) {
        if (tool.toObject().value(u"name"_s).toString() == u"computer"_s)
            computer = tool.toObject();
    }
    QCOMPARE(computer.value(u"type"_s).toString(), u"computer_20250124"_s);
    QCOMPARE(computer.value(u"display_width_px"_s).toInt(), 1280);
    QCOMPARE(computer.value(u"display_height_px"_s).toInt(), 720);
    // The screenshot went back as a base64 PNG in the tool_result.
    const QJsonArray conversation = messages.at(1).value(u"body"_s).toObject().value(u"messages"_s).toArray();
    const QJsonArray lastContent = conversation.last().toObject().value(u"content"_s).toArray();
    bool sawImage = false;
    for (const QJsonValue &block : lastContent) {
        for (const QJsonValue &part : block.toObject().value(u"content"_s).toArray()) {
            const QJsonObject source = part.toObject().value(u"source"_s).toObject();
            if (source.value(u"media_type"_s).toString() == u"image/png"_s) {
                const QImage img
                    = QImage::fromData(QByteArray::fromBase64(source.value(u"data"_s).toString().toLatin1()));
                QCOMPARE(img.size(), QSize(1280, 720));
                sawImage = true;
            }
        }
    }
    QVERIFY2(sawImage, QJsonDocument(lastContent).toJson().left(2000).constData());
}

// A machine whose screen is only reachable from the SSH server: proto-cli tunnels the VNC
// connection through the machine's SSH connection (sshd fixture), and the agent moves the
// pointer on the Xvnc desktop behind it.
void TstCliComputer::throughSshTunnel()
{
    const QString binDir = qEnvironmentVariable("PROTO_TEST_BIN_DIR");
    PROTO_REQUIRE_PEER(QFile::exists(binDir + u"/fake-llm-server"_s), u"fake-llm-server not built"_s);
    PROTO_REQUIRE_PEER(ProtoTest::XvncFixture::available(), u"Xvnc"_s);
    ProtoTest::SshdFixture sshd;
    PROTO_REQUIRE_PEER(sshd.start(), sshd.errorString());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString data = dir.filePath(u"data"_s);
    const QString home = dir.filePath(u"home"_s);
    QVERIFY(QDir().mkpath(data) && QDir().mkpath(home));

    ProtoTest::XvncFixture xvnc;
    ProtoTest::XvncFixture::Options options;
    options.size = QSize(1024, 768);
    QString error;
    PROTO_REQUIRE_PEER(xvnc.start(options, &error), error);
    Probe probe;
    QVERIFY(probe.open(xvnc.display()));
    probe.fillRoot(0x336699);

    const QJsonArray responses {
        toolReply(
            u"toolu_1"_s, { { u"action"_s, u"mouse_move"_s }, { u"coordinate"_s, QJsonArray { 321, 123 } } }),
        toolReply(u"toolu_2"_s, { { u"action"_s, u"screenshot"_s } }),
        textReply(u"Moved."_s),
    };
    const QString script = dir.filePath(u"script.json"_s);
    const QString record = dir.filePath(u"requests.jsonl"_s);
    QProcess server;
    const quint16 port = ProtoTest::startFakeLlmServer(server, script, responses, record);
    QVERIFY(port != 0);

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PROTO_DESKTOP_HOME"_s, data);
    env.insert(u"HOME"_s, home);
    env.remove(u"SSH_AUTH_SOCK"_s);
    env.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);
    env.insert(u"ANTHROPIC_BASE_URL"_s, u"http://127.0.0.1:"_s + QString::number(port));
    env.insert(u"ANTHROPIC_API_KEY"_s, u"test"_s);
    auto cli = [&](const QStringList &args, QString *out, QString *err) {
        QProcess process;
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(home);
        process.start(binDir + u"/proto-cli"_s, args);
        if (!process.waitForStarted(10000))
            return -1;
        process.closeWriteChannel();
        if (!process.waitForFinished(90000)) {
            process.kill();
            process.waitForFinished();
            return -1;
        }
        *out = QString::fromUtf8(process.readAllStandardOutput());
        *err = QString::fromUtf8(process.readAllStandardError());
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    };
    QString out;
    QString err;
    const QString target = u"%1@%2:%3"_s.arg(sshd.user(), sshd.host()).arg(sshd.port());
    // The VNC endpoint is named as the SSH server sees it.
    int code = cli(
        { u"machine"_s, u"add"_s, u"vm"_s, u"--ssh"_s, target, u"--identity"_s, sshd.clientKeyPath(),
            u"--accept-new-host-key"_s, u"--vnc"_s, u"127.0.0.1:%1"_s.arg(xvnc.port()), u"--vnc-via-ssh"_s },
        &out, &err);
    QVERIFY2(code == 0, qPrintable(err));
    code = cli({ u"run"_s, u"--machine"_s, u"vm"_s, u"--cwd"_s, QDir::tempPath(), u"--approve"_s, u"auto"_s,
                   u"Move the pointer"_s },
        &out, &err);
    ProtoTest::stopProcess(server);
    QVERIFY2(code == 0, qPrintable(err + out));
    QVERIFY2(!err.contains(u"warning"_s), qPrintable(err));
    QVERIFY2(out.contains(u"Moved."_s), qPrintable(out));
    QCOMPARE(probe.pointerPosition(), QPoint(321, 123));

    // The screenshot crossed the tunnel.
    QFile requests(record);
    QVERIFY(requests.open(QIODevice::ReadOnly));
    QByteArray last;
    for (const QByteArray &line : requests.readAll().split('\n'))
        if (line.contains("/v1/messages"))
            last = line;
    QVERIFY(last.contains("image/png") || last.contains("image/jpeg"));
}

QTEST_MAIN(TstCliComputer)
#include "tst_cli_computer.moc"
