#pragma once

#include "vncclient.h"

#include <QElapsedTimer>
#include <QHash>
#include <QImage>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <optional>

namespace Proto {

// Paints the remote screen (scaled to fit, or 1:1 in device pixels), repaints only what changed,
// forwards mouse and keyboard to the client while the person has control, and shows the agent's
// last action as a fading mark. Lives inside ComputerView's scroll area.
class ComputerCanvas final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ComputerCanvas)

public:
    explicit ComputerCanvas(QWidget *parent = nullptr);

    void setClient(VncClient *client);
    void setFitToWindow(bool fit);
    bool fitToWindow() const { return m_fit; }
    void setControlEnabled(bool enabled);
    bool controlEnabled() const { return m_control; }

    // Logical widget pixels per framebuffer pixel, and where the frame is drawn.
    qreal scale() const;
    QRectF frameRect() const;
    // The framebuffer pixel under a widget point; std::nullopt outside the frame.
    std::optional<QPoint> mapToFramebuffer(const QPointF &widgetPoint) const;
    // The centre of a framebuffer pixel in widget coordinates.
    QPointF mapFromFramebuffer(const QPoint &framebufferPoint) const;
    bool actionOverlayVisible() const { return m_action.has_value(); }
    std::optional<QPoint> remotePointer() const { return m_remotePointer; }

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    bool focusNextPrevChild(bool next) override;
    bool event(QEvent *event) override;

private:
    void onFrameUpdated(const QRegion &dirty);
    void onResized();
    void onAction(const Vnc::Action &action);
    void onCursor(const QImage &shape, const QPoint &hotspot);
    void sendPointer(const QPointF &position, Qt::MouseButtons buttons);
    void releaseAllKeys();
    QRect widgetRectFor(const QRect &framebufferRect) const;
    QRect actionRect() const;
    QRect remoteCursorRect() const;
    void updateGeometryForMode();

    QPointer<VncClient> m_client;
    QImage m_frame;
    bool m_fit = true;
    bool m_control = false;
    int m_buttonMask = 0;
    QPoint m_lastPointer;
    QPoint m_wheelRemainder;
    QHash<int, quint32> m_pressedKeys; // Qt key (or scan code) -> keysym sent on press
    std::optional<Vnc::Action> m_action;
    std::optional<QPoint> m_remotePointer; // where the agent left the pointer (drawn while view-only)
    QElapsedTimer m_actionAge;
    QTimer m_fadeTimer;
};

} // namespace Proto
