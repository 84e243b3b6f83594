#include "apikeyprovider.h"
#include "secretstore.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTest>
#include <QUuid>

#include <optional>

using namespace Proto;
using namespace Qt::StringLiterals;

// Runs twice under ctest: tst_secretstore without any D-Bus session (the no-keychain path) and
// tst_secretstore_keyring inside dbus-run-session with an unlocked gnome-keyring
// (PROTO_TEST_KEYRING=1), a real Secret Service.
namespace {
QStringList g_log;
QtMessageHandler g_previous = nullptr;
void capture(QtMsgType, const QMessageLogContext &, const QString &message)
{
    g_log << message;
}
void enableProto(QLoggingCategory *category)
{
    if (QByteArray(category->categoryName()).startsWith("proto."))
        category->setEnabled(QtDebugMsg, true);
}

template<typename T>
T waitFor(std::optional<T> &slot, int timeoutMs = 15000)
{
    QElapsedTimer timer;
    timer.start();
    while (!slot && timer.elapsed() < timeoutMs)
        QTest::qWait(10);
    if (!slot)
        qFatal("keychain callback never came");
    return *slot;
}
} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT

    bool m_keyring = false;
    const QString m_secret = u"sk-ant-keychain-SECRET-%1"_s.arg(QUuid::createUuid().toString(QUuid::Id128));

private Q_SLOTS:
    void initTestCase()
    {
        m_keyring = qEnvironmentVariableIntValue("PROTO_TEST_KEYRING") == 1;
        qunsetenv("ANTHROPIC_API_KEY");
        qunsetenv("OPENAI_API_KEY");
        g_previous = qInstallMessageHandler(capture);
        QLoggingCategory::installFilter(enableProto);
    }

    void cleanupTestCase()
    {
        qInstallMessageHandler(g_previous);
        for (const QString &line : std::as_const(g_log))
            QVERIFY2(!line.contains(m_secret) && !line.contains(u"ENVSECRET"_s), qPrintable(line));
    }

    void availability()
    {
        QCOMPARE(SecretStore::keychainAvailable(), m_keyring);
        QVERIFY(SecretStore::noKeychainMessage().contains(u"environment"_s));
    }

    void writeReadRemove()
    {
        SecretStore store(u"proto-desktop-test"_s, nullptr);
        const QString key = u"test-key-%1"_s.arg(QUuid::createUuid().toString(QUuid::Id128));
        std::optional<SecretResult> written, read, removed, missing;
        store.write(key, m_secret, this, [&](const SecretResult &r) { written = r; });
        const SecretResult w = waitFor(written);
        if (!m_keyring) {
            QVERIFY2(w.error == SecretResult::Error::NoKeychain, qPrintable(w.errorString));
            QVERIFY(w.errorString.contains(u"No keychain"_s));
            store.read(key, this, [&](const SecretResult &r) { read = r; });
            QCOMPARE(waitFor(read).error, SecretResult::Error::NoKeychain);
            return;
        }
        QVERIFY2(w.ok(), qPrintable(w.errorString));
        store.read(key, this, [&](const SecretResult &r) { read = r; });
        const SecretResult r = waitFor(read);
        QVERIFY2(r.ok(), qPrintable(r.errorString));
        QCOMPARE(r.value, m_secret);
        store.remove(key, this, [&](const SecretResult &res) { removed = res; });
        QVERIFY(waitFor(removed).ok());
        store.read(key, this, [&](const SecretResult &res) { missing = res; });
        const SecretResult m = waitFor(missing);
        QCOMPARE(m.error, SecretResult::Error::NotFound);
        QVERIFY(!m.errorString.contains(m_secret));
    }

    void callbackSkippedWhenContextIsGone()
    {
        SecretStore store;
        bool called = false;
        auto *context = new QObject;
        store.read(u"whatever"_s, context, [&](const SecretResult &) { called = true; });
        delete context;
        QTest::qWait(m_keyring ? 500 : 50);
        QVERIFY(!called);
    }

    void apiKeyFromEnvironmentFirst()
    {
        SecretStore store(u"proto-desktop-test"_s, nullptr);
        ApiKeyProvider provider(&store);
        QCOMPARE(
            ApiKeyProvider::environmentVariable(ApiKeyProvider::Provider::Anthropic), u"ANTHROPIC_API_KEY"_s);
        QCOMPARE(ApiKeyProvider::environmentVariable(ApiKeyProvider::Provider::OpenAi), u"OPENAI_API_KEY"_s);
        qputenv("ANTHROPIC_API_KEY", "sk-ant-ENVSECRET ");
        std::optional<ApiKeyLookup> found;
        provider.lookup(ApiKeyProvider::Provider::Anthropic, this, [&](const ApiKeyLookup &l) { found = l; });
        const ApiKeyLookup l = waitFor(found);
        // Taken out of the environment, so no child process inherits it; still known here.
        QVERIFY(!qEnvironmentVariableIsSet("ANTHROPIC_API_KEY"));
        QCOMPARE(ApiKeyProvider::takeEnvironmentKey(u"ANTHROPIC_API_KEY"_s), u"sk-ant-ENVSECRET"_s);
        QCOMPARE(l.key, u"sk-ant-ENVSECRET"_s);
        QCOMPARE(l.source, ApiKeyLookup::Source::Environment);
        QCOMPARE(l.keychainProblem.isEmpty(), m_keyring); // without a keychain the UI is told why
    }

    void apiKeyFromKeychainOrAClearProblem()
    {
        SecretStore store(u"proto-desktop-test"_s, nullptr);
        ApiKeyProvider provider(&store);
        std::optional<SecretResult> stored;
        provider.store(
            ApiKeyProvider::Provider::OpenAi, m_secret, this, [&](const SecretResult &r) { stored = r; });
        QCOMPARE(waitFor(stored).ok(), m_keyring);
        std::optional<ApiKeyLookup> found;
        provider.lookup(ApiKeyProvider::Provider::OpenAi, this, [&](const ApiKeyLookup &l) { found = l; });
        const ApiKeyLookup l = waitFor(found);
        if (m_keyring) {
            QCOMPARE(l.key, m_secret);
            QCOMPARE(l.source, ApiKeyLookup::Source::Keychain);
            QVERIFY(l.keychainProblem.isEmpty());
            std::optional<SecretResult> forgotten;
            provider.forget(
                ApiKeyProvider::Provider::OpenAi, this, [&](const SecretResult &r) { forgotten = r; });
            QVERIFY(waitFor(forgotten).ok());
            std::optional<ApiKeyLookup> again;
            provider.lookup(
                ApiKeyProvider::Provider::OpenAi, this, [&](const ApiKeyLookup &x) { again = x; });
            const ApiKeyLookup a = waitFor(again);
            QVERIFY(!a.found());
            QVERIFY(a.keychainProblem.isEmpty()); // simply not stored
        } else {
            QVERIFY(!l.found());
            QCOMPARE(l.source, ApiKeyLookup::Source::None);
            QVERIFY(l.keychainProblem.contains(u"No keychain"_s));
        }
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
