#pragma once

#include "shellchannel.h"

class QSocketNotifier;

namespace ProtoTest {

// A real shell on a real pty of this computer, behind the ShellChannel interface: what a
// remote terminal tab sees from an SSH shell channel (pty-req with TERM and size, data both
// ways, window-change, exit status), without the network. Tests of the remote path use it.
class PtyShellChannel final : public Proto::ShellChannel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PtyShellChannel)

public:
    PtyShellChannel(
        int columns, int rows, const QString &term, const QString &workingDirectory, QObject *parent);
    ~PtyShellChannel() override;

    void sendInput(const QByteArray &data) override;
    void resize(int columns, int rows) override;
    void close() override;

    int resizeCount() const { return m_resizes; }
    int columns() const { return m_columns; }
    int rows() const { return m_rows; }
    QString term() const { return m_term; }

private:
    void readAvailable();
    void reap();

    int m_master = -1;
    int m_pid = -1;
    int m_resizes = 0;
    int m_columns = 0;
    int m_rows = 0;
    QString m_term;
    QSocketNotifier *m_notifier = nullptr;
    bool m_finished = false;
};

} // namespace ProtoTest
