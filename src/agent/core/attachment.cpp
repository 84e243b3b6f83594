#include "attachment.h"

#include "toolresult.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QLocale>
#include <QMimeDatabase>
#include <QRegularExpression>
#include <QStringDecoder>

#include <optional>

namespace Proto {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Proto::Attachment", text);
}

QString sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

// Names go into an XML-like attribute: keep them on one line and free of quotes and brackets.
QString cleanName(const QString &name)
{
    QString n = name;
    for (QChar &c : n) {
        if (c == u'"' || c == u'<' || c == u'>' || c == u'\n' || c == u'\r' || c == u'\t')
            c = u'_';
    }
    return n.isEmpty() ? QStringLiteral("file") : n;
}

QString marker(const Attachment &a, bool selfClosing)
{
    return QStringLiteral("<attached-file name=\"%1\" type=\"%2\" size=\"%3\"%4>")
        .arg(a.name, a.mediaType, QString::number(a.size), selfClosing ? QStringLiteral("/") : QString());
}

const QRegularExpression &markerPattern()
{
    static const QRegularExpression re(
        QStringLiteral(R"re(^<attached-file name="([^"]*)" type="([^"]*)" size="(\d+)"(/?)>)re"));
    return re;
}

const QStringList &imageTypes()
{
    static const QStringList types { QStringLiteral("image/png"), QStringLiteral("image/jpeg"),
        QStringLiteral("image/gif"), QStringLiteral("image/webp") };
    return types;
}

} // namespace

bool Attachment::fromFile(const QString &path, Attachment *out, QString *error)
{
    const QFileInfo info(path);
    const QString name = info.fileName();
    if (!info.exists()) {
        *error = tr("%1: no such file").arg(path);
        return false;
    }
    if (info.isDir()) {
        *error = tr("%1 is a folder: attach files one by one").arg(name);
        return false;
    }
    // Nothing attachable is bigger than the largest limit: refuse before reading it all.
    if (info.size() > MaxDocumentBytes) {
        *error = tr("%1 is too large to attach (%2; at most %3)")
                     .arg(name, sizeText(info.size()), sizeText(MaxDocumentBytes));
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("%1 could not be read: %2").arg(name, file.errorString());
        return false;
    }
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        *error = tr("%1 could not be read: %2").arg(name, file.errorString());
        return false;
    }
    return fromData(name, bytes, out, error);
}

bool Attachment::fromData(const QString &fileName, const QByteArray &bytes, Attachment *out, QString *error)
{
    Attachment a;
    a.name = cleanName(fileName);
    a.size = bytes.size();
    // The content decides what a file is (a PNG named .txt is an image); the name only tells
    // which kind of text.
    const QMimeDatabase mimes;
    QString type = mimes.mimeTypeForData(bytes).name();
    if (!imageTypes().contains(type) && type != QLatin1String("application/pdf"))
        type = mimes.mimeTypeForFileNameAndData(fileName, bytes).name();
    const bool image = imageTypes().contains(type) && !bytes.isEmpty();
    const bool pdf = type == QLatin1String("application/pdf") && bytes.startsWith("%PDF-");
    if (image || pdf) {
        const qint64 limit = image ? MaxImageBytes : MaxDocumentBytes;
        if (a.size > limit) {
            *error = tr("%1 is too large to attach (%2; at most %3)")
                         .arg(a.name, sizeText(a.size), sizeText(limit));
            return false;
        }
        a.mediaType = type;
        // The same base64 source as a tool's image; a PDF is a document block with a title.
        QJsonObject block = ToolContent::fromImage(bytes, type).toJson();
        if (pdf) {
            block.insert(QStringLiteral("type"), QStringLiteral("document"));
            block.insert(QStringLiteral("title"), a.name);
        }
        a.blocks = { QJsonObject { { QStringLiteral("type"), QStringLiteral("text") },
                         { QStringLiteral("text"), marker(a, true) } },
            block };
        if (image)
            a.imageData = bytes;
        *out = a;
        return true;
    }
    // Text: valid UTF-8 without NULs, whatever its name says.
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    if (decoder.hasError() && !bytes.contains('\0') && type.startsWith(QLatin1String("text/"))) {
        *error = tr("%1 is not UTF-8 text: save it as UTF-8 to attach it").arg(a.name);
        return false;
    }
    if (decoder.hasError() || bytes.contains('\0')) {
        *error = tr("%1 is a binary file (%2): attach images (PNG, JPEG, GIF, WebP), PDFs or text files")
                     .arg(a.name, type);
        return false;
    }
    if (a.size > MaxTextBytes) {
        *error = tr("%1 is too large to attach as text (%2; at most %3)")
                     .arg(a.name, sizeText(a.size), sizeText(MaxTextBytes));
        return false;
    }
    a.mediaType = type.startsWith(QLatin1String("text/")) ? type : QStringLiteral("text/plain");
    QString body = marker(a, false) + u'\n' + text;
    if (!body.endsWith(u'\n'))
        body += u'\n';
    body += QStringLiteral("</attached-file>");
    a.blocks = { QJsonObject {
        { QStringLiteral("type"), QStringLiteral("text") }, { QStringLiteral("text"), body } } };
    *out = a;
    return true;
}

