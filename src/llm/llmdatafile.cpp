#include "llmdatafile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>

namespace Proto {

QString LlmDataFile::pathInDataFolder(const QString &name)
{
    QString base = qEnvironmentVariable("PROTO_DESKTOP_HOME");
    if (base.isEmpty())
        base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(base).filePath(name);
}

bool LlmDataFile::mergeOverride(
    const QString &path, const std::function<bool(const QByteArray &, QString *)> &merge, QString *error)
{
    QFile file(path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QCoreApplication::translate("Proto::LlmDataFile", "Cannot read %1: %2")
                         .arg(path, file.errorString());
        return false;
    }
    QString reason;
    if (!merge(file.readAll(), &reason)) {
        if (error)
            *error = QCoreApplication::translate("Proto::LlmDataFile", "Ignoring %1: %2").arg(path, reason);
        return false;
    }
    return true;
}

} // namespace Proto
