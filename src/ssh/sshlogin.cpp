#include "sshlogin.h"

#include "privatefiles.h"
#include "sshjumprelay.h"
#include "sshposix.h"
#include "sshproxycommand.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcSsh)

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SshLogin", text);
}

QString keyTypeName(ssh_key key)
{
    const char *name = ssh_key_type_to_char(ssh_key_type(key));
    return name ? QString::fromLatin1(name) : QStringLiteral("unknown");
}

void wipe(QByteArray &secret)
{
    secret.fill('\0');
    secret.clear();
}

} // namespace

void SshSecretCache::clear()
{
    for (auto it = passphrases.begin(); it != passphrases.end(); ++it)
        it.value().fill('\0');
    passphrases.clear();
    wipe(password);
}

SshLogin::SshLogin(const SshMachineConfig &config, Prompter &prompter, SshSecretCache &secrets)
    : m_config(config)
    , m_prompter(prompter)
    , m_secrets(secrets)
{ }

SshLogin::~SshLogin()
{
    if (m_viaFd >= 0)
        ::close(m_viaFd); // run() failed before a session took the socket over
}

std::vector<std::unique_ptr<SshJumpRelay>> SshLogin::takeRelays()
{
    return std::exchange(m_relays, {});
}

QByteArray SshLogin::knownHostsLine(
    const QString &host, quint16 port, const QByteArray &keyType, const QByteArray &keyBase64, bool hashed)
{
    const QByteArray name
        = (port == 22 ? host : QStringLiteral("[%1]:%2").arg(host).arg(port)).toLower().toUtf8();
    QByteArray field = name;
    if (hashed) {
        QByteArray salt(20, '\0');
        QRandomGenerator::system()->generate(salt.begin(), salt.end());
        const QByteArray mac = QMessageAuthenticationCode::hash(name, salt, QCryptographicHash::Sha1);
        field = "|1|" + salt.toBase64() + '|' + mac.toBase64();
    }
    return field + ' ' + keyType + ' ' + keyBase64 + '\n';
}

void SshLogin::fail(SshError error, const QString &message)
{
    if (m_error != SshError::None)
        return;
    m_error = error;
    m_errorString = message;
}

bool SshLogin::isTransient() const
{
    switch (m_error) {
    case SshError::HostUnreachable:
    case SshError::ConnectionRefused:
    case SshError::Timeout:
    case SshError::HandshakeFailed:
    case SshError::ConnectionLost:
        return true;
    default:
        return false;
    }
}

SshError SshLogin::classifyConnectErrno(int error)
{
    switch (error) {
    case ECONNREFUSED:
        return SshError::ConnectionRefused;
    case ETIMEDOUT:
        return SshError::Timeout;
    default:
        return SshError::HostUnreachable;
    }
}

QString SshLogin::describeMethods(int methods)
{
    QStringList names;
    if (methods & SSH_AUTH_METHOD_PUBLICKEY)
        names << QStringLiteral("publickey");
    if (methods & SSH_AUTH_METHOD_PASSWORD)
        names << QStringLiteral("password");
    if (methods & SSH_AUTH_METHOD_INTERACTIVE)
        names << QStringLiteral("keyboard-interactive");
    if (methods & SSH_AUTH_METHOD_HOSTBASED)
        names << QStringLiteral("hostbased");
    if (methods & SSH_AUTH_METHOD_GSSAPI_MIC)
        names << QStringLiteral("gssapi-with-mic");
    return names.isEmpty() ? tr("none") : names.join(QStringLiteral(", "));
}

