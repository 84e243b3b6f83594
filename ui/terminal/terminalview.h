#pragma once

#include "shellchannel.h"
#include "terminalsettings.h"

#include <QPointer>
#include <QString>
#include <QWidget>

class QLabel;
class QPushButton;
class QTermWidget;
class QVBoxLayout;
class QFrame;

namespace Proto {

class PtyFeeder;

// One terminal tab: a QTermWidget running either a local shell on its own pty, or a remote
// shell whose bytes travel over a ShellChannel (the widget then runs in external-teletype
// mode and we feed its pty). When the shell ends, a bar shows how it ended with a button
// to start a new one in the same tab.
class TerminalView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalView)

public:
    enum class Kind
    {
        Local,
        Remote
    };
    Q_ENUM(Kind)

    // A local shell in workingDirectory.
    TerminalView(
        const TerminalSettings &settings, const QString &workingDirectory, QWidget *parent = nullptr);
    // A remote shell opened with opener.
    TerminalView(const TerminalSettings &settings, const QString &workingDirectory, ShellOpener opener,
        QWidget *parent = nullptr);
    ~TerminalView() override;

    Kind kind() const { return m_kind; }
    QString title() const;
    bool isRunning() const { return m_running; }
    // True when a program other than the shell runs in the foreground (local shells only).
    bool hasForegroundProgram() const;
    QTermWidget *terminal() const { return m_terminal; }
    int columns() const;
    int rows() const;
    // Last exit status of a remote shell, -1 when unknown or still running.
    int exitStatus() const { return m_exitStatus; }
    QString endMessage() const;
    // While a remote shell whose connection dropped is being opened again.
    bool isReconnecting() const { return m_reconnecting; }
    // The name the remote machine keeps this tab's shell under (Machine::openShell).
    QString resumeName() const { return m_resumeName; }
    // Whether the running shell lives in tmux on the server (it survives a dropped link).
    bool keepsShell() const { return m_keepsShell; }

    void applySettings(const TerminalSettings &settings);
    // Everything in the scrollback and on screen, as plain text.
    QString screenText() const;
    void sendText(const QString &text);

public Q_SLOTS:
    void restart(); // a new shell after the last one ended
    void copy();
    void paste();
    void toggleSearch();

Q_SIGNALS:
    void titleChanged(const QString &title);
    void shellStarted();
    void shellFinished();
    void reconnectingChanged(bool reconnecting);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;

private:
    void setUpCommon();
    void createTerminal();
    void startShell();
    void onRemoteFinished(int exitStatus, const QString &errorString);
    void onLocalFinished();
    void showEndBar(const QString &message);
    void sendWindowSize();

    Kind m_kind;
    TerminalSettings m_settings;
    QString m_workingDirectory;
    ShellOpener m_opener;
    QVBoxLayout *m_layout = nullptr;
    QTermWidget *m_terminal = nullptr;
    PtyFeeder *m_feeder = nullptr;
    QPointer<ShellChannel> m_channel;
    QFrame *m_endBar = nullptr;
    QLabel *m_endLabel = nullptr;
    QPushButton *m_restartButton = nullptr;
    bool m_running = false;
    bool m_resizePending = false;
    bool m_channelStarted = false;
    QByteArray m_pendingInput;
    int m_exitStatus = -1;
    QString m_resumeName;
    bool m_reconnecting = false;
    bool m_keepsShell = false;
    int m_reconnects = 0; // in a row, without a shell that started in between
    int m_sentColumns = 0;
    int m_sentRows = 0;
};

} // namespace Proto
