#pragma once

#include <QPointF>
#include <QRectF>

#include <array>

namespace deepterra {

// GDAL's affine pixel <-> map transform. Pixel coordinates are continuous: (0, 0) is the top-left
// corner of the first pixel and (0.5, 0.5) its centre.
class GeoTransform
{
public:
    GeoTransform() = default;
    explicit GeoTransform(const std::array<double, 6> &coefficients);
    static GeoTransform fromOriginAndPixelSize(double originX, double originY, double pixelWidth,
                                               double pixelHeight);

    const std::array<double, 6> &coefficients() const { return m_c; }
    bool isNorthUp() const { return m_c[2] == 0.0 && m_c[4] == 0.0; }
    bool isInvertible() const;

    double pixelWidth() const;
    double pixelHeight() const;

    QPointF pixelToMap(const QPointF &pixel) const;
    QPointF mapToPixel(const QPointF &map) const;
    // Bounding box in map units of a raster of the given size.
    QRectF extent(int width, int height) const;

    bool operator==(const GeoTransform &other) const { return m_c == other.m_c; }
    bool operator!=(const GeoTransform &other) const { return !(*this == other); }

private:
    std::array<double, 6> m_c { 0.0, 1.0, 0.0, 0.0, 0.0, 1.0 };
};

} // namespace deepterra