bool SshLogin::privateKeyIsEncrypted(const QByteArray &contents)
{
    if (contents.contains("Proc-Type: 4,ENCRYPTED") || contents.contains("BEGIN ENCRYPTED PRIVATE KEY"))
        return true;
    static const QByteArray begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
    static const QByteArray end = "-----END OPENSSH PRIVATE KEY-----";
    const qsizetype from = contents.indexOf(begin);
    const qsizetype to = contents.indexOf(end);
    if (from < 0 || to < from)
        return false;
    const QByteArray body
        = QByteArray::fromBase64(contents.mid(from + begin.size(), to - from - begin.size()));
    static const QByteArray magic("openssh-key-v1\0", 15);
    if (!body.startsWith(magic) || body.size() < magic.size() + 4)
        return false;
    const auto *p = reinterpret_cast<const uchar *>(body.constData()) + magic.size();
    const quint32 length
        = (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
    if (length > quint32(body.size() - magic.size() - 4))
        return false;
    return body.mid(magic.size() + 4, length) != "none";
}

int SshLogin::openSocket()
{
    addrinfo hints {};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo *result = nullptr;
    const QByteArray host = m_config.host.toUtf8();
    const QByteArray port = QByteArray::number(m_config.port);
    const int gai = ::getaddrinfo(host.constData(), port.constData(), &hints, &result);
    if (gai != 0) {
        fail(SshError::HostUnreachable,
            tr("Cannot find the host %1: %2").arg(m_config.host, QString::fromLocal8Bit(gai_strerror(gai))));
        return -1;
    }
    QElapsedTimer timer;
    timer.start();
    int lastErrno = 0;
    bool timedOut = false;
    int fd = -1;
    for (addrinfo *ai = result; ai && fd < 0; ai = ai->ai_next) {
        const int s = SshPosix::socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (s < 0) {
            lastErrno = errno;
            continue;
        }
        int rc = ::connect(s, ai->ai_addr, ai->ai_addrlen);
        if (rc < 0 && errno == EINPROGRESS) {
            pollfd pfd { s, POLLOUT, 0 };
            rc = 0;
            while (rc == 0 && timer.elapsed() < m_config.connectTimeoutMs && !m_prompter.stopping()) {
                const qint64 remaining = m_config.connectTimeoutMs - timer.elapsed();
                rc = ::poll(&pfd, 1, int(qMin<qint64>(remaining, 150)));
            }
            if (m_prompter.stopping()) {
                ::close(s);
                ::freeaddrinfo(result);
                fail(SshError::Cancelled, tr("Cancelled."));
                return -1;
            }
            if (rc == 0) {
                timedOut = true;
                lastErrno = ETIMEDOUT;
                ::close(s);
                continue;
            }
            int soError = 0;
            socklen_t len = sizeof soError;
            ::getsockopt(s, SOL_SOCKET, SO_ERROR, &soError, &len);
            rc = soError == 0 ? 0 : -1;
            errno = soError;
        }
        if (rc < 0) {
            lastErrno = errno;
            ::close(s);
            continue;
        }
        fd = s;
    }
    ::freeaddrinfo(result);
    if (fd < 0) {
        const SshError error = timedOut ? SshError::Timeout : classifyConnectErrno(lastErrno);
        const QString where = m_config.host + QLatin1Char(':') + QString::number(m_config.port);
        switch (error) {
        case SshError::ConnectionRefused:
            fail(error, tr("Connection refused by %1: no SSH server is listening there.").arg(where));
            break;
        case SshError::Timeout:
            fail(error,
                tr("Connecting to %1 timed out after %2 s.")
                    .arg(where)
                    .arg(m_config.connectTimeoutMs / 1000.0));
            break;
        default:
            fail(error,
                tr("Host %1 is unreachable: %2")
                    .arg(where, QString::fromLocal8Bit(std::strerror(lastErrno))));
        }
        return -1;
    }
    const int flags = ::fcntl(fd, F_GETFL);
    ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
#ifdef TCP_KEEPIDLE
    int idle = 30, interval = 10, count = 3;
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
#endif
    return fd;
}

SshHandles::Session SshLogin::run()
{
    const QString invalid = m_config.validate();
    if (!invalid.isEmpty()) {
        fail(SshError::InvalidConfig, invalid);
        return {};
    }
    SshHandles::Session session(ssh_new());
    if (!session) {
        fail(SshError::HandshakeFailed, tr("Cannot create an SSH session."));
        return {};
    }
    ssh_session s = session.get();
    const QByteArray host = m_config.host.toUtf8();
    const QByteArray user = m_config.effectiveUser().toUtf8();
    const QByteArray sshDir = m_config.effectiveSshDirectory().toUtf8();
    const QByteArray knownHosts = m_config.effectiveKnownHostsPath().toUtf8();
    unsigned int port = m_config.port;
    long seconds = qMax(1, m_config.connectTimeoutMs / 1000);
    int no = 0;
    ssh_options_set(s, SSH_OPTIONS_HOST, host.constData());
    ssh_options_set(s, SSH_OPTIONS_PORT, &port);
    ssh_options_set(s, SSH_OPTIONS_USER, user.constData());
    ssh_options_set(s, SSH_OPTIONS_SSH_DIR, sshDir.constData());
    ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, knownHosts.constData());
    ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &seconds);
    ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &no);
    // AES-GCM first: hardware-accelerated almost everywhere and the fastest for SFTP.
    const QByteArray ciphers = m_config.ciphers.isEmpty()
        ? QByteArrayLiteral("aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20-poly1305@openssh.com,"
                            "aes128-ctr,aes192-ctr,aes256-ctr")
        : m_config.ciphers.toLatin1();
    const auto setAlgorithms
        = [&](std::initializer_list<ssh_options_e> options, const QByteArray &list, const char *keyword) {
              for (const ssh_options_e option : options) {
                  if (ssh_options_set(s, option, list.constData()) != SSH_OK) {
                      fail(SshError::InvalidConfig,
                          tr("%1 %2: libssh supports none of these (%3).")
                              .arg(QLatin1String(keyword), QString::fromLatin1(list),
                                  QString::fromUtf8(ssh_get_error(s))));
                      return false;
                  }
              }
              return true;
          };
    if (!setAlgorithms({ SSH_OPTIONS_CIPHERS_C_S, SSH_OPTIONS_CIPHERS_S_C }, ciphers, "Ciphers"))
        return {};
    if (!m_config.kexAlgorithms.isEmpty()
        && !setAlgorithms({ SSH_OPTIONS_KEY_EXCHANGE }, m_config.kexAlgorithms.toLatin1(), "KexAlgorithms"))
        return {};
    if (!m_config.hostKeyAlgorithms.isEmpty()
        && !setAlgorithms(
            { SSH_OPTIONS_HOSTKEYS }, m_config.hostKeyAlgorithms.toLatin1(), "HostKeyAlgorithms"))
        return {};

    const QList<SshMachineConfig> hops = m_config.jumpHops();
    int fd = m_viaFd;
    if (fd < 0 && !hops.isEmpty())
        fd = openThroughJumps(hops);
    else if (fd < 0 && !m_config.proxyCommand.trimmed().isEmpty())
        fd = openThroughProxyCommand();
    else if (fd < 0)
        fd = openSocket();
    if (fd < 0)
        return {};
    socket_t sock = fd;
    ssh_options_set(s, SSH_OPTIONS_FD, &sock); // the session owns and closes it from here
    m_viaFd = -1;
    // The handshake runs non-blocking so that a shutdown or the timeout ends it promptly.
    QElapsedTimer timer;
    timer.start();
    ssh_set_blocking(s, 0);
    int rc = ssh_connect(s);
    while (rc == SSH_AGAIN) {
        if (m_prompter.stopping()) {
            fail(SshError::Cancelled, tr("Cancelled."));
            return {};
        }
        if (timer.elapsed() >= m_config.connectTimeoutMs) {
            fail(SshError::Timeout,
                tr("The server at %1 did not answer the SSH handshake in time.").arg(m_config.host));
            return {};
        }
        pollfd pfd { fd, POLLIN, 0 };
        if (ssh_get_poll_flags(s) & SSH_WRITE_PENDING)
            pfd.events |= POLLOUT;
        ::poll(&pfd, 1, 150);
        rc = ssh_connect(s);
    }
    ssh_set_blocking(s, 1);
    if (rc != SSH_OK) {
        QString message
            = tr("SSH handshake with %1 failed: %2").arg(m_config.host, QString::fromUtf8(ssh_get_error(s)));
        if (m_proxy) {
            // The command usually ends just after its socket closes: give it a moment to say how.
            QString status;
            QElapsedTimer ended;
            ended.start();
            bool running = m_proxy->isRunning(&status);
            while (running && ended.elapsed() < 500) {
                ::poll(nullptr, 0, 10);
                running = m_proxy->isRunning(&status);
            }
            QStringList details;
            if (!running)
                details << tr("the ProxyCommand ended: %1").arg(status);
            const QString said = m_proxy->stderrTail().right(500);
            if (!said.isEmpty())
                details << tr("it said: %1").arg(said);
            if (!details.isEmpty())
                message += QStringLiteral(" (") + details.join(QStringLiteral("; ")) + QLatin1Char(')');
        }
        fail(SshError::HandshakeFailed, message);
        return {};
    }
    if (!verifyHostKey(s) || !authenticate(s))
        return {};
    return session;
}

