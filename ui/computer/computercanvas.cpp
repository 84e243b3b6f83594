#include "computercanvas.h"

#include "vncclient.h"
#include "vnckeysyms.h"

#include <QFocusEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>

#include <cmath>

namespace Proto {

namespace {

constexpr int kFadeMs = 1800;
constexpr int kWheelStep = 120;

int maskFor(Qt::MouseButtons buttons)
{
    int mask = 0;
    if (buttons & Qt::LeftButton)
        mask |= Vnc::LeftButton;
    if (buttons & Qt::MiddleButton)
        mask |= Vnc::MiddleButton;
    if (buttons & Qt::RightButton)
        mask |= Vnc::RightButton;
    return mask;
}

} // namespace

ComputerCanvas::ComputerCanvas(QWidget *parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    m_fadeTimer.setInterval(40);
    connect(&m_fadeTimer, &QTimer::timeout, this, [this] {
        const QRect before = actionRect();
        if (m_actionAge.elapsed() >= kFadeMs) {
            m_action.reset();
            m_fadeTimer.stop();
        }
        update(before);
    });
}

void ComputerCanvas::setClient(VncClient *client)
{
    if (m_client)
        disconnect(m_client, nullptr, this, nullptr);
    m_client = client;
    m_frame = client ? client->screenshot() : QImage();
    if (client) {
        connect(client, &VncClient::frameUpdated, this, &ComputerCanvas::onFrameUpdated);
        connect(client, &VncClient::framebufferResized, this, &ComputerCanvas::onResized);
        connect(client, &VncClient::actionPerformed, this, &ComputerCanvas::onAction);
        connect(client, &VncClient::cursorShapeChanged, this, &ComputerCanvas::onCursor);
    }
    updateGeometryForMode();
    update();
}

void ComputerCanvas::setFitToWindow(bool fit)
{
    if (m_fit == fit)
        return;
    m_fit = fit;
    updateGeometryForMode();
    update();
}

void ComputerCanvas::setControlEnabled(bool enabled)
{
    if (m_control == enabled)
        return;
    if (!enabled) {
        releaseAllKeys();
        if (m_buttonMask && m_client)
            m_client->sendPointer(m_lastPointer, 0);
        m_buttonMask = 0;
    }
    m_control = enabled;
    if (enabled && m_client && !m_client->cursorShape().isNull())
        setCursor(QCursor(QPixmap::fromImage(m_client->cursorShape()), m_client->cursorHotspot().x(),
            m_client->cursorHotspot().y()));
    else
        unsetCursor();
    if (enabled)
        setFocus(Qt::OtherFocusReason);
    update();
}

void ComputerCanvas::updateGeometryForMode()
{
    if (m_fit || m_frame.isNull()) {
        setMinimumSize(0, 0);
        setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX);
    } else {
        // 1:1 means one framebuffer pixel per device pixel: the logical size shrinks on HiDPI.
        const qreal dpr = devicePixelRatioF();
        setFixedSize(QSize(int(std::ceil(m_frame.width() / dpr)), int(std::ceil(m_frame.height() / dpr))));
    }
    updateGeometry();
}

QSize ComputerCanvas::sizeHint() const
{
    if (m_frame.isNull())
        return QSize(640, 400);
    const qreal dpr = devicePixelRatioF();
    return QSize(int(std::ceil(m_frame.width() / dpr)), int(std::ceil(m_frame.height() / dpr)));
}

qreal ComputerCanvas::scale() const
{
    if (m_frame.isNull())
        return 1.0;
    if (!m_fit)
        return 1.0 / devicePixelRatioF();
    return qMin(qreal(width()) / m_frame.width(), qreal(height()) / m_frame.height());
}

QRectF ComputerCanvas::frameRect() const
{
    if (m_frame.isNull())
        return {};
    const qreal s = scale();
    const QSizeF size(m_frame.width() * s, m_frame.height() * s);
    if (!m_fit)
        return QRectF(QPointF(0, 0), size);
    return QRectF(QPointF((width() - size.width()) / 2.0, (height() - size.height()) / 2.0), size);
}

