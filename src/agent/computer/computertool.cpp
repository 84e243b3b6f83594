#include "computertool.h"

#include "modelcatalog.h"
#include "schemavalidator.h"
#include "vncclient.h"
#include "vnckeysyms.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QImageWriter>
#include <QJsonArray>
#include <QTimer>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ComputerTool", text);
}

QString trn(const char *text, int n)
{
    return QCoreApplication::translate("ComputerTool", text, nullptr, n);
}

QString pointText(QPoint p)
{
    return QStringLiteral("(%1, %2)").arg(p.x()).arg(p.y());
}

QString elide(const QString &text, int max)
{
    QString flat = text;
    flat.replace(u'\n', QStringLiteral("⏎"));
    flat.replace(u'\t', QStringLiteral("⇥"));
    return flat.size() > max ? flat.left(max) + QStringLiteral("…") : flat;
}

QJsonObject coordinateSchema(const QString &description)
{
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("array") },
        { QStringLiteral("items"), QJsonObject { { QStringLiteral("type"), QStringLiteral("integer") } } },
        { QStringLiteral("minItems"), 2 },
        { QStringLiteral("maxItems"), 2 },
        { QStringLiteral("description"), description },
    };
}

// Reads [x, y] from input[key]; nullopt (and *error) when absent-but-required or out of range.
std::optional<QPoint> readPoint(const QJsonObject &input, const QString &key, const ScreenMapping &mapping,
    bool required, bool *present, QString *error)
{
    *present = input.contains(key);
    if (!*present) {
        if (required)
            *error = tr("The %1 action needs \"%2\": [x, y].").arg(input.value(u"action").toString(), key);
        return std::nullopt;
    }
    const QJsonArray array = input.value(key).toArray();
    if (array.size() != 2 || !array.at(0).isDouble() || !array.at(1).isDouble()) {
        *error = tr("\"%1\" must be two integers [x, y].").arg(key);
        return std::nullopt;
    }
    const double x = array.at(0).toDouble();
    const double y = array.at(1).toDouble();
    const QSize size = mapping.scaledSize();
    if (!(x >= 0 && y >= 0 && x < size.width() && y < size.height()) || x != double(qint64(x))
        || y != double(qint64(y))) {
        *error = tr("The coordinate [%1, %2] is outside the screen: x must be 0-%3 and y 0-%4.")
                     .arg(x)
                     .arg(y)
                     .arg(size.width() - 1)
                     .arg(size.height() - 1);
        return std::nullopt;
    }
    return QPoint(int(x), int(y));
}

// "ctrl+a Delete" (xdotool key takes several combinations separated by spaces).
std::optional<QList<QList<quint32>>> parseKeySequence(const QString &text, QString *error)
{
    const QStringList parts = text.split(u' ', Qt::SkipEmptyParts);
    if (parts.isEmpty()) {
        *error = tr("No key given: use names like \"Return\", \"ctrl+s\" or \"alt+Tab\".");
        return std::nullopt;
    }
    if (parts.size() > 32) {
        *error = tr("Too many key combinations at once (%1, at most 32).").arg(parts.size());
        return std::nullopt;
    }
    QList<QList<quint32>> sequence;
    for (const QString &part : parts) {
        QString why;
        const auto keys = VncKeys::parseCombination(part, &why);
        if (!keys) {
            *error = tr("Unknown key \"%1\": %2 Use X key names such as Return, Escape, Tab, BackSpace, "
                        "Page_Down, F5, ctrl, alt, shift, super.")
                         .arg(elide(part, 60), why);
            return std::nullopt;
        }
        sequence.append(*keys);
    }
    return sequence;
}

QString checkTypedText(const QString &text, int maxChars)
{
    if (text.isEmpty())
        return tr("The type action needs \"text\" to type.");
    if (text.size() > maxChars)
        return tr("The text is too long to type at once (%1 characters, at most %2); split it.")
            .arg(text.size())
            .arg(maxChars);
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\n' && u != u'\t' && u != u'\r') || u == 0x7f)
            return tr("The text contains the control character U+%1, which cannot be typed; use the key "
                      "action for special keys.")
                .arg(int(u), 4, 16, QLatin1Char('0'));
    }
    return {};
}

