#pragma once

#include "records.h"

#include <QDialog>
#include <QList>

#include <functional>
#include <memory>

namespace Proto {

namespace Ui {
class NewSessionDialog;
}

// Asks for a new session's title, machine and working folder (.ui form). For this computer the
// folder must exist (the home folder by default); for a remote machine an empty folder means
// the remote user's home folder.
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

    // Empty when the input can be accepted, else what is wrong (shown in the dialog).
    QString problem() const;

    void accept() override;

private:
    void fillMachines();
    void updateForMachine();
    void updateProblem();
    bool currentIsLocal() const;

    std::unique_ptr<Ui::NewSessionDialog> m_ui;
    QList<MachineRecord> m_machines;
    std::function<QString(QList<MachineRecord> *machines)> m_addMachine;
};

} // namespace Proto
