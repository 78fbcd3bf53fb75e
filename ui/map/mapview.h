#pragma once

#include "geodata/rastergrid.h"

#include <QPointF>
#include <QRectF>
#include <QSize>

namespace deepterra {

// What the map canvas shows: a centre in map coordinates (x east, y north), map units per screen
// pixel, and the canvas size. Screen coordinates run right and down from the canvas's top-left.
class MapView
{
public:
    MapView() = default;
    MapView(const QPointF &center, double unitsPerPixel, const QSize &size);
    // The view that shows `extent` whole in `size`, with `margin` of the size left free around it.
    static MapView fitting(const QRectF &extent, const QSize &size, double margin = 0.04);

    bool isValid() const { return m_unitsPerPixel > 0 && !m_size.isEmpty(); }
    const QPointF &center() const { return m_center; }
    double unitsPerPixel() const { return m_unitsPerPixel; }
    const QSize &size() const { return m_size; }

    // In map coordinates: left() = west, top() = south, bottom() = north.
    QRectF extent() const;
    QPointF toMap(const QPointF &screen) const;
    QPointF toScreen(const QPointF &map) const;
    // The pixel grid of this view at `detail` times the screen's resolution (0.25 for a coarse
    // first pass), in `crs`, grown by `margin` pixels on every side.
    RasterGrid grid(const CrsInfo &crs, double detail = 1.0, int margin = 0) const;

    MapView resized(const QSize &size) const;
    // Zooms by `factor` (> 1 zooms in) keeping the map point under `screenAnchor` in place.
    MapView zoomed(double factor, const QPointF &screenAnchor) const;
    MapView zoomed(double factor) const;
    MapView panned(const QPointF &screenDelta) const;

    bool operator==(const MapView &other) const;
    bool operator!=(const MapView &other) const { return !(*this == other); }

private:
    QPointF m_center;
    double m_unitsPerPixel = 0;
    QSize m_size;
};

} // namespace deepterra
