#include "terminalsettings.h"

#include <QFileInfo>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QPalette>
#include <QStyleHints>
#include <qtermwidget.h>

namespace Proto {

QFont TerminalSettings::defaultFont()
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setStyleHint(QFont::TypeWriter);
    if (font.pointSizeF() <= 0 || font.pointSizeF() < 9)
        font.setPointSize(10);
    return font;
}

bool TerminalSettings::isDark() const
{
    switch (appearance) {
    case Appearance::Light:
        return false;
    case Appearance::Dark:
        return true;
    case Appearance::FollowSystem:
        break;
    }
    const Qt::ColorScheme scheme = QGuiApplication::styleHints()->colorScheme();
    if (scheme != Qt::ColorScheme::Unknown)
        return scheme == Qt::ColorScheme::Dark;
    const QPalette palette = QGuiApplication::palette();
    return palette.color(QPalette::Window).lightness() < palette.color(QPalette::WindowText).lightness();
}

QString TerminalSettings::resolvedShell() const
{
    if (!shellProgram.isEmpty())
        return shellProgram;
    const QString fromEnv = qEnvironmentVariable("SHELL");
    if (!fromEnv.isEmpty() && QFileInfo(fromEnv).isExecutable())
        return fromEnv;
    if (QFileInfo(QStringLiteral("/bin/bash")).isExecutable())
        return QStringLiteral("/bin/bash");
    return QStringLiteral("/bin/sh");
}

void TerminalSettings::registerColorSchemes()
{
    static const bool registered = [] {
        QTermWidget::addCustomColorSchemeDir(QStringLiteral(":/proto/terminal/color-schemes"));
        return true;
    }();
    Q_UNUSED(registered);
}

void TerminalSettings::applyTo(QTermWidget *terminal) const
{
    registerColorSchemes();
    terminal->setTerminalFont(font);
    const QString scheme = colorScheme();
    if (QTermWidget::availableColorSchemes().contains(scheme))
        terminal->setColorScheme(scheme);
    else
        terminal->setColorScheme(isDark() ? QStringLiteral("WhiteOnBlack") : QStringLiteral("BlackOnWhite"));
    terminal->setHistorySize(scrollbackLines);
    terminal->setBlinkingCursor(blinkingCursor);
}

} // namespace Proto
