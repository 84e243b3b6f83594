// proto-providers-screenshot OUTDIR: a development tool, not part of the product. Shows the New
// Session dialog (provider, model listed by the fake OpenAI-compatible server, agent with its
// description) and the Settings dialog's Providers page with a user's provider, offscreen, and
// saves new-session-providers.png and settings-providers.png:
//   tools/env sh -c 'QT_QPA_PLATFORM=offscreen build/tests/bin/proto-providers-screenshot docs/screenshots'
#include "agenthost.h"
#include "agentsettings.h"
#include "agenttestfixture.h"
#include "application.h"
#include "appsettings.h"
#include "llmproviders.h"
#include "newsessiondialog.h"
#include "sessionagentchoice.h"
#include "settingsdialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

#include <cstdio>

using namespace Proto;
using namespace ProtoTest;
using namespace Qt::StringLiterals;

namespace {

bool save(QWidget *widget, const QString &path)
{
    QApplication::processEvents();
    QTest::qWait(150);
    const bool ok = widget->grab().save(path);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

} // namespace

int main(int argc, char **argv)
{
    QTemporaryDir home;
    qputenv("HOME", QFile::encodeName(home.path()));
    QApplication app(argc, argv);
    setApplicationIdentity();
    if (argc < 2) {
        std::fprintf(stderr, "usage: proto-providers-screenshot OUTDIR\n");
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    QDir().mkpath(out);
    QStandardPaths::setTestModeEnabled(true);

    AgentFixture f;
    if (!f.init())
        return 1;
    const QString url = f.server.baseUrl().toString() + u"/v1"_s;
    ProviderConfig local;
    local.name = u"ollama"_s;
    local.kind = ProviderConfig::Kind::OpenAiCompatible;
    local.baseUrl = url;
    local.keyEnv = u"OLLAMA_API_KEY"_s;
    local.models = { u"qwen3-coder:30b"_s };
    QString error;
    AgentSettings::addProvider(*f.store, local, &error);
    AgentSettings::setDefaultProvider(*f.store, u"ollama"_s);
    f.store->flush();
    QJsonArray models;
    for (const QString &id : { u"qwen3-coder:30b"_s, u"llama3.3:70b"_s, u"gpt-oss:20b"_s, u"devstral:24b"_s })
        models.append(QJsonObject { { u"id"_s, id }, { u"object"_s, u"model"_s } });
    f.server.enqueueJson(QJsonObject { { u"path"_s, u"/v1/models"_s },
        { u"json"_s, QJsonObject { { u"object"_s, u"list"_s }, { u"data"_s, models } } } });

    AgentHost host(f.store.get(), false);
    QList<MachineRecord> machines = f.store->machines();
    {
        NewSessionDialog dialog(machines);
        dialog.setTitle(u"Fix the flaky upload test"_s);
        dialog.setWorkingDirectory(f.project);
        SessionAgentChoice::fill(dialog, host.providers(), host.services()->agents, nullptr);
        dialog.setAgent(u"coder"_s);
        dialog.show();
        auto *combo = dialog.findChild<QComboBox *>(u"modelCombo"_s);
        for (int i = 0; i < 100 && combo->count() < 4; ++i)
            QTest::qWait(20);
        dialog.resize(580, dialog.sizeHint().height());
        save(&dialog, QDir(out).filePath(u"new-session-providers.png"_s));
    }
    {
        AppSettings settings(f.store.get());
        SettingsDialog dialog(&settings);
        dialog.setApiKeyProvider(host.keys());
        dialog.resize(760, 620);
        auto *tabs = dialog.findChild<QTabWidget *>(u"tabs"_s);
        tabs->setCurrentWidget(dialog.findChild<QWidget *>(u"providersTab"_s));
        auto *table = dialog.findChild<QTableWidget *>(u"providersTable"_s);
        table->selectRow(2);
        dialog.show();
        save(&dialog, QDir(out).filePath(u"settings-providers.png"_s));
    }
    return 0;
}
