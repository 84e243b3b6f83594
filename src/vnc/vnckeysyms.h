#pragma once

#include <QList>
#include <QString>
#include <QStringView>
#include <Qt>

#include <optional>

// X keysyms for VNC key events: from xdotool-style names ("ctrl+shift+t", "Return", "F5",
// "Page_Down"), from Unicode text, and from Qt key events.
namespace Proto::VncKeys {

// The keysym for one key name as xdotool spells it (case-sensitive for X names like "Return",
// case-insensitive for aliases like "ctrl", "enter", "pgdn"), a single character, or a hex
// keysym "0xff0d". Returns 0 when the name is unknown.
quint32 keysymForName(QStringView name);

// Parses "ctrl+shift+t" / "alt+F4" / "Return" into keysyms in press order (modifiers first).
// Empty parts, unknown names and more than 8 keys are errors (message in *error).
std::optional<QList<quint32>> parseCombination(QStringView combination, QString *error = nullptr);

// The keysym that types one Unicode code point: Latin-1 maps to itself, newline to Return,
// tab to Tab, everything else to 0x01000000 + code point. Returns 0 for other control characters.
quint32 keysymForCodePoint(char32_t codePoint);

// True for Shift/Control/Alt/Meta/Super/ISO_Level3_Shift keysyms.
bool isModifier(quint32 keysym);

// The keysym for a Qt key event (Qt::Key + the event's text). Letters keep their case from
// Shift so ctrl+shift+t works; returns 0 when the key has no X equivalent.
quint32 keysymForQtKey(int key, Qt::KeyboardModifiers modifiers, const QString &text);

} // namespace Proto::VncKeys
