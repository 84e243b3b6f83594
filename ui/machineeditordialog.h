#pragma once

#include "records.h"

#include <QDialog>
#include <QPointer>

#include <memory>

namespace Proto {

class MachineRegistry;
class SshMachine;
class CommandJob;

namespace Ui {
class MachineEditorDialog;
}

// Adds or edits an SSH machine (.ui form): name, host, port, user, identity file, host key
// policy, VNC endpoint. Test Connection connects with the form's settings (the registry's
// prompter asks about the host key and secrets), runs `uname -a` and shows the result or the
// connection's own error. Save validates and writes through the registry.
class MachineEditorDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MachineEditorDialog)

public:
    explicit MachineEditorDialog(MachineRegistry *registry, QWidget *parent = nullptr);
    ~MachineEditorDialog() override;

    void setRecord(const MachineRecord &record); // edit an existing machine
    MachineRecord record() const; // the form as a record (id kept when editing)
    QString savedId() const { return m_savedId; } // after accept()
    QString problem() const; // empty when the form can be saved
    QString testResult() const;
    bool isTesting() const;

    void accept() override;
    void testConnection();

Q_SIGNALS:
    void testFinished(bool ok, const QString &message);

private:
    void updateProblem();
    void finishTest(bool ok, const QString &message);
    void browseIdentity();

    std::unique_ptr<Ui::MachineEditorDialog> m_ui;
    MachineRegistry *m_registry;
    MachineRecord m_base;
    QString m_savedId;
    QPointer<SshMachine> m_testMachine;
    QPointer<CommandJob> m_testJob;
};

} // namespace Proto
