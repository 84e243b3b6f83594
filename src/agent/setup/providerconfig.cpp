#include "providerconfig.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Proto {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Proto::ProviderConfig", text);
}

QString fromEnv(const char *variable, const QString &fallback)
{
    const QString value = qEnvironmentVariable(variable).trimmed();
    return value.isEmpty() ? fallback : value;
}
} // namespace

QString ProviderConfig::kindName(Kind kind)
{
    return kind == Kind::Anthropic ? u"anthropic"_s : u"openai-compatible"_s;
}

std::optional<ProviderConfig::Kind> ProviderConfig::kindFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == u"anthropic")
        return Kind::Anthropic;
    if (n == u"openai-compatible" || n == u"openai")
        return Kind::OpenAiCompatible;
    return std::nullopt;
}

QList<ProviderConfig> ProviderConfig::builtIns()
{
    ProviderConfig anthropic;
    anthropic.name = u"anthropic"_s;
    anthropic.kind = Kind::Anthropic;
    anthropic.baseUrl = fromEnv("ANTHROPIC_BASE_URL", u"https://api.anthropic.com"_s);
    anthropic.keyEnv = u"ANTHROPIC_API_KEY"_s;
    anthropic.builtIn = true;
    ProviderConfig openai;
    openai.name = u"openai"_s;
    openai.kind = Kind::OpenAiCompatible;
    openai.baseUrl = fromEnv("OPENAI_BASE_URL", u"https://api.openai.com/v1"_s);
    openai.keyEnv = u"OPENAI_API_KEY"_s;
    openai.builtIn = true;
    return { anthropic, openai };
}

bool ProviderConfig::isBuiltInName(const QString &name)
{
    return name == u"anthropic" || name == u"openai";
}

QString ProviderConfig::problem() const
{
    static const QRegularExpression namePattern(u"^[a-z0-9][a-z0-9._-]{0,39}$"_s);
    static const QRegularExpression envPattern(u"^[A-Za-z_][A-Za-z0-9_]{0,127}$"_s);
    static const QRegularExpression headerPattern(u"^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$"_s);
    if (!namePattern.match(name).hasMatch())
        return tr("A provider name is 1 to 40 lower-case letters, digits, '.', '_' or '-' (got \"%1\").")
            .arg(name);
    const QUrl u(baseUrl);
    if (!u.isValid() || (u.scheme() != u"http" && u.scheme() != u"https") || u.host().isEmpty())
        return tr("The base URL must be an http or https URL (got \"%1\").").arg(baseUrl);
    if (!keyEnv.isEmpty() && !envPattern.match(keyEnv).hasMatch())
        return tr("\"%1\" is not an environment variable name.").arg(keyEnv);
    for (const auto &[header, value] : headers) {
        if (!headerPattern.match(header).hasMatch() || value.contains(u'\n') || value.contains(u'\r'))
            return tr("The header \"%1\" is not valid.").arg(header);
        const QString lower = header.toLower();
        if (lower == u"authorization" || lower == u"x-api-key")
            return tr("The key goes in the keychain or an environment variable, not in a header.");
    }
    for (const QString &model : models) {
        if (model.trimmed().isEmpty() || model.contains(u'\n'))
            return tr("A model id may not be empty.");
    }
    return {};
}

QJsonObject ProviderConfig::toJson() const
{
    QJsonObject json { { u"name"_s, name }, { u"kind"_s, kindName(kind) }, { u"base_url"_s, baseUrl } };
    if (!keyEnv.isEmpty())
        json.insert(u"key_env"_s, keyEnv);
    if (!headers.isEmpty()) {
        QJsonObject h;
        for (const auto &[header, value] : headers)
            h.insert(header, value);
        json.insert(u"headers"_s, h);
    }
    if (!models.isEmpty())
        json.insert(u"models"_s, QJsonArray::fromStringList(models));
    return json;
}

std::optional<ProviderConfig> ProviderConfig::fromJson(const QJsonObject &json, QString *error)
{
    ProviderConfig config;
    config.name = json.value(u"name").toString();
    const auto kind = kindFromName(json.value(u"kind").toString());
    if (!kind) {
        if (error)
            *error = tr("The provider \"%1\" has an unknown kind \"%2\".")
                         .arg(config.name, json.value(u"kind").toString());
        return std::nullopt;
    }
    config.kind = *kind;
    config.baseUrl = json.value(u"base_url").toString();
    config.keyEnv = json.value(u"key_env").toString();
    const QJsonObject headers = json.value(u"headers").toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it)
        config.headers.append({ it.key(), it.value().toString() });
    for (const QJsonValue &model : json.value(u"models").toArray())
        config.models.append(model.toString());
    const QString problem = config.problem();
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return std::nullopt;
    }
    return config;
}

} // namespace Proto