int SshLogin::openThroughProxyCommand()
{
    QString unknown;
    const QString command = SshProxyCommand::expand(m_config.proxyCommand, m_config.host, m_config.port,
        m_config.effectiveUser(), m_config.name.isEmpty() ? m_config.host : m_config.name, &unknown);
    if (!unknown.isEmpty()) {
        fail(SshError::InvalidConfig,
            tr("The ProxyCommand uses %1, which is not known (%h %p %r %n %%).").arg(unknown));
        return -1;
    }
    auto proxy = std::make_unique<SshProxyCommand>();
    QString error;
    const int fd = proxy->start(command, &error);
    if (fd < 0) {
        fail(SshError::HostUnreachable, error);
        return -1;
    }
    qCDebug(lcSsh) << "connecting through ProxyCommand, pid" << proxy->pid();
    m_proxy = std::move(proxy);
    m_viaFd = fd; // closed by the destructor if the session never takes it
    return fd;
}

std::unique_ptr<SshProxyCommand> SshLogin::takeProxyCommand()
{
    return std::move(m_proxy);
}

int SshLogin::openThroughJumps(const QList<SshMachineConfig> &hops)
{
    int fd = -1;
    for (qsizetype i = 0; i < hops.size(); ++i) {
        const SshMachineConfig &hop = hops.at(i);
        const SshMachineConfig &next = i + 1 < hops.size() ? hops.at(i + 1) : m_config;
        const QString hopName = hop.displayName();
        SshLogin login(hop, m_prompter, m_secrets);
        login.m_viaFd = fd; // the hop's login owns the socket from here
        SshHandles::Session session = login.run();
        if (!session) {
            fail(login.error(), tr("Jump host %1: %2").arg(hopName, login.errorString()));
            return -1;
        }
        SshHandles::Channel channel(ssh_channel_new(session.get()));
        const QByteArray nextHost = next.host.toUtf8();
        if (!channel
            || ssh_channel_open_forward(channel.get(), nextHost.constData(), next.port, "127.0.0.1", 0)
                != SSH_OK) {
            fail(SshError::HostUnreachable,
                tr("Jump host %1 could not open a connection to %2:%3: %4")
                    .arg(hopName, next.host)
                    .arg(next.port)
                    .arg(QString::fromUtf8(ssh_get_error(session.get()))));
            return -1;
        }
        int pair[2] = { -1, -1 };
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
            fail(SshError::HostUnreachable,
                tr("Cannot create a socket for the jump through %1: %2")
                    .arg(hopName, QString::fromLocal8Bit(std::strerror(errno))));
            return -1;
        }
        auto relay = std::make_unique<SshJumpRelay>(
            std::move(session), std::move(channel), pair[1], hopName, m_config.keepaliveIntervalMs);
        relay->start();
        m_relays.push_back(std::move(relay));
        qCDebug(lcSsh) << "jump through" << hopName << "to" << next.host << next.port;
        fd = pair[0];
    }
    m_viaFd = fd; // closed by the destructor if the session never takes it
    return fd;
}

