#include "geodata/geotransform.h"

#include <algorithm>
#include <cmath>

namespace deepterra {

GeoTransform::GeoTransform(const std::array<double, 6> &coefficients)
    : m_c(coefficients)
{ }

GeoTransform GeoTransform::fromOriginAndPixelSize(double originX, double originY, double pixelWidth,
                                                  double pixelHeight)
{
    return GeoTransform({ originX, pixelWidth, 0.0, originY, 0.0, -std::abs(pixelHeight) });
}

bool GeoTransform::isInvertible() const
{
    return m_c[1] * m_c[5] - m_c[2] * m_c[4] != 0.0;
}

double GeoTransform::pixelWidth() const
{
    return std::hypot(m_c[1], m_c[4]);
}

double GeoTransform::pixelHeight() const
{
    return std::hypot(m_c[2], m_c[5]);
}

QPointF GeoTransform::pixelToMap(const QPointF &pixel) const
{
    return { m_c[0] + pixel.x() * m_c[1] + pixel.y() * m_c[2],
             m_c[3] + pixel.x() * m_c[4] + pixel.y() * m_c[5] };
}

QPointF GeoTransform::mapToPixel(const QPointF &map) const
{
    const double det = m_c[1] * m_c[5] - m_c[2] * m_c[4];
    if (det == 0.0)
        return { std::nan(""), std::nan("") };
    const double dx = map.x() - m_c[0];
    const double dy = map.y() - m_c[3];
    return { (dx * m_c[5] - dy * m_c[2]) / det, (dy * m_c[1] - dx * m_c[4]) / det };
}

QRectF GeoTransform::extent(int width, int height) const
{
    const QPointF corners[]
        = { pixelToMap({ 0, 0 }), pixelToMap({ double(width), 0 }), pixelToMap({ 0, double(height) }),
            pixelToMap({ double(width), double(height) }) };
    double minX = corners[0].x(), maxX = minX, minY = corners[0].y(), maxY = minY;
    for (const QPointF &p : corners) {
        minX = std::min(minX, p.x());
        maxX = std::max(maxX, p.x());
        minY = std::min(minY, p.y());
        maxY = std::max(maxY, p.y());
    }
    return QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
}

} // namespace deepterra
