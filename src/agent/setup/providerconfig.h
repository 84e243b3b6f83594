#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>
#include <utility>

namespace Proto {

// One LLM provider, as data: how to reach it and where its key is. Built-in: "anthropic"
// (ANTHROPIC_BASE_URL, ANTHROPIC_API_KEY or the keychain) and "openai" (OPENAI_BASE_URL with
// /v1 as the official SDKs read it, OPENAI_API_KEY or the keychain); the user adds more
// (stored by AgentSettings). The key itself is never part of this record: it comes from the
// environment variable keyEnv, else the keychain entry keychainKey().
struct ProviderConfig
{
    enum class Kind
    {
        Anthropic,
        OpenAiCompatible,
    };

    QString name; // [a-z0-9][a-z0-9._-]*, unique
    Kind kind = Kind::OpenAiCompatible;
    QString baseUrl; // for built-ins: the environment's, else the official endpoint
    QString keyEnv; // the environment variable holding the key ("" = keychain only)
    QList<std::pair<QString, QString>> headers; // extra request headers (not the key)
    QStringList models; // the models the user listed for it (the picker also asks the server)
    bool builtIn = false;

    QString keychainKey() const { return name + QStringLiteral("-api-key"); }
    QUrl url() const { return QUrl(baseUrl); }

    static QString kindName(Kind kind); // "anthropic", "openai-compatible"
    static std::optional<Kind> kindFromName(const QString &name);
    static QList<ProviderConfig> builtIns();
    static bool isBuiltInName(const QString &name);
    // Empty when the record may be saved, else what is wrong (translated).
    QString problem() const;

    QJsonObject toJson() const;
    static std::optional<ProviderConfig> fromJson(const QJsonObject &json, QString *error = nullptr);
};

} // namespace Proto
