#include "pricetable.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QStandardPaths>

#include <algorithm>

namespace Proto {

PriceTable::PriceTable()
{
    QFile builtIn(QStringLiteral(":/proto/llm/prices.json"));
    if (builtIn.open(QIODevice::ReadOnly))
        mergeJson(builtIn.readAll());
}

QString PriceTable::defaultOverridePath()
{
    QString base = qEnvironmentVariable("PROTO_DESKTOP_HOME");
    if (base.isEmpty())
        base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(base).filePath(QStringLiteral("prices.json"));
}

bool PriceTable::loadOverrides(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QCoreApplication::translate("Proto::PriceTable", "Cannot read %1: %2")
                         .arg(path, file.errorString());
        return false;
    }
    QString parseError;
    if (!mergeJson(file.readAll(), &parseError)) {
        if (error)
            *error
                = QCoreApplication::translate("Proto::PriceTable", "Ignoring %1: %2").arg(path, parseError);
        return false;
    }
    return true;
}

bool PriceTable::mergeJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    const QJsonValue models = doc.object().value(u"models");
    if (!doc.isObject() || !models.isObject()) {
        if (error)
            *error = parseError.error != QJsonParseError::NoError
                ? parseError.errorString()
                : QCoreApplication::translate(
                      "Proto::PriceTable", "expected an object with a \"models\" object");
        return false;
    }
    QHash<QString, Price> parsed;
    const QJsonObject table = models.toObject();
    for (auto it = table.begin(); it != table.end(); ++it) {
        const QJsonObject entry = it.value().toObject();
        const auto number = [&entry](const char *name, double &out) {
            const QJsonValue value = entry.value(QLatin1String(name));
            if (!value.isDouble() || value.toDouble() < 0)
                return false;
            out = value.toDouble();
            return true;
        };
        Price price;
        if (!number("input", price.input) || !number("output", price.output)) {
            if (error)
                *error = QCoreApplication::translate(
                    "Proto::PriceTable", "model \"%1\" needs non-negative numbers \"input\" and \"output\"")
                             .arg(it.key());
            return false;
        }
        if (!number("cache_write", price.cacheWrite))
            price.cacheWrite = price.input * 1.25;
        if (!number("cache_read", price.cacheRead))
            price.cacheRead = price.input * 0.1;
        parsed.insert(it.key(), price);
    }
    m_prices.insert(parsed);
    return true;
}

const PriceTable::Price *PriceTable::find(const QString &model, QString *matched) const
{
    if (const auto it = m_prices.constFind(model); it != m_prices.cend()) {
        *matched = model;
        return &it.value();
    }
    const Price *best = nullptr;
    qsizetype bestLength = 0;
    for (auto it = m_prices.cbegin(); it != m_prices.cend(); ++it) {
        if (it.key().size() > bestLength && model.startsWith(it.key())) {
            best = &it.value();
            bestLength = it.key().size();
            *matched = it.key();
        }
    }
    return best;
}

PriceTable::Price PriceTable::highestPrice() const
{
    Price highest;
    for (const Price &price : m_prices) {
        highest.input = std::max(highest.input, price.input);
        highest.output = std::max(highest.output, price.output);
        highest.cacheWrite = std::max(highest.cacheWrite, price.cacheWrite);
        highest.cacheRead = std::max(highest.cacheRead, price.cacheRead);
    }
    return highest;
}

bool PriceTable::hasPrice(const QString &model) const
{
    QString matched;
    return !model.isEmpty() && find(model, &matched);
}

LlmCost PriceTable::cost(const QString &model, const LlmUsage &usage) const
{
    LlmCost cost;
    const Price *price = model.isEmpty() ? nullptr : find(model, &cost.matchedModel);
    const Price highest = highestPrice();
    if (!price) {
        cost.usd = (double(usage.inputTokens) * highest.input + double(usage.outputTokens) * highest.output
                       + double(usage.cacheCreationInputTokens) * highest.cacheWrite
                       + double(usage.cacheReadInputTokens) * highest.cacheRead)
            / 1e6;
        cost.note
            = QCoreApplication::translate("Proto::PriceTable",
                "No price is known for the model \"%1\": its use is counted at the highest known price ($%2 "
                "input, $%3 output per million tokens) for the spend limits. Add it to prices.json in the "
                "data folder for the real cost.")
                  .arg(model.left(200), QString::number(highest.input), QString::number(highest.output));
        return cost;
    }
    cost.known = true;
    cost.usd = (double(usage.inputTokens) * price->input + double(usage.outputTokens) * price->output
                   + double(usage.cacheCreationInputTokens) * price->cacheWrite
                   + double(usage.cacheReadInputTokens) * price->cacheRead)
        / 1e6;
    return cost;
}

} // namespace Proto
