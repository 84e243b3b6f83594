// AgentSettings and ProviderConfig (hostile input refused), and LlmProviders: clients made from
// the settings as they are at each call, keys taken out of the environment.
#include "agentservicesbuilder.h"
#include "agentsettings.h"
#include "llmclient.h"
#include "llmproviders.h"
#include "pricetable.h"
#include "store.h"
#include "toolregistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

class TestAgentSetup final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;

    static ProviderConfig provider(const QString &name, const QString &url)
    {
        ProviderConfig config;
        config.name = name;
        config.kind = ProviderConfig::Kind::OpenAiCompatible;
        config.baseUrl = url;
        return config;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        auto opened = Store::open(m_dir.filePath(u"proto.sqlite"_s));
        QVERIFY(opened.store);
        m_store = std::move(opened.store);
    }

    void hostileProviders_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("keyEnv");
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("value");
        QTest::newRow("space in name")
            << u"my provider"_s << u"http://h/v1"_s << QString() << QString() << QString();
        QTest::newRow("path in name") << u"../x"_s << u"http://h/v1"_s << QString() << QString() << QString();
        QTest::newRow("upper case") << u"Local"_s << u"http://h/v1"_s << QString() << QString() << QString();
        QTest::newRow("empty") << QString() << u"http://h/v1"_s << QString() << QString() << QString();
        QTest::newRow("file url") << u"x"_s << u"file:///etc/passwd"_s << QString() << QString() << QString();
        QTest::newRow("no host") << u"x"_s << u"http:///v1"_s << QString() << QString() << QString();
        QTest::newRow("env with $") << u"x"_s << u"http://h"_s << u"$(id)"_s << QString() << QString();
        QTest::newRow("auth header") << u"x"_s << u"http://h"_s << QString() << u"Authorization"_s
                                     << u"Bearer k"_s;
        QTest::newRow("key header") << u"x"_s << u"http://h"_s << QString() << u"X-Api-Key"_s << u"k"_s;
        QTest::newRow("header CRLF") << u"x"_s << u"http://h"_s << QString() << u"X-A"_s << u"a\r\nX-B: b"_s;
        QTest::newRow("header name") << u"x"_s << u"http://h"_s << QString() << u"X A"_s << u"a"_s;
    }

    void hostileProviders()
    {
        QFETCH(QString, name);
        QFETCH(QString, url);
        QFETCH(QString, keyEnv);
        QFETCH(QString, header);
        QFETCH(QString, value);
        ProviderConfig config = provider(name, url);
        config.keyEnv = keyEnv;
        if (!header.isEmpty())
            config.headers.append({ header, value });
        QVERIFY(!config.problem().isEmpty());
        QString error;
        QVERIFY(!AgentSettings::addProvider(*m_store, config, &error));
        QVERIFY(!error.isEmpty());
        // A stored record in that shape (edited by hand) is skipped with a note, not used.
        QVERIFY(!ProviderConfig::fromJson(config.toJson()));
    }

    void builtInsCannotBeReplaced()
    {
        QString error;
        QVERIFY(!AgentSettings::addProvider(
            *m_store, provider(u"anthropic"_s, u"http://evil.example"_s), &error));
        QVERIFY(!AgentSettings::removeProvider(*m_store, u"openai"_s, &error));
        // Not even through the stored list.
        m_store->setSetting(AgentSettings::providersKey(),
            QString::fromUtf8(
                QJsonDocument(QJsonArray { provider(u"openai"_s, u"http://evil.example"_s).toJson() })
                    .toJson()));
        QVERIFY(m_store->flush());
        const auto openai = AgentSettings::read(*m_store).provider(u"openai"_s);
        QVERIFY(openai && openai->builtIn);
        QVERIFY(!openai->baseUrl.contains(u"evil"_s));
        m_store->setSetting(AgentSettings::providersKey(), QString());
        QVERIFY(m_store->flush());
    }

    void defaultModels()
    {
        ProviderConfig local = provider(u"local"_s, u"http://127.0.0.1:1/v1"_s);
        local.models = { u"m1"_s, u"m2"_s };
        QString error;
        QVERIFY2(AgentSettings::addProvider(*m_store, local, &error), qPrintable(error));
        QVERIFY(m_store->flush());
        AgentSettings settings = AgentSettings::read(*m_store);
        QCOMPARE(settings.defaultProvider, u"anthropic"_s);
        QCOMPARE(settings.modelFor({}), QString()); // the core's default
        QCOMPARE(settings.modelFor(u"local"_s), u"m1"_s);
        QCOMPARE(settings.modelFor(u"openai"_s), QString());
        AgentSettings::setDefaultProvider(*m_store, u"local"_s);
        AgentSettings::setDefaultModel(*m_store, u"m2"_s);
        QVERIFY(m_store->flush());
        settings = AgentSettings::read(*m_store);
        QCOMPARE(settings.provider({})->name, u"local"_s);
        QCOMPARE(settings.modelFor({}), u"m2"_s);
        QCOMPARE(settings.modelFor(u"anthropic"_s), QString());
        AgentSettings::setDefaultProvider(*m_store, QString());
        AgentSettings::setDefaultModel(*m_store, QString());
        QVERIFY(AgentSettings::removeProvider(*m_store, u"local"_s, &error));
        QVERIFY(m_store->flush());
    }

    // client() follows the settings at every call: base URL, headers, kind; keys from the
    // environment are taken out of it.
    void clientsFollowTheSettings()
    {
        qputenv("PROTO_TEST_GATEWAY_KEY", "gw-secret");
        ProviderConfig gateway = provider(u"gateway"_s, u"http://127.0.0.1:1/v1"_s);
        gateway.keyEnv = u"PROTO_TEST_GATEWAY_KEY"_s;
        QString error;
        QVERIFY(AgentSettings::addProvider(*m_store, gateway, &error));
        QVERIFY(m_store->flush());
        LlmProviders providers(m_store.get(), nullptr, std::make_shared<PriceTable>());
        QVERIFY(!qEnvironmentVariableIsSet("PROTO_TEST_GATEWAY_KEY")); // gone before any child starts
        QVERIFY(providers.hasKey(u"gateway"_s));
        LlmClient *client = providers.client(u"gateway"_s);
        QVERIFY(client);
        QCOMPARE(client->providerId(), u"openai"_s);
        QCOMPARE(client->baseUrl(), QUrl(u"http://127.0.0.1:1/v1"_s));
        QVERIFY(!providers.client(u"nope"_s));

        gateway.baseUrl = u"http://127.0.0.1:2/v1"_s;
        gateway.headers = { { u"X-Team"_s, u"blue"_s } };
        QVERIFY(AgentSettings::addProvider(*m_store, gateway, &error));
        QVERIFY(m_store->flush());
        client = providers.client(u"gateway"_s);
        QCOMPARE(client->baseUrl(), QUrl(u"http://127.0.0.1:2/v1"_s));
        QCOMPARE(client->extraHeaders().size(), 1);
        QCOMPARE(client->extraHeaders().first().first, QByteArray("X-Team"));

        gateway.kind = ProviderConfig::Kind::Anthropic;
        QVERIFY(AgentSettings::addProvider(*m_store, gateway, &error));
        QVERIFY(m_store->flush());
        client = providers.client(u"gateway"_s);
        QCOMPARE(client->providerId(), u"anthropic"_s);
        QVERIFY(client->hasApiKey());

        QVERIFY(AgentSettings::removeProvider(*m_store, u"gateway"_s, &error));
        QVERIFY(m_store->flush());
        QVERIFY(!providers.client(u"gateway"_s));
    }

    // The assembly's runner services pick the session's provider and the settings' default
    // model at each call.
    void builderServices()
    {
        AgentServicesBuilder::Options options;
        options.useKeychain = false;
        AgentServicesBuilder built(m_store.get(), options);
        const AgentServices &services = built.services();
        QVERIFY(services.clientFor && services.defaultModelFor && services.tools && services.approvals
            && services.killSwitch && services.agents && services.rateLimiter && services.spendLimiter
            && services.audit);
        QCOMPARE(services.clientFor({})->providerId(), u"anthropic"_s);
        QCOMPARE(services.clientFor(u"openai"_s)->providerId(), u"openai"_s);
        QCOMPARE(services.defaultModelFor({}), QString());
        AgentSettings::setDefaultModel(*m_store, u"claude-opus-4-5"_s);
        QVERIFY(m_store->flush());
        QCOMPARE(services.defaultModelFor({}), u"claude-opus-4-5"_s);
        QVERIFY(services.tools->names().contains(u"write"_s));
        bool ready = false;
        built.load([&ready] { ready = true; });
        QTRY_VERIFY(ready);
        AgentSettings::setDefaultModel(*m_store, QString());
        QVERIFY(m_store->flush());
    }
};

QTEST_GUILESS_MAIN(TestAgentSetup)
#include "tst_agentsetup.moc"
