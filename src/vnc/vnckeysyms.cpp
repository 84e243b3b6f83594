#include "vnckeysyms.h"

#include <QCoreApplication>
#include <QHash>

namespace Proto::VncKeys {

namespace {

struct Named
{
    const char *name;
    quint32 keysym;
};

// X names, as xdotool and Xlib spell them.
constexpr Named kXNames[] = {
    { "BackSpace", 0xff08 },
    { "Tab", 0xff09 },
    { "ISO_Left_Tab", 0xfe20 },
    { "Linefeed", 0xff0a },
    { "Clear", 0xff0b },
    { "Return", 0xff0d },
    { "Pause", 0xff13 },
    { "Scroll_Lock", 0xff14 },
    { "Sys_Req", 0xff15 },
    { "Escape", 0xff1b },
    { "Delete", 0xffff },
    { "Home", 0xff50 },
    { "Left", 0xff51 },
    { "Up", 0xff52 },
    { "Right", 0xff53 },
    { "Down", 0xff54 },
    { "Prior", 0xff55 },
    { "Page_Up", 0xff55 },
    { "Next", 0xff56 },
    { "Page_Down", 0xff56 },
    { "End", 0xff57 },
    { "Begin", 0xff58 },
    { "Select", 0xff60 },
    { "Print", 0xff61 },
    { "Execute", 0xff62 },
    { "Insert", 0xff63 },
    { "Undo", 0xff65 },
    { "Redo", 0xff66 },
    { "Menu", 0xff67 },
    { "Find", 0xff68 },
    { "Cancel", 0xff69 },
    { "Help", 0xff6a },
    { "Break", 0xff6b },
    { "Num_Lock", 0xff7f },
    { "KP_Space", 0xff80 },
    { "KP_Tab", 0xff89 },
    { "KP_Enter", 0xff8d },
    { "KP_Home", 0xff95 },
    { "KP_Left", 0xff96 },
    { "KP_Up", 0xff97 },
    { "KP_Right", 0xff98 },
    { "KP_Down", 0xff99 },
    { "KP_Page_Up", 0xff9a },
    { "KP_Page_Down", 0xff9b },
    { "KP_End", 0xff9c },
    { "KP_Insert", 0xff9e },
    { "KP_Delete", 0xff9f },
    { "KP_Equal", 0xffbd },
    { "KP_Multiply", 0xffaa },
    { "KP_Add", 0xffab },
    { "KP_Separator", 0xffac },
    { "KP_Subtract", 0xffad },
    { "KP_Decimal", 0xffae },
    { "KP_Divide", 0xffaf },
    { "Shift_L", 0xffe1 },
    { "Shift_R", 0xffe2 },
    { "Control_L", 0xffe3 },
    { "Control_R", 0xffe4 },
    { "Caps_Lock", 0xffe5 },
    { "Shift_Lock", 0xffe6 },
    { "Meta_L", 0xffe7 },
    { "Meta_R", 0xffe8 },
    { "Alt_L", 0xffe9 },
    { "Alt_R", 0xffea },
    { "Super_L", 0xffeb },
    { "Super_R", 0xffec },
    { "Hyper_L", 0xffed },
    { "Hyper_R", 0xffee },
    { "ISO_Level3_Shift", 0xfe03 },
    { "Mode_switch", 0xff7e },
    { "space", 0x20 },
    { "exclam", 0x21 },
    { "quotedbl", 0x22 },
    { "numbersign", 0x23 },
    { "dollar", 0x24 },
    { "percent", 0x25 },
    { "ampersand", 0x26 },
    { "apostrophe", 0x27 },
    { "quoteright", 0x27 },
    { "parenleft", 0x28 },
    { "parenright", 0x29 },
    { "asterisk", 0x2a },
    { "plus", 0x2b },
    { "comma", 0x2c },
    { "minus", 0x2d },
    { "period", 0x2e },
    { "slash", 0x2f },
    { "colon", 0x3a },
    { "semicolon", 0x3b },
    { "less", 0x3c },
    { "equal", 0x3d },
    { "greater", 0x3e },
    { "question", 0x3f },
    { "at", 0x40 },
    { "bracketleft", 0x5b },
    { "backslash", 0x5c },
    { "bracketright", 0x5d },
    { "asciicircum", 0x5e },
    { "underscore", 0x5f },
    { "grave", 0x60 },
    { "quoteleft", 0x60 },
    { "braceleft", 0x7b },
    { "bar", 0x7c },
    { "braceright", 0x7d },
    { "asciitilde", 0x7e },
    { "XF86AudioMute", 0x1008ff12 },
    { "XF86AudioLowerVolume", 0x1008ff11 },
    { "XF86AudioRaiseVolume", 0x1008ff13 },
    { "XF86AudioPlay", 0x1008ff14 },
    { "XF86Back", 0x1008ff26 },
    { "XF86Forward", 0x1008ff27 },
    { "XF86Reload", 0x1008ff73 },
};

// Friendly aliases (matched case-insensitively), as models and people write them.
constexpr Named kAliases[] = {
    { "ctrl", 0xffe3 },
    { "control", 0xffe3 },
    { "shift", 0xffe1 },
    { "alt", 0xffe9 },
    { "option", 0xffe9 },
    { "altgr", 0xfe03 },
    { "meta", 0xffe7 },
    { "super", 0xffeb },
    { "win", 0xffeb },
    { "windows", 0xffeb },
    { "cmd", 0xffeb },
    { "command", 0xffeb },
    { "enter", 0xff0d },
    { "return", 0xff0d },
    { "esc", 0xff1b },
    { "escape", 0xff1b },
    { "backspace", 0xff08 },
    { "bksp", 0xff08 },
    { "tab", 0xff09 },
    { "del", 0xffff },
    { "delete", 0xffff },
    { "ins", 0xff63 },
    { "insert", 0xff63 },
    { "home", 0xff50 },
    { "end", 0xff57 },
    { "pgup", 0xff55 },
    { "pageup", 0xff55 },
    { "page_up", 0xff55 },
    { "pgdn", 0xff56 },
    { "pagedown", 0xff56 },
    { "page_down", 0xff56 },
    { "left", 0xff51 },
    { "up", 0xff52 },
    { "right", 0xff53 },
    { "down", 0xff54 },
    { "space", 0x20 },
    { "spacebar", 0x20 },
    { "menu", 0xff67 },
    { "printscreen", 0xff61 },
    { "print", 0xff61 },
    { "capslock", 0xffe5 },
    { "numlock", 0xff7f },
    { "scrolllock", 0xff14 },
    { "pause", 0xff13 },
};

const QHash<QString, quint32> &exactNames()
{
    static const QHash<QString, quint32> table = [] {
        QHash<QString, quint32> t;
        for (const Named &n : kXNames)
            t.insert(QLatin1String(n.name), n.keysym);
        for (int i = 0; i <= 9; ++i)
            t.insert(QStringLiteral("KP_%1").arg(i), 0xffb0 + quint32(i));
        for (int i = 1; i <= 35; ++i)
            t.insert(QStringLiteral("F%1").arg(i), 0xffbe + quint32(i - 1));
        return t;
    }();
    return table;
}

const QHash<QString, quint32> &aliasNames()
{
    static const QHash<QString, quint32> table = [] {
        QHash<QString, quint32> t;
        for (const Named &n : kAliases)
            t.insert(QLatin1String(n.name), n.keysym);
        for (int i = 1; i <= 35; ++i)
            t.insert(QStringLiteral("f%1").arg(i), 0xffbe + quint32(i - 1));
        return t;
    }();
    return table;
}

} // namespace

quint32 keysymForCodePoint(char32_t codePoint)
{
    if (codePoint == U'\n' || codePoint == U'\r')
        return 0xff0d;
    if (codePoint == U'\t')
        return 0xff09;
    if (codePoint == 0x08)
        return 0xff08;
    if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0))
        return 0;
    if (codePoint < 0x100)
        return quint32(codePoint);
    if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff))
        return 0;
    return 0x01000000u + quint32(codePoint);
}