QList<Attachment> Attachment::describe(const QJsonArray &content, QString *typedText)
{
    QList<Attachment> found;
    QStringList texts;
    std::optional<Attachment> pending; // a marker waiting for its image or document block
    for (const QJsonValue &value : content) {
        const QJsonObject block = value.toObject();
        const QString type = block.value(QLatin1String("type")).toString();
        if (type == QLatin1String("text")) {
            const QString text = block.value(QLatin1String("text")).toString();
            const QRegularExpressionMatch m = markerPattern().match(text);
            if (!m.hasMatch()) {
                texts.append(text);
                continue;
            }
            Attachment a;
            a.name = m.captured(1);
            a.mediaType = m.captured(2);
            a.size = m.captured(3).toLongLong();
            if (m.captured(4).isEmpty())
                found.append(a);
            else
                pending = a;
        } else if (type == QLatin1String("image") || type == QLatin1String("document")) {
            const QJsonObject source = block.value(QLatin1String("source")).toObject();
            Attachment a = pending.value_or(Attachment {});
            pending.reset();
            if (a.name.isEmpty()) {
                a.name = block.value(QLatin1String("title"))
                             .toString(type == QLatin1String("image") ? tr("image") : tr("document"));
                a.mediaType = source.value(QLatin1String("media_type")).toString();
            }
            if (type == QLatin1String("image")
                && source.value(QLatin1String("type")).toString() == u"base64") {
                a.imageData
                    = QByteArray::fromBase64(source.value(QLatin1String("data")).toString().toLatin1());
                if (a.size == 0)
                    a.size = a.imageData.size();
            }
            found.append(a);
        }
    }
    if (typedText)
        *typedText = texts.join(u'\n');
    return found;
}

bool Attachment::fitsWith(const QList<Attachment> &already, QString *error) const
{
    qint64 total = size;
    for (const Attachment &a : already)
        total += a.size;
    if (total <= MaxTotalBytes)
        return true;
    *error = tr("%1 was not attached: one message carries at most %2 of files")
                 .arg(name, sizeText(MaxTotalBytes));
    return false;
}

QJsonArray Attachment::blocksOf(const QList<Attachment> &attachments)
{
    QJsonArray blocks;
    for (const Attachment &a : attachments) {
        for (const QJsonValue &block : a.blocks)
            blocks.append(block);
    }
    return blocks;
}

QString Attachment::label() const
{
    return size > 0 ? name + QStringLiteral(" · ") + sizeText(size) : name;
}

} // namespace Proto
