#include "panelregistry.h"

#include <algorithm>

namespace Proto {

bool PanelRegistry::add(Factory factory)
{
    if (factory.id.isEmpty() || !factory.create)
        return false;
    remove(factory.id);
    m_factories.append(std::move(factory));
    std::stable_sort(m_factories.begin(), m_factories.end(), [](const Factory &a, const Factory &b) {
        if (a.area != b.area)
            return a.area < b.area;
        if (a.order != b.order)
            return a.order < b.order;
        return a.id < b.id;
    });
    return true;
}

bool PanelRegistry::remove(const QString &id)
{
    return m_factories.removeIf([&id](const Factory &f) { return f.id == id; }) > 0;
}

bool PanelRegistry::contains(const QString &id) const
{
    return std::any_of(
        m_factories.cbegin(), m_factories.cend(), [&id](const Factory &f) { return f.id == id; });
}

bool PanelRegistry::isEmpty() const
{
    return m_factories.isEmpty();
}

QList<PanelRegistry::Factory> PanelRegistry::factories() const
{
    return m_factories;
}

QList<PanelRegistry::Factory> PanelRegistry::factories(Area area) const
{
    QList<Factory> result;
    for (const Factory &f : m_factories) {
        if (f.area == area)
            result.append(f);
    }
    return result;
}

} // namespace Proto