bool SshLogin::addKnownHost(ssh_session s, ssh_key key, const QString &path, const QString &where)
{
    // A ~/.ssh made here is 0700 and a new known_hosts 0600, as they hold who this user trusts.
    const QString sshFolder = QFileInfo(path).absolutePath();
    if (!QFileInfo(sshFolder).isDir())
        PrivateFiles::makeFolder(sshFolder);
    if (!QFileInfo::exists(path))
        PrivateFiles::makeFile(path, true);
    if (!m_config.hashKnownHosts) {
        if (ssh_session_update_known_hosts(s) == SSH_OK)
            return true;
        fail(SshError::HostKeyUnknown,
            tr("Cannot add the host key of %1 to %2: %3")
                .arg(where, path, QString::fromUtf8(ssh_get_error(s))));
        return false;
    }
    char *base64 = nullptr;
    if (ssh_pki_export_pubkey_base64(key, &base64) != SSH_OK) {
        fail(SshError::HostKeyUnknown, tr("Cannot encode the host key of %1.").arg(where));
        return false;
    }
    const QByteArray keyText(base64);
    ssh_string_free_char(base64);
    const QString host = m_config.hostKeyAlias.isEmpty() ? m_config.host : m_config.hostKeyAlias;
    QByteArray line = knownHostsLine(host, m_config.port, keyTypeName(key).toLatin1(), keyText, true);
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite | QIODevice::Append)) {
        fail(SshError::HostKeyUnknown,
            tr("Cannot add the host key of %1 to %2: %3").arg(where, path, file.errorString()));
        return false;
    }
    if (file.size() > 0) {
        file.seek(file.size() - 1);
        if (file.read(1) != "\n")
            line.prepend('\n');
    }
    if (file.write(line) != line.size() || !file.flush()) {
        fail(SshError::HostKeyUnknown,
            tr("Cannot add the host key of %1 to %2: %3").arg(where, path, file.errorString()));
        return false;
    }
    return true;
}

