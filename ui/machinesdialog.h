#pragma once

#include <QDialog>

class QListWidget;
class QPushButton;

namespace Proto {

class MachineRegistry;

// Machines > Manage Machines: every machine with add, edit, remove and import from
// ~/.ssh/config. Changes are written through the registry at once.
class MachinesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MachinesDialog)

public:
    explicit MachinesDialog(MachineRegistry *registry, QWidget *parent = nullptr);

    QListWidget *list() const { return m_list; }
    void addMachine();
    void editMachine();
    void removeMachine();
    // Imports every Host alias not yet known; returns what it says to the user.
    QString importFromSshConfig(const QString &path = {});

private:
    void reload();
    void updateButtons();
    QString currentId() const;

    MachineRegistry *m_registry;
    QListWidget *m_list;
    QPushButton *m_edit;
    QPushButton *m_remove;
};

} // namespace Proto