int buttonFor(const QString &action)
{
    if (action.startsWith(u"right"))
        return Vnc::RightButton;
    if (action.startsWith(u"middle"))
        return Vnc::MiddleButton;
    return Vnc::LeftButton;
}

int clickCount(const QString &action)
{
    if (action == u"double_click")
        return 2;
    if (action == u"triple_click")
        return 3;
    return 1;
}

} // namespace

// The asynchronous tail of one call: waits for the input to be written and the screen to
// settle, then finishes the job with a screenshot.
class ComputerTool::Call final
{
public:
    static void finishWithScreenshot(ToolJob *job, VncClient *client, quint64 ticket, const Options &options,
        const QString &text, const QString &summary)
    {
        QPointer<VncClient> guard(client);
        client->whenWritten(ticket, job, [job, guard, options, text, summary](bool written) {
            if (job->isFinished())
                return;
            if (guard && guard->personInControl()) {
                job->fail(written ? tr("%1 Then the person took control of the screen; wait or ask them.")
                                        .arg(text.isEmpty() ? tr("Done.") : text)
                                  : tr("The person took control of the screen before this input reached it; "
                                       "nothing more was done. Wait or ask them."));
                return;
            }
            if (!written || !guard) {
                job->fail(tr("The VNC connection closed before the input reached the computer."));
                return;
            }
            guard->whenStill(options.settleQuietMs, options.settleTimeoutMs, job,
                [job, guard, options, text, summary](bool still, const QImage &frame) {
                    if (job->isFinished())
                        return;
                    if (guard && guard->personInControl()) {
                        job->fail(tr("%1 Then the person took control of the screen; wait or ask them.")
                                .arg(text.isEmpty() ? tr("Done.") : text));
                        return;
                    }
                    if (frame.isNull()) {
                        job->fail(tr("The VNC connection closed before a screenshot could be taken."));
                        return;
                    }
                    ToolResult result;
                    QString note = text;
                    if (!still)
                        note += (note.isEmpty() ? QString() : QStringLiteral(" "))
                            + tr("(The screen was still changing after %1 ms; this is the latest frame.)")
                                  .arg(options.settleTimeoutMs);
                    if (!note.isEmpty())
                        result.content.append(ToolContent::fromText(note));
                    QString mediaType;
                    const QSize size = ScreenMapping(frame.size()).scaledSize();
                    const QByteArray bytes = encodeScreenshot(frame, size, options, &mediaType);
                    result.content.append(ToolContent::fromImage(bytes, mediaType));
                    result.summary = summary;
                    job->finish(result);
                });
        });
    }

    static void finishAfterWrite(
        ToolJob *job, VncClient *client, quint64 ticket, const QString &text, const QString &summary)
    {
        client->whenWritten(ticket, job, [job, text, summary](bool written) {
            if (job->isFinished())
                return;
            if (!written) {
                job->fail(tr("The VNC connection closed before the input reached the computer."));
                return;
            }
            job->finish(ToolResult::success(text, summary));
        });
    }
};

ComputerTool::ComputerTool(VncClient *client, const Options &options)
    : m_client(client)
    , m_options(options)
    , m_controlSeen(std::make_shared<quint64>(client ? client->personControlCount() : 0))
{ }

ComputerTool::ComputerTool(VncClient *client)
    : ComputerTool(client, Options {})
{ }

ComputerTool::~ComputerTool() = default;

std::optional<ComputerTool::Version> ComputerTool::supportedVersionForModel(const QString &model)
{
    // The model catalog lists the computer tool types a model accepts, preferred first; take
    // the first one this tool implements.
    const QStringList accepted = ModelCatalog::shared()->capabilities(model).computerUse;
    for (const QString &type : accepted) {
        for (Version version : { Version::Computer20251124, Version::Computer20250124 }) {
            if (type == typeName(version))
                return version;
        }
    }
    return std::nullopt;
}