std::optional<QPoint> ComputerCanvas::mapToFramebuffer(const QPointF &widgetPoint) const
{
    if (m_frame.isNull())
        return std::nullopt;
    const QRectF r = frameRect();
    const qreal s = scale();
    const qreal x = (widgetPoint.x() - r.left()) / s;
    const qreal y = (widgetPoint.y() - r.top()) / s;
    if (x < 0 || y < 0 || x >= m_frame.width() || y >= m_frame.height())
        return std::nullopt;
    return QPoint(int(std::floor(x)), int(std::floor(y)));
}

QPointF ComputerCanvas::mapFromFramebuffer(const QPoint &framebufferPoint) const
{
    const QRectF r = frameRect();
    const qreal s = scale();
    return QPointF(r.left() + (framebufferPoint.x() + 0.5) * s, r.top() + (framebufferPoint.y() + 0.5) * s);
}

QRect ComputerCanvas::widgetRectFor(const QRect &framebufferRect) const
{
    const QRectF r = frameRect();
    const qreal s = scale();
    const QRectF target(r.left() + framebufferRect.x() * s, r.top() + framebufferRect.y() * s,
        framebufferRect.width() * s, framebufferRect.height() * s);
    return target.toAlignedRect().adjusted(-1, -1, 1, 1); // smoothing reaches one pixel out
}

void ComputerCanvas::onFrameUpdated(const QRegion &dirty)
{
    if (!m_client)
        return;
    const QImage frame = m_client->screenshot();
    const bool sizeChanged = frame.size() != m_frame.size();
    m_frame = frame;
    if (sizeChanged) {
        updateGeometryForMode();
        update();
        return;
    }
    if (dirty.rectCount() > 32) {
        update(widgetRectFor(dirty.boundingRect()));
        return;
    }
    for (const QRect &r : dirty)
        update(widgetRectFor(r));
}

void ComputerCanvas::onResized()
{
    if (m_client)
        m_frame = m_client->screenshot();
    updateGeometryForMode();
    update();
}

void ComputerCanvas::onCursor(const QImage &shape, const QPoint &hotspot)
{
    update(); // the drawn pointer may have changed shape and size
    if (m_control && !shape.isNull())
        setCursor(QCursor(QPixmap::fromImage(shape), hotspot.x(), hotspot.y()));
}

void ComputerCanvas::onAction(const Vnc::Action &action)
{
    if (action.kind != Vnc::Action::Kind::Keys && action.kind != Vnc::Action::Kind::Type) {
        update(remoteCursorRect());
        m_remotePointer = action.position;
        update(remoteCursorRect());
    }
    const QRect before = actionRect();
    m_action = action;
    m_actionAge.start();
    m_fadeTimer.start();
    update(before);
    update(actionRect());
}

QRect ComputerCanvas::remoteCursorRect() const
{
    if (!m_remotePointer || !m_client || m_client->cursorShape().isNull())
        return {};
    const QRectF r = frameRect();
    const qreal s = scale();
    const QPoint topLeft = *m_remotePointer - m_client->cursorHotspot();
    const QSize size = m_client->cursorShape().size();
    return QRectF(r.left() + topLeft.x() * s, r.top() + topLeft.y() * s, size.width() * s, size.height() * s)
        .toAlignedRect()
        .adjusted(-1, -1, 1, 1);
}

QRect ComputerCanvas::actionRect() const
{
    if (!m_action)
        return {};
    switch (m_action->kind) {
    case Vnc::Action::Kind::Keys:
    case Vnc::Action::Kind::Type: {
        const QRectF r = frameRect();
        return QRect(int(r.left()), int(r.bottom()) - 64, int(r.width()) + 1, 65);
    }
    default: {
        const QPointF c = mapFromFramebuffer(m_action->position);
        return QRectF(c - QPointF(24, 24), QSizeF(48, 48)).toAlignedRect();
    }
    }
}

