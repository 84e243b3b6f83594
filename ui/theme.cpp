#include "theme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleHints>

namespace Proto::Theme {
namespace {

QString &originalStyleName()
{
    static QString name;
    return name;
}

QPalette &originalPalette()
{
    static QPalette palette;
    return palette;
}

bool &darkInEffect()
{
    static bool dark = false;
    return dark;
}

void setColours(QPalette &p, const QColor &window, const QColor &base, const QColor &alternate,
    const QColor &text, const QColor &button, const QColor &highlight, const QColor &highlightedText,
    const QColor &placeholder, const QColor &disabledText, const QColor &link, bool dark)
{
    for (const auto group : { QPalette::Active, QPalette::Inactive, QPalette::Disabled }) {
        p.setColor(group, QPalette::Window, window);
        p.setColor(group, QPalette::Base, base);
        p.setColor(group, QPalette::AlternateBase, alternate);
        p.setColor(group, QPalette::Button, button);
        p.setColor(group, QPalette::ToolTipBase, dark ? button : QColor(0xff, 0xff, 0xe8));
        p.setColor(group, QPalette::ToolTipText, text);
        p.setColor(group, QPalette::Link, link);
        p.setColor(group, QPalette::LinkVisited, link.darker(120));
        p.setColor(group, QPalette::PlaceholderText, placeholder);
        p.setColor(group, QPalette::BrightText, QColor(0xff, 0x55, 0x55));
        p.setColor(group, QPalette::Light, dark ? button.lighter(135) : QColor(0xff, 0xff, 0xff));
        p.setColor(group, QPalette::Midlight, dark ? button.lighter(115) : window.darker(105));
        p.setColor(group, QPalette::Mid, dark ? window.lighter(150) : window.darker(125));
        p.setColor(group, QPalette::Dark, dark ? window.darker(150) : window.darker(150));
        p.setColor(group, QPalette::Shadow, QColor(0, 0, 0, dark ? 160 : 90));
        p.setColor(group, QPalette::Accent, highlight);
        const bool disabled = group == QPalette::Disabled;
        p.setColor(group, QPalette::WindowText, disabled ? disabledText : text);
        p.setColor(group, QPalette::Text, disabled ? disabledText : text);
        p.setColor(group, QPalette::ButtonText, disabled ? disabledText : text);
        p.setColor(group, QPalette::Highlight,
            disabled ? (dark ? button.lighter(120) : window.darker(115)) : highlight);
        p.setColor(group, QPalette::HighlightedText, disabled ? disabledText : highlightedText);
    }
    p.setColor(
        QPalette::Inactive, QPalette::Highlight, dark ? highlight.darker(160) : highlight.lighter(160));
    p.setColor(QPalette::Inactive, QPalette::HighlightedText, dark ? highlightedText : text);
}

Qt::ColorScheme platformScheme()
{
    return QGuiApplication::styleHints()->colorScheme();
}

} // namespace

QPalette lightPalette()
{
    QPalette p;
    setColours(p, QColor(0xf3, 0xf4, 0xf6), QColor(0xff, 0xff, 0xff), QColor(0xf6, 0xf7, 0xf9),
        QColor(0x1f, 0x23, 0x28), QColor(0xf6, 0xf7, 0xf9), QColor(0x2f, 0x6f, 0xdf),
        QColor(0xff, 0xff, 0xff), QColor(0x8a, 0x90, 0x99), QColor(0xa0, 0xa5, 0xad),
        QColor(0x1f, 0x5f, 0xc8), false);
    return p;
}

QPalette darkPalette()
{
    QPalette p;
    setColours(p, QColor(0x25, 0x27, 0x2b), QColor(0x1c, 0x1d, 0x20), QColor(0x2a, 0x2c, 0x31),
        QColor(0xe4, 0xe6, 0xea), QColor(0x30, 0x33, 0x38), QColor(0x3b, 0x7d, 0xe8),
        QColor(0xff, 0xff, 0xff), QColor(0x86, 0x8b, 0x94), QColor(0x6c, 0x71, 0x79),
        QColor(0x7a, 0xb0, 0xff), true);
    return p;
}

void apply(AppSettings::ThemeMode mode)
{
    auto *app = qobject_cast<QApplication *>(QCoreApplication::instance());
    if (!app)
        return;
    if (originalStyleName().isEmpty()) {
        originalStyleName() = QApplication::style()->name();
        originalPalette() = QApplication::palette();
    }

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    // Ask the platform to draw its own parts (title bars, native dialogs) in the chosen scheme.
    QGuiApplication::styleHints()->setColorScheme(mode == AppSettings::ThemeMode::Light
            ? Qt::ColorScheme::Light
            : mode == AppSettings::ThemeMode::Dark ? Qt::ColorScheme::Dark
                                                   : Qt::ColorScheme::Unknown);
#endif

    const bool systemDark = platformScheme() == Qt::ColorScheme::Dark;
    const bool dark
        = mode == AppSettings::ThemeMode::Dark || (mode == AppSettings::ThemeMode::System && systemDark);
    darkInEffect() = dark;

    if (mode == AppSettings::ThemeMode::System && !systemDark) {
        // The platform's own light look.
        if (QApplication::style()->name() != originalStyleName())
            QApplication::setStyle(originalStyleName());
        QApplication::setPalette(originalPalette());
        return;
    }
    if (QApplication::style()->name().compare(u"fusion", Qt::CaseInsensitive) != 0)
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(dark ? darkPalette() : lightPalette());
}

bool isDark()
{
    return darkInEffect();
}

} // namespace Proto::Theme
