#pragma once

#include <QString>
#include <QStringView>

namespace Proto {

// The resource path of one of our icons (resources/icons/<name>.svg), e.g. ":/icons/settings.svg".
QString iconResourcePath(QStringView name);

// The application icon (resources/icons/proto-desktop.svg).
QString appIconResourcePath();

} // namespace Proto
