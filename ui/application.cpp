#include "application.h"

#include <QCoreApplication>
#include <QDir>
#include <QGuiApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QStandardPaths>
#include <QTranslator>

#ifndef PROTO_VERSION
#define PROTO_VERSION "0.0.0"
#endif

namespace Proto {
namespace {

struct Application
{
    Q_DECLARE_TR_FUNCTIONS(Proto::Application)
};

} // namespace

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

QString commandLineDescription()
{
    return Application::tr(
        "Proto Desktop: hand work to AI agents and watch and steer them while they operate real "
        "computers.\n\nData folder: $PROTO_DESKTOP_HOME, else %1.")
        .arg(QDir::toNativeSeparators(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
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
