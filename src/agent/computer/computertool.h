#pragma once

#include "screenmapping.h"
#include "tool.h"

#include <QImage>
#include <QPointer>
#include <QStringList>

#include <memory>
#include <optional>

namespace Proto {

class VncClient;

// Anthropic's computer-use tool ("computer", types computer_20250124 and computer_20251124)
// over one session's VncClient: screenshots scaled to the recommended size (ScreenMapping) as
// PNG (JPEG when large), model coordinates mapped back to the framebuffer exactly, clicks,
// drags, scrolls, keys and typing as VNC input. After an action the screenshot is taken once
// the input is on the wire and the screen has been still for a moment (bounded), never after
// a fixed sleep. Bad input and a missing connection give is_error results. While the person
// has taken over the screen (VncClient::personInControl) every action is refused (a wait waits
// for them, ending early when they give the screen back); the first result after they gave it
// back says so.
//
// One instance per session (it knows that session's connection and pointer position); the
// tool definition reports the scaled size of the current framebuffer, so it is rebuilt with
// every request. The same JSON schema serves validation and OpenAI-compatible providers.
class ComputerTool final : public Tool
{
public:
    enum class Version
    {
        Computer20250124, // computer_20250124, beta computer-use-2025-01-24
        Computer20251124, // computer_20251124 (adds zoom), beta computer-use-2025-11-24
    };

    struct Options
    {
        Version version = Version::Computer20250124;
        int displayNumber = -1; // X display number for the definition; < 0 leaves it out
        QSize assumedSize = QSize(1024, 768); // reported before the first frame arrives
        int settleQuietMs = 300; // the screen counts as settled after this long without updates
        int settleTimeoutMs = 3000; // ...or after this long regardless
        int typeChunkChars = 64; // typed text is sent in chunks of this many characters
        int maxTypeChars = 20000;
        qsizetype maxPngBytes = 1024 * 1024; // larger screenshots are sent as JPEG
        int jpegQuality = 80;
        int maxDurationSeconds = 60; // wait and hold_key
        int maxScrollAmount = 50;
    };

    explicit ComputerTool(VncClient *client, const Options &options);
    explicit ComputerTool(VncClient *client = nullptr);
    ~ComputerTool() override;

    // The version a model takes, from the model catalog (ModelCatalog, models.json): the first
    // of the model's accepted computer tool types that this tool implements. versionForModel
    // falls back to computer_20251124 when the model accepts only types not implemented here
    // (the computer_toolset_20260801 form), and to computer_20250124 for a model listing none.
    static std::optional<Version> supportedVersionForModel(const QString &model);
    static Version versionForModel(const QString &model);
    // Why the tool cannot be offered to `model` (it accepts only computer tool types this tool
    // does not speak, such as computer_toolset_20260801: any other type is refused by the API),
    // empty when it can. Translated, one sentence.
    static QString unavailableReason(const QString &model);
    static QString typeName(Version version); // "computer_20250124"
    static QString betaHeader(Version version); // "computer-use-2025-01-24"
    // The actions a version accepts, in the schema's order.
    static QStringList actions(Version version);

    void setClient(VncClient *client);
    VncClient *client() const;
    const Options &options() const { return m_options; }
    void setVersion(Version version) { m_options.version = version; }

    // The geometry the model sees now (from the client's framebuffer, else assumedSize).
    ScreenMapping mapping() const;
    // The last pointer position this tool sent, in framebuffer coordinates.
    std::optional<QPoint> pointerPosition() const { return m_pointer; }

    QString name() const override { return QStringLiteral("computer"); }
    QString description() const override;
    QJsonObject inputSchema() const override;
    QString anthropicType() const override { return typeName(m_options.version); }
    QJsonObject anthropicDefinition() const override;
    QString describeCall(const QJsonObject &input) const override;

    ToolJob *run(const QJsonObject &input, const ToolContext &context) override;

    // The screenshot as the model gets it: the frame scaled to mapping's size, encoded as PNG,
    // or JPEG when the PNG is larger than maxPngBytes. mediaType receives "image/png"/"image/jpeg".
    static QByteArray encodeScreenshot(
        const QImage &frame, QSize size, const Options &options, QString *mediaType);

    // What the model is told once the person gives the screen back.
    static QString controlReturnedNote();

private:
    class Call;
    friend class Call;

    ToolJob *waitForControl(ToolJob *job, VncClient *client, int ms);

    QPointer<VncClient> m_client;
    Options m_options;
    std::optional<QPoint> m_pointer;
    // The client's personControlCount() when the model last acted: a different count means
    // the person took the screen (and gave it back) since, and the next result says so.
    std::shared_ptr<quint64> m_controlSeen;
};

} // namespace Proto
