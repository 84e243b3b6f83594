#pragma once

#include "llmtypes.h"

#include <QHash>
#include <QString>

namespace Proto {

// Cost of one usage record. `known` is false when the model has no price; `note` says why, and
// `usd` is then the cost at the highest known price (PriceTable::highestPrice), so spend limits
// still count it.
struct LlmCost
{
    bool known = false;
    double usd = 0.0;
    QString matchedModel; // the price table entry used
    QString note;
};

// Prices per million tokens by model, from the built-in table (`:/proto/llm/prices.json`) and,
// when present, a `prices.json` in the data folder whose entries replace or add to it, so prices
// can change without a release. A model id matches the longest entry that is a prefix of it.
class PriceTable final
{
public:
    struct Price
    {
        double input = 0;
        double output = 0;
        double cacheWrite = 0;
        double cacheRead = 0;
    };

    PriceTable(); // the built-in table
    // Built-in table plus the overrides of `path` (when it exists). Returns false and sets
    // *error (built-in prices still loaded) when the file is unreadable or malformed.
    bool loadOverrides(const QString &path, QString *error = nullptr);
    // Parses a table in the prices.json format; entries replace existing ones.
    bool mergeJson(const QByteArray &json, QString *error = nullptr);

    // The data-folder override path: $PROTO_DESKTOP_HOME or AppDataLocation, + "/prices.json".
    static QString defaultOverridePath();

    bool hasPrice(const QString &model) const;
    // The highest price of each kind (input, output, cache) over every entry: what a model
    // without a price is counted at.
    Price highestPrice() const;
    LlmCost cost(const QString &model, const LlmUsage &usage) const;
    QStringList models() const { return m_prices.keys(); }

private:
    const Price *find(const QString &model, QString *matched) const;
    QHash<QString, Price> m_prices;
};

} // namespace Proto
