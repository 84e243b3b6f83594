#include "llmstream.h"

#include <QCoreApplication>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Proto {

LlmStream::LlmStream(std::shared_ptr<const PriceTable> prices, QObject *parent)
    : QObject(parent)
    , m_prices(std::move(prices))
{ }

LlmStream::~LlmStream() = default;

LlmCost LlmStream::cost() const
{
    if (!m_prices) {
        LlmCost unknown;
        unknown.note = QCoreApplication::translate("Proto::LlmStream", "Cost unknown: no price table.");
        return unknown;
    }
    return m_prices->cost(m_model, m_usage);
}

QJsonObject LlmStream::message() const
{
    QJsonArray content;
    for (const Block &b : m_blocks) {
        if (!b.open) {
            content.append(b.json);
        } else if (b.json.value(u"type").toString() == u"text" && !b.text.isEmpty()) {
            QJsonObject partial = b.json;
            partial.insert(u"text"_s, b.text);
            content.append(partial);
        }
    }
    return QJsonObject { { u"role"_s, u"assistant"_s }, { u"content"_s, content } };
}

LlmStream::Block *LlmStream::block(int index, const char *what)
{
    const auto it = m_blocks.find(index);
    if (it == m_blocks.end() || !it->open) {
        LlmError error;
        error.kind = LlmError::Kind::MalformedStream;
        error.message
            = QCoreApplication::translate("Proto::LlmStream", "%1 for content block %2, which is not open.")
                  .arg(QLatin1String(what))
                  .arg(index);
        failStream(error);
        return nullptr;
    }
    return &it.value();
}

bool LlmStream::account(qsizetype bytes)
{
    m_contentBytes += bytes;
    if (m_contentBytes <= kMaxContentBytes)
        return true;
    LlmError error;
    error.kind = LlmError::Kind::MalformedStream;
    error.message
        = QCoreApplication::translate("Proto::LlmStream", "The reply is larger than %1 MiB; it was stopped.")
              .arg(kMaxContentBytes / (1024 * 1024));
    failStream(error);
    return false;
}

bool LlmStream::hasOpenBlock(int index) const
{
    const auto it = m_blocks.constFind(index);
    return it != m_blocks.cend() && it->open;
}

bool LlmStream::openBlock(int index, const QJsonObject &json)
{
    if (index < 0 || m_blocks.contains(index)) {
        LlmError error;
        error.kind = LlmError::Kind::MalformedStream;
        error.message
            = QCoreApplication::translate("Proto::LlmStream", "Content block %1 started twice.").arg(index);
        failStream(error);
        return false;
    }
    Block b;
    b.json = json;
    const QString type = json.value(u"type").toString();
    if (type == u"text")
        b.text = json.value(u"text").toString();
    else if (type == u"thinking") {
        b.text = json.value(u"thinking").toString();
        b.signature = json.value(u"signature").toString();
    }
    if (json.value(u"citations").isArray())
        b.citations = json.value(u"citations").toArray();
    m_blocks.insert(index, b);
    markDelivered();
    Q_EMIT blockStarted(index, json);
    return true;
}

bool LlmStream::appendText(int index, const QString &text)
{
    Block *b = block(index, "text_delta");
    if (!b || !account(text.size() * 2))
        return false;
    b->text += text;
    Q_EMIT textDelta(index, text);
    return true;
}

bool LlmStream::appendThinking(int index, const QString &thinking)
{
    Block *b = block(index, "thinking_delta");
    if (!b || !account(thinking.size() * 2))
        return false;
    b->text += thinking;
    Q_EMIT thinkingDelta(index, thinking);
    return true;
}

bool LlmStream::setSignature(int index, const QString &signature)
{
    Block *b = block(index, "signature_delta");
    if (!b)
        return false;
    b->signature = signature;
    return true;
}

bool LlmStream::appendCitation(int index, const QJsonValue &citation)
{
    Block *b = block(index, "citations_delta");
    if (!b)
        return false;
    b->citations.append(citation);
    return true;
}

bool LlmStream::appendInputJson(int index, const QString &partialJson)
{
    Block *b = block(index, "input_json_delta");
    if (!b || !account(partialJson.size() * 2))
        return false;
    b->partialJson += partialJson.toUtf8();
    b->hasInputDeltas = true;
    Q_EMIT toolInputDelta(index, partialJson);
    return true;
}

bool LlmStream::closeBlock(int index)
{
    Block *b = block(index, "content_block_stop");
    if (!b)
        return false;
    const QString type = b->json.value(u"type").toString();
    if (type == u"text") {
        b->json.insert(u"text"_s, b->text);
        if (!b->citations.isEmpty())
            b->json.insert(u"citations"_s, b->citations);
    } else if (type == u"thinking") {
        b->json.insert(u"thinking"_s, b->text);
        b->json.insert(u"signature"_s, b->signature);
    }
    if (b->hasInputDeltas) {
        const QByteArray raw = b->partialJson.trimmed();
        QJsonObject input;
        if (!raw.isEmpty()) {
            QJsonParseError parseError;
            const QJsonDocument doc = QJsonDocument::fromJson(raw, &parseError);
            if (!doc.isObject()) {
                LlmError error;
                error.kind = LlmError::Kind::MalformedStream;
                error.message
                    = QCoreApplication::translate(
                        "Proto::LlmStream", "The input of tool call \"%1\" is not a JSON object (%2): %3")
                          .arg(b->json.value(u"name").toString(),
                              parseError.error == QJsonParseError::NoError ? u"not an object"_s
                                                                           : parseError.errorString(),
                              QString::fromUtf8(raw.left(200)));
                failStream(error);
                return false;
            }
            input = doc.object();
        }
        b->json.insert(u"input"_s, input);
    }
    b->open = false;
    b->text.clear();
    b->partialJson.clear();
    Q_EMIT blockFinished(index, b->json);
    return true;
}

} // namespace Proto
