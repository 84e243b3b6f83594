#include "secretstore.h"

#include "secretslogging.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QPointer>
#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace Proto {

namespace {
SecretResult resultOf(QKeychain::Job *job)
{
    SecretResult result;
    switch (job->error()) {
    case QKeychain::NoError:
        return result;
    case QKeychain::EntryNotFound:
        result.error = SecretResult::Error::NotFound;
        result.errorString
            = QCoreApplication::translate("Proto::SecretStore", "No secret is stored for \"%1\".")
                  .arg(job->key());
        return result;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        result.error = SecretResult::Error::NoKeychain;
        result.errorString = SecretStore::noKeychainMessage() + u" ("_s + job->errorString() + u')';
        return result;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        result.error = SecretResult::Error::AccessDenied;
        break;
    default:
        result.error = SecretResult::Error::Other;
        break;
    }
    result.errorString
        = QCoreApplication::translate("Proto::SecretStore", "Keychain error: %1").arg(job->errorString());
    // Secret Service missing on D-Bus surfaces as OtherError with a D-Bus message on Linux.
    const QString text = job->errorString();
    if (result.error == SecretResult::Error::Other
        && (text.contains(u"org.freedesktop.secrets") || text.contains(u"ServiceUnknown")
            || text.contains(u"D-Bus", Qt::CaseInsensitive)
            || text.contains(u"message bus", Qt::CaseInsensitive)
            || text.contains(u"Could not connect", Qt::CaseInsensitive)
            || text.contains(u"kwallet", Qt::CaseInsensitive))) {
        result.error = SecretResult::Error::NoKeychain;
        result.errorString = SecretStore::noKeychainMessage() + u" ("_s + text + u')';
    }
    return result;
}

void watch(QKeychain::Job *job, const QString &what, QObject *context, SecretStore::Callback done,
    std::function<QString(QKeychain::Job *)> valueOf = {})
{
    QPointer<QObject> guard(context);
    QObject::connect(job, &QKeychain::Job::finished, context,
        [guard, done = std::move(done), valueOf = std::move(valueOf), what](QKeychain::Job *finished) {
            SecretResult result = resultOf(finished);
            if (result.ok() && valueOf)
                result.value = valueOf(finished);
            qCDebug(lcSecrets) << what << finished->key() << "->" << int(result.error);
            if (guard && done)
                done(result);
        });
}

bool needsBackendCheck(QObject *context, const SecretStore::Callback &done)
{
    if (SecretStore::keychainAvailable())
        return false;
    SecretResult result;
    result.error = SecretResult::Error::NoKeychain;
    result.errorString = SecretStore::noKeychainMessage();
    QPointer<QObject> guard(context);
    QMetaObject::invokeMethod(
        context,
        [guard, done, result] {
            if (guard && done)
                done(result);
        },
        Qt::QueuedConnection);
    return true;
}
} // namespace

SecretStore::SecretStore(QObject *parent)
    : SecretStore(u"proto-desktop"_s, parent)
{ }

SecretStore::SecretStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{ }

SecretStore::~SecretStore() = default;

bool SecretStore::keychainAvailable()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
    // The Secret Service lives on the session bus: without one there is no keychain (QtKeychain's
    // own isAvailable() only says which backend it would try).
    const QString address = qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
    if (address.isEmpty()) {
        const QString runtimeDir = qEnvironmentVariable("XDG_RUNTIME_DIR");
        if (runtimeDir.isEmpty() || !QFileInfo::exists(runtimeDir + u"/bus"_s))
            return false;
    } else if (address.startsWith(u"unix:path=")) {
        const QString path = address.mid(10).section(u',', 0, 0);
        if (!QFileInfo::exists(path))
            return false;
    }
#endif
    return QKeychain::isAvailable();
}

QString SecretStore::noKeychainMessage()
{
    return QCoreApplication::translate("Proto::SecretStore",
        "No keychain is available (on Linux: no Secret Service such as GNOME Keyring or KWallet on the "
        "session "
        "D-Bus). API keys are read from environment variables only and cannot be saved.");
}

void SecretStore::read(const QString &key, QObject *context, Callback done)
{
    if (needsBackendCheck(context, done))
        return;
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(key);
    job->setAutoDelete(true);
    watch(job, u"read"_s, context, std::move(done),
        [](QKeychain::Job *j) { return static_cast<QKeychain::ReadPasswordJob *>(j)->textData(); });
    job->start();
}

void SecretStore::write(const QString &key, const QString &value, QObject *context, Callback done)
{
    if (needsBackendCheck(context, done))
        return;
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(key);
    job->setTextData(value);
    job->setAutoDelete(true);
    watch(job, u"write"_s, context, std::move(done));
    job->start();
}

void SecretStore::remove(const QString &key, QObject *context, Callback done)
{
    if (needsBackendCheck(context, done))
        return;
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(key);
    job->setAutoDelete(true);
    watch(job, u"remove"_s, context, std::move(done));
    job->start();
}

} // namespace Proto
