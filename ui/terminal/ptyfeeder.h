#pragma once

#include <QByteArray>
#include <QObject>

class QSocketNotifier;

namespace Proto {

// Feeds bytes into a QTermWidget that runs in external-teletype mode
// (QTermWidget::startTerminalTeletype()): whatever is written to the pty's slave side
// comes out of the master, which the widget's emulation reads and draws. The slave is
// made non-blocking and the rest of a large write is queued until it drains, so the GUI
// thread (which is also the thread that reads the master) never blocks on a full pty.
class PtyFeeder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PtyFeeder)

public:
    enum class Mode
    {
        Raw, // bytes pass unchanged (a remote pty already did the line discipline)
        Text, // "\n" becomes "\r\n", as a local pty with ONLCR would do
    };

    PtyFeeder(int slaveFd, Mode mode, QObject *parent = nullptr);
    ~PtyFeeder() override;

    bool isValid() const { return m_fd >= 0; }
    void write(const QByteArray &data);
    qint64 pendingBytes() const { return m_pending.size() - m_offset; }

private:
    void flush();

    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
    QByteArray m_pending;
    qsizetype m_offset = 0;
};

} // namespace Proto
