#pragma once

#include <QFont>
#include <QString>

class QTermWidget;

namespace Proto {

// How terminals look and behave; the settings dialog owns the values and hands them to
// the panel (no global settings object is read from here).
struct TerminalSettings
{
    enum class Appearance
    {
        FollowSystem,
        Light,
        Dark
    };

    QFont font = defaultFont();
    Appearance appearance = Appearance::FollowSystem;
    QString lightColorScheme = QStringLiteral("ProtoLight"); // ours, see color-schemes/
    QString darkColorScheme = QStringLiteral("BreezeModified");
    int scrollbackLines = 10000; // < 0: unlimited, 0: none
    QString shellProgram; // empty: $SHELL, then /bin/bash, then /bin/sh
    bool blinkingCursor = false;

    static QFont defaultFont();
    // True when the terminal should use its dark scheme right now.
    bool isDark() const;
    QString colorScheme() const { return isDark() ? darkColorScheme : lightColorScheme; }
    QString resolvedShell() const;

    // Makes our own colour schemes known to QTermWidget (once per process).
    static void registerColorSchemes();
    // Applies font, colours, scrollback and cursor to a terminal widget.
    void applyTo(QTermWidget *terminal) const;
};

} // namespace Proto