ComputerTool::Version ComputerTool::versionForModel(const QString &model)
{
    if (const std::optional<Version> version = supportedVersionForModel(model))
        return *version;
    // None of the accepted types is implemented (e.g. only computer_toolset_20260801): the
    // newest one we have; or computer_20250124 for a model that lists no computer tool.
    return ModelCatalog::shared()->capabilities(model).computerUse.isEmpty() ? Version::Computer20250124
                                                                             : Version::Computer20251124;
}

QString ComputerTool::unavailableReason(const QString &model)
{
    const QStringList accepted = ModelCatalog::shared()->capabilities(model).computerUse;
    if (accepted.isEmpty() || supportedVersionForModel(model))
        return {};
    return tr(
        "The computer tool is not offered: %1 accepts only %2, which this version of Proto Desktop does "
        "not speak yet. Choose another model to let the agent use the screen.")
        .arg(model, accepted.join(QStringLiteral(", ")));
}

QString ComputerTool::typeName(Version version)
{
    return version == Version::Computer20251124 ? QStringLiteral("computer_20251124")
                                                : QStringLiteral("computer_20250124");
}

QString ComputerTool::betaHeader(Version version)
{
    return ModelCatalog::shared()->toolBeta(typeName(version));
}

QStringList ComputerTool::actions(Version version)
{
    QStringList list { QStringLiteral("screenshot"), QStringLiteral("left_click"),
        QStringLiteral("right_click"), QStringLiteral("middle_click"), QStringLiteral("double_click"),
        QStringLiteral("triple_click"), QStringLiteral("left_click_drag"), QStringLiteral("left_mouse_down"),
        QStringLiteral("left_mouse_up"), QStringLiteral("mouse_move"), QStringLiteral("scroll"),
        QStringLiteral("key"), QStringLiteral("hold_key"), QStringLiteral("type"), QStringLiteral("wait"),
        QStringLiteral("cursor_position") };
    if (version == Version::Computer20251124)
        list.append(QStringLiteral("zoom"));
    return list;
}

void ComputerTool::setClient(VncClient *client)
{
    m_client = client;
    m_pointer.reset();
    *m_controlSeen = client ? client->personControlCount() : 0;
}

VncClient *ComputerTool::client() const
{
    return m_client;
}

ScreenMapping ComputerTool::mapping() const
{
    if (m_client && !m_client->framebufferSize().isEmpty())
        return ScreenMapping(m_client->framebufferSize());
    return ScreenMapping(m_options.assumedSize);
}

QString ComputerTool::description() const
{
    const QSize size = mapping().scaledSize();
    return tr("Use a mouse and keyboard to interact with the computer's screen, and take screenshots. The "
              "screen is %1x%2 pixels; coordinates are [x, y] from the top-left corner in that space. "
              "Actions: screenshot; left_click, right_click, middle_click, double_click, triple_click "
              "(coordinate, optional text = modifier keys held, e.g. \"shift\"); left_click_drag "
              "(start_coordinate, coordinate); left_mouse_down, left_mouse_up; mouse_move (coordinate); "
              "scroll (scroll_direction up/down/left/right, scroll_amount, optional coordinate); key (text, "
              "X key names like \"ctrl+s\", \"Return\"); hold_key (text, duration seconds); type (text); "
              "wait (duration seconds); cursor_position%3. Every action except cursor_position returns a "
              "screenshot taken once the screen has settled.")
        .arg(size.width())
        .arg(size.height())
        .arg(m_options.version == Version::Computer20251124
                ? tr("; zoom (region [x0, y0, x1, y1]: that part of the screen at full resolution)")
                : QString());
}

