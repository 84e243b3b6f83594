#pragma once

#include "sessionpanel.h"

#include <QList>
#include <QString>

#include <functional>

namespace Proto {

// The panel kinds SessionView shows for a session. Panel libraries (ui/<panel>/) add a factory
// from their register function (see ui/CMakeLists.txt, proto_ui_register_panel()); the
// application fills one registry with registerBuiltinPanels() and hands it to MainWindow.
class PanelRegistry final
{
public:
    enum class Area
    {
        Primary, // the left column of the session area (the conversation)
        Workspace, // the tabs beside it (files, terminal, computer)
    };

    struct Factory
    {
        QString id; // stable, e.g. "chat", "files", "terminal", "computer"
        Area area = Area::Workspace;
        int order = 0; // lower comes first within its area
        std::function<SessionPanel *(const PanelContext &context, QWidget *parent)> create;
    };

    // Replaces a factory with the same id. Returns false (and adds nothing) when the factory
    // has no id or no create function.
    bool add(Factory factory);
    bool remove(const QString &id);
    bool contains(const QString &id) const;
    bool isEmpty() const;

    // Ordered by area, then order, then id.
    QList<Factory> factories() const;
    QList<Factory> factories(Area area) const;

private:
    QList<Factory> m_factories;
};

} // namespace Proto
