#include "guitestutil.h"
#include "store.h"
#include "storeopener.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Proto;

class TestStoreOpener : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void opensAGoodStoreWithoutAsking();
    void badFileShowsMessageAndKeepsFile_data();
    void badFileShowsMessageAndKeepsFile();
    void retryAfterTheFileIsFixed();

private:
    QTemporaryDir m_dir;
};

void TestStoreOpener::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    qputenv("PROTO_DESKTOP_HOME", QFile::encodeName(m_dir.path()));
}

void TestStoreOpener::opensAGoodStoreWithoutAsking()
{
    ProtoTest::ModalHandler<QMessageBox> modal([](QMessageBox *box) { box->reject(); }, 1000);
    auto store = openStoreInteractively(m_dir.filePath(QStringLiteral("good.sqlite")));
    QVERIFY(store);
    QVERIFY(!modal.handled());
}

void TestStoreOpener::badFileShowsMessageAndKeepsFile_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("text") << QByteArray("This is not a database, just some text.\n").repeated(200);
    QTest::newRow("zeros") << QByteArray(64 * 1024, '\0');
    QByteArray header("SQLite format 3");
    header.append('\0');
    header.append(QByteArray(4096 * 4, char(0xA5))); // a valid magic, garbage after it
    QTest::newRow("damaged header") << header;
    QByteArray bytes;
    for (int i = 0; i < 8192; ++i)
        bytes.append(char(i * 31 % 256));
    QTest::newRow("every byte") << bytes;
}

void TestStoreOpener::badFileShowsMessageAndKeepsFile()
{
    QFETCH(QByteArray, content);
    const QString path = m_dir.filePath(
        QStringLiteral("corrupt %1.sqlite").arg(QString::fromLatin1(QTest::currentDataTag())));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(content), content.size());
    }
    QString text;
    QString details;
    ProtoTest::ModalHandler<QMessageBox> modal([&](QMessageBox *box) {
        text = box->text();
        details = box->detailedText();
        QCOMPARE(box->objectName(), QStringLiteral("storeErrorBox"));
        box->findChild<QPushButton *>(QStringLiteral("storeErrorQuit"))->click();
    });
    std::unique_ptr<Store> store = openStoreInteractively(path);
    QVERIFY(modal.handled());
    QVERIFY(!store);
    // The message names the file; the file is exactly as it was.
    QVERIFY2(text.contains(QFileInfo(path).fileName()) || details.contains(QDir::toNativeSeparators(path)),
        qPrintable(text + u'\n' + details));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), content);
}

void TestStoreOpener::retryAfterTheFileIsFixed()
{
    // Retry after the problem is fixed by hand opens the store.
    const QString path = m_dir.filePath(QStringLiteral("retry.sqlite"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("garbage").repeated(1000));
    }
    ProtoTest::ModalHandler<QMessageBox> modal([&](QMessageBox *box) {
        QFile::remove(path); // the user moved the damaged file away
        box->button(QMessageBox::Retry)->click();
    });
    auto store = openStoreInteractively(path);
    QVERIFY(modal.handled());
    QVERIFY(store);
    QCOMPARE(QFileInfo(store->path()).absoluteFilePath(), QFileInfo(path).absoluteFilePath());
}

QTEST_MAIN(TestStoreOpener)
#include "tst_storeopener.moc"
