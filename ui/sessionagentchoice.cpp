#include "sessionagentchoice.h"

#include "agentdefinition.h"
#include "llmclient.h"
#include "llmproviders.h"
#include "newsessiondialog.h"
#include "records.h"

#include <QCoreApplication>
#include <QPointer>

namespace Proto {

void SessionAgentChoice::fill(NewSessionDialog &dialog, LlmProviders *providers, const AgentCatalog *agents,
    const SessionRecord *current)
{
    if (providers) {
        const AgentSettings settings = providers->settings();
        QList<NewSessionDialog::ProviderChoice> choices;
        const QList<ProviderConfig> all = settings.providers();
        for (const ProviderConfig &config : all) {
            NewSessionDialog::ProviderChoice choice;
            choice.name = config.name;
            choice.label
                = QCoreApplication::translate("Proto::SessionAgentChoice", "%1 (%2, %3)")
                      .arg(config.name,
                          config.kind == ProviderConfig::Kind::Anthropic
                              ? QCoreApplication::translate("Proto::SessionAgentChoice", "Anthropic")
                              : QCoreApplication::translate("Proto::SessionAgentChoice", "OpenAI-compatible"),
                          config.url().host());
            choice.models = config.models;
            choice.defaultModel = settings.modelFor(config.name);
            // Claude has the core's default model; another provider's models are its own.
            choice.modelRequired
                = choice.defaultModel.isEmpty() && config.kind != ProviderConfig::Kind::Anthropic;
            choices.append(choice);
        }
        const QString provider
            = current && !current->provider.isEmpty() ? current->provider : settings.defaultProvider;
        dialog.setProviders(choices, provider);
        if (current)
            dialog.setModel(current->model.isEmpty() ? settings.modelFor(provider) : current->model);
        QPointer<LlmProviders> guard(providers);
        dialog.setModelLister([guard](const QString &name, QObject *context,
                                  std::function<void(const QStringList &, const QString &)> done) {
            LlmModelListJob *job = guard ? guard->listModels(name, context) : nullptr;
            if (!job) {
                done({}, QCoreApplication::translate("Proto::SessionAgentChoice", "unknown provider"));
                return;
            }
            QObject::connect(
                job, &LlmModelListJob::finished, context, [job, done](const QList<LlmModelInfo> &models) {
                    QStringList ids;
                    for (const LlmModelInfo &model : models)
                        ids.append(model.id);
                    done(ids, {});
                    job->deleteLater();
                });
            QObject::connect(job, &LlmModelListJob::failed, context, [job, done](const LlmError &error) {
                done({}, error.message);
                job->deleteLater();
            });
        });
    }
    if (agents) {
        const QString agent
            = current && !current->agent.isEmpty() ? current->agent : agents->defaultAgent().name;
        dialog.setAgents(agents->agents(), agent);
    }
}

} // namespace Proto