void ComputerCanvas::paintEvent(QPaintEvent *event)
{
    QPainter painter(this);
    const QRectF target = frameRect();
    painter.setClipRegion(event->region());
    painter.fillRect(rect(), palette().color(QPalette::Dark));
    if (m_frame.isNull())
        return;
    const qreal s = scale();
    const bool exact = qFuzzyCompare(s * devicePixelRatioF(), 1.0);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, !exact);
    // Draw only the part of the frame under each exposed rectangle.
    for (const QRect &exposed : event->region()) {
        const QRectF area = QRectF(exposed) & target;
        if (area.isEmpty())
            continue;
        const QRect source = QRectF((area.left() - target.left()) / s, (area.top() - target.top()) / s,
            area.width() / s, area.height() / s)
                                 .toAlignedRect()
                                 .intersected(m_frame.rect());
        const QRectF dest(target.left() + source.x() * s, target.top() + source.y() * s, source.width() * s,
            source.height() * s);
        painter.drawImage(dest, m_frame, source);
    }

    // The server leaves the pointer out of the picture (we asked for its shape): while the person
    // only watches, draw it where the agent left it.
    if (!m_control && m_remotePointer && m_client && !m_client->cursorShape().isNull()) {
        const QRect cursor = remoteCursorRect().adjusted(1, 1, -1, -1);
        painter.drawImage(QRectF(cursor), m_client->cursorShape());
    }

    if (!m_action)
        return;
    const qreal opacity = qBound(0.0, 1.0 - qreal(m_actionAge.elapsed()) / kFadeMs, 1.0);
    painter.setOpacity(opacity);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor accent = palette().color(QPalette::Highlight);
    if (m_action->kind == Vnc::Action::Kind::Keys || m_action->kind == Vnc::Action::Kind::Type) {
        const QString label = m_action->kind == Vnc::Action::Kind::Keys
            ? tr("Keys: %1").arg(m_action->text)
            : tr("Typed: %1").arg(QString(m_action->text).replace(u'\n', u'\u21b5'));
        const QFontMetrics fm(font());
        const QString elided = fm.elidedText(label, Qt::ElideRight, int(target.width()) - 32);
        QRectF bubble(target.left() + 12, target.bottom() - 12 - fm.height() - 12,
            fm.horizontalAdvance(elided) + 20, fm.height() + 12);
        QPainterPath path;
        path.addRoundedRect(bubble, 6, 6);
        painter.fillPath(path, QColor(0, 0, 0, 190));
        painter.setPen(Qt::white);
        painter.drawText(bubble, Qt::AlignCenter, elided);
    } else {
        const QPointF c = mapFromFramebuffer(m_action->position);
        painter.setPen(QPen(accent, 3));
        painter.setBrush(QColor(accent.red(), accent.green(), accent.blue(), 60));
        const qreal radius = 10 + 8 * (1.0 - opacity);
        painter.drawEllipse(c, radius, radius);
        if (m_action->kind == Vnc::Action::Kind::Click && m_action->count > 1) {
            painter.setPen(QPen(accent, 2));
            painter.drawEllipse(c, radius + 5, radius + 5);
        }
    }
}

void ComputerCanvas::sendPointer(const QPointF &position, Qt::MouseButtons buttons)
{
    if (!m_client || m_frame.isNull())
        return;
    const QRectF r = frameRect();
    const qreal s = scale();
    // Outside the frame (while dragging) the pointer sticks to the nearest edge.
    const QPoint p(qBound(0, int(std::floor((position.x() - r.left()) / s)), m_frame.width() - 1),
        qBound(0, int(std::floor((position.y() - r.top()) / s)), m_frame.height() - 1));
    m_buttonMask = maskFor(buttons);
    m_lastPointer = p;
    m_client->sendPointer(p, m_buttonMask);
}

void ComputerCanvas::mousePressEvent(QMouseEvent *event)
{
    if (!m_control || !mapToFramebuffer(event->position())) {
        QWidget::mousePressEvent(event);
        return;
    }
    sendPointer(event->position(), event->buttons());
    event->accept();
}

