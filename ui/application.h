#pragma once

class QCoreApplication;
class QString;

namespace Proto {

// Names the application so QStandardPaths resolves ".../proto-desktop", sets the version, the
// display name and the desktop file name (org.protodesktop.ProtoDesktop). Call before anything
// reads a standard path.
void setApplicationIdentity();

// On Unix, SIGTERM, SIGINT and SIGHUP close every top-level window and quit the event loop,
// so window state is saved and the store flushes, as when the user quits. No-op elsewhere.
void quitCleanlyOnSignals(QCoreApplication &app);

// The --help description (translated; names the data folder).
QString commandLineDescription();

// Installs Qt's own catalog (qtbase_<lang>) and ours (embedded :/i18n/proto-desktop_<lang>.qm)
// for the system locale. Returns true when our catalog was found for that locale.
bool installTranslators(QCoreApplication &app);

} // namespace Proto
