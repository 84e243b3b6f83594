#pragma once

#include "agentdefinition.h"
#include "records.h"

#include <QDialog>
#include <QList>

#include <functional>
#include <memory>

namespace Proto {

namespace Ui {
class NewSessionDialog;
}

// Asks for a new session's title, machine and working folder, and its provider, model and agent
// (.ui form). For this computer the folder must exist (the home folder by default); for a remote
// machine an empty folder means the remote user's home folder. The model list comes from the
// provider (setModelLister) plus the ids the provider's settings name; any typed id is allowed
// (empty: the provider's default). With agentOnly the dialog changes an existing session's
// provider, model and agent and hides the rest.
class NewSessionDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NewSessionDialog)

public:
    NewSessionDialog(const QList<MachineRecord> &machines, QWidget *parent = nullptr);
    ~NewSessionDialog() override;

    QString title() const;
    void setTitle(const QString &title);
    QString machineId() const;
    bool setMachineId(const QString &id);
    QString workingDirectory() const; // absolute, cleaned for local machines
    void setWorkingDirectory(const QString &folder);

    // Shows "Add machine…": the handler opens the machine editor and returns the new machine's
    // id (empty when cancelled) with every machine in *machines.
    void setAddMachineHandler(std::function<QString(QList<MachineRecord> *machines)> handler);

    struct ProviderChoice
    {
        QString name;
        QString label; // e.g. "openai (OpenAI-compatible, https://…)"
        QStringList models; // from the settings
        QString defaultModel; // what an empty model means
        bool modelRequired = false; // no default: a model must be chosen or typed
    };
    // lister(provider, done): asks the provider for its models; done(models, error) may run
    // later, on the GUI thread, while the dialog lives.
    using ModelLister = std::function<void(const QString &provider, QObject *context,
        std::function<void(const QStringList &, const QString &)>)>;
    void setProviders(const QList<ProviderChoice> &providers, const QString &current);
    void setModelLister(ModelLister lister);
    void setAgents(const QList<AgentDefinition> &agents, const QString &current);
    void setAgentOnly(bool agentOnly);
    QString provider() const;
    bool setProvider(const QString &name);
    QString model() const; // "" = the provider's default
    void setModel(const QString &model);
    QString agent() const;
    bool setAgent(const QString &name);

    // Empty when the input can be accepted, else what is wrong (shown in the dialog).
    QString problem() const;

    void accept() override;

private:
    void fillMachines();
    void updateForMachine();
    void updateProblem();
    bool currentIsLocal() const;
    void updateForProvider();
    void refreshModels();
    void updateAgentDescription();

    std::unique_ptr<Ui::NewSessionDialog> m_ui;
    QList<MachineRecord> m_machines;
    std::function<QString(QList<MachineRecord> *machines)> m_addMachine;
    QList<ProviderChoice> m_providers;
    QList<AgentDefinition> m_agents;
    ModelLister m_lister;
    bool m_agentOnly = false;
    int m_listing = 0; // counts requests, so a late answer for another provider is ignored
};

} // namespace Proto