bool SshLogin::verifyHostKey(ssh_session s)
{
    ssh_key rawKey = nullptr;
    if (ssh_get_server_publickey(s, &rawKey) != SSH_OK) {
        fail(SshError::HandshakeFailed, tr("The server sent no host key."));
        return false;
    }
    SshHandles::Key key(rawKey);
    unsigned char *hash = nullptr;
    size_t hashLength = 0;
    QString fingerprint;
    if (ssh_get_publickey_hash(key.get(), SSH_PUBLICKEY_HASH_SHA256, &hash, &hashLength) == SSH_OK) {
        char *text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hashLength);
        fingerprint = QString::fromLatin1(text);
        ssh_string_free_char(text);
        ssh_clean_pubkey_hash(&hash);
    }
    SshHostKeyPrompt prompt;
    prompt.host = m_config.host;
    prompt.port = m_config.port;
    prompt.keyType = keyTypeName(key.get());
    prompt.fingerprint = fingerprint;
    prompt.knownHostsPath = m_config.effectiveKnownHostsPath();
    const QString lookupHost = m_config.hostKeyAlias.isEmpty() ? m_config.host : m_config.hostKeyAlias;
    const QString where
        = m_config.port == 22 ? lookupHost : QStringLiteral("[%1]:%2").arg(lookupHost).arg(m_config.port);
    if (!m_config.hostKeyAlias.isEmpty()) {
        // libssh looks known_hosts up by the session's host name: HostKeyAlias replaces it.
        const QByteArray alias = m_config.hostKeyAlias.toUtf8();
        ssh_options_set(s, SSH_OPTIONS_HOST, alias.constData());
    }

    // Every file is consulted (UserKnownHostsFile with several): a changed key in any of them
    // refuses the host; new keys go to the first.
    ssh_known_hosts_e state = SSH_KNOWN_HOSTS_UNKNOWN;
    QString errorText;
    for (const QString &path : m_config.knownHostsPaths()) {
        const QByteArray file = path.toUtf8();
        ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, file.constData());
        const ssh_known_hosts_e result = ssh_session_is_known_server(s);
        if (result == SSH_KNOWN_HOSTS_CHANGED) {
            state = result;
            prompt.knownHostsPath = path;
            break;
        }
        // OK wins over everything below; an OTHER key type only over unknown.
        const bool otherType = result == SSH_KNOWN_HOSTS_OTHER && state != SSH_KNOWN_HOSTS_OK
            && state != SSH_KNOWN_HOSTS_ERROR;
        if (result == SSH_KNOWN_HOSTS_OK || otherType) {
            state = result;
        } else if (result == SSH_KNOWN_HOSTS_ERROR && state != SSH_KNOWN_HOSTS_OK) {
            state = result;
            prompt.knownHostsPath = path;
            errorText = QString::fromUtf8(ssh_get_error(s));
        }
    }
    const QByteArray firstFile = m_config.effectiveKnownHostsPath().toUtf8();
    ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, firstFile.constData());
    switch (state) {
    case SSH_KNOWN_HOSTS_OK:
        return true;
    case SSH_KNOWN_HOSTS_CHANGED:
        fail(SshError::HostKeyChanged,
            tr("WARNING: the host key of %1 has CHANGED. Someone could be intercepting the connection, or "
               "the "
               "server was reinstalled. The server now offers %2 %3, which does not match %4. Connection "
               "refused; "
               "remove the old key from that file yourself if you are sure the change is legitimate.")
                .arg(where, prompt.keyType, fingerprint, prompt.knownHostsPath));
        return false;
    case SSH_KNOWN_HOSTS_ERROR:
        fail(SshError::HostKeyUnknown,
            tr("Cannot check the host key of %1 against %2: %3")
                .arg(where, prompt.knownHostsPath, errorText));
        return false;
    case SSH_KNOWN_HOSTS_OTHER:
        prompt.reason = SshHostKeyPrompt::Reason::OtherTypeKnown;
        break;
    case SSH_KNOWN_HOSTS_NOT_FOUND:
    case SSH_KNOWN_HOSTS_UNKNOWN:
        // libssh reports a missing file as UNKNOWN when it falls back to the global file.
        prompt.reason = QFileInfo::exists(prompt.knownHostsPath) ? SshHostKeyPrompt::Reason::Unknown
                                                                 : SshHostKeyPrompt::Reason::NoKnownHostsFile;
        break;
    }

    bool accept = false;
    if (prompt.reason != SshHostKeyPrompt::Reason::OtherTypeKnown
        && m_config.hostKeyPolicy == SshMachineConfig::HostKeyPolicy::AcceptNew)
        accept = true;
    else if (m_config.hostKeyPolicy != SshMachineConfig::HostKeyPolicy::Strict)
        accept = m_prompter.askHostKey(prompt);
    if (!accept) {
        if (prompt.reason == SshHostKeyPrompt::Reason::OtherTypeKnown)
            fail(SshError::HostKeyOther,
                tr("%1 offers a %2 host key (%3), but %4 only knows keys of another type for it. This can be "
                   "an "
                   "attack; the key was not accepted.")
                    .arg(where, prompt.keyType, fingerprint, prompt.knownHostsPath));
        else
            fail(SshError::HostKeyUnknown,
                tr("The host key of %1 (%2 %3) is not in %4 and was not accepted.")
                    .arg(where, prompt.keyType, fingerprint, prompt.knownHostsPath));
        return false;
    }
    prompt.knownHostsPath = m_config.effectiveKnownHostsPath();
    if (!addKnownHost(s, key.get(), prompt.knownHostsPath, where))
        return false;
    qCDebug(lcSsh) << "added host key" << prompt.keyType << fingerprint << "for" << where;
    return true;
}