void ComputerCanvas::mouseReleaseEvent(QMouseEvent *event)
{
    if (!m_control) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    sendPointer(event->position(), event->buttons());
    event->accept();
}

void ComputerCanvas::mouseDoubleClickEvent(QMouseEvent *event)
{
    // Qt turns the second press into a double-click event: the server wants a plain press.
    mousePressEvent(event);
}

void ComputerCanvas::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_control) {
        QWidget::mouseMoveEvent(event);
        return;
    }
    if (event->buttons() != Qt::NoButton || mapToFramebuffer(event->position()))
        sendPointer(event->position(), event->buttons());
    event->accept();
}

void ComputerCanvas::wheelEvent(QWheelEvent *event)
{
    if (!m_control || !m_client || m_frame.isNull()) {
        QWidget::wheelEvent(event);
        return;
    }
    sendPointer(event->position(), event->buttons());
    m_wheelRemainder += event->angleDelta();
    auto steps = [this](int &remainder, int positiveBit, int negativeBit) {
        while (qAbs(remainder) >= kWheelStep) {
            const int bit = remainder > 0 ? positiveBit : negativeBit;
            m_client->sendPointer(m_lastPointer, m_buttonMask | bit);
            m_client->sendPointer(m_lastPointer, m_buttonMask);
            remainder -= remainder > 0 ? kWheelStep : -kWheelStep;
        }
    };
    // Qt: positive y = away from the user = scroll up (button 4); positive x = left (button 6).
    steps(m_wheelRemainder.ry(), Vnc::WheelUp, Vnc::WheelDown);
    steps(m_wheelRemainder.rx(), Vnc::WheelLeft, Vnc::WheelRight);
    event->accept();
}

void ComputerCanvas::keyPressEvent(QKeyEvent *event)
{
    if (!m_control || !m_client) {
        QWidget::keyPressEvent(event);
        return;
    }
    const int id = event->nativeScanCode() ? int(event->nativeScanCode()) : event->key();
    quint32 keysym = m_pressedKeys.value(id);
    if (!keysym)
        keysym = VncKeys::keysymForQtKey(event->key(), event->modifiers(), event->text());
    if (!keysym) {
        event->ignore();
        return;
    }
    m_pressedKeys.insert(id, keysym);
    m_client->sendKey(keysym, true);
    event->accept();
}

void ComputerCanvas::keyReleaseEvent(QKeyEvent *event)
{
    if (!m_control || !m_client) {
        QWidget::keyReleaseEvent(event);
        return;
    }
    if (event->isAutoRepeat()) { // repeats arrive as further presses
        event->accept();
        return;
    }
    const int id = event->nativeScanCode() ? int(event->nativeScanCode()) : event->key();
    quint32 keysym = m_pressedKeys.take(id);
    if (!keysym)
        keysym = VncKeys::keysymForQtKey(event->key(), event->modifiers(), event->text());
    if (keysym)
        m_client->sendKey(keysym, false);
    event->accept();
}

void ComputerCanvas::releaseAllKeys()
{
    if (m_client) {
        for (const quint32 keysym : std::as_const(m_pressedKeys))
            m_client->sendKey(keysym, false);
    }
    m_pressedKeys.clear();
}

void ComputerCanvas::focusOutEvent(QFocusEvent *event)
{
    releaseAllKeys(); // never leave a key stuck down on the remote side
    QWidget::focusOutEvent(event);
}

bool ComputerCanvas::focusNextPrevChild(bool next)
{
    if (m_control)
        return false; // Tab belongs to the remote computer while the person has control
    return QWidget::focusNextPrevChild(next);
}

bool ComputerCanvas::event(QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride && m_control) {
        event->accept(); // the app's shortcuts must not eat keys meant for the remote side
        return true;
    }
    if (event->type() == QEvent::DevicePixelRatioChange) {
        updateGeometryForMode();
        update();
    }
    return QWidget::event(event);
}

} // namespace Proto
