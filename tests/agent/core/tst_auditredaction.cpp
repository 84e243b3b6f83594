#include "auditlog.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

class TestAuditRedaction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void redactText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("mustNotContain");
        QTest::addColumn<QString>("mustContain");

        QTest::newRow("anthropic key") << u"curl -H 'x-api-key: sk-ant-api03-AbC_dEf-123456789'"_s
                                       << u"AbC_dEf-123456789"_s << u"x-api-key: [redacted]"_s;
        QTest::newRow("anthropic key bare")
            << u"key sk-ant-xyz12345 used"_s << u"xyz12345"_s << u"key sk-ant-[redacted] used"_s;
        QTest::newRow("openai key") << u"OPENAI=sk-proj-abcdefghijklmnopqrstuvwx"_s
                                    << u"abcdefghijklmnopqrstuvwx"_s << u"[redacted]"_s;
        QTest::newRow("github token")
            << u"git clone https://ghp_0123456789abcdefghijABCDEFGHIJ@github.com/x"_s
            << u"0123456789abcdefghij"_s << u"[redacted]"_s;
        QTest::newRow("aws key") << u"aws AKIAIOSFODNN7EXAMPLE"_s << u"IOSFODNN7EXAMPLE"_s
                                 << u"AKIA[redacted]"_s;
        QTest::newRow("bearer") << u"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig"_s
                                << u"eyJhbGci"_s << u"[redacted]"_s;
        QTest::newRow("url password")
            << u"postgres://app:s3cr3t!@db:5432/x"_s << u"s3cr3t"_s << u"postgres://app:[redacted]@db"_s;
        QTest::newRow("flag password")
            << u"mysql --password=hunter2 -u root"_s << u"hunter2"_s << u"-u root"_s;
        QTest::newRow("flag token spaced")
            << u"gh auth login --token  abc123def"_s << u"abc123def"_s << u"login"_s;
        QTest::newRow("env assignment")
            << u"export ANTHROPIC_API_KEY=abc123 && run"_s << u"abc123"_s << u"&& run"_s;
        QTest::newRow("db password env")
            << u"DB_PASSWORD='p a s s' ./start"_s << u"p a s s"_s << u"./start"_s;
        QTest::newRow("json in text")
            << u"{\"password\": \"hunter2\", \"user\": \"bob\"}"_s << u"hunter2"_s << u"bob"_s;
        QTest::newRow("yaml") << u"client_secret: abcdef\nname: x"_s << u"abcdef"_s << u"name: x"_s;
        QTest::newRow("pem")
            << u"key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA=\n-----END OPENSSH PRIVATE KEY-----\nafter"_s
            << u"b3BlbnNzaC1rZXktdjEAAAA"_s << u"after"_s;
        QTest::newRow("pem unterminated")
            << u"-----BEGIN RSA PRIVATE KEY-----\nMIIEow"_s << u"MIIEow"_s << u"[redacted private key]"_s;
        QTest::newRow("plain text kept")
            << u"git commit -m 'fix the author field'"_s << u"[redacted]"_s << u"fix the author field"_s;
        QTest::newRow("max_tokens words kept")
            << u"set the limit of tokens to 100"_s << u"[redacted]"_s << u"tokens to 100"_s;
    }

    void redactText()
    {
        QFETCH(QString, text);
        QFETCH(QString, mustNotContain);
        QFETCH(QString, mustContain);
        const QString out = AuditLog::redactText(text);
        QVERIFY2(!out.contains(mustNotContain), qPrintable(out));
        QVERIFY2(out.contains(mustContain), qPrintable(out));
    }

    void secretKeys_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("secret");
        for (const char *k :
            { "api_key", "apiKey", "API-KEY", "x-api-key", "password", "Password", "db_password", "token",
                "access_token", "accessToken", "github_token", "secret", "client_secret", "authorization",
                "Authorization", "private_key", "privateKey", "credentials", "cookie", "passphrase" })
            QTest::newRow(k) << QString::fromLatin1(k) << true;
        for (const char *k : { "command", "path", "max_tokens", "input_tokens", "author", "content", "tokens",
                 "passthrough", "keyboard", "secretary_name", "" })
            QTest::newRow(*k ? k : "empty") << QString::fromLatin1(k) << false;
    }

    void secretKeys()
    {
        QFETCH(QString, key);
        QFETCH(bool, secret);
        QCOMPARE(AuditLog::isSecretKey(key), secret);
    }

    void redactJson()
    {
        const QJsonObject input {
            { u"command"_s, u"curl -H 'Authorization: Bearer abcdefghijkl' https://x"_s },
            { u"api_key"_s, u"sk-ant-123456789"_s },
            { u"nested"_s,
                QJsonObject { { u"password"_s, QJsonObject { { u"deep"_s, u"x"_s } } },
                    { u"list"_s, QJsonArray { u"ok"_s, u"sk-ant-zzzzzzzz"_s } }, { u"token"_s, 42 } } },
            { u"enabled"_s, true },
            { u"max_tokens"_s, 100 },
        };
        const QJsonObject out = AuditLog::redact(input);
        const QString text = QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Compact));
        QVERIFY2(!text.contains(u"abcdefghijkl"_s), qPrintable(text));
        QVERIFY2(!text.contains(u"123456789"_s), qPrintable(text));
        QVERIFY2(!text.contains(u"zzzzzzzz"_s), qPrintable(text));
        QVERIFY2(!text.contains(u"deep"_s), qPrintable(text));
        QCOMPARE(out.value(u"api_key"_s).toString(), u"[redacted]"_s);
        QCOMPARE(out.value(u"nested"_s).toObject().value(u"token"_s).toString(), u"[redacted]"_s);
        QCOMPARE(out.value(u"nested"_s).toObject().value(u"list"_s).toArray().at(0).toString(), u"ok"_s);
        QCOMPARE(out.value(u"enabled"_s).toBool(), true);
        QCOMPARE(out.value(u"max_tokens"_s).toInt(), 100);
    }

    void hugeAndHostileInputIsBoundedAndFast()
    {
        QString huge;
        for (int i = 0; i < 20000; ++i)
            huge += u"token_token_token-"_s;
        huge += u"password=xyz"_s;
        QElapsedTimer timer;
        timer.start();
        const QString out = AuditLog::redactText(huge);
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(out.size() <= AuditLog::MaxFieldChars + 100);
        QVERIFY(out.contains(u"more characters"_s));

        QString binary;
        for (int c = 0; c < 0x800; ++c)
            binary += QChar(c);
        QVERIFY(!AuditLog::redactText(binary).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAuditRedaction)
#include "tst_auditredaction.moc"