QJsonObject ComputerTool::inputSchema() const
{
    QJsonObject properties {
        { QStringLiteral("action"),
            QJsonObject { { QStringLiteral("type"), QStringLiteral("string") },
                { QStringLiteral("enum"), QJsonArray::fromStringList(actions(m_options.version)) },
                { QStringLiteral("description"), QStringLiteral("The action to perform") } } },
        { QStringLiteral("coordinate"), coordinateSchema(QStringLiteral("[x, y] on the screen")) },
        { QStringLiteral("start_coordinate"),
            coordinateSchema(QStringLiteral("[x, y] where left_click_drag starts")) },
        { QStringLiteral("text"),
            QJsonObject { { QStringLiteral("type"), QStringLiteral("string") },
                { QStringLiteral("description"),
                    QStringLiteral("Text to type, key combination (xdotool names) for key/hold_key, or "
                                   "modifier keys held during a click or scroll") } } },
        { QStringLiteral("scroll_direction"),
            QJsonObject { { QStringLiteral("type"), QStringLiteral("string") },
                { QStringLiteral("enum"),
                    QJsonArray { QStringLiteral("up"), QStringLiteral("down"), QStringLiteral("left"),
                        QStringLiteral("right") } } } },
        { QStringLiteral("scroll_amount"),
            QJsonObject { { QStringLiteral("type"), QStringLiteral("integer") },
                { QStringLiteral("minimum"), 0 }, { QStringLiteral("maximum"), m_options.maxScrollAmount },
                { QStringLiteral("description"), QStringLiteral("Wheel steps") } } },
        { QStringLiteral("duration"),
            QJsonObject { { QStringLiteral("type"), QStringLiteral("number") },
                { QStringLiteral("minimum"), 0 }, { QStringLiteral("maximum"), m_options.maxDurationSeconds },
                { QStringLiteral("description"), QStringLiteral("Seconds, for wait and hold_key") } } },
    };
    if (m_options.version == Version::Computer20251124) {
        properties.insert(QStringLiteral("region"),
            QJsonObject { { QStringLiteral("type"), QStringLiteral("array") },
                { QStringLiteral("items"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("integer") } } },
                { QStringLiteral("minItems"), 4 }, { QStringLiteral("maxItems"), 4 },
                { QStringLiteral("description"), QStringLiteral("[x0, y0, x1, y1] for zoom") } });
    }
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("properties"), properties },
        { QStringLiteral("required"), QJsonArray { QStringLiteral("action") } },
        { QStringLiteral("additionalProperties"), false },
    };
}

QJsonObject ComputerTool::anthropicDefinition() const
{
    const QSize size = mapping().scaledSize();
    QJsonObject definition {
        { QStringLiteral("type"), anthropicType() },
        { QStringLiteral("name"), name() },
        { QStringLiteral("display_width_px"), size.width() },
        { QStringLiteral("display_height_px"), size.height() },
    };
    if (m_options.displayNumber >= 0)
        definition.insert(QStringLiteral("display_number"), m_options.displayNumber);
    if (m_options.version == Version::Computer20251124)
        definition.insert(QStringLiteral("enable_zoom"), true);
    return definition;
}

QString ComputerTool::describeCall(const QJsonObject &input) const
{
    const QString action = input.value(u"action").toString();
    auto point = [&input](const QString &key) {
        const QJsonArray a = input.value(key).toArray();
        return a.size() == 2 ? QStringLiteral("(%1, %2)").arg(a.at(0).toDouble()).arg(a.at(1).toDouble())
                             : QString();
    };
    const QString at = point(QStringLiteral("coordinate"));
    const QString text = elide(input.value(u"text").toString(), 80);
    const QString holding = text.isEmpty() ? QString() : tr(" holding %1").arg(text);
    if (action == u"screenshot")
        return tr("Take a screenshot");
    if (action.endsWith(u"_click") && action != u"left_click_drag") {
        QString name = action;
        name.replace(u'_', u' ');
        name[0] = name[0].toUpper();
        return at.isEmpty() ? tr("%1 at the pointer%2").arg(name, holding)
                            : tr("%1 at %2%3").arg(name, at, holding);
    }
    if (action == u"left_click_drag")
        return tr("Drag from %1 to %2").arg(point(QStringLiteral("start_coordinate")), at);
    if (action == u"left_mouse_down")
        return tr("Press the left button");
    if (action == u"left_mouse_up")
        return tr("Release the left button");
    if (action == u"mouse_move")
        return tr("Move the pointer to %1").arg(at);
    if (action == u"scroll")
        return tr("Scroll %1 by %2%3%4")
            .arg(input.value(u"scroll_direction").toString())
            .arg(input.value(u"scroll_amount").toInt())
            .arg(at.isEmpty() ? QString() : tr(" at %1").arg(at), holding);
    if (action == u"key")
        return tr("Press %1").arg(text);
    if (action == u"hold_key")
        return tr("Hold %1 for %2 s").arg(text).arg(input.value(u"duration").toDouble());
    if (action == u"type")
        return trn("Type \"%1\" (%n characters)", int(input.value(u"text").toString().size())).arg(text);
    if (action == u"wait")
        return tr("Wait %1 s").arg(input.value(u"duration").toDouble());
    if (action == u"cursor_position")
        return tr("Read the pointer position");
    if (action == u"zoom") {
        const QJsonArray r = input.value(u"region").toArray();
        QStringList parts;
        for (const QJsonValue &v : r)
            parts.append(QString::number(v.toDouble()));
        return tr("Zoom into [%1]").arg(parts.join(QStringLiteral(", ")));
    }
    return tr("Computer action \"%1\"").arg(elide(action, 40));
}

