#include "screenmapping.h"

#include <QtGlobal>

#include <algorithm>

namespace Proto {

namespace {

constexpr QSize kXga(1024, 768);
constexpr QSize kWxga(1280, 800);

// (2v + 1) * to / (2 * from): the pixel of the other grid under the centre of pixel v.
int mapAxis(int v, int from, int to)
{
    const qint64 mapped = (2 * qint64(v) + 1) * to / (2 * qint64(from));
    return int(std::clamp<qint64>(mapped, 0, to - 1));
}

} // namespace

ScreenMapping::ScreenMapping(QSize framebuffer)
    : m_framebuffer(framebuffer)
    , m_scaled(scaledSizeFor(framebuffer))
{ }

QSize ScreenMapping::scaledSizeFor(QSize framebuffer)
{
    if (framebuffer.isEmpty())
        return {};
    const qint64 w = framebuffer.width();
    const qint64 h = framebuffer.height();
    // 4:3 = 1.333 and 16:10 = 1.6; the box whose aspect is closer wins (split at 1.4667).
    const QSize box = w * 15 <= h * 22 ? kXga : kWxga;
    if (w <= box.width() && h <= box.height())
        return framebuffer;
    // Scale by the tighter axis; compare w/bw with h/bh without floating point.
    if (w * box.height() >= h * box.width()) {
        const int height = int(std::max<qint64>(1, (h * box.width() + w / 2) / w));
        return { box.width(), height };
    }
    const int width = int(std::max<qint64>(1, (w * box.height() + h / 2) / h));
    return { width, box.height() };
}

bool ScreenMapping::containsScaled(QPoint point) const
{
    return point.x() >= 0 && point.y() >= 0 && point.x() < m_scaled.width() && point.y() < m_scaled.height();
}

QPoint ScreenMapping::toFramebuffer(QPoint scaled) const
{
    if (!isValid())
        return {};
    return { mapAxis(scaled.x(), m_scaled.width(), m_framebuffer.width()),
        mapAxis(scaled.y(), m_scaled.height(), m_framebuffer.height()) };
}

QPoint ScreenMapping::toScaled(QPoint framebuffer) const
{
    if (!isValid())
        return {};
    const int x = std::clamp(framebuffer.x(), 0, m_framebuffer.width() - 1);
    const int y = std::clamp(framebuffer.y(), 0, m_framebuffer.height() - 1);
    return { mapAxis(x, m_framebuffer.width(), m_scaled.width()),
        mapAxis(y, m_framebuffer.height(), m_scaled.height()) };
}

QRect ScreenMapping::toFramebuffer(QPoint topLeft, QPoint bottomRight) const
{
    if (!isValid())
        return {};
    const int x0 = std::min(topLeft.x(), bottomRight.x());
    const int y0 = std::min(topLeft.y(), bottomRight.y());
    const int x1 = std::max(topLeft.x(), bottomRight.x());
    const int y1 = std::max(topLeft.y(), bottomRight.y());
    // Every framebuffer pixel whose centre lies in the model pixels x0..x1.
    auto first
        = [](int v, int from, int to) { return int(std::clamp<qint64>(qint64(v) * to / from, 0, to - 1)); };
    auto last = [](int v, int from, int to) {
        return int(std::clamp<qint64>((qint64(v) + 1) * to / from - 1, 0, to - 1));
    };
    const int fx0 = first(x0, m_scaled.width(), m_framebuffer.width());
    const int fy0 = first(y0, m_scaled.height(), m_framebuffer.height());
    const int fx1 = std::max(fx0, last(x1, m_scaled.width(), m_framebuffer.width()));
    const int fy1 = std::max(fy0, last(y1, m_scaled.height(), m_framebuffer.height()));
    return QRect(QPoint(fx0, fy0), QPoint(fx1, fy1));
}

} // namespace Proto
