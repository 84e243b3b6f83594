#include "icons.h"

#include "resourcepaths.h"

#include <QFile>
#include <QIconEngine>
#include <QPainter>
#include <QPixmap>
#include <QPixmapCache>
#include <QSvgRenderer>

namespace Proto {
namespace {

class ThemedSvgIconEngine final : public QIconEngine
{
public:
    ThemedSvgIconEngine(QByteArray svg, QString cacheKey, const QPalette &palette)
        : m_svg(std::move(svg))
        , m_cacheKey(std::move(cacheKey))
        , m_normal(palette.color(QPalette::Active, QPalette::WindowText))
        , m_disabled(palette.color(QPalette::Disabled, QPalette::WindowText))
        , m_selected(palette.color(QPalette::Active, QPalette::HighlightedText))
    { }

    QIconEngine *clone() const override { return new ThemedSvgIconEngine(*this); }

    QString key() const override { return QStringLiteral("ProtoThemedSvg"); }

    QSize actualSize(const QSize &size, QIcon::Mode, QIcon::State) override { return size; }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        painter->drawPixmap(rect, scaledPixmap(rect.size(), mode, state, dpr));
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }

    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State, qreal scale) override
    {
        if (size.isEmpty())
            return {};
        const QColor colour = colourFor(mode);
        const QSize device = (QSizeF(size) * scale).toSize();
        const QString key = m_cacheKey + u'/' + colour.name(QColor::HexArgb) + u'/'
            + QString::number(device.width()) + u'x' + QString::number(device.height());
        QPixmap result;
        if (!QPixmapCache::find(key, &result)) {
            QByteArray svg = m_svg;
            svg.replace("currentColor", colour.name(QColor::HexRgb).toLatin1());
            QSvgRenderer renderer(svg);
            result = QPixmap(device);
            result.fill(Qt::transparent);
            QPainter p(&result);
            p.setRenderHint(QPainter::Antialiasing);
            if (colour.alpha() < 255)
                p.setOpacity(colour.alphaF());
            renderer.render(&p, QRectF(QPointF(0, 0), QSizeF(device)));
            p.end();
            QPixmapCache::insert(key, result);
        }
        result.setDevicePixelRatio(scale);
        return result;
    }

private:
    ThemedSvgIconEngine(const ThemedSvgIconEngine &) = default;

    QColor colourFor(QIcon::Mode mode) const
    {
        switch (mode) {
        case QIcon::Disabled:
            return m_disabled;
        case QIcon::Selected:
            return m_selected;
        case QIcon::Normal:
        case QIcon::Active:
            break;
        }
        return m_normal;
    }

    QByteArray m_svg;
    QString m_cacheKey;
    QColor m_normal;
    QColor m_disabled;
    QColor m_selected;
};

} // namespace

namespace Icons {

QIcon themed(QStringView name, const QPalette &palette)
{
    QFile file(iconResourcePath(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QIcon(new ThemedSvgIconEngine(file.readAll(), QStringLiteral("proto-icon/") + name, palette));
}

QIcon appIcon()
{
    return QIcon(appIconResourcePath());
}

} // namespace Icons
} // namespace Proto
