#include "auditkey.h"

#include "secretslogging.h"
#include "secretstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QRandomGenerator>

#include <cctype>
#include <memory>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Proto::AuditKey", text);
}

QByteArray randomKey()
{
    QByteArray key(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(key.data()), key.size() / 4);
    return key;
}

QByteArray decode(const QByteArray &text)
{
    const QByteArray trimmed = text.trimmed();
    if (trimmed.size() != 64)
        return {};
    for (const char c : trimmed) {
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            return {};
    }
    return QByteArray::fromHex(trimmed);
}

} // namespace

QString AuditKey::keychainEntry()
{
    return QStringLiteral("audit-hmac-key");
}

QString AuditKey::keyFileFor(const QString &databasePath)
{
    return QFileInfo(databasePath).absoluteDir().filePath(QStringLiteral("audit-hmac.key"));
}

AuditKeyResult AuditKey::fromFile(const QString &keyFile, bool create)
{
    AuditKeyResult result;
    result.where = keyFile;
    QFile file(keyFile);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            result.problem = tr("The audit key %1 cannot be read: %2").arg(keyFile, file.errorString());
            return result;
        }
        result.key = decode(file.read(256));
        if (result.key.isEmpty())
            result.problem = tr("The audit key %1 is damaged.").arg(keyFile);
        return result;
    }
    if (!create)
        return result;
    const QByteArray key = randomKey();
    QDir().mkpath(QFileInfo(keyFile).absolutePath());
    if (!file.open(
            QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(key.toHex()) != 64 || !file.flush()) {
        result.problem = tr("The audit key %1 cannot be written: %2").arg(keyFile, file.errorString());
        file.close();
        QFile::remove(keyFile);
        return result;
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    result.key = key;
    result.isNew = true;
    return result;
}

void AuditKey::load(SecretStore *secrets, const QString &keyFile, bool create, QObject *context,
    std::function<void(const AuditKeyResult &)> done)
{
    QPointer<QObject> guard(context);
    auto finish = [guard, done](const AuditKeyResult &result) {
        if (guard && done)
            done(result);
    };
    // A key file is used whenever it exists: the anchor may have been written with it.
    if (!secrets || QFileInfo::exists(keyFile) || !SecretStore::keychainAvailable()) {
        const AuditKeyResult result = fromFile(keyFile, create);
        QMetaObject::invokeMethod(context, [finish, result] { finish(result); }, Qt::QueuedConnection);
        return;
    }
    secrets->read(
        keychainEntry(), context, [secrets, keyFile, create, context, finish](const SecretResult &read) {
            if (read.ok()) {
                AuditKeyResult result;
                result.where = QStringLiteral("keychain");
                result.key = decode(read.value.toLatin1());
                if (result.key.isEmpty())
                    result.problem = tr("The audit key in the keychain is damaged.");
                finish(result);
                return;
            }
            if (read.error != SecretResult::Error::NotFound || !create) {
                AuditKeyResult result
                    = fromFile(keyFile, create && read.error != SecretResult::Error::NotFound);
                if (read.error != SecretResult::Error::NotFound)
                    result.problem = read.errorString;
                finish(result);
                return;
            }
            const QByteArray key = randomKey();
            secrets->write(keychainEntry(), QString::fromLatin1(key.toHex()), context,
                [key, keyFile, finish](const SecretResult &written) {
                    if (!written.ok()) {
                        qCWarning(lcSecrets) << "audit key: the keychain refused it; using a key file";
                        AuditKeyResult result = fromFile(keyFile, true);
                        if (result.problem.isEmpty())
                            result.problem = written.errorString;
                        finish(result);
                        return;
                    }
                    AuditKeyResult result;
                    result.where = QStringLiteral("keychain");
                    result.key = key;
                    result.isNew = true;
                    finish(result);
                });
        });
}

} // namespace Proto
