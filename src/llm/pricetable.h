#pragma once

#include "llmtypes.h"

#include <QHash>
#include <QString>

#include <optional>

namespace Proto {

// Cost of one usage record. `known` is false when the model has no price; `note` says why, and
// `usd` is then the cost at the highest known price (PriceTable::highestPrice), so spend limits
// still count it. A model priced by its family (see PriceTable) is known, with a note saying
// which entry was used.
struct LlmCost
{
    bool known = false;
    double usd = 0.0;
    QString matchedModel; // the price table entry used
    bool longContext = false; // the request was priced at the entry's long-context rates
    QString note;
};

// Prices per million tokens by model, from the built-in table (`:/proto/llm/prices.json`) and,
// when present, a `prices.json` in the data folder whose entries replace or add to it, so prices
// can change without a release.
//
// Lookup: the entry whose key matches the id (ModelId::matchesKey: the id itself, or with a date
// or provider suffix; the longest key wins), else the newest entry of the id's family
// (`claude-opus-4-9` -> the newest `claude-opus-*` entry), else none: the usage is counted at
// the highest price of each kind over every entry, and the caller is told.
//
// An entry may have long-context rates: when a request's input (input + cache writes + cache
// reads) exceeds its threshold, every token of that request is priced at them.
class PriceTable final
{
public:
    struct Rates
    {
        double input = 0;
        double output = 0;
        double cacheWrite = 0; // 5-minute cache write
        double cacheWrite1h = 0; // 1-hour cache write
        double cacheRead = 0;
    };
    struct Price : Rates
    {
        qint64 longContextThreshold = 0; // 0: no long-context rates
        Rates longContext;
    };

    PriceTable(); // the built-in table
    // Built-in table plus the overrides of `path` (when it exists). Returns false and sets
    // *error (built-in prices still loaded) when the file is unreadable or malformed.
    bool loadOverrides(const QString &path, QString *error = nullptr);
    // Parses a table in the prices.json format; entries replace existing ones. Nothing is
    // changed when the table is malformed.
    bool mergeJson(const QByteArray &json, QString *error = nullptr);

    // The data-folder override path: $PROTO_DESKTOP_HOME or AppDataLocation, + "/prices.json".
    static QString defaultOverridePath();

    // Whether `model` has a price of its own or through its family.
    bool hasPrice(const QString &model) const;
    // The entry `model` is priced by (its own or its family's newest), if any.
    std::optional<Price> priceFor(const QString &model, QString *matched = nullptr) const;
    // The highest price of each kind (input, output, cache, long context) over every entry:
    // what a model without a price is counted at (whatever the request's size).
    Price highestPrice() const;
    LlmCost cost(const QString &model, const LlmUsage &usage) const;
    QStringList models() const { return m_prices.keys(); }
    QString checkedDate() const { return m_checked; } // the built-in table's "checked" date

private:
    enum class Match
    {
        None,
        Key,
        Family,
    };
    Match find(const QString &model, const Price **price, QString *matched) const;
    QHash<QString, Price> m_prices;
    QString m_checked;
};

} // namespace Proto
