#pragma once

#include <QPoint>
#include <QRect>
#include <QSize>

namespace Proto {

// The geometry between the remote framebuffer and the screen the model sees. Screenshots are
// scaled down (never up) to fit Anthropic's recommended sizes: XGA 1024x768 for screens close
// to 4:3, WXGA 1280x800 for wider ones, keeping the aspect ratio (1920x1080 -> 1280x720).
// A model pixel maps to the framebuffer pixel under its centre, so a point maps back to itself
// and the corners map to the corners exactly.
class ScreenMapping final
{
public:
    ScreenMapping() = default;
    explicit ScreenMapping(QSize framebuffer);

    static QSize scaledSizeFor(QSize framebuffer);

    bool isValid() const { return !m_framebuffer.isEmpty() && !m_scaled.isEmpty(); }
    QSize framebufferSize() const { return m_framebuffer; }
    QSize scaledSize() const { return m_scaled; }
    bool isScaled() const { return m_framebuffer != m_scaled; }

    bool containsScaled(QPoint point) const;
    // Model (scaled) coordinates to framebuffer coordinates; the point must be inside.
    QPoint toFramebuffer(QPoint scaled) const;
    // Framebuffer coordinates to model coordinates (clamped to the screen).
    QPoint toScaled(QPoint framebuffer) const;
    // A rectangle of model coordinates [x0, y0] - [x1, y1] (inclusive corners) to the
    // framebuffer rectangle covering every pixel under it.
    QRect toFramebuffer(QPoint topLeft, QPoint bottomRight) const;

private:
    QSize m_framebuffer;
    QSize m_scaled;
};

} // namespace Proto
