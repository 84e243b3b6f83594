#include "application.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#ifndef PROTO_VERSION
#define PROTO_VERSION "0.0.0"
#endif

namespace Proto {

void setApplicationIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("proto-desktop"));
    QCoreApplication::setOrganizationName(QString());
    QCoreApplication::setOrganizationDomain(QStringLiteral("protodesktop.org"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROTO_VERSION));
    if (qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        QGuiApplication::setApplicationDisplayName(QStringLiteral("Proto Desktop"));
        QGuiApplication::setDesktopFileName(QStringLiteral("org.protodesktop.ProtoDesktop"));
    }
}

bool installTranslators(QCoreApplication &app)
{
    const QLocale locale;
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;

    auto *ours = new QTranslator(&app);
    if (ours->load(locale, QStringLiteral("proto-desktop"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(ours);
        return true;
    }
    delete ours;
    return false;
}

} // namespace Proto