bool SshLogin::authenticate(ssh_session s)
{
    int rc = ssh_userauth_none(s, nullptr);
    if (rc == SSH_AUTH_SUCCESS)
        return true;
    if (rc == SSH_AUTH_ERROR) {
        fail(SshError::ConnectionLost,
            tr("Authentication failed: %1").arg(QString::fromUtf8(ssh_get_error(s))));
        return false;
    }
    int methods = ssh_userauth_list(s, nullptr);

    const QByteArray agentSocket = m_config.effectiveAgentSocket();
    if (!agentSocket.isEmpty())
        ssh_options_set(s, SSH_OPTIONS_IDENTITY_AGENT, agentSocket.constData());
    const QStringList configured = m_config.identityFiles();
    const bool onlyIdentities = m_config.identitiesOnly && !configured.isEmpty();
    if (m_config.useAgent && !onlyIdentities && !agentSocket.isEmpty()
        && (methods & SSH_AUTH_METHOD_PUBLICKEY)) {
        m_tried << QStringLiteral("ssh-agent");
        rc = ssh_userauth_agent(s, nullptr);
        if (rc == SSH_AUTH_SUCCESS)
            return true;
        if (rc == SSH_AUTH_PARTIAL)
            methods = ssh_userauth_list(s, nullptr);
    }

    QStringList keys = configured;
    const bool explicitKey = !keys.isEmpty();
    if (!explicitKey) {
        const QString dir = m_config.effectiveSshDirectory();
        for (const char *name : { "id_ed25519", "id_ecdsa", "id_rsa" }) {
            const QString path = dir + QLatin1Char('/') + QLatin1String(name);
            if (QFileInfo::exists(path))
                keys << path;
        }
    }
    for (const QString &path : std::as_const(keys)) {
        if (!(methods & SSH_AUTH_METHOD_PUBLICKEY))
            break;
        rc = tryIdentityFile(s, path, explicitKey);
        if (rc == SSH_AUTH_SUCCESS)
            return true;
        if (rc == SSH_AUTH_PARTIAL)
            methods = ssh_userauth_list(s, nullptr);
        if (rc == SSH_AUTH_ERROR && !ssh_is_connected(s)) {
            fail(SshError::ConnectionLost, tr("The server closed the connection during authentication."));
            return false;
        }
    }

    if (m_config.allowPassword && (methods & SSH_AUTH_METHOD_PASSWORD)) {
        rc = tryPassword(s);
        if (rc == SSH_AUTH_SUCCESS)
            return true;
        if (rc == SSH_AUTH_PARTIAL)
            methods = ssh_userauth_list(s, nullptr);
    }
    if (m_config.allowPassword && (methods & SSH_AUTH_METHOD_INTERACTIVE)) {
        rc = tryKeyboardInteractive(s);
        if (rc == SSH_AUTH_SUCCESS)
            return true;
    }

    if (m_keyError != SshError::None && !m_passwordRefused) {
        fail(m_keyError, m_keyErrorString);
        return false;
    }
    const QString who = m_config.effectiveUser() + QLatin1Char('@') + m_config.host;
    fail(SshError::AuthFailed,
        tr("Authentication failed for %1. Tried: %2. The server accepts: %3.")
                .arg(who, m_tried.isEmpty() ? tr("nothing usable") : m_tried.join(QStringLiteral(", ")),
                    describeMethods(methods))
            + (m_keyErrorString.isEmpty() ? QString() : QLatin1Char(' ') + m_keyErrorString));
    return false;
}

