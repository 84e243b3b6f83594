#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QList>
#include <QString>

namespace Proto {

// A file the person attaches to a message (from this computer: a file dialog, a drop, a paste,
// proto-cli's --attach), as the content blocks the Messages API takes:
//   image (PNG, JPEG, GIF, WebP): <attached-file name=".." type=".." size=".."/> + an image block
//   PDF:                          <attached-file .../> + a document block
//   text (valid UTF-8, no NULs):  <attached-file ...>\n<the text>\n</attached-file>
// The marker tells the model the file's name and lets the chat show the attachment again when
// the session is reopened. Anything else (other binaries, files over the limits) is refused with
// a message saying why.
class Attachment final
{
public:
    static constexpr qint64 MaxImageBytes = 5 * 1024 * 1024; // the API's limit per image
    static constexpr qint64 MaxDocumentBytes = 30 * 1024 * 1024;
    static constexpr qint64 MaxTextBytes = 512 * 1024; // ~130k tokens
    static constexpr qint64 MaxTotalBytes = 30 * 1024 * 1024; // one request stays under 32 MB

    QString name; // the file name, shown and given to the model
    QString mediaType; // "image/png", "application/pdf", "text/plain"...
    qint64 size = 0; // bytes of the file
    QByteArray imageData; // the image's bytes (for thumbnails); empty for other kinds
    QJsonArray blocks; // what goes into the user message

    bool isImage() const { return mediaType.startsWith(QLatin1String("image/")); }

    // Reads a file; false with *error ("report.docx: not an image, PDF or text file") on refusal.
    static bool fromFile(const QString &path, Attachment *out, QString *error);
    // The same for bytes that are not a file on disk (a pasted image).
    static bool fromData(const QString &name, const QByteArray &bytes, Attachment *out, QString *error);

    // False with *error when this one would take a message past MaxTotalBytes with `already`.
    bool fitsWith(const QList<Attachment> &already, QString *error) const;
    // The blocks of these attachments, in order, for AgentRunner::send().
    static QJsonArray blocksOf(const QList<Attachment> &attachments);

    // A stored user message's content read back: what was attached, in order, and the text the
    // person typed (the other text blocks, joined).
    static QList<Attachment> describe(const QJsonArray &content, QString *typedText);
    // "report.pdf · 1.2 MB"
    QString label() const;
};

} // namespace Proto