QByteArray ComputerTool::encodeScreenshot(
    const QImage &frame, QSize size, const Options &options, QString *mediaType)
{
    QImage image
        = frame.size() == size ? frame : frame.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    image = image.convertToFormat(QImage::Format_RGB888);
    QByteArray png;
    {
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QImageWriter writer(&buffer, "png");
        writer.write(image);
    }
    if (png.size() <= options.maxPngBytes) {
        *mediaType = QStringLiteral("image/png");
        return png;
    }
    QByteArray jpeg;
    QBuffer buffer(&jpeg);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(options.jpegQuality);
    writer.write(image);
    *mediaType = QStringLiteral("image/jpeg");
    return jpeg;
}

QString ComputerTool::controlReturnedNote()
{
    return tr("The person has given control of the screen back to you; it may have changed since you "
              "last looked.");
}

ToolJob *ComputerTool::waitForControl(ToolJob *job, VncClient *client, int ms)
{
    // A wait while the person has the screen ends early when they give it back.
    QPointer<VncClient> guard(client);
    const std::shared_ptr<quint64> seen = m_controlSeen;
    const Options options = m_options;
    auto *timer = new QTimer(job);
    timer->setSingleShot(true);
    auto done = [job, guard, seen, options, ms](bool returned) {
        if (job->isFinished())
            return;
        if (!returned || !guard) {
            job->finish(ToolResult::success(
                tr("The person still has control of the screen after %1 s; nothing was done. Wait again, or "
                   "ask them.")
                    .arg(ms / 1000.0),
                tr("Waited for the person")));
            return;
        }
        *seen = guard->personControlCount();
        job->addNote(controlReturnedNote());
        Call::finishWithScreenshot(
            job, guard, guard->requestFullUpdate(), options, {}, tr("Waited for the person"));
    };
    QObject::connect(timer, &QTimer::timeout, job, [done] { done(false); });
    QObject::connect(client, &VncClient::personControlChanged, job, [done](bool inControl) {
        if (!inControl)
            done(true);
    });
    timer->start(std::max(0, ms));
    return job;
}

