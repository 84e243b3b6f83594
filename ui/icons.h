#pragma once

#include <QIcon>
#include <QPalette>
#include <QStringView>

namespace Proto {

// Our SVG icons (resources/icons). Icons drawn with stroke="currentColor" are painted in the
// palette's text colour (highlighted text when selected, the disabled colour when disabled), at
// the exact size and device pixel ratio asked for, so they stay crisp on HiDPI screens and
// readable in light and dark themes. Call again after a palette change to follow the theme.
namespace Icons {

QIcon themed(QStringView name, const QPalette &palette);
QIcon appIcon();

} // namespace Icons
} // namespace Proto
