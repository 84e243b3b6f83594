#include "llmhttp.h"

#include <QTest>

using namespace Proto;
using Kind = LlmError::Kind;

namespace {
QByteArray anthropicError(const char *type, const char *message)
{
    return QByteArray(R"({"type":"error","error":{"type":")") + type + R"(","message":")" + message
        + R"("},"request_id":"req_1"})";
}
} // namespace

class TestLlmHttp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classifiesResponses_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("shouldRetryHeader");
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("retry");
        const auto row
            = [](const char *name, int status, const QByteArray &body, const QByteArray &header, Kind kind,
                  bool retry) { QTest::newRow(name) << status << body << header << int(kind) << retry; };
        row("400", 400, anthropicError("invalid_request_error", "max_tokens: too big"), {},
            Kind::InvalidRequest, false);
        row("400 even if x-should-retry true", 400, anthropicError("invalid_request_error", "x"), "true",
            Kind::InvalidRequest, false);
        row("401", 401, anthropicError("authentication_error", "invalid x-api-key"), {}, Kind::InvalidApiKey,
            false);
        row("403", 403, anthropicError("permission_error", "no"), {}, Kind::PermissionDenied, false);
        row("404", 404, anthropicError("not_found_error", "model: claude-x"), {}, Kind::NotFound, false);
        row("413", 413, anthropicError("request_too_large", "too big"), {}, Kind::RequestTooLarge, false);
        row("408", 408, {}, {}, Kind::Timeout, true);
        row("409", 409, {}, {}, Kind::ApiError, true);
        row("429 rate", 429,
            anthropicError(
                "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"),
            {}, Kind::RateLimited, true);
        row("429 rate x-should-retry false", 429, anthropicError("rate_limit_error", "slow down"), "false",
            Kind::RateLimited, false);
        row("429 spend limit", 429,
            anthropicError("rate_limit_error",
                "You have reached your specified API usage limits. You will regain access on 2026-12-01"),
            "true", Kind::SpendLimit, false);
        row("400 credit balance", 400,
            anthropicError(
                "invalid_request_error", "Your credit balance is too low to access the Anthropic API."),
            {}, Kind::SpendLimit, false);
        row("429 openai quota", 429,
            R"({"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}})",
            {}, Kind::SpendLimit, false);
        row("500", 500, anthropicError("api_error", "Internal server error"), {}, Kind::ServerError, true);
        row("500 x-should-retry false", 500, anthropicError("api_error", "x"), "false", Kind::ServerError,
            false);
        row("502 html", 502, "<html>bad gateway</html>", {}, Kind::ServerError, true);
        row("529", 529, anthropicError("overloaded_error", "Overloaded"), {}, Kind::Overloaded, true);
        row("418 x-should-retry true", 418, {}, "true", Kind::ApiError, true);
        row("418", 418, {}, {}, Kind::ApiError, false);
    }

    void classifiesResponses()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, shouldRetryHeader);
        QFETCH(int, kind);
        QFETCH(bool, retry);
        const LlmError error = LlmHttp::errorFromResponse(status, body, QStringLiteral("req_x"));
        QCOMPARE(LlmError::kindName(error.kind), LlmError::kindName(Kind(kind)));
        QCOMPARE(error.httpStatus, status);
        QCOMPARE(LlmHttp::shouldRetry(error, LlmRetryHeaders { shouldRetryHeader, {}, {} }), retry);
        QVERIFY(!error.toString().isEmpty());
        if (body.startsWith("{\"type\"")) {
            QVERIFY(!error.message.isEmpty());
            QVERIFY2(error.toString().contains(error.message), qPrintable(error.toString()));
        }
    }

    void classifiesStreamErrors()
    {
        const LlmError overloaded
            = LlmHttp::errorFromStreamEvent(QJsonObject { { QStringLiteral("type"), QStringLiteral("error") },
                { QStringLiteral("error"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("overloaded_error") },
                        { QStringLiteral("message"), QStringLiteral("Overloaded") } } } });
        QCOMPARE(overloaded.kind, Kind::Overloaded);
        QVERIFY(overloaded.retryable);
        QCOMPARE(overloaded.message, QStringLiteral("Overloaded"));
        const LlmError odd = LlmHttp::errorFromStreamEvent(QJsonObject {});
        QCOMPARE(odd.kind, Kind::ApiError);
        QVERIFY(!odd.message.isEmpty());
    }

    void networkErrorsAreRetried()
    {
        const LlmError refused
            = LlmHttp::errorFromNetwork(QNetworkReply::ConnectionRefusedError, QStringLiteral("refused"));
        QCOMPARE(refused.kind, Kind::Network);
        QVERIFY(LlmHttp::shouldRetry(refused, {}));
        LlmError lost;
        lost.kind = Kind::ConnectionLost;
        QVERIFY(LlmHttp::shouldRetry(lost, {}));
        LlmError malformed;
        malformed.kind = Kind::MalformedStream;
        QVERIFY(!LlmHttp::shouldRetry(malformed, { "true", {}, {} }));
    }

    void retryDelays_data()
    {
        QTest::addColumn<int>("retryIndex");
        QTest::addColumn<QByteArray>("retryAfterMs");
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::addColumn<double>("jitter");
        QTest::addColumn<int>("expected");
        QTest::newRow("first, no jitter") << 0 << QByteArray() << QByteArray() << 0.0 << 500;
        QTest::newRow("second") << 1 << QByteArray() << QByteArray() << 0.0 << 1000;
        QTest::newRow("capped at 8 s") << 10 << QByteArray() << QByteArray() << 0.0 << 8000;
        QTest::newRow("full jitter takes 25%") << 0 << QByteArray() << QByteArray() << 1.0 << 375;
        QTest::newRow("retry-after-ms") << 0 << QByteArray("1234") << QByteArray() << 0.5 << 1234;
        QTest::newRow("retry-after-ms fractional")
            << 0 << QByteArray("12.6") << QByteArray("30") << 0.5 << 13;
        QTest::newRow("retry-after-ms wins over retry-after")
            << 0 << QByteArray("100") << QByteArray("5") << 0.0 << 100;
        QTest::newRow("retry-after seconds") << 0 << QByteArray() << QByteArray("3") << 0.0 << 3000;
        QTest::newRow("retry-after fractional seconds")
            << 0 << QByteArray() << QByteArray("0.25") << 0.0 << 250;
        QTest::newRow("retry-after zero") << 1 << QByteArray() << QByteArray("0") << 0.0 << 0;
        QTest::newRow("retry-after 60 s is too long") << 0 << QByteArray() << QByteArray("60") << 0.0 << 500;
        QTest::newRow("retry-after negative") << 0 << QByteArray() << QByteArray("-5") << 0.0 << 500;
        QTest::newRow("retry-after garbage") << 0 << QByteArray() << QByteArray("soon") << 0.0 << 500;
        QTest::newRow("retry-after-ms garbage falls to retry-after")
            << 0 << QByteArray("x") << QByteArray("2") << 0.0 << 2000;
        QTest::newRow("http date 10 s ahead")
            << 0 << QByteArray() << QByteArray("Sun, 22 Nov 2026 12:00:10 GMT") << 0.0 << 10000;
        QTest::newRow("http date in the past")
            << 0 << QByteArray() << QByteArray("Sun, 22 Nov 2026 11:59:00 GMT") << 0.0 << 500;
        QTest::newRow("http date too far")
            << 0 << QByteArray() << QByteArray("Sun, 22 Nov 2026 12:05:00 GMT") << 0.0 << 500;
    }

    void retryDelays()
    {
        QFETCH(int, retryIndex);
        QFETCH(QByteArray, retryAfterMs);
        QFETCH(QByteArray, retryAfter);
        QFETCH(double, jitter);
        QFETCH(int, expected);
        const QDateTime now(QDate(2026, 11, 22), QTime(12, 0, 0), QTimeZone::UTC);
        QCOMPARE(LlmHttp::retryDelayMs(
                     retryIndex, { {}, retryAfterMs, retryAfter }, LlmRetryPolicy {}, now, jitter),
            expected);
    }

    void configurablePolicy()
    {
        LlmRetryPolicy fast;
        fast.initialDelayMs = 10;
        fast.maxDelayMs = 25;
        QCOMPARE(LlmHttp::retryDelayMs(0, {}, fast, QDateTime::currentDateTimeUtc(), 0), 10);
        QCOMPARE(LlmHttp::retryDelayMs(1, {}, fast, QDateTime::currentDateTimeUtc(), 0), 20);
        QCOMPARE(LlmHttp::retryDelayMs(2, {}, fast, QDateTime::currentDateTimeUtc(), 0), 25);
    }
};

QTEST_GUILESS_MAIN(TestLlmHttp)
#include "tst_llmhttp.moc"