int SshLogin::tryIdentityFile(ssh_session s, const QString &path, bool explicitFile)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (explicitFile || m_keyError == SshError::None) {
            m_keyError = SshError::KeyUnreadable;
            m_keyErrorString = tr("The identity file %1 cannot be read: %2").arg(path, file.errorString());
        }
        return SSH_AUTH_DENIED;
    }
    QByteArray contents = file.read(1 << 20);
    file.close();

    // OpenSSH user certificates for this key: the configured CertificateFiles and KEY-cert.pub.
    // Those the server would take are used instead of the plain key (a server that trusts a
    // certificate authority need not list the key itself).
    QStringList certificatePaths = m_config.certificateFiles;
    if (QFileInfo::exists(path + QStringLiteral("-cert.pub"))
        && !certificatePaths.contains(path + QStringLiteral("-cert.pub")))
        certificatePaths << path + QStringLiteral("-cert.pub");
    std::vector<SshHandles::Key> certificates;
    for (const QString &certPath : std::as_const(certificatePaths)) {
        ssh_key rawCert = nullptr;
        if (ssh_pki_import_cert_file(certPath.toLocal8Bit().constData(), &rawCert) != SSH_OK) {
            qCDebug(lcSsh) << "not a certificate:" << certPath;
            continue;
        }
        SshHandles::Key cert(rawCert);
        const int rc = ssh_userauth_try_publickey(s, nullptr, cert.get());
        if (rc == SSH_AUTH_ERROR)
            return rc;
        if (rc == SSH_AUTH_SUCCESS)
            certificates.push_back(std::move(cert));
        else
            m_tried << tr("certificate %1 (not accepted)").arg(certPath);
    }

    // Ask the server first whether it would take this key, so that no passphrase is asked for
    // a key it refuses anyway.
    const QString pubPath = path + QStringLiteral(".pub");
    if (certificates.empty() && QFileInfo::exists(pubPath)) {
        ssh_key rawPub = nullptr;
        if (ssh_pki_import_pubkey_file(pubPath.toLocal8Bit().constData(), &rawPub) == SSH_OK) {
            SshHandles::Key pub(rawPub);
            const int rc = ssh_userauth_try_publickey(s, nullptr, pub.get());
            if (rc == SSH_AUTH_DENIED) {
                m_tried << tr("key %1 (not accepted)").arg(path);
                return rc;
            }
            if (rc == SSH_AUTH_ERROR)
                return rc;
        }
    }

    ssh_key rawKey = nullptr;
    if (!privateKeyIsEncrypted(contents)) {
        const int rc
            = ssh_pki_import_privkey_base64(contents.constData(), nullptr, nullptr, nullptr, &rawKey);
        wipe(contents);
        if (rc != SSH_OK) {
            m_keyError = SshError::KeyUnreadable;
            m_keyErrorString = tr("The identity file %1 is not a private key that can be read.").arg(path);
            return SSH_AUTH_DENIED;
        }
    } else {
        QByteArray passphrase = m_secrets.passphrases.value(path);
        bool cancelled = false;
        for (int attempt = 1; attempt <= 3 && !rawKey; ++attempt) {
            if (passphrase.isEmpty()) {
                SshSecretPrompt prompt;
                prompt.kind = SshSecretPrompt::Kind::KeyPassphrase;
                prompt.user = m_config.effectiveUser();
                prompt.host = m_config.host;
                prompt.keyPath = path;
                prompt.attempt = attempt;
                prompt.prompt = attempt == 1
                    ? tr("Enter the passphrase for the key %1").arg(path)
                    : tr("Wrong passphrase. Enter the passphrase for the key %1").arg(path);
                const std::optional<QByteArray> answer = m_prompter.askSecret(prompt);
                if (!answer) {
                    cancelled = true;
                    break;
                }
                passphrase = *answer;
            }
            if (ssh_pki_import_privkey_base64(
                    contents.constData(), passphrase.constData(), nullptr, nullptr, &rawKey)
                != SSH_OK) {
                rawKey = nullptr;
                wipe(passphrase);
            }
        }
        wipe(contents);
        if (!rawKey) {
            m_tried << tr("key %1").arg(path);
            if (!cancelled || m_keyError == SshError::None) {
                m_keyError = SshError::WrongPassphrase;
                m_keyErrorString = cancelled ? tr("No passphrase was given for the key %1.").arg(path)
                                             : tr("Wrong passphrase for the key %1.").arg(path);
            }
            m_secrets.passphrases.remove(path);
            return SSH_AUTH_DENIED;
        }
        m_secrets.passphrases.insert(path, passphrase);
        wipe(passphrase);
    }
    SshHandles::Key key(rawKey);
    // A certificate the server takes, attached to the key (only one that certifies this key can be).
    for (const SshHandles::Key &cert : certificates) {
        if (ssh_pki_copy_cert_to_privkey(cert.get(), key.get()) == SSH_OK) {
            m_tried << tr("key %1 with its certificate").arg(path);
            return ssh_userauth_publickey(s, nullptr, key.get());
        }
    }
    m_tried << tr("key %1").arg(path);
    const int rc = ssh_userauth_publickey(s, nullptr, key.get());
    return rc;
}

