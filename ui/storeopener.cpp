#include "storeopener.h"

#include "store.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>

namespace Proto {
namespace {

struct StoreOpener
{
    Q_DECLARE_TR_FUNCTIONS(Proto::StoreOpener)
};

QString explanation(Store::OpenError error)
{
    switch (error) {
    case Store::OpenError::Corrupt:
        return StoreOpener::tr(
            "The file is damaged or is not a Proto Desktop database. It has been left exactly as it "
            "was; keep a copy before trying to repair it.");
    case Store::OpenError::Locked:
        return StoreOpener::tr(
            "Another program, perhaps another Proto Desktop, is using the file. Close it and retry.");
    case Store::OpenError::NewerSchema:
        return StoreOpener::tr(
            "The file was written by a newer version of Proto Desktop. Update Proto Desktop to open it; "
            "this version will not change it.");
    case Store::OpenError::ReadOnly:
        return StoreOpener::tr("The file or its folder cannot be written to. Check its permissions.");
    case Store::OpenError::CannotOpen:
    case Store::OpenError::None:
        break;
    }
    return StoreOpener::tr("Check that the folder exists and can be written to.");
}

} // namespace

std::unique_ptr<Store> openStoreInteractively(const QString &initialPath, QWidget *parent)
{
    QString path = initialPath;
    for (;;) {
        Store::OpenResult result = Store::open(path);
        if (result.store)
            return std::move(result.store);

        QMessageBox box(QMessageBox::Critical, StoreOpener::tr("Cannot Open the Data File"),
            result.message.isEmpty()
                ? StoreOpener::tr("Proto Desktop could not open %1.").arg(QDir::toNativeSeparators(path))
                : result.message,
            QMessageBox::NoButton, parent);
        box.setObjectName(QStringLiteral("storeErrorBox"));
        box.setInformativeText(explanation(result.error));
        box.setDetailedText(
            StoreOpener::tr("File: %1").arg(QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath())));
        QPushButton *other
            = box.addButton(StoreOpener::tr("Open Another Data Folder…"), QMessageBox::ActionRole);
        other->setObjectName(QStringLiteral("storeErrorOtherFolder"));
        QPushButton *retry = box.addButton(QMessageBox::Retry);
        QPushButton *quit = box.addButton(StoreOpener::tr("Quit"), QMessageBox::RejectRole);
        quit->setObjectName(QStringLiteral("storeErrorQuit"));
        box.setDefaultButton(result.error == Store::OpenError::Locked ? retry : quit);
        box.setEscapeButton(quit);
        box.exec();

        if (box.clickedButton() == retry)
            continue;
        if (box.clickedButton() != other)
            return nullptr;
        const QString folder
            = QFileDialog::getExistingDirectory(parent, StoreOpener::tr("Choose a Data Folder"),
                QFileInfo(path).absolutePath(), QFileDialog::ShowDirsOnly);
        if (folder.isEmpty())
            continue; // back to the message
        qputenv("PROTO_DESKTOP_HOME", QDir::toNativeSeparators(folder).toLocal8Bit());
        path = QDir(folder).filePath(QFileInfo(Store::defaultPath()).fileName());
    }
}

} // namespace Proto
