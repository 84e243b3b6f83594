#include "agenthost.h"
#include "application.h"
#include "builtinpanels.h"
#include "mainwindow.h"
#include "panelregistry.h"
#include "store.h"
#include "storeopener.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstring>
#include <memory>

namespace {

// --help and --version answer without a display.
bool onlyAsksForInformation(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const char *a = argv[i];
        if (!std::strcmp(a, "-h") || !std::strcmp(a, "--help") || !std::strcmp(a, "--help-all")
            || !std::strcmp(a, "-v") || !std::strcmp(a, "--version") || !std::strcmp(a, "-?"))
            return true;
    }
    return false;
}

void processCommandLine(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Proto::commandLineDescription());
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);
}

} // namespace

int main(int argc, char **argv)
{
    if (onlyAsksForInformation(argc, argv)) {
        QCoreApplication app(argc, argv);
        Proto::setApplicationIdentity();
        Proto::installTranslators(app);
        processCommandLine(app); // prints and exits
        return 0;
    }

    QApplication app(argc, argv);
    Proto::setApplicationIdentity();
    Proto::installTranslators(app);
    processCommandLine(app);
    Proto::quitCleanlyOnSignals(app);

    std::unique_ptr<Proto::Store> store = Proto::openStoreInteractively(Proto::Store::defaultPath());
    if (!store)
        return 1;

    Proto::PanelRegistry panels;
    Proto::registerBuiltinPanels(panels);
    int rc = 0;
    {
        // One agent host (LLM client, tools, approvals, kill switch) for every session.
        Proto::AgentHost agents(store.get());
        Proto::MainWindow window(store.get(), panels, agents.services());
        window.setApiKeyProvider(agents.keys(), [&agents] { agents.reloadApiKey(); });
        window.setProviders(agents.providers());
        window.show();
        rc = QApplication::exec();
    }
    store.reset(); // flushes every write before the process ends
    return rc;
}