int SshLogin::tryPassword(ssh_session s)
{
    m_tried << tr("password");
    QByteArray password = m_secrets.password;
    for (int attempt = 1; attempt <= 3; ++attempt) {
        if (password.isEmpty()) {
            SshSecretPrompt prompt;
            prompt.kind = SshSecretPrompt::Kind::Password;
            prompt.user = m_config.effectiveUser();
            prompt.host = m_config.host;
            prompt.attempt = attempt;
            const QString who = prompt.user + QLatin1Char('@') + prompt.host;
            prompt.prompt = attempt == 1 ? tr("Password for %1").arg(who)
                                         : tr("Wrong password. Password for %1").arg(who);
            const std::optional<QByteArray> answer = m_prompter.askSecret(prompt);
            if (!answer)
                return SSH_AUTH_DENIED;
            password = *answer;
        }
        const int rc = ssh_userauth_password(s, nullptr, password.constData());
        if (rc == SSH_AUTH_SUCCESS || rc == SSH_AUTH_PARTIAL) {
            m_secrets.password = password;
            wipe(password);
            return rc;
        }
        wipe(password);
        m_secrets.password.clear();
        m_passwordRefused = true;
        if (rc == SSH_AUTH_ERROR)
            return rc;
    }
    return SSH_AUTH_DENIED;
}

int SshLogin::tryKeyboardInteractive(ssh_session s)
{
    m_tried << tr("keyboard-interactive");
    int rc = ssh_userauth_kbdint(s, nullptr, nullptr);
    int rounds = 0;
    while (rc == SSH_AUTH_INFO && ++rounds < 8) {
        const int count = ssh_userauth_kbdint_getnprompts(s);
        for (int i = 0; i < count; ++i) {
            char echo = 0;
            const QString text = QString::fromUtf8(ssh_userauth_kbdint_getprompt(s, unsigned(i), &echo));
            QByteArray answer;
            if (!echo && !m_secrets.password.isEmpty() && rounds == 1) {
                answer = m_secrets.password;
            } else {
                SshSecretPrompt prompt;
                prompt.kind = SshSecretPrompt::Kind::Password;
                prompt.user = m_config.effectiveUser();
                prompt.host = m_config.host;
                prompt.prompt = text.trimmed().isEmpty() ? tr("Password") : text.trimmed();
                const std::optional<QByteArray> reply = m_prompter.askSecret(prompt);
                if (!reply)
                    return SSH_AUTH_DENIED;
                answer = *reply;
                if (!echo)
                    m_secrets.password = answer;
            }
            ssh_userauth_kbdint_setanswer(s, unsigned(i), answer.constData());
            wipe(answer);
        }
        rc = ssh_userauth_kbdint(s, nullptr, nullptr);
    }
    if (rc != SSH_AUTH_SUCCESS) {
        m_passwordRefused = true;
        m_secrets.password.clear();
    }
    return rc;
}

} // namespace Proto