quint32 keysymForName(QStringView name)
{
    if (name.isEmpty())
        return 0;
    const QString s = name.toString();
    if (const auto it = exactNames().constFind(s); it != exactNames().cend())
        return *it;
    if (const auto it = aliasNames().constFind(s.toLower()); it != aliasNames().cend())
        return *it;
    const QList<uint> ucs = s.toUcs4();
    if (ucs.size() == 1)
        return keysymForCodePoint(char32_t(ucs.first()));
    if (s.size() > 2 && (s.startsWith(QLatin1String("0x")) || s.startsWith(QLatin1String("0X")))) {
        bool ok = false;
        const uint value = s.mid(2).toUInt(&ok, 16);
        if (ok && value > 0 && value <= 0x1ffffffu)
            return value;
    }
    return 0;
}

bool isModifier(quint32 keysym)
{
    return (keysym >= 0xffe1 && keysym <= 0xffee) || keysym == 0xfe03 || keysym == 0xff7e;
}

std::optional<QList<quint32>> parseCombination(QStringView combination, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<QList<quint32>> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QStringView trimmed = combination.trimmed();
    if (trimmed.isEmpty())
        return fail(QCoreApplication::translate("VncKeys", "No key given."));
    // "+" alone or at the end ("ctrl++") names the plus key itself.
    QList<QStringView> parts;
    qsizetype start = 0;
    for (qsizetype i = 0; i < trimmed.size(); ++i) {
        if (trimmed.at(i) == u'+' && i > start) {
            parts.append(trimmed.mid(start, i - start));
            start = i + 1;
        }
    }
    parts.append(trimmed.mid(start));
    if (parts.size() > 8)
        return fail(QCoreApplication::translate("VncKeys", "Too many keys in \"%1\".").arg(trimmed));
    QList<quint32> keysyms;
    for (const QStringView part : parts) {
        const QStringView p = part.trimmed();
        if (p.isEmpty())
            return fail(QCoreApplication::translate("VncKeys", "Empty key name in \"%1\".").arg(trimmed));
        const quint32 keysym = keysymForName(p);
        if (keysym == 0)
            return fail(QCoreApplication::translate("VncKeys", "Unknown key \"%1\".").arg(p));
        keysyms.append(keysym);
    }
    // A keyboard with Shift held types capitals: send them, as viewers do, or servers that
    // match keysyms to modifiers (TigerVNC) undo the Shift to produce a lowercase letter.
    if (keysyms.contains(0xffe1u) || keysyms.contains(0xffe2u)) {
        for (quint32 &keysym : keysyms) {
            if (keysym >= 'a' && keysym <= 'z')
                keysym -= 'a' - 'A';
            else if ((keysym >= 0xe0 && keysym <= 0xfe && keysym != 0xf7))
                keysym -= 0x20;
        }
    }
    return keysyms;
}

