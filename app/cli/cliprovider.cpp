#include "cliprovider.h"

#include "agentsettings.h"
#include "cliprinter.h"
#include "llmclient.h"
#include "llmproviders.h"
#include "pricetable.h"
#include "secretstore.h"
#include "store.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("proto-cli", text);
}

int usage(const QString &message)
{
    CliPrinter::writeErr(QStringLiteral("proto-cli: ") + message);
    std::fputs(
        "usage: proto-cli provider add NAME --kind openai-compatible|anthropic --base-url URL\n"
        "                [--key-env VAR] [--header NAME:VALUE]... [--model ID]...\n"
        "       proto-cli provider list [--json] | remove NAME | models [NAME] | default NAME [MODEL]\n",
        stderr);
    return 2;
}

int add(Store &store, QStringList args)
{
    if (args.isEmpty() || args.first().startsWith(QLatin1String("--")))
        return usage(tr("provider add needs a name"));
    ProviderConfig config;
    config.name = args.takeFirst();
    bool haveKind = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString arg = args.at(i);
        if (i + 1 >= args.size())
            return usage(tr("%1 needs a value").arg(arg));
        const QString value = args.at(++i);
        if (arg == QLatin1String("--kind")) {
            const auto kind = ProviderConfig::kindFromName(value);
            if (!kind)
                return usage(tr("--kind takes openai-compatible or anthropic, not \"%1\"").arg(value));
            config.kind = *kind;
            haveKind = true;
        } else if (arg == QLatin1String("--base-url")) {
            config.baseUrl = value;
        } else if (arg == QLatin1String("--key-env")) {
            config.keyEnv = value;
        } else if (arg == QLatin1String("--header")) {
            const qsizetype colon = value.indexOf(u':');
            if (colon <= 0)
                return usage(tr("--header takes NAME:VALUE"));
            config.headers.append({ value.left(colon).trimmed(), value.mid(colon + 1).trimmed() });
        } else if (arg == QLatin1String("--model")) {
            config.models.append(value.trimmed());
        } else {
            return usage(tr("unknown option %1").arg(arg));
        }
    }
    if (!haveKind)
        return usage(tr("provider add needs --kind"));
    if (config.baseUrl.isEmpty())
        return usage(tr("provider add needs --base-url"));
    QString error;
    if (!AgentSettings::addProvider(store, config, &error)) {
        CliPrinter::writeErr(QStringLiteral("proto-cli: ") + error);
        return 2;
    }
    if (!store.flush())
        return 1;
    std::printf("%s\n", qPrintable(tr("provider %1 saved").arg(config.name)));
    return 0;
}

int list(Store &store, bool json)
{
    const AgentSettings settings = AgentSettings::read(store);
    for (const QString &problem : settings.problems)
        CliPrinter::writeErr(tr("proto-cli: warning: provider setting skipped: %1").arg(problem));
    const QList<ProviderConfig> providers = settings.providers();
    for (const ProviderConfig &config : providers) {
        const bool isDefault = config.name == settings.defaultProvider;
        if (json) {
            QJsonObject line = config.toJson();
            line.insert(QStringLiteral("built_in"), config.builtIn);
            line.insert(QStringLiteral("default"), isDefault);
            line.insert(QStringLiteral("default_model"), settings.modelFor(config.name));
            std::printf("%s\n", QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
        } else {
            std::printf("%s%-12s %-18s %s  key: %s%s\n", isDefault ? "* " : "  ", qPrintable(config.name),
                qPrintable(ProviderConfig::kindName(config.kind)), qPrintable(config.baseUrl),
                qPrintable(
                    config.keyEnv.isEmpty() ? tr("keychain") : tr("$%1 or keychain").arg(config.keyEnv)),
                qPrintable(config.models.isEmpty()
                        ? QString()
                        : QStringLiteral("  models: ") + config.models.join(QStringLiteral(", "))));
        }
    }
    return 0;
}

int models(Store &store, const QString &name)
{
    SecretStore secrets;
    LlmProviders providers(&store, &secrets, std::make_shared<PriceTable>());
    if (!providers.settings().provider(name))
        return usage(tr("no provider named \"%1\"").arg(name));
    QEventLoop loop;
    int code = 1;
    providers.loadKeys(&loop, [&] {
        LlmModelListJob *job = providers.listModels(name, &loop);
        QObject::connect(job, &LlmModelListJob::finished, &loop, [&](const QList<LlmModelInfo> &found) {
            for (const LlmModelInfo &model : found)
                std::printf("%s\t%s\n", qPrintable(model.id), qPrintable(model.displayName));
            code = 0;
            loop.quit();
        });
        QObject::connect(job, &LlmModelListJob::failed, &loop, [&](const LlmError &error) {
            CliPrinter::writeErr(tr("proto-cli: cannot list the models: %1").arg(error.message));
            loop.quit();
        });
    });
    loop.exec();
    return code;
}

} // namespace

int CliProvider::run(Store &store, QStringList args)
{
    if (args.isEmpty())
        return usage(tr("provider needs add, list, remove, models or default"));
    const QString sub = args.takeFirst();
    if (sub == QLatin1String("add"))
        return add(store, args);
    if (sub == QLatin1String("list")) {
        const bool json = args.removeAll(QStringLiteral("--json")) > 0;
        if (!args.isEmpty())
            return usage(tr("provider list takes no arguments besides --json"));
        return list(store, json);
    }
    if (sub == QLatin1String("remove")) {
        if (args.size() != 1)
            return usage(tr("provider remove takes one name"));
        QString error;
        if (!AgentSettings::removeProvider(store, args.first(), &error)) {
            CliPrinter::writeErr(QStringLiteral("proto-cli: ") + error);
            return 2;
        }
        return store.flush() ? 0 : 1;
    }
    if (sub == QLatin1String("models")) {
        if (args.size() > 1)
            return usage(tr("provider models takes at most one name"));
        return models(store, args.value(0));
    }
    if (sub == QLatin1String("default")) {
        if (args.isEmpty() || args.size() > 2)
            return usage(tr("provider default takes a name and optionally a model"));
        if (!AgentSettings::read(store).provider(args.first()))
            return usage(tr("no provider named \"%1\"").arg(args.first()));
        AgentSettings::setDefaultProvider(store, args.first());
        AgentSettings::setDefaultModel(store, args.value(1));
        return store.flush() ? 0 : 1;
    }
    return usage(tr("provider needs add, list, remove, models or default, not \"%1\"").arg(sub));
}

} // namespace Proto
