#pragma once

#include "vncclient.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QScrollArea;
class QToolButton;

namespace Proto {

class ComputerCanvas;

// The Computer panel: the live remote screen, view-only until the person presses "Take over"
// ("Give back" returns control to the agent), scaled to fit or shown 1:1 with scroll bars, the
// agent's last action marked on top, and the connection state or error with a Reconnect button.
class ComputerView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ComputerView)

public:
    explicit ComputerView(QWidget *parent = nullptr);
    ~ComputerView() override;

    // The client is not owned; it may be replaced or destroyed at any time.
    void setClient(VncClient *client);
    VncClient *client() const { return m_client; }

    void setFitToWindow(bool fit);
    bool fitToWindow() const;
    // True while the person has control (mouse and keyboard go to the remote computer). Kept
    // on the client (VncClient::setPersonInControl), where the agent's computer tool sees it.
    void setControlTaken(bool taken);
    bool controlTaken() const;

    ComputerCanvas *canvas() const { return m_canvas; }
    QString statusText() const;
    bool statusVisible() const;

Q_SIGNALS:
    void controlTakenChanged(bool taken);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateStatus();
    void layoutStatus();

    QPointer<VncClient> m_client;
    QToolButton *m_takeOver = nullptr;
    QToolButton *m_fit = nullptr;
    QLabel *m_title = nullptr;
    QScrollArea *m_scroll = nullptr;
    ComputerCanvas *m_canvas = nullptr;
    QWidget *m_status = nullptr;
    QLabel *m_statusLabel = nullptr;
    QPushButton *m_reconnect = nullptr;
};

} // namespace Proto
