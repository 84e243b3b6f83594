#pragma once

#include "appsettings.h"

#include <QPalette>

namespace Proto {

// Light and dark appearance for the whole application. System follows the platform's colour
// scheme (QStyleHints::colorScheme, Qt 6.5+) and keeps the native style when the platform
// draws that scheme itself; a forced light or dark scheme uses the Fusion style with our own
// palette, so it looks the same everywhere.
namespace Theme {

// Applies mode to the running QApplication. Safe to call repeatedly.
void apply(AppSettings::ThemeMode mode);

// Whether the scheme in effect is dark (after apply()).
bool isDark();

QPalette lightPalette();
QPalette darkPalette();

} // namespace Theme
} // namespace Proto
