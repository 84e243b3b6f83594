#include "auditanchor.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QMessageAuthenticationCode>

#ifdef Q_OS_UNIX
#include <cstdio>
#endif

namespace Proto {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Proto::AuditAnchor", text);
}
} // namespace

QString AuditAnchor::pathFor(const QString &databasePath)
{
    return databasePath + QStringLiteral(".anchor");
}

QByteArray AuditAnchor::hmac(const QByteArray &key, qint64 seq, const QByteArray &hash)
{
    QByteArray message("proto-audit-anchor-v1\n");
    message += QByteArray::number(seq);
    message += '\n';
    message += hash;
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256).toHex();
}

bool AuditAnchor::authentic(const Head &head, const QByteArray &key)
{
    if (key.isEmpty() || head.hmac.isEmpty())
        return false;
    const QByteArray expected = hmac(key, head.seq, head.hash);
    // Constant time is not needed here (nothing answers an attacker's guesses), but cheap.
    if (expected.size() != head.hmac.size())
        return false;
    char diff = 0;
    for (qsizetype i = 0; i < expected.size(); ++i)
        diff |= char(expected.at(i) ^ head.hmac.at(i));
    return diff == 0;
}

std::optional<AuditAnchor::Head> AuditAnchor::read(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.exists())
        return std::nullopt;
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("the anchor %1 cannot be read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray bytes = file.read(4096);
    QJsonParseError parseError;
    const QJsonObject json = QJsonDocument::fromJson(bytes, &parseError).object();
    const QJsonValue seq = json.value(QLatin1String("seq"));
    const QByteArray hash = json.value(QLatin1String("hash")).toString().toLatin1();
    if (parseError.error != QJsonParseError::NoError || !seq.isDouble() || seq.toDouble() < 0
        || hash.size() != 64) {
        if (error)
            *error = tr("the anchor %1 is damaged").arg(path);
        return std::nullopt;
    }
    Head head;
    head.seq = qint64(seq.toDouble());
    head.hash = hash;
    head.hmac = json.value(QLatin1String("hmac")).toString().toLatin1();
    return head;
}

bool AuditAnchor::write(const QString &path, qint64 seq, const QByteArray &hash, const QByteArray &key,
    bool force, QString *error)
{
    QLockFile lock(path + QStringLiteral(".lock"));
    lock.setStaleLockTime(10000);
    if (!lock.tryLock(5000)) {
        if (error)
            *error = tr("the anchor %1 is locked by another process").arg(path);
        return false;
    }
    if (!force) {
        QString ignored;
        if (const auto current = read(path, &ignored)) {
            if (current->seq >= seq)
                return true;
            if (key.isEmpty() && !current->hmac.isEmpty())
                return true;
        }
    }
    const QJsonObject json { { QStringLiteral("version"), 1 }, { QStringLiteral("seq"), double(seq) },
        { QStringLiteral("hash"), QString::fromLatin1(hash) },
        { QStringLiteral("hmac"), key.isEmpty() ? QString() : QString::fromLatin1(hmac(key, seq, hash)) } };
    const QString temporary = path + QStringLiteral(".tmp");
    QFile file(temporary);
    QFile::remove(temporary);
    if (!file.open(
            QIODevice::WriteOnly | QIODevice::Truncate, QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(QJsonDocument(json).toJson(QJsonDocument::Compact)) < 0 || !file.flush()) {
        if (error)
            *error = tr("the anchor %1 cannot be written: %2").arg(temporary, file.errorString());
        return false;
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.close();
#ifdef Q_OS_UNIX
    const bool renamed
        = std::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(path).constData()) == 0;
#else
    QFile::remove(path);
    const bool renamed = QFile::rename(temporary, path);
#endif
    if (!renamed) {
        if (error)
            *error = tr("the anchor %1 cannot be replaced").arg(path);
        QFile::remove(temporary);
        return false;
    }
    return true;
}

} // namespace Proto