quint32 keysymForQtKey(int key, Qt::KeyboardModifiers modifiers, const QString &text)
{
    switch (key) {
    case Qt::Key_Escape:
        return 0xff1b;
    case Qt::Key_Tab:
        return 0xff09;
    case Qt::Key_Backtab:
        return 0xfe20;
    case Qt::Key_Backspace:
        return 0xff08;
    case Qt::Key_Return:
        return 0xff0d;
    case Qt::Key_Enter:
        return 0xff8d;
    case Qt::Key_Insert:
        return 0xff63;
    case Qt::Key_Delete:
        return 0xffff;
    case Qt::Key_Pause:
        return 0xff13;
    case Qt::Key_Print:
        return 0xff61;
    case Qt::Key_SysReq:
        return 0xff15;
    case Qt::Key_Clear:
        return 0xff0b;
    case Qt::Key_Home:
        return 0xff50;
    case Qt::Key_End:
        return 0xff57;
    case Qt::Key_Left:
        return 0xff51;
    case Qt::Key_Up:
        return 0xff52;
    case Qt::Key_Right:
        return 0xff53;
    case Qt::Key_Down:
        return 0xff54;
    case Qt::Key_PageUp:
        return 0xff55;
    case Qt::Key_PageDown:
        return 0xff56;
    case Qt::Key_Shift:
        return 0xffe1;
    case Qt::Key_Control:
        return 0xffe3;
    case Qt::Key_Meta:
        return 0xffeb;
    case Qt::Key_Alt:
        return 0xffe9;
    case Qt::Key_AltGr:
        return 0xfe03;
    case Qt::Key_CapsLock:
        return 0xffe5;
    case Qt::Key_NumLock:
        return 0xff7f;
    case Qt::Key_ScrollLock:
        return 0xff14;
    case Qt::Key_Super_L:
        return 0xffeb;
    case Qt::Key_Super_R:
        return 0xffec;
    case Qt::Key_Menu:
        return 0xff67;
    case Qt::Key_Hyper_L:
        return 0xffed;
    case Qt::Key_Hyper_R:
        return 0xffee;
    case Qt::Key_Help:
        return 0xff6a;
    case Qt::Key_Space:
        return 0x20;
    default:
        break;
    }
    if (key >= Qt::Key_F1 && key <= Qt::Key_F35)
        return 0xffbe + quint32(key - Qt::Key_F1);
    if (key >= Qt::Key_A && key <= Qt::Key_Z) {
        // With Ctrl held the event text is a control character: take the letter from the key.
        const bool upper = modifiers.testFlag(Qt::ShiftModifier);
        return quint32(upper ? key : key - Qt::Key_A + 'a');
    }
    const QList<uint> ucs = text.toUcs4();
    if (ucs.size() == 1) {
        if (const quint32 keysym = keysymForCodePoint(char32_t(ucs.first())))
            return keysym;
    }
    if (key >= 0x20 && key <= 0xff)
        return quint32(key);
    return 0;
}

} // namespace Proto::VncKeys