ToolJob *ComputerTool::run(const QJsonObject &input, const ToolContext &context)
{
    Q_UNUSED(context);
    auto *job = new ToolJob;
    const QString invalid = SchemaValidator::validate(input, inputSchema());
    if (!invalid.isEmpty()) {
        job->fail(tr("Invalid input for computer: %1").arg(invalid));
        return job;
    }
    const QString action = input.value(u"action").toString();
    VncClient *client = m_client;
    if (client && client->personInControl()) {
        // "Take over": the screen is the person's until they give it back.
        if (action == u"wait" && input.contains(u"duration"))
            return waitForControl(job, client, int(input.value(u"duration").toDouble() * 1000));
        job->fail(tr("The person has control of the screen; wait or ask them. Nothing was done."));
        return job;
    }
    if (client && client->personControlCount() != *m_controlSeen) {
        *m_controlSeen = client->personControlCount();
        job->addNote(controlReturnedNote());
    }
    if (!client || !client->isConnected() || client->screenshot().isNull()) {
        QString why;
        if (!client)
            why = tr("this session has no VNC connection (the machine has no VNC endpoint configured)");
        else if (client->state() == Vnc::State::Connecting || client->state() == Vnc::State::Reconnecting
            || client->isConnected())
            why = tr("the VNC connection is still being made; try again in a moment");
        else if (!client->errorString().isEmpty())
            why = client->errorString();
        else
            why = tr("the VNC connection is closed; open the Computer panel to connect");
        job->fail(tr("The computer's screen is not available: %1.").arg(why));
        return job;
    }

    const ScreenMapping map(client->framebufferSize());
    const QString summary = describeCall(input);
    QString error;
    bool hasCoordinate = false;
    const std::optional<QPoint> coordinate
        = readPoint(input, QStringLiteral("coordinate"), map, false, &hasCoordinate, &error);
    if (hasCoordinate && !coordinate) {
        job->fail(error);
        return job;
    }
    const std::optional<QPoint> target
        = coordinate ? std::optional<QPoint>(map.toFramebuffer(*coordinate)) : std::nullopt;
    const QString text = input.value(u"text").toString();

    // Modifier keys held during clicks and scrolls.
    QList<quint32> held;
    const bool takesModifiers = action.endsWith(u"_click") || action == u"scroll";
    if (takesModifiers && action != u"left_click_drag" && !text.isEmpty()) {
        const auto keys = VncKeys::parseCombination(text, &error);
        if (!keys) {
            job->fail(tr("Unknown modifier keys \"%1\": %2").arg(elide(text, 60), error));
            return job;
        }
        held = *keys;
    } else if (!text.isEmpty() && action != u"key" && action != u"hold_key" && action != u"type"
        && action != u"left_click_drag") {
        job->fail(tr("The %1 action takes no \"text\".").arg(action));
        return job;
    }
    auto pressHeld = [client, &held] {
        for (quint32 k : held)
            client->sendKey(k, true);
    };
    auto releaseHeld = [client, &held] {
        quint64 ticket = 0;
        for (auto it = held.crbegin(); it != held.crend(); ++it)
            ticket = client->sendKey(*it, false);
        return ticket;
    };

    if (action == u"screenshot") {
        if (hasCoordinate) {
            job->fail(tr("The screenshot action takes no coordinate."));
            return job;
        }
        Call::finishWithScreenshot(job, client, client->requestFullUpdate(), m_options, {}, summary);
        return job;
    }
    if (action == u"cursor_position") {
        if (!m_pointer) {
            job->finish(ToolResult::success(
                tr("The pointer position is unknown: no pointer action was sent in this session yet."),
                summary));
            return job;
        }
        const QPoint p = map.toScaled(*m_pointer);
        job->finish(ToolResult::success(QStringLiteral("X=%1,Y=%2").arg(p.x()).arg(p.y()), summary));
        return job;
    }
    if (action == u"mouse_move") {
        if (!target) {
            job->fail(tr("The mouse_move action needs \"coordinate\": [x, y]."));
            return job;
        }
        m_pointer = *target;
        Call::finishWithScreenshot(job, client, client->movePointer(*target), m_options,
            tr("Moved the pointer to %1.").arg(pointText(*coordinate)), summary);
        return job;
    }
    if (action.endsWith(u"_click") && action != u"left_click_drag") {
        if (!target && !m_pointer) {
            job->fail(
                tr("The %1 action needs \"coordinate\": [x, y] (the pointer position is not known yet).")
                    .arg(action));
            return job;
        }
        const QPoint at = (target ? *target : *m_pointer);
        m_pointer = at;
        pressHeld();
        quint64 ticket = client->click(at, buttonFor(action), clickCount(action));
        if (!held.isEmpty())
            ticket = releaseHeld();
        Call::finishWithScreenshot(
            job, client, ticket, m_options, tr("Clicked at %1.").arg(pointText(map.toScaled(at))), summary);
        return job;
    }
    if (action == u"left_click_drag") {
        bool hasStart = false;
        const std::optional<QPoint> start
            = readPoint(input, QStringLiteral("start_coordinate"), map, true, &hasStart, &error);
        if (!start) {
            job->fail(error);
            return job;
        }
        if (!target) {
            job->fail(tr("The left_click_drag action needs \"coordinate\": [x, y] where the drag ends."));
            return job;
        }
        if (!text.isEmpty()) {
            job->fail(tr("The left_click_drag action takes no \"text\"."));
            return job;
        }
        m_pointer = *target;
        Call::finishWithScreenshot(job, client, client->drag(map.toFramebuffer(*start), *target), m_options,
            tr("Dragged from %1 to %2.").arg(pointText(*start), pointText(*coordinate)), summary);
        return job;
    }
    if (action == u"left_mouse_down" || action == u"left_mouse_up") {
        if (!target && !m_pointer) {
            job->fail(tr("The pointer position is not known yet: use mouse_move first."));
            return job;
        }
        const QPoint at = (target ? *target : *m_pointer);
        m_pointer = at;
        const bool down = action == u"left_mouse_down";
        const quint64 ticket
            = down ? client->pressButton(at, Vnc::LeftButton) : client->releaseButton(at, Vnc::LeftButton);
        Call::finishWithScreenshot(job, client, ticket, m_options,
            down ? tr("Pressed the left button.") : tr("Released the left button."), summary);
        return job;
    }
    if (action == u"scroll") {
        const QString direction = input.value(u"scroll_direction").toString();
        if (direction.isEmpty() || !input.contains(u"scroll_amount")) {
            job->fail(tr("The scroll action needs \"scroll_direction\" (up, down, left, right) and "
                         "\"scroll_amount\"."));
            return job;
        }
        if (!target && !m_pointer) {
            job->fail(tr(
                "The scroll action needs \"coordinate\": [x, y] (the pointer position is not known yet)."));
            return job;
        }
        const int amount = input.value(u"scroll_amount").toInt();
        const QPoint at = (target ? *target : *m_pointer);
        m_pointer = at;
        const int dx = direction == u"left" ? -amount : direction == u"right" ? amount : 0;
        const int dy = direction == u"up" ? -amount : direction == u"down" ? amount : 0;
        pressHeld();
        quint64 ticket = client->scroll(at, dx, dy);
        if (!held.isEmpty())
            ticket = releaseHeld();
        Call::finishWithScreenshot(
            job, client, ticket, m_options, tr("Scrolled %1 by %2.").arg(direction).arg(amount), summary);
        return job;
    }
    if (action == u"key") {
        if (hasCoordinate) {
            job->fail(tr("The key action takes no coordinate."));
            return job;
        }
        const auto sequence = parseKeySequence(text, &error);
        if (!sequence) {
            job->fail(error);
            return job;
        }
        quint64 ticket = 0;
        for (const QString &part : text.split(u' ', Qt::SkipEmptyParts))
            ticket = client->pressKeys(part).value_or(ticket); // validated above; announced for overlays
        Call::finishWithScreenshot(job, client, ticket, m_options, tr("Pressed %1.").arg(text), summary);
        return job;
    }
    if (action == u"hold_key") {
        if (!input.contains(u"duration")) {
            job->fail(tr("The hold_key action needs \"duration\" in seconds."));
            return job;
        }
        const auto sequence = parseKeySequence(text, &error);
        if (!sequence) {
            job->fail(error);
            return job;
        }
        QList<quint32> keys;
        for (const auto &combination : *sequence)
            keys.append(combination);
        for (quint32 k : keys)
            client->sendKey(k, true);
        const int ms = int(input.value(u"duration").toDouble() * 1000);
        QPointer<VncClient> guard(client);
        auto release = [guard, keys] {
            quint64 ticket = 0;
            if (guard && !guard->personInControl()) { // taking over released them already
                for (auto it = keys.crbegin(); it != keys.crend(); ++it)
                    ticket = guard->sendKey(*it, false);
            }
            return ticket;
        };
        auto *timer = new QTimer(job);
        timer->setSingleShot(true);
        QObject::connect(
            timer, &QTimer::timeout, job, [job, guard, release, options = m_options, text, summary] {
                const quint64 ticket = release();
                if (!guard) {
                    job->fail(tr("The VNC connection closed while the keys were held."));
                    return;
                }
                Call::finishWithScreenshot(job, guard, ticket, options, tr("Held %1.").arg(text), summary);
            });
        job->setCancelHandler([job, timer, release] {
            timer->stop();
            release();
            job->fail(tr("Stopped; the held keys were released."));
        });
        timer->start(ms);
        return job;
    }
    if (action == u"type") {
        const QString problem = checkTypedText(text, m_options.maxTypeChars);
        if (!problem.isEmpty()) {
            job->fail(problem);
            return job;
        }
        QString normalized = text;
        normalized.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
        normalized.replace(u'\r', u'\n');
        quint64 ticket = 0;
        const int chunk = qMax(1, m_options.typeChunkChars);
        for (qsizetype i = 0; i < normalized.size();) {
            qsizetype n = qMin<qsizetype>(chunk, normalized.size() - i);
            if (i + n < normalized.size() && normalized.at(i + n - 1).isHighSurrogate())
                ++n; // never split a surrogate pair
            ticket = client->typeText(normalized.mid(i, n));
            i += n;
        }
        Call::finishWithScreenshot(
            job, client, ticket, m_options, trn("Typed %n characters.", int(normalized.size())), summary);
        return job;
    }
    if (action == u"wait") {
        if (!input.contains(u"duration")) {
            job->fail(tr("The wait action needs \"duration\" in seconds."));
            return job;
        }
        const int ms = int(input.value(u"duration").toDouble() * 1000);
        QPointer<VncClient> guard(client);
        QTimer::singleShot(ms, job, [job, guard, options = m_options, summary] {
            if (job->isFinished())
                return;
            if (!guard || !guard->isConnected()) {
                job->fail(tr("The VNC connection closed while waiting."));
                return;
            }
            Call::finishWithScreenshot(job, guard, guard->requestFullUpdate(), options, {}, summary);
        });
        return job;
    }
    if (action == u"zoom") {
        const QJsonArray region = input.value(u"region").toArray();
        if (region.size() != 4) {
            job->fail(tr("The zoom action needs \"region\": [x0, y0, x1, y1]."));
            return job;
        }
        const QSize size = map.scaledSize();
        const int x0 = region.at(0).toInt(-1), y0 = region.at(1).toInt(-1), x1 = region.at(2).toInt(-1),
                  y1 = region.at(3).toInt(-1);
        if (x0 < 0 || y0 < 0 || x1 < 0 || y1 < 0 || x0 >= size.width() || x1 >= size.width()
            || y0 >= size.height() || y1 >= size.height() || x1 <= x0 || y1 <= y0) {
            job->fail(tr("The zoom region [%1, %2, %3, %4] is not a rectangle on the screen (x 0-%5, y 0-%6, "
                         "x0 < x1, y0 < y1).")
                    .arg(x0)
                    .arg(y0)
                    .arg(x1)
                    .arg(y1)
                    .arg(size.width() - 1)
                    .arg(size.height() - 1));
            return job;
        }
        const QRect source = map.toFramebuffer(QPoint(x0, y0), QPoint(x1, y1));
        const QString note = tr("Region [%1, %2, %3, %4]").arg(x0).arg(y0).arg(x1).arg(y1);
        // The region of the settled screen, at up to the model's screen size.
        client->whenStill(m_options.settleQuietMs, m_options.settleTimeoutMs, job,
            [job, source, size, note, summary, options = m_options](bool, const QImage &frame) {
                if (job->isFinished())
                    return;
                const QImage crop = frame.copy(source);
                if (crop.isNull()) {
                    job->fail(tr("The screen changed size before the zoom; take a new screenshot."));
                    return;
                }
                const QSize out = crop.size().scaled(size, Qt::KeepAspectRatio);
                ToolResult result;
                QString mediaType;
                result.content.append(
                    ToolContent::fromText(note + tr(" shown at %1x%2.").arg(out.width()).arg(out.height())));
                const QByteArray bytes = encodeScreenshot(crop, out, options, &mediaType);
                result.content.append(ToolContent::fromImage(bytes, mediaType));
                result.summary = summary;
                job->finish(result);
            });
        return job;
    }
    job->fail(tr("Unknown computer action \"%1\".").arg(elide(action, 40)));
    return job;
}

} // namespace Proto
