#pragma once

#include "geodata/crsinfo.h"

#include <QPointF>
#include <QRectF>

#include <memory>
#include <optional>
#include <vector>

namespace deepterra {

// Moves coordinates from one CRS to another through PROJ, x = easting or longitude whatever the
// CRS's official axis order (the order of geotransforms and of the map). When either CRS is
// missing or both are the same, it is the identity: a map without a CRS draws its layers as they
// are. Not thread-safe (PROJ objects are per thread): each worker creates its own.
class CoordinateTransformer
{
public:
    // Throws DataError (without a path) when PROJ cannot read a CRS or knows no transformation
    // between them.
    CoordinateTransformer(const CrsInfo &source, const CrsInfo &target);
    CoordinateTransformer(CoordinateTransformer &&other) noexcept;
    CoordinateTransformer &operator=(CoordinateTransformer &&other) noexcept;
    ~CoordinateTransformer();

    // WGS 84 longitude/latitude (EPSG:4326), what the status bar shows beside map coordinates.
    static CrsInfo lonLat();

    bool isIdentity() const { return !m_transform; }
    // Nothing when the point lies outside the domain of the transformation.
    std::optional<QPointF> transform(const QPointF &point) const;
    // In place; returns false when any point failed (its coordinates are then infinite).
    bool transform(std::vector<double> &x, std::vector<double> &y) const;
    // The bounding box of the rectangle's image, from 21 points along each edge: a straight edge
    // in one CRS is curved in another. Nothing when no point could be transformed.
    std::optional<QRectF> transformBounds(const QRectF &rect) const;

private:
    std::unique_ptr<void, void (*)(void *)> m_transform;
};

} // namespace deepterra
