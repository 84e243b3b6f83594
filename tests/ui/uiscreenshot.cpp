// proto-ui-screenshot OUTDIR: a development tool, not part of the product. Starts the real main
// window offscreen on a temporary data folder with a few sessions, and saves PNGs of it (light,
// dark, empty) and of the dialogs, for the README and for checking the layout by eye:
//   tools/env sh -c 'QT_QPA_PLATFORM=offscreen build/tests/bin/proto-ui-screenshot docs/screenshots'
#include "application.h"
#include "appsettings.h"
#include "mainwindow.h"
#include "newsessiondialog.h"
#include "panelregistry.h"
#include "secretdialog.h"
#include "sessionlistmodel.h"
#include "settingsdialog.h"
#include "store.h"
#include "theme.h"

#include <QApplication>
#include <QDir>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace Proto;

namespace {

bool save(QWidget *widget, const QString &path)
{
    QApplication::processEvents();
    QTest::qWait(50);
    const bool ok = widget->grab().save(path);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

void addSessions(Store *store, SessionListModel *model, const QString &home)
{
    MachineRecord web;
    web.id = Store::newId();
    web.name = QStringLiteral("web-1");
    web.kind = QStringLiteral("ssh");
    web.host = QStringLiteral("web-1.internal");
    web.user = QStringLiteral("deploy");
    web.created = QDateTime::currentDateTimeUtc();
    store->saveMachine(web);
    store->flush();
    model->reloadMachines();

    struct Row
    {
        const char *title;
        QString machine;
        QString folder;
        const char *state;
        bool archived;
    };
    const Row rows[] = {
        { "Clean up old release branches", QStringLiteral("local"), home + QStringLiteral("/src/proto"),
            "idle", true },
        { "Write the quarterly usage report", QStringLiteral("local"), home + QStringLiteral("/reports"),
            "idle", false },
        { "Rotate the TLS certificates", web.id, QStringLiteral("/etc/nginx"), "error", false },
        { "Deploy the staging build", web.id, QStringLiteral("/srv/www"), "waiting", false },
        { "Fix the failing CI build", QStringLiteral("local"), home + QStringLiteral("/src/proto"), "running",
            false },
    };
    for (const Row &row : rows) {
        QDir().mkpath(row.folder.startsWith(home) ? row.folder : home);
        auto s = model->createSession(
            QString::fromUtf8(row.title), row.machine, row.folder, QStringLiteral("claude-sonnet-4-5"));
        if (!s)
            continue;
        s->state = QString::fromLatin1(row.state);
        s->archived = row.archived;
        store->saveSession(*s);
        store->flush();
        QTest::qWait(5);
    }
    model->reload();
}

} // namespace

int main(int argc, char **argv)
{
    // A home folder of its own, so the pictures show "~/..." and nothing of the real one.
    QTemporaryDir home;
    qputenv("HOME", QFile::encodeName(home.path()));
    QApplication app(argc, argv);
    setApplicationIdentity();
    installTranslators(app);
    if (argc < 2) {
        std::fprintf(stderr, "usage: proto-ui-screenshot OUTDIR\n");
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    QDir().mkpath(out);
    QStandardPaths::setTestModeEnabled(true);
    const QString data = home.filePath(QStringLiteral(".local/share/proto-desktop"));
    QDir().mkpath(data);
    qputenv("PROTO_DESKTOP_HOME", QFile::encodeName(data));

    auto opened = Store::open(Store::defaultPath());
    if (!opened.store) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.message));
        return 1;
    }
    Store *store = opened.store.get();
    PanelRegistry registry;
    bool ok = true;
    {
        MainWindow window(store, registry);
        window.resize(1280, 800);
        window.show();
        ok &= save(&window, out + QStringLiteral("/main-window-empty.png"));

        NewSessionDialog dialog(store->machines(), &window);
        dialog.show();
        ok &= save(&dialog, out + QStringLiteral("/new-session.png"));
        dialog.hide();

        addSessions(store, window.sessionModel(), home.path());
        const QModelIndex first = window.sessionModel()->index(window.sessionModel()->rowCount() - 1);
        window.selectSession(first.data(SessionListModel::IdRole).toString());
        window.settings()->setTheme(AppSettings::ThemeMode::Light);
        ok &= save(&window, out + QStringLiteral("/main-window.png"));

        // The password prompt as an SSH login shows it: the remembered one was refused.
        SecretDialog secret(&window);
        secret.setWindowTitle(QStringLiteral("Password for web-1"));
        secret.setProblem(QStringLiteral("The password remembered in the keychain was refused."));
        secret.setQuestion(QStringLiteral("Password for deploy@10.0.0.5:"));
        secret.offerRemember({}, true);
        secret.show();
        ok &= save(&secret, out + QStringLiteral("/secret-dialog.png"));
        secret.hide();

        SettingsDialog settings(window.settings(), &window);
        settings.show();
        ok &= save(&settings, out + QStringLiteral("/settings.png"));
        // The Limits page: the defaults a fresh install enforces.
        if (auto *tabs = settings.findChild<QTabWidget *>(QStringLiteral("tabs"))) {
            tabs->setCurrentIndex(tabs->indexOf(settings.findChild<QWidget *>(QStringLiteral("limitsTab"))));
            ok &= save(&settings, out + QStringLiteral("/settings-limits.png"));
            tabs->setCurrentIndex(0);
        }
        settings.hide();

        window.settings()->setTheme(AppSettings::ThemeMode::Dark);
        ok &= save(&window, out + QStringLiteral("/main-window-dark.png"));
        window.settings()->setTheme(AppSettings::ThemeMode::System);
    }
    return ok ? 0 : 1;
}
