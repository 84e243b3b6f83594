// Attachments: what each kind of file becomes in a user message, what is refused and why, and
// reading a stored message back into its typed text and attachments.
#include "attachment.h"

#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

namespace {

// A 1x1 PNG.
const QByteArray Png = QByteArray::fromBase64(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
const QByteArray Pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

} // namespace

class TestAttachment final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            return {};
        return path;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void image()
    {
        Attachment a;
        QString error;
        QVERIFY2(Attachment::fromFile(write(u"dot.png"_s, Png), &a, &error), qPrintable(error));
        QCOMPARE(a.name, u"dot.png"_s);
        QCOMPARE(a.mediaType, u"image/png"_s);
        QCOMPARE(a.size, Png.size());
        QVERIFY(a.isImage());
        QCOMPARE(a.imageData, Png);
        QCOMPARE(a.blocks.size(), 2);
        QCOMPARE(a.blocks.at(0).toObject().value(u"text"_s).toString(),
            u"<attached-file name=\"dot.png\" type=\"image/png\" size=\"%1\"/>"_s.arg(Png.size()));
        const QJsonObject image = a.blocks.at(1).toObject();
        QCOMPARE(image.value(u"type"_s).toString(), u"image"_s);
        const QJsonObject source = image.value(u"source"_s).toObject();
        QCOMPARE(source.value(u"type"_s).toString(), u"base64"_s);
        QCOMPARE(source.value(u"media_type"_s).toString(), u"image/png"_s);
        QCOMPARE(QByteArray::fromBase64(source.value(u"data"_s).toString().toLatin1()), Png);
        // The content decides, not the name.
        QVERIFY(Attachment::fromFile(write(u"misnamed.txt"_s, Png), &a, &error));
        QCOMPARE(a.mediaType, u"image/png"_s);
    }

    void pdf()
    {
        Attachment a;
        QString error;
        QVERIFY2(Attachment::fromFile(write(u"spec.pdf"_s, Pdf), &a, &error), qPrintable(error));
        QCOMPARE(a.mediaType, u"application/pdf"_s);
        QVERIFY(a.imageData.isEmpty());
        const QJsonObject document = a.blocks.at(1).toObject();
        QCOMPARE(document.value(u"type"_s).toString(), u"document"_s);
        QCOMPARE(document.value(u"title"_s).toString(), u"spec.pdf"_s);
        QCOMPARE(
            document.value(u"source"_s).toObject().value(u"media_type"_s).toString(), u"application/pdf"_s);
    }

    void text()
    {
        Attachment a;
        QString error;
        const QByteArray utf8 = "naïve café\nline two"; // no final newline
        QVERIFY2(Attachment::fromFile(write(u"notes \"draft\".md"_s, utf8), &a, &error), qPrintable(error));
        QCOMPARE(a.name, u"notes _draft_.md"_s); // quotes cannot break the marker
        QVERIFY(a.mediaType.startsWith(u"text/"_s));
        QCOMPARE(a.blocks.size(), 1);
        QCOMPARE(a.blocks.at(0).toObject().value(u"text"_s).toString(),
            u"<attached-file name=\"notes _draft_.md\" type=\"%1\" size=\"%2\">\nnaïve café\nline two\n</attached-file>"_s
                .arg(a.mediaType)
                .arg(utf8.size()));
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("says");
        QTest::newRow("binary") << u"a.out"_s
                                << QByteArray("\x7f"
                                              "ELF\x02\x01\x01\x00\x00",
                                       9)
                                << u"binary"_s;
        QTest::newRow("latin-1 text") << u"old.txt"_s << QByteArray("caf\xe9") << u"not UTF-8 text"_s;
        QTest::newRow("huge text") << u"big.log"_s << QByteArray(Attachment::MaxTextBytes + 1, 'x')
                                   << u"too large to attach as text"_s;
        QTest::newRow("huge image") << u"big.png"_s << Png + QByteArray(Attachment::MaxImageBytes, '\0')
                                    << u"too large to attach"_s;
        QTest::newRow("huge pdf") << u"big.pdf"_s << Pdf + QByteArray(Attachment::MaxDocumentBytes, ' ')
                                  << u"too large to attach"_s;
    }

    void refusals()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, says);
        Attachment a;
        QString error;
        QVERIFY(!Attachment::fromFile(write(name, bytes), &a, &error));
        QVERIFY2(error.startsWith(name) && error.contains(says), qPrintable(error));
        QVERIFY(a.blocks.isEmpty());
    }

    void missingAndFolder()
    {
        Attachment a;
        QString error;
        QVERIFY(!Attachment::fromFile(m_dir.filePath(u"nope.txt"_s), &a, &error));
        QVERIFY2(error.contains(u"no such file"_s), qPrintable(error));
        QVERIFY(!Attachment::fromFile(m_dir.path(), &a, &error));
        QVERIFY2(error.contains(u"folder"_s), qPrintable(error));
    }

    void describeRoundTrip()
    {
        Attachment image;
        Attachment doc;
        Attachment notes;
        QString error;
        QVERIFY(Attachment::fromData(u"dot.png"_s, Png, &image, &error));
        QVERIFY(Attachment::fromData(u"spec.pdf"_s, Pdf, &doc, &error));
        QVERIFY(Attachment::fromData(u"notes.md"_s, "# hi\n", &notes, &error));
        QJsonArray content { QJsonObject { { u"type"_s, u"text"_s }, { u"text"_s, u"Look at these"_s } } };
        for (const Attachment *a : { &image, &doc, &notes })
            for (const QJsonValue &b : a->blocks)
                content.append(b);
        QString typed;
        const QList<Attachment> back = Attachment::describe(content, &typed);
        QCOMPARE(typed, u"Look at these"_s);
        QCOMPARE(back.size(), 3);
        QCOMPARE(back.at(0).name, u"dot.png"_s);
        QCOMPARE(back.at(0).mediaType, u"image/png"_s);
        QCOMPARE(back.at(0).imageData, Png);
        QCOMPARE(back.at(1).name, u"spec.pdf"_s);
        QCOMPARE(back.at(1).size, Pdf.size());
        QCOMPARE(back.at(2).name, u"notes.md"_s);
        QCOMPARE(back.at(2).size, 5);
        QVERIFY(back.at(2).label().startsWith(u"notes.md · "_s));
        // A plain message has no attachments.
        QVERIFY(Attachment::describe(
            { QJsonObject { { u"type"_s, u"text"_s }, { u"text"_s, u"<b>hi</b>"_s } } }, &typed)
                .isEmpty());
        QCOMPARE(typed, u"<b>hi</b>"_s);
    }
};

QTEST_GUILESS_MAIN(TestAttachment)
#include "tst_attachment.moc"
