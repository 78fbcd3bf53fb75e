#include "map/mapview.h"

#include <algorithm>
#include <cmath>

namespace deepterra {

MapView::MapView(const QPointF &center, double unitsPerPixel, const QSize &size)
    : m_center(center)
    , m_unitsPerPixel(unitsPerPixel)
    , m_size(size)
{ }

MapView MapView::fitting(const QRectF &extent, const QSize &size, double margin)
{
    if (extent.isNull() || size.isEmpty())
        return MapView(extent.center(), 1.0, size);
    const double usableWidth = std::max(1.0, size.width() * (1.0 - 2 * margin));
    const double usableHeight = std::max(1.0, size.height() * (1.0 - 2 * margin));
    double units = std::max(extent.width() / usableWidth, extent.height() / usableHeight);
    if (!(units > 0))
        units = 1.0;
    return MapView(extent.center(), units, size);
}

QRectF MapView::extent() const
{
    const double halfWidth = m_size.width() * m_unitsPerPixel / 2.0;
    const double halfHeight = m_size.height() * m_unitsPerPixel / 2.0;
    return QRectF(QPointF(m_center.x() - halfWidth, m_center.y() - halfHeight),
                  QPointF(m_center.x() + halfWidth, m_center.y() + halfHeight));
}

QPointF MapView::toMap(const QPointF &screen) const
{
    return { m_center.x() + (screen.x() - m_size.width() / 2.0) * m_unitsPerPixel,
             m_center.y() - (screen.y() - m_size.height() / 2.0) * m_unitsPerPixel };
}

QPointF MapView::toScreen(const QPointF &map) const
{
    return { (map.x() - m_center.x()) / m_unitsPerPixel + m_size.width() / 2.0,
             (m_center.y() - map.y()) / m_unitsPerPixel + m_size.height() / 2.0 };
}

RasterGrid MapView::grid(const CrsInfo &crs, double detail, int margin) const
{
    RasterGrid grid;
    grid.width = std::max(1, int(std::lround(m_size.width() * detail))) + 2 * margin;
    grid.height = std::max(1, int(std::lround(m_size.height() * detail))) + 2 * margin;
    const QRectF e = extent();
    const double pixelWidth = e.width() / (grid.width - 2 * margin);
    const double pixelHeight = e.height() / (grid.height - 2 * margin);
    grid.geoTransform = GeoTransform::fromOriginAndPixelSize(
        e.left() - margin * pixelWidth, e.bottom() + margin * pixelHeight, pixelWidth, pixelHeight);
    grid.crs = crs;
    return grid;
}

MapView MapView::resized(const QSize &size) const
{
    return MapView(m_center, m_unitsPerPixel, size);
}

MapView MapView::zoomed(double factor, const QPointF &screenAnchor) const
{
    if (!(factor > 0))
        return *this;
    const QPointF anchor = toMap(screenAnchor);
    const double units = m_unitsPerPixel / factor;
    // Keep the anchor under the same screen position.
    const QPointF center(anchor.x() - (screenAnchor.x() - m_size.width() / 2.0) * units,
                         anchor.y() + (screenAnchor.y() - m_size.height() / 2.0) * units);
    return MapView(center, units, m_size);
}

MapView MapView::zoomed(double factor) const
{
    return zoomed(factor, QPointF(m_size.width() / 2.0, m_size.height() / 2.0));
}

MapView MapView::panned(const QPointF &screenDelta) const
{
    return MapView(QPointF(m_center.x() - screenDelta.x() * m_unitsPerPixel,
                           m_center.y() + screenDelta.y() * m_unitsPerPixel),
                   m_unitsPerPixel, m_size);
}

bool MapView::operator==(const MapView &other) const
{
    return m_center == other.m_center && m_unitsPerPixel == other.m_unitsPerPixel && m_size == other.m_size;
}

} // namespace deepterra
