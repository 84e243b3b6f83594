#include "pricetable.h"

#include "llmdatafile.h"
#include "modelid.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>

#include <algorithm>

namespace Proto {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Proto::PriceTable", text);
}

double costAt(const PriceTable::Rates &rates, const LlmUsage &usage)
{
    const qint64 write1h
        = std::clamp<qint64>(usage.cacheCreation1hInputTokens, 0, usage.cacheCreationInputTokens);
    const qint64 write5m = usage.cacheCreationInputTokens - write1h;
    return (double(usage.inputTokens) * rates.input + double(usage.outputTokens) * rates.output
               + double(write5m) * rates.cacheWrite + double(write1h) * rates.cacheWrite1h
               + double(usage.cacheReadInputTokens) * rates.cacheRead)
        / 1e6;
}

void raise(PriceTable::Rates &highest, const PriceTable::Rates &rates)
{
    highest.input = std::max(highest.input, rates.input);
    highest.output = std::max(highest.output, rates.output);
    highest.cacheWrite = std::max(highest.cacheWrite, rates.cacheWrite);
    highest.cacheWrite1h = std::max(highest.cacheWrite1h, rates.cacheWrite1h);
    highest.cacheRead = std::max(highest.cacheRead, rates.cacheRead);
}

// Reads the five rates of `entry`; input and output are required, the cache rates default to
// Anthropic's multipliers (5-minute write 1.25x, 1-hour write 2x, read 0.1x input). A rate
// that is present must be a non-negative number.
bool parseRates(const QJsonObject &entry, PriceTable::Rates &rates)
{
    const auto number = [&entry](const char *name, double &out, std::optional<double> fallback) {
        const QJsonValue value = entry.value(QLatin1String(name));
        if (value.isUndefined() && fallback) {
            out = *fallback;
            return true;
        }
        if (!value.isDouble() || value.toDouble() < 0)
            return false;
        out = value.toDouble();
        return true;
    };
    if (!number("input", rates.input, std::nullopt) || !number("output", rates.output, std::nullopt))
        return false;
    return number("cache_write", rates.cacheWrite, rates.input * 1.25)
        && number("cache_write_1h", rates.cacheWrite1h, rates.input * 2.0)
        && number("cache_read", rates.cacheRead, rates.input * 0.1);
}
} // namespace

PriceTable::PriceTable()
{
    QFile builtIn(QStringLiteral(":/proto/llm/prices.json"));
    if (builtIn.open(QIODevice::ReadOnly)) {
        const QByteArray json = builtIn.readAll();
        mergeJson(json);
        m_checked = QJsonDocument::fromJson(json).object().value(u"checked").toString();
    }
}

QString PriceTable::defaultOverridePath()
{
    return LlmDataFile::pathInDataFolder(QStringLiteral("prices.json"));
}

bool PriceTable::loadOverrides(const QString &path, QString *error)
{
    return LlmDataFile::mergeOverride(
        path, [this](const QByteArray &json, QString *why) { return mergeJson(json, why); }, error);
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
                : tr("expected an object with a \"models\" object");
        return false;
    }
    QHash<QString, Price> parsed;
    const QJsonObject table = models.toObject();
    for (auto it = table.begin(); it != table.end(); ++it) {
        const QJsonObject entry = it.value().toObject();
        Price price;
        if (it.key().isEmpty() || !parseRates(entry, price)) {
            if (error)
                *error = tr("model \"%1\" needs non-negative numbers \"input\" and \"output\" (and for the "
                            "cache rates it gives)")
                             .arg(it.key());
            return false;
        }
        const QJsonValue longContext = entry.value(u"long_context");
        if (!longContext.isUndefined()) {
            const QJsonObject lc = longContext.toObject();
            const double threshold = lc.value(u"threshold").toDouble(-1);
            if (!longContext.isObject() || threshold < 1 || threshold != double(qint64(threshold))
                || !parseRates(lc, price.longContext)) {
                if (error)
                    *error = tr("model \"%1\": \"long_context\" needs a positive whole \"threshold\" and "
                                "non-negative \"input\" and \"output\"")
                                 .arg(it.key());
                return false;
            }
            price.longContextThreshold = qint64(threshold);
        }
        parsed.insert(it.key(), price);
    }
    m_prices.insert(parsed);
    return true;
}

PriceTable::Match PriceTable::find(const QString &model, const Price **price, QString *matched) const
{
    *price = nullptr;
    if (model.isEmpty())
        return Match::None;
    qsizetype bestLength = 0;
    for (auto it = m_prices.cbegin(); it != m_prices.cend(); ++it) {
        if (it.key().size() > bestLength && ModelId::matchesKey(model, it.key())) {
            *price = &it.value();
            bestLength = it.key().size();
            *matched = it.key();
        }
    }
    if (*price)
        return Match::Key;
    const ModelId::Family family = ModelId::family(model);
    if (!family.isValid())
        return Match::None;
    ModelId::Family newest;
    for (auto it = m_prices.cbegin(); it != m_prices.cend(); ++it) {
        const ModelId::Family entry = ModelId::family(it.key());
        if (entry.name != family.name)
            continue;
        // The newest version wins; between equal versions (claude-opus-4 / claude-opus-4-0) the
        // shorter key, so the choice does not depend on hash order.
        if (!*price || entry.newerThan(newest)
            || (!newest.newerThan(entry) && it.key().size() < matched->size())) {
            *price = &it.value();
            newest = entry;
            *matched = it.key();
        }
    }
    return *price ? Match::Family : Match::None;
}

std::optional<PriceTable::Price> PriceTable::priceFor(const QString &model, QString *matched) const
{
    const Price *price = nullptr;
    QString key;
    if (find(model, &price, &key) == Match::None)
        return std::nullopt;
    if (matched)
        *matched = key;
    return *price;
}

PriceTable::Price PriceTable::highestPrice() const
{
    Price highest;
    for (const Price &price : m_prices) {
        raise(highest, price);
        if (price.longContextThreshold > 0)
            raise(highest, price.longContext);
    }
    return highest;
}

bool PriceTable::hasPrice(const QString &model) const
{
    const Price *price = nullptr;
    QString matched;
    return find(model, &price, &matched) != Match::None;
}

LlmCost PriceTable::cost(const QString &model, const LlmUsage &usage) const
{
    LlmCost cost;
    const Price *price = nullptr;
    const Match match = find(model, &price, &cost.matchedModel);
    if (match == Match::None) {
        const Price highest = highestPrice();
        cost.usd = costAt(highest, usage);
        cost.note
            = tr("No price is known for the model \"%1\": its use is counted at the highest known price "
                 "($%2 input, $%3 output per million tokens) for the spend limits. Add it to prices.json "
                 "in the data folder for the real cost.")
                  .arg(model.left(200), QString::number(highest.input), QString::number(highest.output));
        return cost;
    }
    cost.known = true;
    cost.longContext
        = price->longContextThreshold > 0 && usage.totalInputTokens() > price->longContextThreshold;
    cost.usd = costAt(cost.longContext ? price->longContext : static_cast<const Rates &>(*price), usage);
    if (match == Match::Family)
        cost.note
            = tr("The model \"%1\" has no price of its own: it is priced as \"%2\", the newest known model "
                 "of its family. Add it to prices.json in the data folder for the real cost.")
                  .arg(model.left(200), cost.matchedModel);
    return cost;
}

} // namespace Proto
