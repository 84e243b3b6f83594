#include "resourcepaths.h"

namespace Proto {

QString iconResourcePath(QStringView name)
{
    return QStringLiteral(":/icons/") + name + QStringLiteral(".svg");
}

QString appIconResourcePath()
{
    return iconResourcePath(u"proto-desktop");
}

} // namespace Proto
